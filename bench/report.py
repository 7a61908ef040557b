"""The figures as a table (Markdown, readable in a terminal and pasted in the README) and
as JSON, each beside its reference and its target."""

from __future__ import annotations

import os
import platform
import sys

TARGETS = {
    "commands_ratio": 0.7,          # of the bare library's events/s
    "rebuild_ratio": 0.5,           # of the read-and-decode ceiling
    "rebuild_events_per_second": 50_000,
    "rebuild_peak_rss_mb": 300,
    "board_p95_ms": 30,
    "read_your_writes_p95_ms": 50,
}


def machine() -> dict:
    return {"cpus": os.cpu_count(), "ram_gb": _ram_gb(), "python": sys.version.split()[0],
            "platform": platform.platform(), "processor": platform.machine()}


def verdicts(run: dict) -> dict:
    """Which targets this run meets."""
    commands, projection = run["commands"], run["projection"]
    board, writes = run["board"], run["read_your_writes"]
    return {
        "commands_ratio": commands["ratio"] >= TARGETS["commands_ratio"],
        "rebuild_ratio": projection["ratio"] >= TARGETS["rebuild_ratio"],
        "rebuild_events_per_second":
            projection["rebuild_events_per_second"] >= TARGETS["rebuild_events_per_second"],
        "rebuild_peak_rss_mb": projection["peak_rss_mb"] <= TARGETS["rebuild_peak_rss_mb"],
        "board_page_p95_ms": board["page"]["p95_ms"] <= TARGETS["board_p95_ms"],
        "board_fragment_p95_ms": board["fragment"]["p95_ms"] <= TARGETS["board_p95_ms"],
        "read_your_writes_p95_ms":
            writes["both"]["p95_ms"] <= TARGETS["read_your_writes_p95_ms"],
        **_audit_verdicts(run.get("audit")),
    }


def _audit_verdicts(audited: dict | None) -> dict:
    if not audited:
        return {}
    # Verification time scales with the log: judged as the time a million events take.
    per_million = audited["verify_seconds"] * 1_000_000 / max(audited["verified_events"], 1)
    return {"verify_1m_under_30_s": audited["verify_ok"] and per_million < 30,
            "as_of_board_under_2_s": all(case["max_ms"] < 2000
                                         for case in audited["as_of_board"].values())}


def table(run: dict) -> str:
    """One run (one store) as a Markdown table."""
    commands, projection = run["commands"], run["projection"]
    board, writes, met = run["board"], run["read_your_writes"], run["targets_met"]
    data = run["dataset"]

    def ok(name):
        return "yes" if met[name] else "**no**"

    def times(summary):
        return f"{summary['p50_ms']:.1f} / {summary['p95_ms']:.1f} ms"

    rows = [
        ("1. commands (raise, escalate; 1 transaction each)",
         f"{commands['tracker_events_per_second']:,} events/s",
         f"library: {commands['library_events_per_second']:,} events/s",
         f"{commands['ratio']:.2f}", "≥ 0.70", ok("commands_ratio")),
        (f"2. projection rebuild ({projection['events']:,} events)",
         f"{projection['rebuild_events_per_second']:,} events/s",
         f"read + decode: {projection['ceiling_events_per_second']:,} events/s",
         f"{projection['ratio']:.2f}", "≥ 0.50 and ≥ 50,000/s",
         f"{ok('rebuild_ratio')} / {ok('rebuild_events_per_second')}"),
        ("   rebuild peak memory (RSS)", f"{projection['peak_rss_mb']:.0f} MB",
         "RSS along the log: " + ", ".join(f"{sample['rss_mb']:.0f}"
                                           for sample in projection["rss_mb_along_the_log"]),
         "", "≤ 300 MB", ok("rebuild_peak_rss_mb")),
        (f"3. board page, p50 / p95 ({data['recommendations']:,} recommendations)",
         times(board["page"]), f"empty route: {times(board['floor'])}", "", "p95 ≤ 30 ms",
         ok("board_page_p95_ms")),
        ("   board htmx fragment, p50 / p95", times(board["fragment"]),
         f"empty route: {times(board['floor'])}", "", "p95 ≤ 30 ms",
         ok("board_fragment_p95_ms")),
        ("4. read-your-writes (POST → 303 → page), p50 / p95", times(writes["both"]),
         f"raise {times(writes['raise'])}; escalate {times(writes['escalate'])}", "",
         "p95 ≤ 50 ms", ok("read_your_writes_p95_ms")),
    ]
    if "audit" in run:
        audited = run["audit"]
        rows += [
            (f"5. hash chain: verify {audited['verified_events']:,} events",
             f"{audited['verify_seconds']:.1f} s "
             f"({audited['verify_events_per_second']:,} events/s)",
             f"sealing them: {audited['seal_seconds']:.1f} s", "",
             "1M events < 30 s", ok("verify_1m_under_30_s")),
            (f"6. board as of {audited['as_of'][:10]} ({audited['as_of_rows']:,} files)",
             " / ".join(f"{case['p50_ms']:.0f} ms" for case in audited["as_of_board"].values()),
             "whole board / one region awaiting / free text (p50)", "", "< 2 s",
             ok("as_of_board_under_2_s")),
        ]
    if "exports" in run:
        csv_, xlsx = run["exports"]["csv"], run["exports"]["xlsx"]
        rows.append((f"7. export of the whole board ({csv_['rows']:,} rows): CSV / XLSX",
                     f"{csv_['seconds']:.1f} s / {xlsx['seconds']:.1f} s",
                     f"{csv_['megabytes']} MB / {xlsx['megabytes']} MB; Python heap peak "
                     f"{csv_['traced_peak_mb']} / {xlsx['traced_peak_mb']} MB", "", "streamed",
                     ""))
    header = ("figure", "measured", "reference, same run", "ratio", "target", "met")
    lines = [_row(header), _row(["---"] * len(header))]
    lines += [_row(row) for row in rows]
    return "\n".join(lines)


def header(run: dict) -> str:
    data, store = run["dataset"], run["store"]
    return (f"{store['store']} {store['version']}: {data['communes']} communes, "
            f"{data['recommendations']:,} recommendations, {data['events']:,} events "
            f"(built in {data['seconds']:.0f} s, {data['events_per_second']:,} events/s "
            f"with {data['workers']} processes); load average (1 min) "
            f"{store['load_average']['before'][0]} before, {store['load_average']['after'][0]} after")


def _row(cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _ram_gb() -> float | None:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        return None
    return None
