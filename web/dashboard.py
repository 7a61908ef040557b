"""« Indicateurs »: the dashboards of a commune, a region or the nation.

Whose figures a person reads is the tracker's decision (``dashboard_scope``): a secretary
their commune's (what they report upwards), a regional authority their region's, the CRSS
and its auditors the nation's or, when they pick one, a region's. Administrators see no
case files (403). Each chart is SVG drawn here (web/charts.py), with a title and a
description, and the same numbers in a table.

The CCS sessions of the same territory over the last twelve months follow
(projections/regularity.py): sessions held per commune and month, attendance by group and
sex, women's and youth's share of attendance beside their share of the recommendations put
forward, and the communes whose session is late, per region."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import format_percent, get_locale, gettext as _
from flask_login import login_required

from domain.regularity import last_months
from domain.vocabulary import (
    ATTENDANCE_GROUPS, LEVELS, NATIONAL, ORIGIN_GROUPS, SEXES, STATUSES, THEMES,
)
from projections.dashboard import dashboard
from projections.regularity import WOMEN, YOUTH, session_figures
from tracker.authorization import dashboard_scope, oversees_region, visibility
from web import services
from web.charts import bar_chart
from web.filters import number
from web.i18n import translate

blueprint = Blueprint("dashboard", __name__)


@blueprint.route("/indicateurs")
@login_required
def index():
    principal = services.principal()
    reference = services.tracker().reference
    region = request.args.get("region", "").strip() or None
    if region is not None and region not in reference.regions:
        region = None  # an unknown region is dropped, as on the board
    scope = dashboard_scope(principal, region)
    services.refresh_read_models()
    engine, today = services.read_models().reader, services.now().date()
    interval = services.tracker().settings.session_interval_days
    figures = dashboard(engine, scope, services.now())
    sessions = session_figures(engine, scope, reference.communes_in(scope), today, interval)
    may_pick_region = not visibility(principal)
    return services.make_page(render_template(
        "dashboard/index.html", figures=figures, scope=scope,
        charts={**charts(figures), **session_charts(sessions)},
        place=place_name(scope), may_pick_region=may_pick_region,
        regions=reference.regions if may_pick_region else {},
        number=number, share=share, origin_label=origin_label, days_text=days_text,
        region_or_crss=_region_or_crss, ORIGIN_ORDER=ORIGIN_ORDER,
        sessions=sessions, months=last_months(today), ATTENDANCE_GROUPS=ATTENDANCE_GROUPS,
        SEXES=SEXES, interval=interval,
        oversees=lambda region: oversees_region(principal, region)))


def place_name(scope: dict) -> str:
    reference = services.tracker().reference
    if "commune" in scope:
        return _("commune de %(name)s", name=reference.commune_name(scope["commune"]))
    if "region" in scope:
        return _("région de %(name)s", name=reference.region_name(scope["region"]))
    return _("Mali (ensemble du pays)")


def charts(figures) -> dict:
    """The dashboard's charts, by name, laid out for the template."""
    return {"status": _status_chart(figures), "times": _times_chart(figures),
            "overdue": _overdue_chart(figures), "themes": _themes_chart(figures),
            "origins": _origins_chart(figures)}


def share(part: int, whole: int) -> str:
    """« 42,9 % », "42.9%": the reader's own percent pattern, with one decimal."""
    return percent(_ratio(part, whole))


def percent(fraction: float) -> str:
    pattern = get_locale().percent_formats[None].pattern.replace("0", "0.#", 1)
    return format_percent(fraction, format=pattern)


def _status_chart(figures):
    # Statuses with no file are in the table, not drawn.
    rows = [(translate(label), [[figures.by_status_level.get((status, level), 0)
                                 for level in LEVELS]])
            for status, label in STATUSES.items()
            if any(figures.by_status_level.get((status, level)) for level in LEVELS)]
    return bar_chart(
        "chart-status", _("Recommandations par statut et par niveau"),
        _("Pour chaque statut, le nombre de recommandations à la commune, à la région et "
          "au CRSS ; %(total)s recommandations en tout.", total=number(figures.total)),
        rows, lambda values: number(sum(values)),
        series=[translate(label) for label in LEVELS.values()])


