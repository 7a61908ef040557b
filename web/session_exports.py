"""The CCS sessions as CSV or Excel: the session list's filters (region, commune, from,
to) within the reader's territory, headers and labels in the interface's language (the
API's: ``Accept-Language``). Streamed like the board's exports (web/exports.py), whose
writers these are: rows are read from the sessions read model as they are written."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import login_required

from domain.messages import N_
from domain.vocabulary import ATTENDANCE_GROUPS, LEVELS, ORIGIN_GROUPS, SESSION_STATUSES
from projections.session_queries import SessionFilters, session_rows
from tracker.authorization import visibility
from web import services
from web.exports import Column, csv_response, xlsx_response
from web.i18n import translate

blueprint = Blueprint("session_exports", __name__)
SHEET = N_("Sessions du CCS")
SEXES = ("women", "men")


def _attendance_header(group: str, sex: str):
    label = ORIGIN_GROUPS[group]
    return (N_("%(group)s : femmes", group=label) if sex == "women"
            else N_("%(group)s : hommes", group=label))


COLUMNS = (
    Column("held_on", N_("Date de la session"), "date"),
    Column("commune", N_("Commune")),
    Column("region", N_("Région")),
    Column("level", N_("Niveau")),
    Column("place", N_("Lieu"), width=30, typed=True),
    Column("chaired_by", N_("Présidée par"), width=30, typed=True),
    Column("status", N_("Statut"), width=22),
    Column("women", N_("Femmes présentes"), "number"),
    Column("men", N_("Hommes présents"), "number"),
    Column("youth", N_("Jeunes présents"), "number"),
    *(Column(f"{group}_{sex}", _attendance_header(group, sex), "number")
      for group in ATTENDANCE_GROUPS for sex in SEXES),
    Column("has_minutes", N_("Procès-verbal rédigé")),
    Column("recommendations", N_("Recommandations issues de la session"), "number"),
)


def session_export_rows(scope: dict, filters: SessionFilters) -> Iterable[dict]:
    """The sessions under ``filters`` within ``scope``, most recent first, as the export's
    values; attendance is left empty for a session whose attendance is not recorded."""
    reference = services.tracker().reference
    yes, no = _("oui"), _("non")
    labels = {"level": {key: translate(label) for key, label in LEVELS.items()},
              "status": {key: translate(label) for key, label in SESSION_STATUSES.items()}}
    for row in session_rows(services.read_models().engine, scope, filters):
        attendance = row["attendance"]
        values = {
            "held_on": row["held_on"], "commune": reference.commune_name(row["commune"]),
            "region": reference.region_name(row["region"]),
            "level": labels["level"].get(row["level"], row["level"]),
            "place": row["place"], "chaired_by": row["chaired_by"],
            "status": labels["status"].get(row["status"], row["status"]),
            "has_minutes": yes if row["has_minutes"] else no,
            "recommendations": row["recommendations"],
        }
        recorded = attendance is not None
        values.update({name: row[name] if recorded else None
                       for name in ("women", "men", "youth")})
        values.update({f"{group}_{sex}": (attendance.get(group) or {}).get(sex, 0)
                       if recorded else None
                       for group in ATTENDANCE_GROUPS for sex in SEXES})
        yield values


def export_filename(extension: str) -> str:
    return f"sessions-{services.now():%Y-%m-%d}.{extension}"


def sessions_csv_response(scope: dict, filters: SessionFilters):
    return csv_response(session_export_rows(scope, filters), export_filename("csv"), COLUMNS)


# ---- the pages' downloads -----------------------------------------------------------------------
@blueprint.route("/sessions.csv")
@login_required
def sessions_csv():
    return sessions_csv_response(*_selection())


@blueprint.route("/sessions.xlsx")
@login_required
def sessions_xlsx():
    return xlsx_response(session_export_rows(*_selection()), export_filename("xlsx"),
                         COLUMNS, SHEET)


def _selection() -> tuple[dict, SessionFilters]:
    scope = visibility(services.principal())  # administrators: 403
    services.refresh_read_models()
    return scope, filters_from(request.args)


def filters_from(args) -> SessionFilters:
    """The session list's filters from a query string; unknown values are dropped."""
    reference = services.tracker().reference
    region = args.get("region", "").strip()
    commune = args.get("commune", "").strip()
    return SessionFilters(region=region if region in reference.regions else None,
                          commune=commune if commune in reference.communes else None,
                          since=_day(args.get("from")), until=_day(args.get("to")))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None
