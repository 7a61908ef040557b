"""A recommendation's page, the raise form and the form of each action.

Without JavaScript every form posts, then redirects to the page (POST → redirect → GET).
With htmx the same handlers answer fragments: the refreshed recommendation after a
success, the form with its errors (422) or with the conflict (409) otherwise."""

from __future__ import annotations

from flask_babel import gettext as _

from domain.messages import N_, message_of
from web.i18n import translate
from uuid import UUID, uuid4

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from marshmallow import ValidationError

from domain.catalogue import ACTIONS, COMMANDS, NEXT_STEPS, RAISE
from domain.deadlines import is_implementation_overdue
from domain.recommendation import DomainError, InvalidInput, NothingChanged
from projections.queries import history_of
from projections.session_queries import commune_sessions
from tracker.authorization import NotFound, NotPermitted, require_role_may
from web.limits import takes_files
from web import attachments, drafts, inbox, services
from web.as_of import parse_as_of
from web.filters import ACTION_LABELS
from web.forms import ACTION_FIELDS, GRAVE_ACTIONS, RAISE_FIELDS
from web.schemas import RaiseSchema, load_action

blueprint = Blueprint("recommendations", __name__, url_prefix="/recommendations")


@blueprint.route("/nouvelle", methods=["GET", "POST"])
@takes_files
@login_required
def new():
    principal = services.principal()
    require_role_may(principal, RAISE.name)  # the tracker's own check, before the form
    values, errors = dict(request.form), {}
    if request.method == "GET":
        # One key per opened form: a double click or a retry after a timeout posts the
        # same key again and gets the same recommendation back.
        values = {"request_id": str(uuid4()), **(_restored_draft() or {})}
    else:
        drafts.forget()  # sent again: the draft kept when the session had ended is done
        try:
            fields = RaiseSchema().load(request.form)
            fields["commune"] = principal.commune
            result = services.tracker().raise_recommendation(
                principal, files=attachments.uploaded_files(), **fields)
        except ValidationError as error:
            errors = error.messages
        except InvalidInput as error:
            errors = error.errors
        else:
            services.wait_for_position(result.position)
            flash(translate(RAISE.done) if result.created
                  else _("Cette recommandation était déjà enregistrée."), "success")
            return _go_to(url_for(".show", recommendation_id=result.recommendation_id))
    template = ("recommendations/_raise_form.html" if request.htmx
                else "recommendations/new.html")
    return services.make_page(render_template(
        template, fields=RAISE_FIELDS, values=values, errors=errors), 422 if errors else 200)


@blueprint.route("/<recommendation_id>")
@login_required
def show(recommendation_id):
    context = _page_context(recommendation_id)
    inbox.mark_read_about(context["recommendation"].id)  # what told them of it is read
    return services.make_page(render_template("recommendations/show.html", **context))


@blueprint.route("/<recommendation_id>/<command>", methods=["GET", "POST"])
@takes_files
@login_required
def action(recommendation_id, command):
    if command not in ACTIONS:
        abort(404)
    context = _page_context(recommendation_id)
    recommendation = context["recommendation"]
    if request.method == "GET":
        draft = drafts.restore()
        if command not in context["actions"]:
            return _not_possible_now(recommendation_id, command, draft)
        if draft:
            drafts.announce_restored()
        return _form(context, command,
                     {**_initial_values(recommendation, command), **(draft or {})}, {}, 200)
    drafts.forget()  # sent again: the draft kept when the session had ended is done
    values = dict(request.form)
    level_before = recommendation.level  # the command may move the file: said from here
    try:
        expected_version, fields = load_action(command, request.form)
        # The file the page was drawn from: the command loads nothing more.
        result = services.tracker().act(services.principal(), recommendation.id, command,
                                        expected_version=expected_version,
                                        loaded=recommendation,
                                        files=attachments.uploaded_files(), **fields)
    except ValidationError as error:
        return _form(context, command, values, error.messages, 422)
    except (InvalidInput, NothingChanged) as error:
        return _form(context, command, values, error.errors, 422)
    except (NotFound, NotPermitted):
        raise
    except DomainError as error:  # someone acted first, or the state no longer allows it
        return _form(context, command, values, {"_schema": [message_of(error)]}, 409)
    services.wait_for_position(result.position)
    if result.repeated:  # a double click, or a retry of a post whose answer was lost
        flash(_("%(action)s : c'était déjà enregistré.",
                action=translate(ACTION_LABELS[command])), "success")
    else:
        flash(_done(command, level_before, recommendation), "success")
    if request.htmx:
        fresh = _page_context(recommendation_id)
        response = services.make_page(render_template(
            "recommendations/_recommendation.html", **fresh))
        response.headers["HX-Push-Url"] = url_for(".show", recommendation_id=recommendation_id)
        return response
    return redirect(url_for(".show", recommendation_id=recommendation_id), code=303)


