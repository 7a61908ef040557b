"""A synthetic Mali: communes with their secretaries, regions, the CRSS, and recommendations
walked through realistic lives, saved in bulk through the Tracker application.

Files are not written one after the other: at any time a few thousand are in progress,
each moving one step now and then, as committees meet. So the events of one file are
spread over the log, as they are in real use, and the read models must fold events into
rows written by earlier batches."""

from __future__ import annotations

import itertools
import multiprocessing
import random
import string
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

import tracker.accounts
from bench.lifecycles import WALKS, command_fields, raise_fields
from domain.catalogue import COMMANDS, acting_role
from domain.recommendation import Circumstances, Recommendation
from domain.vocabulary import AUDITOR, NATIONAL, NATIONAL_OFFICER, REGION, REGIONAL, SECRETARY
from tracker.reference import Commune, Reference, load_reference

PASSWORD = "mot-de-passe-du-banc"
RAISED_PER_TRANSACTION = 50
STEP_PROBABILITY = 0.25  # each file in progress moves on in one transaction out of four


@dataclass
class People:
    """The principals who act in the data set, by territory."""

    secretaries: dict = field(default_factory=dict)  # commune slug -> Principal
    regionals: dict = field(default_factory=dict)    # region slug -> Principal
    national: object = None
    auditor: object = None

    def all(self) -> list:
        return [*self.secretaries.values(), *self.regionals.values(), self.national,
                self.auditor]

    def for_command(self, command: str, level: str, commune: str, region: str):
        role = acting_role(command, level)
        if role == SECRETARY:
            return self.secretaries[commune]
        if role == REGIONAL:
            return self.regionals[region]
        return self.national


def make_reference(communes: int) -> Reference:
    """The first ``communes`` communes of the reference file, then synthetic ones spread
    over the same regions when more are asked for."""
    real = load_reference()
    chosen = list(real.communes.values())[:communes]
    regions = sorted({c.region for c in real.communes.values()})
    codes = _free_codes({c.code for c in real.communes.values()})
    for number in range(len(chosen), communes):
        region = regions[number % len(regions)]
        chosen.append(Commune(f"commune-{number + 1:04d}", f"Commune {number + 1}",
                              region, real.regions[region], real.regions[region],
                              next(codes)))
    used = {c.region for c in chosen}
    return Reference(communes={c.slug: c for c in chosen},
                     regions={slug: name for slug, name in real.regions.items() if slug in used})


def _free_codes(taken: set[str]):
    """Three-letter codes no real commune has, for the synthetic ones (AAA, AAB, …)."""
    letters = string.ascii_uppercase
    return (code for code in map("".join, itertools.product(letters, repeat=3))
            if code not in taken)


def open_people(tracker_app) -> People:
    """One secretary per commune, one authority per region, the CRSS and an auditor."""
    # A cheap hash: these accounts live in a throw-away database, and scrypt would cost
    # longer than the rest of the set-up for a few hundred communes.
    previous = tracker.accounts.PASSWORD_HASH_METHOD
    tracker.accounts.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    try:
        people = People()
        for slug, commune in tracker_app.reference.communes.items():
            people.secretaries[slug] = _open(tracker_app, f"sg.{slug}", SECRETARY,
                                             f"SG de {commune.name}", commune=slug)
        for slug, name in tracker_app.reference.regions.items():
            people.regionals[slug] = _open(tracker_app, f"gouv.{slug}", REGIONAL,
                                           f"Gouvernorat de {name}", region=slug)
        people.national = _open(tracker_app, "crss", NATIONAL_OFFICER, "Agent du CRSS")
        people.auditor = _open(tracker_app, "auditeur", AUDITOR, "Auditeur du CRSS")
    finally:
        tracker.accounts.PASSWORD_HASH_METHOD = previous
    return people


def _open(tracker_app, username, role, display_name, commune=None, region=None):
    user_id = tracker_app.open_account(None, username=username, role=role, password=PASSWORD,
                                       display_name=display_name, commune=commune,
                                       region=region)
    return tracker_app.principal(user_id)


class _RecordedActor:
    """Stands in for ``domain.Actor`` and gives the same record: ``Actor.as_record`` goes
    through ``dataclasses.asdict`` (25 µs), a quarter of the cost of a synthetic event."""

    __slots__ = ("record",)

    def __init__(self, principal):
        self.record = principal.actor.as_record()

    def as_record(self) -> dict:
        return dict(self.record)


class _File:
    """One recommendation in progress and the commands still to give."""

    __slots__ = ("aggregate", "remaining", "now")

    def __init__(self, aggregate, walk, now):
        self.aggregate, self.remaining, self.now = aggregate, list(walk), now


