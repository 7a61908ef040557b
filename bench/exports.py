"""Figure 7: the whole board exported by the CRSS auditor, as CSV and as Excel, through the
Flask application in this process (``/recommandations.csv`` and ``.xlsx``, no filter: every
row of the data set). Times run from the request to the last byte read; the peak of
Python's own memory is taken in a second, traced pass, to show that it does not grow with
the number of rows (the rows are streamed, never all held)."""

from __future__ import annotations

import time
import tracemalloc

from bench.web import signed_in

EXPORTS = {"csv": "/recommandations.csv", "xlsx": "/recommandations.xlsx"}


def measure(app) -> dict:
    """Seconds, rows, megabytes and traced peak memory of each export."""
    client = signed_in(app, "auditeur")
    figures, rows = {}, None
    for kind, path in EXPORTS.items():
        seconds, size, counted = _download(client, path)
        rows = counted if counted is not None else rows  # the XLSX has the CSV's rows
        tracemalloc.start()
        _download(client, path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures[kind] = {"seconds": round(seconds, 2), "megabytes": round(size / 2**20, 1),
                         "rows": rows, "rows_per_second": round(rows / seconds) if rows else 0,
                         "traced_peak_mb": round(peak / 2**20, 1)}
    return figures


def _download(client, path: str) -> tuple[float, int, int | None]:
    started = time.perf_counter()
    response = client.get(path, buffered=False)
    if response.status_code != 200:
        raise RuntimeError(f"export {path} answered {response.status_code}")
    size, lines = 0, 0
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    seconds = time.perf_counter() - started
    # CSV: one line per row after the header (texts hold no line breaks in the data set).
    return seconds, size, lines - 1 if path.endswith(".csv") else None