def _restored_draft() -> dict | None:
    draft = drafts.restore()
    if draft:
        drafts.announce_restored()
    return draft


def _not_possible_now(recommendation_id: str, command: str, draft: dict | None):
    return drafts.not_possible_now(
        draft, lambda request_id: services.tracker().earlier_result(
            services.principal(), UUID(recommendation_id), command, request_id),
        translate(ACTION_LABELS[command]),
        _("Cette action n'est pas possible pour vous sur ce dossier en ce moment."),
        url_for(".show", recommendation_id=recommendation_id))


def _go_to(url: str):
    """After a form: redirect (303); through htmx, ask the browser to load the page itself,
    as an XMLHttpRequest would follow a 303 silently and swap a whole page into the form."""
    if request.htmx:
        response = services.make_page("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


def _page_context(recommendation_id: str) -> dict:
    try:
        key = UUID(recommendation_id)
    except ValueError:
        raise NotFound(N_("Recommandation introuvable."))
    principal = services.principal()
    tracker = services.tracker()
    as_of = parse_as_of(request.args.get("as_of"))
    if as_of is None:
        recommendation = tracker.recommendation(principal, key)
        actions = tracker.allowed_actions(principal, recommendation)
    else:  # the file as it stood then: read-only, history up to then
        recommendation, actions = tracker.recommendation_as_of(principal, key, as_of), []
    services.wait_for_position()
    # Late at the time it is for the application (or, for the past, at that moment).
    late = is_implementation_overdue(recommendation.status, recommendation.target_date,
                                     as_of or services.now())
    next_step, other_actions = offers(recommendation, actions)
    return {"recommendation": recommendation, "actions": actions, "as_of": as_of,
            "next_step": next_step, "other_actions": other_actions,
            "history": history_of(services.read_models().reader, key, until=as_of),
            "grave_actions": GRAVE_ACTIONS, "implementation_overdue": late}


def _form(context: dict, command: str, values: dict, errors: dict, status: int):
    template = ("recommendations/_action_form.html" if request.htmx
                else "recommendations/action.html")
    response = services.make_page(render_template(
        template, command=command, fields=ACTION_FIELDS[command], values=values,
        errors=errors, takes_files=COMMANDS[command].attachments,
        destination=_destination(command, context["recommendation"]),
        field_options=_field_options(command, context["recommendation"]), **context), status)
    if request.htmx and status != 200:
        # The form was posted from inside the page: show it again where it was.
        response.headers["HX-Retarget"] = "#action-panel"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def _field_options(command: str, recommendation) -> dict:
    """The choices of fields whose options depend on the file: a session to join is one
    of its commune's (not cancelled), newest first."""
    return {spec.name: commune_sessions(services.read_models().reader, recommendation.commune)
            for spec in COMMANDS[command].fields if spec.kind == "session"}


def offers(recommendation, actions: list[str]) -> tuple[dict | None, list[dict]]:
    """The reader's next step (one primary button, named by where it sends the file) and
    the other actions, each with its label and the line that says what it does."""
    described = [{"command": command,
                  "label": _destination(command, recommendation)
                  or translate(COMMANDS[command].label),
                  "purpose": translate(COMMANDS[command].purpose_at(recommendation.level)
                                       or "")}
                 for command in actions]
    for step in NEXT_STEPS:
        for offer in described:
            if offer["command"] == step:
                return offer, [other for other in described if other is not offer]
    return None, described


def _done(command: str, level_before: str, recommendation) -> str:
    """The confirmation, as a sentence saying where the file went when it went somewhere."""
    sentence = COMMANDS[command].done_from.get(level_before)
    if sentence is None:
        return translate(COMMANDS[command].done)
    return _(sentence.msgid, region=services.tracker().reference.region_name(
        recommendation.region))


def _destination(command: str, recommendation) -> str | None:
    """Where the command sends the file, as the form says it (« Transmettre à la région
    de Ségou »): the catalogue's sentence for the level the file is at."""
    sentence = COMMANDS[command].destination.get(recommendation.level)
    if sentence is None:
        return None
    return _(sentence.msgid, region=services.tracker().reference.region_name(
        recommendation.region))


def _initial_values(recommendation, command: str) -> dict:
    # One key per opened form, as for raising: the same post again records nothing more.
    values = {"expected_version": recommendation.version, "request_id": str(uuid4())}
    # A form that changes the file's own fields (an amendment) starts from them.
    for spec in COMMANDS[command].fields:
        current = getattr(recommendation, spec.name, None) if spec.name in RAISE.field_names() \
            else None
        if current is not None:
            values[spec.name] = current.isoformat() if spec.kind == "date" else current
    return values
