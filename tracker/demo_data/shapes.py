"""The shapes of the demo's year (tracker/demo_data/): a CCS, its sessions, the
recommendations each issued and the steps of their lives, and the short builders the
data is written with (``ccs``, ``session``, ``rec``, ``at``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.catalogue import Command


@dataclass(frozen=True)
class Step:
    """One command on a file, ``day`` days after its session."""

    day: int
    command: Command
    by: str | None = None        # a role, when not the owner of the file's level
    text: str | None = None      # the command's main text, else a default one
    target: int | None = None    # accept: target date, days after the acceptance
    percent: int | None = None   # report-progress


@dataclass(frozen=True)
class DemoFile:
    """A recommendation a session issued, and its life."""

    theme: str
    origin_group: str | None
    title: str
    description: str
    life: tuple[Step, ...]
    # Raised by itself the evening of the session, then attached to it once the session
    # was on record (« Rattacher à une session »).
    raised_before_session: bool = False
    key: str = ""


@dataclass(frozen=True)
class DemoSession:
    """One session of a communal CCS (``commune``) or a regional one (``region``)."""

    days_ago: int
    situation: str
    topics: tuple[str, ...]
    files: tuple[DemoFile, ...] = ()
    place: int = 0                      # which of the CCS's usual places
    chair: str | None = None            # else the mayor (the Governor for a region)
    # When the minutes were adopted: days after the session, give or take a few
    # (tracker/demo.py); None: not adopted yet.
    adopted_after: int | None = 4
    cancelled: str | None = None        # the reason, given the day after it was recorded
    correction: str | None = None       # a correction of the attendance after adoption
    commune: str | None = None
    region: str | None = None
    key: str = ""


@dataclass(frozen=True)
class DemoCCS:
    """A communal or regional CCS: where it meets and its sessions of the year."""

    slug: str
    name: str
    places: tuple[str, ...]
    sessions: tuple[DemoSession, ...]
    regional: bool = False
    chair: str = field(default="")

    def __post_init__(self):
        if not self.chair:
            chair = (f"Le Gouverneur de la région de {self.name}" if self.regional
                     else f"Le maire de {self.name}")
            object.__setattr__(self, "chair", chair)


def at(day: int, command: Command, *, by: str | None = None, text: str | None = None,
       target: int | None = None, percent: int | None = None) -> Step:
    return Step(day, command, by, text, target, percent)


def rec(theme: str, origin_group: str | None, title: str, description: str, *life: Step,
        raised_before_session: bool = False) -> DemoFile:
    return DemoFile(theme, origin_group, title, description, tuple(life),
                    raised_before_session)


def session(days_ago: int, situation: str, topics: tuple[str, ...] | list[str],
            *files: DemoFile, **details) -> DemoSession:
    return DemoSession(days_ago, situation, tuple(topics), tuple(files), **details)


def ccs(slug: str, name: str, places: tuple[str, ...], *sessions: DemoSession,
        regional: bool = False) -> DemoCCS:
    """The CCS with keys given to its sessions and their files, oldest first: « segou-03 »
    is Ségou's third session of the year, « segou-03-2 » its second recommendation."""
    keyed = []
    for number, each in enumerate(sorted(sessions, key=lambda s: -s.days_ago), start=1):
        key = f"{'region-' if regional else ''}{slug}-{number:02d}"
        files = tuple(DemoFile(**{**vars(file), "key": f"{key}-{index}"})
                      for index, file in enumerate(each.files, start=1))
        where = {"region": slug} if regional else {"commune": slug}
        keyed.append(DemoSession(**{**vars(each), "files": files, "key": key, **where}))
    return DemoCCS(slug, name, places, tuple(keyed), regional)
