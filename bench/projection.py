"""Figure 2: rebuilding the read models from an empty state, against the ceiling of
reading and decoding the same notifications without writing anything.

The rebuild runs in a child process, so that its peak memory (``ru_maxrss``) is its own;
the child also notes its resident memory as the log goes by, to show that it stays flat.
The ceiling is measured in this process just before and just after, and averaged."""

from __future__ import annotations

import multiprocessing
import resource
import time
import traceback

from projections.runner import BATCH_SIZE


def measure(database_url: str, reference, on_progress=None) -> dict:
    """Events/s of the ceiling and of the rebuild, their ratio, and the rebuild's memory."""
    from tracker.application import Tracker
    from tracker.config import Settings

    tracker_app = Tracker(Settings(database_url), reference=reference)
    before = ceiling(tracker_app)
    rebuild = _rebuild_in_child(database_url, reference, on_progress)
    after = ceiling(tracker_app)
    ceiling_rate = (before["events_per_second"] + after["events_per_second"]) / 2
    return {
        "events": rebuild["events"],
        "batch_size": BATCH_SIZE,
        "ceiling_events_per_second": round(ceiling_rate),
        "ceiling_runs_events_per_second": [round(before["events_per_second"]),
                                           round(after["events_per_second"])],
        "rebuild_events_per_second": round(rebuild["events_per_second"]),
        "rebuild_seconds": round(rebuild["seconds"], 2),
        "ratio": round(rebuild["events_per_second"] / ceiling_rate, 2),
        "peak_rss_mb": rebuild["peak_rss_mb"],
        "peak_rss_mb_by_process": rebuild["peak_rss_mb_by_process"],
        "processes": rebuild["processes"],
        "rss_mb_along_the_log": rebuild["rss_mb_along_the_log"],
    }


def ceiling(tracker_app, batch_size: int = BATCH_SIZE) -> dict:
    """Read and decode every notification, in the rebuild's batches, writing nothing:
    with the rebuild's own decoder (projections/decoding.py), and its garbage-collector
    settings, so a faster decoder raises both figures."""
    from projections.decoding import Decoder, fewer_collections

    decoder = Decoder(tracker_app)
    started, count, start = time.perf_counter(), 0, 1
    with fewer_collections():
        while True:
            events = decoder.read(start, batch_size)
            if not events:
                break
            count += len(events)
            start = events[-1][0] + 1
    seconds = time.perf_counter() - started
    return {"events": count, "seconds": seconds, "events_per_second": count / seconds}


def _rebuild_in_child(database_url: str, reference, on_progress) -> dict:
    context = multiprocessing.get_context("spawn")
    news = context.Queue()
    # Not a daemon: a long log is rebuilt by this child and a child of its own.
    child = context.Process(target=_rebuild, args=(database_url, reference, news))
    child.start()
    try:
        while True:
            kind, value = news.get()
            if kind == "progress" and on_progress:
                on_progress(value)
            elif kind == "result":
                return value
            elif kind == "error":
                raise RuntimeError(f"the rebuild failed:\n{value}")
    finally:
        child.join(timeout=60)


def _rebuild(database_url: str, reference, news) -> None:
    try:
        from projections.runner import ReadModels
        from tracker.application import Tracker
        from tracker.config import Settings

        tracker_app = Tracker(Settings(database_url), reference=reference)
        read_models = ReadModels(tracker_app, inline=True)
        head, seen, samples = read_models.head(), 0, []
        marks = [head * quarter // 4 for quarter in (1, 2, 3)]

        def on_batch(count: int) -> None:
            nonlocal seen
            seen += count
            while marks and seen >= marks[0]:
                samples.append({"events": marks.pop(0), "rss_mb": _rss_mb()})
            news.put(("progress", count))

        started = time.perf_counter()
        replayed = read_models.rebuild(on_batch=on_batch)
        seconds = time.perf_counter() - started
        samples.append({"events": replayed, "rss_mb": _rss_mb()})
        # Kilobytes on Linux. A long log is replayed by this process and a child of its
        # own (see ReadModels.rebuild): both peaks count, as if they were at once.
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        news.put(("result", {"events": replayed, "seconds": seconds,
                             "events_per_second": replayed / seconds,
                             "peak_rss_mb": round((peak_kb + child_kb) / 1024, 1),
                             "peak_rss_mb_by_process": [round(peak_kb / 1024, 1),
                                                        round(child_kb / 1024, 1)],
                             "processes": 2 if child_kb else 1,
                             "rss_mb_along_the_log": samples}))
    except BaseException:  # noqa: BLE001 - told to the parent
        news.put(("error", traceback.format_exc()))


def _rss_mb() -> float:
    """Resident memory now (Linux), in megabytes."""
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return round(resident_pages * resource.getpagesize() / 2**20, 1)
