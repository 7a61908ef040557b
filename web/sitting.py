"""The recommendations of a CCS session entered in one sitting, on the sessions blueprint.

One row per recommendation (title, description, theme, origin group), each with its own
request key made when the row is shown, so that the same sitting posted again records
nothing twice. Without JavaScript « Une ligne de plus » is a second submit button: the
form comes back with one more empty row and nothing is recorded. With htmx the same
button fetches one empty row (``/ligne``) and appends it. Rows left blank are ignored;
one wrong row and nothing is recorded, each row showing its own errors (422)."""

from __future__ import annotations

import re
from uuid import uuid4

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import login_required
from marshmallow import ValidationError

from domain.catalogue import RAISE
from domain.messages import N_, message_of
from domain.recommendation import DomainError, InvalidInput
from tracker.authorization import NotFound, NotPermitted, require_role_may
from tracker.sessions import MOST_ITEMS_PER_SITTING
from web import drafts, services
from web.schemas import SittingSchema
from web.sessions import (
    blueprint, either_way, go_to, session_key, session_view,
)

ROW_FIELDS = tuple(spec for spec in RAISE.fields if spec.name != "meeting_date")
ROW_NAMES = tuple(spec.name for spec in ROW_FIELDS)
FIRST_ROWS = 3
MOST_ROWS = MOST_ITEMS_PER_SITTING
ADD_ROW = "add_row"  # the name of « Une ligne de plus »
_ROW_FIELD = re.compile(r"^items-(\d{1,3})-(%s|request_id)$" % "|".join(ROW_NAMES))


@blueprint.route("/<session_id>/recommandations", methods=["GET", "POST"])
@login_required
def sitting(session_id):
    principal, session, may_add = _session_for_sitting(session_id)
    if not may_add:
        flash(_("Vous ne pouvez pas ajouter de recommandations à cette session."), "info")
        return redirect(url_for(".show", session_id=session_id), code=303)
    if request.method == "GET":
        rows = rows_from(drafts.restore() or {})
        if rows:
            drafts.announce_restored()
        return _render(session, rows or [new_row() for _ in range(FIRST_ROWS)], {}, 200)
    drafts.forget()
    rows = rows_from(request.form) or [new_row()]
    if ADD_ROW in request.form:  # « Une ligne de plus », without JavaScript: nothing recorded
        if len(rows) < MOST_ROWS:
            rows.append(new_row())
        return _render(session, rows, {}, 200)
    filled = [position for position, row in enumerate(rows) if not _blank(row)]
    if not filled:
        return _render(session, rows, {"_schema": [N_(
            "Saisissez au moins une recommandation.")]}, 422)
    try:
        items = SittingSchema().load({"items": [rows[position] for position in filled]})
        result = services.tracker().raise_from_session(principal, session_key(session_id),
                                                       items["items"])
    except ValidationError as error:
        return _render(session, rows, _row_errors(error.messages, filled), 422)
    except InvalidInput as error:
        return _render(session, rows, _row_errors(error.errors, filled), 422)
    except (NotFound, NotPermitted):
        raise
    except DomainError as error:  # the session was cancelled meanwhile
        return _render(session, rows, {"_schema": [message_of(error)]}, 409)
    services.wait_for_position(result.position)
    if result.repeated:  # the same sitting sent again (a second tap, a restored draft)
        flash(ngettext("%(num)d recommandation était déjà enregistrée : rien de plus.",
                       "%(num)d recommandations étaient déjà enregistrées : rien de plus.",
                       len(result.ids)), "success")
    else:
        flash(ngettext("%(num)d recommandation de la session enregistrée.",
                       "%(num)d recommandations de la session enregistrées.",
                       len(result.ids)), "success")
    return go_to(url_for(".show", session_id=session_id))


@blueprint.route("/<session_id>/recommandations/ligne")
@login_required
def sitting_row(session_id):
    """One empty row (htmx), and the button that will fetch the next one."""
    principal, session, _may_add = _session_for_sitting(session_id)
    if not request.htmx:
        return redirect(url_for(".sitting", session_id=session_id), code=303)
    try:
        index = min(max(int(request.args.get("index", 0)), 0), MOST_ROWS - 1)
    except ValueError:
        index = 0
    return services.make_page(render_template(
        "sessions/_sitting_row.html", session=session, index=index, row=new_row(),
        row_errors={}, fields=ROW_FIELDS, count=index + 1, most_rows=MOST_ROWS,
        add_row=ADD_ROW))


def new_row() -> dict:
    return {"request_id": str(uuid4())}


def rows_from(form) -> list[dict]:
    """The rows of a posted sitting (``items-2-title``…), in their order on the form."""
    rows: dict[int, dict] = {}
    for name, value in form.items():
        match = _ROW_FIELD.match(name)
        if match:
            rows.setdefault(int(match[1]), {})[match[2]] = value
    return [rows[index] for index in sorted(rows)]


def _blank(row: dict) -> bool:
    return not any((row.get(name) or "").strip() for name in ROW_NAMES)


def _row_errors(errors: dict, filled: list[int]) -> dict:
    """``{"items": {"<index of the item>": {field: [messages]}}}`` as errors by row on the
    form (blank rows were not sent), with a line naming the rows to correct."""
    items = errors.get("items", {})
    if not isinstance(items, dict):  # about the sitting as a whole (how many rows)
        return {"_schema": list(items)}
    by_row = {filled[int(index)]: messages for index, messages in items.items()}
    numbers = ", ".join(str(position + 1) for position in sorted(by_row))
    return {"_schema": [N_("Rien n'est enregistré : corrigez les lignes %(rows)s, puis "
                           "envoyez à nouveau.", rows=numbers)], "rows": by_row}


def _session_for_sitting(session_id: str):
    principal = services.principal()
    require_role_may(principal, RAISE)  # 403 for the roles that never raise
    tracker = services.tracker()
    session = tracker.session(principal, session_key(session_id))  # 404
    return principal, session_view(session), tracker.may_raise_from_session(principal, session)


def _render(session: dict, rows: list[dict], errors: dict, status: int):
    template = "sessions/_sitting_form.html" if request.htmx else "sessions/sitting.html"
    return either_way(render_template(
        template, session=session, rows=rows, errors=errors, fields=ROW_FIELDS,
        most_rows=MOST_ROWS, add_row=ADD_ROW), status)
