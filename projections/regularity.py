"""The regularity of the CCS sessions, read from the sessions read model (a CCS meets at
least once a month; the rule is domain/regularity.py):

- each commune's last session and whether it is « en retard » (the inbox, the pages);
- the sessions each commune held in each of the last twelve months (its calendar);
- the sessions part of a dashboard: those calendars, attendance by group and sex over
  the twelve months, women's and youth's share of attendance beside their share of the
  recommendations put forward in the same months, and the communes late, per region.

Communes are given by the caller as ``{slug: region}`` (today's reference data: a
commune's calendar follows it if it changes region); sessions count when held and not
cancelled, as for ``last_sessions``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from domain.regularity import MONTHS_SHOWN, last_months, month_of, session_regularity
from domain.vocabulary import ATTENDANCE_GROUPS, CANCELLED, COMMUNE
from projections.session_queries import SessionFilters, last_sessions, session_conditions
from storage.tables import board, sessions

WOMEN, YOUTH = "femmes", "jeunes"  # the origin groups set beside attendance


@dataclass(frozen=True)
class Month:
    start: date      # the first day of the month
    sessions: int    # sessions held that month (not cancelled)


@dataclass(frozen=True)
class CommuneRegularity:
    commune: str
    region: str
    last_session: date | None
    overdue: bool
    days_since: int | None
    months: list[Month] = field(default_factory=list)  # oldest first; empty if not asked

    @property
    def sessions_in_months(self) -> int:
        return sum(month.sessions for month in self.months)


@dataclass(frozen=True)
class SessionFigures:
    """The sessions part of a dashboard, over the months of ``calendar``."""

    months: list[Month]                      # sessions held in the scope, per month
    communes: list[CommuneRegularity]        # each commune of the scope, with its calendar
    sessions_held: int                       # communal and regional CCS sessions
    attendance: dict[str, dict[str, int]]    # group -> {"women": n, "men": n}
    recommendations: int                     # put forward in those months
    recommendations_by_women: int
    recommendations_by_youth: int
    late_by_region: dict[str, tuple[int, int]] = field(default_factory=dict)  # late, communes

    @property
    def women(self) -> int:
        return sum(counts["women"] for counts in self.attendance.values())

    @property
    def men(self) -> int:
        return sum(counts["men"] for counts in self.attendance.values())

    @property
    def present(self) -> int:
        return self.women + self.men

    @property
    def youth(self) -> int:
        return sum(self.attendance[YOUTH].values())

    @property
    def late(self) -> int:
        return sum(1 for commune in self.communes if commune.overdue)


def overdue_communes(engine: Engine, communes: dict[str, str], today: date,
                     interval_days: int) -> list[CommuneRegularity]:
    """The communes among ``communes`` whose session is late at ``today``: those with
    none on record first, then from the longest without one."""
    late = [regularity for regularity in communes_regularity(engine, communes, today,
                                                             interval_days, months=0)
            if regularity.overdue]
    return sorted(late, key=lambda item: (item.last_session is not None,
                                          item.last_session or date.min, item.commune))


def communes_regularity(engine: Engine, communes: dict[str, str], today: date,
                        interval_days: int,
                        months: int = MONTHS_SHOWN) -> list[CommuneRegularity]:
    """Each commune's last session, lateness and (``months`` > 0) calendar, in the order
    of ``communes``."""
    last = last_sessions(engine, list(communes))
    calendars = sessions_per_month(engine, list(communes), today, months) if months else {}
    result = []
    for commune, region in communes.items():
        reading = session_regularity(last[commune], today, interval_days)
        result.append(CommuneRegularity(commune, region, reading.last_session, reading.overdue,
                                        reading.days_since, calendars.get(commune, [])))
    return result


def sessions_per_month(engine: Engine, communes: list[str], today: date,
                       months: int = MONTHS_SHOWN) -> dict[str, list[Month]]:
    """For each commune, the sessions held in each of the ``months`` months ending with
    today's, oldest first (a month without one counts 0)."""
    starts = last_months(today, months)
    counts = {commune: dict.fromkeys(starts, 0) for commune in communes}
    if communes:
        with engine.connect() as connection:
            for commune, held_on in connection.execute(
                    select(sessions.c.commune, sessions.c.held_on)
                    .where(sessions.c.level == COMMUNE, sessions.c.status != CANCELLED,
                           sessions.c.commune.in_(communes),
                           sessions.c.held_on >= starts[0], sessions.c.held_on <= today)):
                counts[commune][month_of(_day(held_on))] += 1
    return {commune: [Month(start, count) for start, count in by_month.items()]
            for commune, by_month in counts.items()}


def session_figures(engine: Engine, scope: dict, communes: dict[str, str], today: date,
                    interval_days: int, months: int = MONTHS_SHOWN) -> SessionFigures:
    """The sessions part of the dashboard of ``scope`` (``{}``, ``{"region": …}`` or
    ``{"commune": …}``, from the tracker's authorisation; ``communes`` are its communes)
    over the ``months`` months ending with today's. Attendance counts every CCS session
    of the scope, communal and regional; the recommendations are those whose session
    (``meeting_date``) falls in the same months."""
    starts = last_months(today, months)
    calendars = communes_regularity(engine, communes, today, interval_days, months)
    in_months = SessionFilters(since=starts[0], until=today)
    attendance = {group: {"women": 0, "men": 0} for group in ATTENDANCE_GROUPS}
    held = 0
    with engine.connect() as connection:
        for (counts,) in connection.execute(
                select(sessions.c.attendance).where(*session_conditions(scope, in_months),
                                                    sessions.c.status != CANCELLED)):
            held += 1
            for group, by_sex in (counts or {}).items():
                for sex in ("women", "men"):
                    attendance[group][sex] += int((by_sex or {}).get(sex) or 0)
        by_origin = dict(connection.execute(
            select(board.c.origin_group, func.count())
            .where(*[board.c[name] == value for name, value in scope.items()],
                   board.c.meeting_date >= starts[0], board.c.meeting_date <= today)
            .group_by(board.c.origin_group)).all())
    late_by_region: dict[str, tuple[int, int]] = {}
    for commune in calendars:
        late, total = late_by_region.get(commune.region, (0, 0))
        late_by_region[commune.region] = (late + commune.overdue, total + 1)
    return SessionFigures(
        months=[Month(start, sum(commune.months[index].sessions for commune in calendars))
                for index, start in enumerate(starts)],
        communes=calendars, sessions_held=held, attendance=attendance,
        recommendations=sum(by_origin.values()),
        recommendations_by_women=by_origin.get(WOMEN, 0),
        recommendations_by_youth=by_origin.get(YOUTH, 0), late_by_region=late_by_region)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
