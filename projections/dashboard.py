"""The figures of a dashboard, for a commune, a region or the nation (``scope``, from the
tracker's authorisation), read from the board and the desk's acknowledgement times.

- counts by status and level;
- time from escalation to acknowledgement, median and 90th percentile, per region for
  the regions' acknowledgements and over all regions for the CRSS's; the time runs from
  the escalation to the acknowledgement, a clarification asked on the way included;
- the share of files awaiting acknowledgement that are overdue, per level, at ``now``;
- accepted files whose implementation is late (target date passed), at ``now``;
- recommendations by theme, and by who put them forward in the CCS (``origin_group``),
  for the gender- and youth-sensitive reporting of the CCS programme.

Percentiles interpolate linearly between the two nearest values (the "inclusive" method
of Python's ``statistics.quantiles``, as spreadsheets compute PERCENTILE), so that a
figure can be checked by hand; one value is its own median and 90th percentile."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine

from domain.vocabulary import ACCEPTED, AWAITING_ACKNOWLEDGEMENT, NATIONAL, REGION
from storage.tables import acknowledgements, board

DAY = 86_400.0


@dataclass(frozen=True)
class AcknowledgementTimes:
    level: str
    region: str | None  # None: the CRSS, over every region of the scope
    count: int
    median_days: float
    p90_days: float


@dataclass(frozen=True)
class Overdue:
    level: str
    awaiting: int
    overdue: int

    @property
    def share(self) -> float:
        return self.overdue / self.awaiting if self.awaiting else 0.0


@dataclass(frozen=True)
class Dashboard:
    scope: dict
    total: int
    by_status_level: dict[tuple[str, str], int]
    acknowledgement_times: list[AcknowledgementTimes]
    overdue: list[Overdue]
    by_theme: dict[str, int]
    by_origin: dict[str | None, int]
    accepted: int = 0                  # accepted, implementation not yet reported
    implementation_overdue: int = 0    # of those, past their target date

    @property
    def overdue_total(self) -> Overdue:
        return Overdue("all", sum(o.awaiting for o in self.overdue),
                       sum(o.overdue for o in self.overdue))

    def share_of_origin(self, group: str | None) -> float:
        return self.by_origin.get(group, 0) / self.total if self.total else 0.0


def dashboard(engine: Engine, scope: dict, now: datetime) -> Dashboard:
    """Every figure of the dashboard of ``scope`` (``{}``, ``{"region": …}`` or
    ``{"commune": …}``) at ``now``."""
    in_scope = [board.c[name] == value for name, value in scope.items()]
    with engine.connect() as connection:
        by_status_level = {(row.status, row.level): row.count for row in connection.execute(
            select(board.c.status, board.c.level, func.count().label("count"))
            .where(*in_scope).group_by(board.c.status, board.c.level))}
        by_theme = _counts(connection, board.c.theme, in_scope)
        by_origin = _counts(connection, board.c.origin_group, in_scope)
        overdue = [Overdue(row.level, row.awaiting, int(row.overdue or 0))
                   for row in connection.execute(
                       select(board.c.level, func.count().label("awaiting"),
                              func.sum(case((board.c.due_by < now, 1), else_=0))
                              .label("overdue"))
                       .where(*in_scope, board.c.status == AWAITING_ACKNOWLEDGEMENT)
                       .group_by(board.c.level))]
        accepted, late = connection.execute(
            select(func.count(), func.sum(case((board.c.target_date < now.date(), 1), else_=0)))
            .where(*in_scope, board.c.status == ACCEPTED)).one()
        times = _acknowledgement_times(connection, scope)
    levels = {o.level: o for o in overdue}
    return Dashboard(
        scope=scope, total=sum(by_status_level.values()), by_status_level=by_status_level,
        acknowledgement_times=times,
        overdue=[levels.get(level, Overdue(level, 0, 0)) for level in (REGION, NATIONAL)],
        by_theme=dict(sorted(by_theme.items(), key=lambda item: (-item[1], item[0]))),
        by_origin=by_origin, accepted=accepted, implementation_overdue=int(late or 0))


def percentile(ordered: list[float], fraction: float) -> float:
    """The ``fraction`` percentile of sorted values, interpolated linearly."""
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(fraction * 100) - 1]


def _counts(connection, column, conditions) -> dict:
    return {row[0]: row[1] for row in connection.execute(
        select(column, func.count()).where(*conditions).group_by(column))}


def _acknowledgement_times(connection, scope: dict) -> list[AcknowledgementTimes]:
    """Per region for the regional level, one figure for the CRSS; sorted by region."""
    conditions = [acknowledgements.c[name] == value for name, value in scope.items()]
    groups: dict[tuple, list[float]] = {}
    rows = connection.execute(
        select(acknowledgements.c.level, acknowledgements.c.region, acknowledgements.c.seconds)
        .where(*conditions).order_by(acknowledgements.c.seconds))
    for level, region, seconds in rows:
        key = (REGION, region) if level == REGION else (NATIONAL, None)
        groups.setdefault(key, []).append(seconds / DAY)
    return [AcknowledgementTimes(level, region, len(days), statistics.median(days),
                                 percentile(days, 0.9))
            for (level, region), days in sorted(groups.items(),
                                                key=lambda item: (item[0][0] == NATIONAL,
                                                                  item[0][1] or ""))]