def _times_chart(figures):
    rows = [(_region_or_crss(times), [[times.median_days], [times.p90_days]])
            for times in figures.acknowledgement_times]
    return bar_chart(
        "chart-times", _("Délai entre la transmission et l'accusé de réception"),
        _("La médiane et le 90e centile des délais d'accusé de réception (en jours, en "
          "heures sous un jour), pour chaque région et pour le CRSS."),
        rows, lambda values: days_text(values[0]),
        series=[_("Médiane"), _("90e centile")])


def _overdue_chart(figures):
    rows = [(translate(LEVELS[item.level]), [[item.overdue, item.awaiting - item.overdue]])
            for item in figures.overdue]
    return bar_chart(
        "chart-overdue", _("Dossiers en retard"),
        _("Parmi les dossiers qui attendent un accusé de réception, ceux dont l'échéance "
          "est dépassée, à la région et au CRSS."),
        rows, lambda values: _("%(late)s sur %(awaiting)s", late=number(values[0]),
                               awaiting=number(sum(values))),
        series=[_("En retard"), _("Dans les délais")], classes=["late", "on-time"])


def _themes_chart(figures):
    rows = [(translate(THEMES.get(theme, theme)), [[count]])
            for theme, count in figures.by_theme.items()]
    return bar_chart(
        "chart-themes", _("Recommandations par thème"),
        _("Le nombre de recommandations de chaque thème, du plus fréquent au moins "
          "fréquent."),
        rows, lambda values: f"{number(values[0])} ({share(values[0], figures.total)})")


def _origins_chart(figures):
    rows = [(origin_label(group), [[figures.by_origin.get(group, 0)]])
            for group in ORIGIN_ORDER]
    return bar_chart(
        "chart-origins", _("Qui a proposé les recommandations"),
        _("Le nombre de recommandations proposées par chaque groupe du CCS, dont les femmes "
          "et les jeunes, et la part de chacun dans l'ensemble."),
        rows, lambda values: f"{number(values[0])} ({share(values[0], figures.total)})")


def session_charts(sessions) -> dict:
    """The charts of the sessions part: attendance by group and sex; women's and youth's
    share of attendance beside their share of the recommendations put forward."""
    attendance = [(origin_label(group), [[sessions.attendance[group]["women"],
                                          sessions.attendance[group]["men"]]])
                  for group in ATTENDANCE_GROUPS]
    shares = [(origin_label(group), [[_ratio(present, sessions.present) * 100],
                                     [_ratio(proposed, sessions.recommendations) * 100]])
              for group, present, proposed in (
                  (WOMEN, sessions.women, sessions.recommendations_by_women),
                  (YOUTH, sessions.youth, sessions.recommendations_by_youth))]
    return {
        "attendance": bar_chart(
            "chart-attendance", _("Présence aux sessions, par groupe et par sexe"),
            _("Le nombre de présences aux sessions des CCS des 12 derniers mois, pour chaque "
              "groupe, femmes et hommes ; %(total)s présences en tout.",
              total=number(sessions.present)),
            attendance, lambda values: _("%(women)s F, %(men)s H", women=number(values[0]),
                                         men=number(values[1])),
            series=[translate(SEXES["women"]), translate(SEXES["men"])]),
        "voices": bar_chart(
            "chart-voices", _("Femmes et jeunes : présence et recommandations"),
            _("Sur les 12 derniers mois, la part des femmes et des jeunes dans la présence "
              "aux sessions, à côté de leur part dans les recommandations proposées."),
            shares, lambda values: percent(values[0] / 100),
            series=[_("Part de la présence"), _("Part des recommandations proposées")]),
    }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# Women and youth first: the figures the CCS programme reports on.
ORIGIN_ORDER = [*ORIGIN_GROUPS, None]


def origin_label(group: str | None) -> str:
    return translate(ORIGIN_GROUPS[group]) if group else _("Non précisé")


def days_text(days: float) -> str:
    """A delay as people say it: days with one decimal, abbreviated as a unit (no plural
    to choose for 1,5); under a day, in hours (« 0 j » would say no delay at all); under
    an hour, in minutes."""
    if days >= 1:
        return _("%(days)s j", days=number(round(days, 1)))
    hours = days * 24
    if hours >= 1:
        return _("%(hours)s h", hours=number(round(hours)))
    minutes = round(hours * 60)
    return _("%(minutes)s min", minutes=number(max(1, minutes) if days > 0 else 0))


def _region_or_crss(times) -> str:
    if times.level == NATIONAL:
        return _("CRSS (niveau national)")
    return services.tracker().reference.region_name(times.region)
