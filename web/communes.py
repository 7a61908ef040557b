"""A commune's page (its CCS: last session, whether it is late, its twelve months) and a
region's communes side by side, for whoever oversees the region.

Who may read them is the tracker's decision: a commune's page for readers whose
territory holds the commune (404 otherwise, as for files), a region's communes for its
regional authority, the CRSS and the auditors (403 otherwise, as for dashboards);
administrators see neither. Regularity is read at the application's time with the
interval in force (``TRACKER_SESSION_INTERVAL_DAYS``)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import format_date
from flask_login import login_required

from domain.messages import N_
from domain.regularity import last_months
from projections.regularity import communes_regularity
from tracker.authorization import (
    NotFound, oversees_region, require_commune_reader, require_reader, require_region_overseer,
)
from web import services

blueprint = Blueprint("communes", __name__)
# The session list of the sessions pages, when that blueprint is there.
SESSION_LIST = "sessions.index"


@blueprint.route("/communes/<slug>")
@login_required
def show(slug: str):
    principal, tracker = services.principal(), services.tracker()
    require_reader(principal)  # administrators: 403, before anything is looked up
    if slug not in tracker.reference.communes:
        raise NotFound(N_("Commune introuvable."))
    region = tracker.reference.region_of(slug)
    require_commune_reader(principal, slug, region)
    services.refresh_read_models()
    commune = _regularity({slug: region})[0]
    return services.make_page(render_template(
        "communes/show.html", commune=commune, months=_months(),
        interval=tracker.settings.session_interval_days,
        sessions_url=_session_list_url(commune=slug),
        region_url=(url_for(".region", slug=region)
                    if oversees_region(principal, region) else None)))


@blueprint.route("/regions/<slug>/communes")
@login_required
def region(slug: str):
    principal, tracker = services.principal(), services.tracker()
    require_reader(principal)
    if slug not in tracker.reference.regions:
        raise NotFound(N_("Région introuvable."))
    require_region_overseer(principal, slug)
    services.refresh_read_models()
    communes = _regularity(tracker.reference.communes_in({"region": slug}))
    # The late ones first: what the region has to chase.
    communes.sort(key=lambda commune: not commune.overdue)
    return services.make_page(render_template(
        "communes/region.html", region=slug, communes=communes, months=_months(),
        late=sum(commune.overdue for commune in communes),
        interval=tracker.settings.session_interval_days,
        sessions_url=_session_list_url(region=slug)))


def _regularity(communes: dict[str, str]) -> list:
    return communes_regularity(services.read_models().reader, communes, services.now().date(),
                               services.tracker().settings.session_interval_days)


def _months() -> list:
    return last_months(services.now().date())


def _session_list_url(**filters) -> str | None:
    """The sessions pages' list under these filters, once that blueprint is registered."""
    if SESSION_LIST not in current_app.view_functions:
        return None
    return url_for(SESSION_LIST, **filters)


# ---- for every template: the calendar's months ------------------------------------------------
@blueprint.app_template_filter("month_short")
def month_short(day) -> str:
    """« avr. », "Apr": a calendar cell's heading."""
    return format_date(day, "MMM")


@blueprint.app_template_filter("month_narrow")
def month_narrow(day) -> str:
    """« a », "A": a column heading where room is short (the full name is said aside)."""
    return format_date(day, "LLLLL")


@blueprint.app_template_filter("month_long")
def month_long(day) -> str:
    """« avril 2026 », "April 2026"."""
    return format_date(day, "LLLL y")
