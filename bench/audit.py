"""Issue 5's figures: sealing and verifying the whole hash chain, and the board as of a
past moment (``as_of``) at the data set's size.

Run right after the rebuild: sealing a fresh log of a million events is work the first
page would otherwise do."""

from __future__ import annotations

import statistics
import time

from projections.as_of import board_page_as_of
from projections.queries import BoardFilters
from sqlalchemy import func, select
from storage.tables import board_versions


def measure(app, rounds: int = 5) -> dict:
    chain = app.extensions["chain"]
    started = time.perf_counter()
    sealed = chain.seal()
    seal_seconds = time.perf_counter() - started
    started = time.perf_counter()
    verdict = chain.verify()
    verify_seconds = time.perf_counter() - started
    engine = app.extensions["read_models"].engine
    with engine.connect() as connection:
        first, last = connection.execute(select(
            func.min(board_versions.c.valid_from), func.max(board_versions.c.valid_from))).one()
    middle = first + (last - first) / 2
    region = next(iter(app.extensions["tracker"].reference.regions))
    cases = {"whole board": BoardFilters(),
             "one region, awaiting": BoardFilters(region=region,
                                                  status="awaiting_acknowledgement"),
             "free text": BoardFilters(q="eclairage")}
    timings = {name: [] for name in cases}
    totals = {}
    for _ in range(rounds):
        for name, filters in cases.items():
            started = time.perf_counter()
            page = board_page_as_of(engine, {}, filters, middle)
            timings[name].append((time.perf_counter() - started) * 1000)
            totals[name] = page.total
    return {
        "sealed_events": sealed, "seal_seconds": round(seal_seconds, 2),
        "verified_events": verdict.checked, "verify_seconds": round(verify_seconds, 2),
        "verify_events_per_second": round(verdict.checked / verify_seconds),
        "verify_ok": verdict.ok, "as_of": middle.isoformat(timespec="seconds"),
        "as_of_board": {name: {"p50_ms": round(statistics.median(values), 1),
                               "max_ms": round(max(values), 1)}
                        for name, values in timings.items()},
        "as_of_rows": totals["whole board"],
    }
