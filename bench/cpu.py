"""Where the machine's cores went during a phase of the load run: each server's process
group (waitress, the projector), this process (the load's clients) and the rest, which is
PostgreSQL's server processes and whatever else the machine was doing. Linux only (/proc)."""

from __future__ import annotations

import os
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def group_seconds(group: int) -> float:
    """CPU seconds (user and system) of the live processes of process group ``group``."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # gone meanwhile
            continue
        if int(fields[2]) == group:  # fields from the state on: pgrp, …, utime, stime
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def busy_seconds() -> float:
    """CPU seconds the whole machine spent busy since it started, all cores together."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICK


def snapshot(groups: dict[str, int]) -> dict:
    times = os.times()
    return {"wall": time.perf_counter(), "machine": busy_seconds(),
            "clients": times.user + times.system,
            **{name: group_seconds(group) for name, group in groups.items()}}


def split(before: dict, after: dict) -> dict:
    """Cores used on average over the phase, by whom (2.0: both cores of a 2-core machine
    all the time)."""
    wall = after["wall"] - before["wall"]
    used = {name: (after[name] - before[name]) / wall for name in before if name != "wall"}
    machine = used.pop("machine")
    used["rest (PostgreSQL, others)"] = machine - sum(used.values())
    return {"cores": os.cpu_count(), "busy": round(machine, 2),
            **{name: round(value, 2) for name, value in used.items()}}
