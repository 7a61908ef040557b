"""The board (tableau de bord): every recommendation in the person's territory, filtered."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required

from domain.vocabulary import ADMIN, LEVELS, STATUSES, THEMES
from projections.as_of import board_page_as_of
from projections.queries import BoardFilters, board_page
from tracker.authorization import visibility
from web import services
from web.as_of import parse_as_of
from web.schemas import page_number

blueprint = Blueprint("board", __name__)
PER_PAGE = 25
# What a checkbox, a link or a script may send for "yes" (?overdue=on|true|1).
TRUE_WORDS = frozenset({"1", "true", "on", "oui", "yes"})


@blueprint.route("/")
@login_required
def index():
    principal = services.principal()
    if principal.role == ADMIN:  # administrators see accounts, not recommendation content
        return redirect(url_for("accounts.index"))
    scope = visibility(principal)
    services.refresh_read_models()
    filters = filters_from(request.args, scope)
    as_of = parse_as_of(request.args.get("as_of"))
    if as_of is None:
        page = board_page(services.read_models().reader, scope, filters, services.now())
    else:  # the whole board as it stood then, with the same filters
        page = board_page_as_of(services.read_models().reader, scope, filters, as_of)
    template = "board/_board.html" if request.htmx else "board/index.html"
    response = services.make_page(render_template(
        template, page=page, filters=filters, scope=scope, now=as_of or services.now(),
        as_of=as_of, as_of_text=request.args.get("as_of") if as_of else None,
        regions=regions_in(scope), communes=communes_in(scope)))
    response.vary.add("HX-Request")
    return response


def filters_from(args, scope: dict) -> BoardFilters:
    """Board filters from the query string; unknown values are dropped, not trusted."""
    reference = services.tracker().reference

    def pick(name, allowed):
        value = args.get(name, "").strip()
        return value if value in allowed else None

    page = page_number(args.get("page"))
    return BoardFilters(
        region=pick("region", reference.regions), commune=pick("commune", reference.communes),
        level=pick("level", LEVELS), status=pick("status", STATUSES),
        theme=pick("theme", THEMES), q=(args.get("q", "").strip()[:200] or None),
        overdue=args.get("overdue", "").strip().lower() in TRUE_WORDS,
        implementation_overdue=(args.get("implementation_overdue", "").strip().lower()
                                in TRUE_WORDS),
        page=page, per_page=PER_PAGE)


def regions_in(scope: dict) -> dict:
    """The regions a reader may filter by (none to choose for one commune's secretary)."""
    regions = services.tracker().reference.regions
    if "region" in scope:
        return {scope["region"]: regions[scope["region"]]}
    return {} if "commune" in scope else regions


def communes_in(scope: dict) -> dict:
    """The communes a reader may filter by, by name."""
    reference = services.tracker().reference
    if "commune" in scope:
        return {}
    communes = (reference.communes_of(scope["region"]) if "region" in scope
                else reference.communes.values())
    return {c.slug: c.name for c in sorted(communes, key=lambda c: c.name)}