@dataclass
class BuildReport:
    recommendations: int = 0
    events: int = 0
    transactions: int = 0
    seconds: float = 0.0

    def add(self, other: "BuildReport") -> None:
        self.recommendations += other.recommendations
        self.events += other.events
        self.transactions += other.transactions


def build(tracker_app, people: People, recommendations: int, *, seed: int = 20260310,
          on_done: Callable[[int], None] | None = None) -> BuildReport:
    """Raise ``recommendations`` files and walk each one to its end, many files per
    transaction; ``on_done(n)`` after each transaction that finished n files."""
    rng, started = random.Random(seed), time.perf_counter()
    weights = [weight for weight, _ in WALKS]
    walks = [walk for _, walk in WALKS]
    communes = list(tracker_app.reference.communes.values())
    real_now = datetime.now(timezone.utc)
    settings = tracker_app.settings
    actors = {principal.user_id: _RecordedActor(principal) for principal in people.all()}
    report, in_progress = BuildReport(), []
    while report.recommendations < recommendations or in_progress:
        touched, still, finished = [], [], 0
        probability = STEP_PROBABILITY if report.recommendations < recommendations else 1.0
        for current in in_progress:
            if rng.random() < probability:
                _step(current, people, actors, settings)
                touched.append(current.aggregate)
            if current.remaining:
                still.append(current)
            else:
                finished += 1
        for _ in range(min(RAISED_PER_TRANSACTION, recommendations - report.recommendations)):
            commune = rng.choice(communes)
            # Files raised over the last quarter: some escalations are overdue today.
            now = real_now - timedelta(days=rng.randrange(0, 90), minutes=rng.randrange(600))
            principal = people.secretaries[commune.slug]
            aggregate = Recommendation.raise_new(
                actor=actors[principal.user_id], region=commune.region, now=now,
                **raise_fields(rng, commune.slug, commune.name, now.date()))
            walk = rng.choices(walks, weights)[0]
            still.append(_File(aggregate, walk, now))
            touched.append(aggregate)
            report.recommendations += 1
        in_progress = still
        # The Tracker's own event store (mapper and recorder), one transaction for all
        # these files; Tracker.save would add two typing.Protocol checks per file (40 µs).
        events = [event for aggregate in touched for event in aggregate.collect_events()]
        tracker_app.events.put(events)
        report.events += len(events)
        report.transactions += 1
        if on_done and finished:
            on_done(finished)
    report.seconds = time.perf_counter() - started
    return report


def build_in_parallel(database_url: str, reference: Reference, people: People,
                      recommendations: int, workers: int, *, seed: int = 20260310,
                      on_done: Callable[[int], None] | None = None) -> BuildReport:
    """``build`` split over ``workers`` processes writing to the same store (building
    events is Python work; the store serialises the writes)."""
    if workers <= 1:
        from tracker.application import Tracker
        from tracker.config import Settings

        tracker_app = Tracker(Settings(database_url), reference=reference)
        return build(tracker_app, people, recommendations, seed=seed, on_done=on_done)
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    news = context.Queue()
    shares = [recommendations // workers + (index < recommendations % workers)
              for index in range(workers)]
    processes = [context.Process(target=_worker, daemon=True,
                                 args=(database_url, reference, people, share,
                                       seed + index, news))
                 for index, share in enumerate(shares)]
    for process in processes:
        process.start()
    report, running = BuildReport(), len(processes)
    while running:
        kind, value = news.get()
        if kind == "done" and on_done:
            on_done(value)
        elif kind == "report":
            report.add(value)
            running -= 1
        elif kind == "error":
            for process in processes:
                process.terminate()
            raise RuntimeError(f"a data set worker failed:\n{value}")
    for process in processes:
        process.join()
    report.seconds = time.perf_counter() - started
    return report


def _worker(database_url, reference, people, recommendations, seed, news) -> None:
    import traceback

    from tracker.application import Tracker
    from tracker.config import Settings

    try:
        tracker_app = Tracker(Settings(database_url), reference=reference)
        report = build(tracker_app, people, recommendations, seed=seed,
                       on_done=lambda count: news.put(("done", count)))
        news.put(("report", report))
    except BaseException:  # noqa: BLE001 - told to the parent, which stops
        news.put(("error", traceback.format_exc()))


def _step(current: _File, people: People, actors: dict, settings) -> None:
    aggregate = current.aggregate
    command = current.remaining.pop(0)
    actor = people.for_command(command, aggregate.level, aggregate.commune, aggregate.region)
    current.now = min(current.now + timedelta(days=1), datetime.now(timezone.utc))
    context = Circumstances(current.now, {REGION: settings.region_ack_days,
                                          NATIONAL: settings.national_ack_days},
                            aggregate.region)
    fields = command_fields(command, aggregate, current.now)
    getattr(aggregate, COMMANDS[command].method)(actors[actor.user_id], context, **fields)
