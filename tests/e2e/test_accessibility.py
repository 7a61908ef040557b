"""Accessible: axe-core finds nothing critical or serious on any page or form, in each
language of the interface; every action is reachable by keyboard; after an htmx swap the
focus goes to the new content or to the first error; status is written, not coloured."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from domain.catalogue import ACTIONS
from domain.vocabulary import STATUSES

AXE = Axe()
LANGUAGES = ["fr", "en"]  # the interface's languages (web/i18n.py), chosen by the `lang` cookie
REASON = "La commune ne peut pas financer seule ces travaux."

# Each action form, with who may fill it and the state the file must be in first: every
# action of the catalogue (domain/catalogue.py), test_every_action_has_its_form_here says so.
ACTION_FORMS = {
    "amend": ("sec_segou", "open"),
    "note": ("sec_segou", "open"),
    "escalate": ("sec_segou", "open"),
    "accept": ("sec_segou", "open"),
    "withdraw": ("sec_segou", "open"),
    "acknowledge": ("reg_segou", "awaiting_acknowledgement"),
    "request-clarification": ("reg_segou", "awaiting_acknowledgement"),
    "clarify": ("sec_segou", "clarification_requested"),
    "decline": ("reg_segou", "acknowledged"),
    "report-implementation": ("sec_segou", "accepted"),
    "reopen": ("sec_segou", "withdrawn"),
    "follow-up": ("sec_segou", "awaiting_acknowledgement"),
    "chase-up": ("sec_segou", "awaiting_acknowledgement"),
    "report-progress": ("sec_segou", "accepted"),
    "attach-to-session": ("sec_segou", "open"),
}
# The commands (by, command, fields) that bring a freshly raised file to each state.
ROUTE_TO = {
    "open": [],
    "awaiting_acknowledgement": [("sec_segou", "escalate", {"reason": REASON})],
    "clarification_requested": [
        ("sec_segou", "escalate", {"reason": REASON}),
        ("reg_segou", "request-clarification", {"question": "Quel est le coût estimé ?"})],
    "acknowledged": [("sec_segou", "escalate", {"reason": REASON}),
                     ("reg_segou", "acknowledge", {})],
    "accepted": [("sec_segou", "accept", {})],
    "withdrawn": [("sec_segou", "withdraw", {"reason": REASON})],
}


def file_in(live_server, state: str):
    recommendation_id = live_server.raise_recommendation()
    for by, command, fields in ROUTE_TO[state]:
        live_server.act(by, recommendation_id, command, **fields)
    return recommendation_id


def in_language(page: Page, language: str) -> Page:
    page.context.add_cookies([{"name": "lang", "value": language,
                               "domain": "127.0.0.1", "path": "/"}])
    return page


def assert_no_serious_violations(page: Page) -> None:
    # axe runs in the page: only with JavaScript on (the forms' pages are whole pages anyway).
    results = AXE.run(page)
    serious = [violation for violation in results.response["violations"]
               if violation["impact"] in ("critical", "serious")]
    assert not serious, f"axe on {page.url}:\n" + results.generate_report()


# ---- axe, page by page -------------------------------------------------------------------
@pytest.fixture(params=LANGUAGES)
def language(request) -> str:
    return request.param


def test_login_page(open_browser, language):
    page = in_language(open_browser("visitor"), language)
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_serious_violations(page)
    # A refused sign-in, with its message.
    page.locator("#username").fill("personne")
    page.locator("#password").fill("mauvais mot de passe")
    page.locator("form button[type=submit]").click()
    expect(page.locator("#login-error")).to_be_visible()
    assert_no_serious_violations(page)


def test_board(signed_in, live_server, language):
    for state in ROUTE_TO:  # every status in view
        file_in(live_server, state)
    page = in_language(signed_in("reg_segou"), language)
    page.goto("/")
    expect(page.locator("table.board")).to_be_visible()
    assert_no_serious_violations(page)


def test_recommendation_page_with_its_history(signed_in, live_server, language):
    recommendation_id = file_in(live_server, "clarification_requested")
    page = in_language(signed_in("sec_segou"), language)
    page.goto(f"/recommendations/{recommendation_id}")
    expect(page.locator(".timeline > li")).to_have_count(3)
    assert_no_serious_violations(page)
    # The same page with an action's form loaded into it by htmx.
    page.locator("section.actions a[href$='/clarify']").click()
    expect(page.locator("#action-panel form")).to_be_visible()
    assert_no_serious_violations(page)


def test_raise_form_empty_and_refused(signed_in, language):
    page = in_language(signed_in("sec_segou"), language)
    page.goto("/recommendations/nouvelle")
    assert_no_serious_violations(page)
    page.locator("#title").fill("Lamp")  # too short: refused by the server
    page.locator("#theme").select_option("eclairage_public")
    page.locator("#meeting_date").fill("2026-03-07")
    page.locator("form:has(#title) button[type=submit]").click()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    assert_no_serious_violations(page)


def test_every_action_has_its_form_here():
    assert sorted(ACTION_FORMS) == sorted(ACTIONS)


@pytest.mark.parametrize("command", ACTIONS)
def test_action_form(signed_in, live_server, command, language):
    person, state = ACTION_FORMS[command]
    recommendation_id = file_in(live_server, state)
    page = in_language(signed_in(person), language)
    # Offered to this person in this state: its link is on the file's page.
    page.goto(f"/recommendations/{recommendation_id}")
    expect(page.locator(f"section.actions a[href$='/{command}']")).to_have_count(1)
    page.goto(f"/recommendations/{recommendation_id}/{command}")
    expect(page.locator("form.action-form")).to_be_visible()
    assert_no_serious_violations(page)


def test_progress_on_the_recommendation_page(signed_in, live_server, language):
    recommendation_id = file_in(live_server, "accepted")
    live_server.act("sec_segou", recommendation_id, "report-progress", percent=40,
                    note="Quatre lampadaires sur dix sont posés.")
    page = in_language(signed_in("sec_segou"), language)
    page.goto(f"/recommendations/{recommendation_id}")
    expect(page.locator("dd.advancement progress")).to_have_attribute("value", "40")
    assert_no_serious_violations(page)


def test_a_refused_chase_up_form(signed_in, live_server, language):
    recommendation_id = file_in(live_server, "awaiting_acknowledgement")
    live_server.act("sec_segou", recommendation_id, "chase-up")
    page = in_language(signed_in("sec_segou"), language)
    page.goto(f"/recommendations/{recommendation_id}/chase-up")
    page.locator("form.action-form button[type=submit]").click()
    expect(page.locator("form.action-form .flash.error")).to_be_visible()
    assert_no_serious_violations(page)


def test_action_form_with_errors(signed_in, live_server, language):
    recommendation_id = file_in(live_server, "open")
    page = in_language(signed_in("sec_segou"), language)
    page.goto(f"/recommendations/{recommendation_id}/escalate")
    page.locator("#reason").fill("Court")  # under 10 characters: refused by the server
    page.locator("form.action-form button[type=submit]").click()
    expect(page.locator("#reason")).to_have_attribute("aria-invalid", "true")
    assert_no_serious_violations(page)


# ---- status in words ---------------------------------------------------------------------
def test_every_status_is_written_not_only_coloured(signed_in, live_server):
    for state in ROUTE_TO:
        file_in(live_server, state)
    page = signed_in("reg_segou")
    page.goto("/")
    badges = page.locator("table.board .badge")
    expect(badges.first).to_be_visible()
    labels = {str(label) for label in STATUSES.values()}
    texts = set(badges.all_inner_texts())
    assert texts <= labels and len(texts) >= 4, texts


# ---- keyboard ----------------------------------------------------------------------------
def focused(page: Page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, id: e.id, text: (e.innerText || '').trim(),
                href: e.getAttribute('href') || ''}; }""")


def tab_to(page: Page, predicate, limit: int = 60) -> dict:
    """Press Tab until ``predicate(focused element)``; fails if never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"not reachable with Tab within {limit} presses")


def test_every_action_is_reachable_by_keyboard_and_focus_follows_htmx(signed_in, live_server):
    recommendation_id = live_server.raise_recommendation(title="Patrouilles de nuit au clavier")
    page = signed_in("sec_segou")
    page.goto("/?q=clavier")
    # A filter chosen with the arrow keys: the board follows, the focus stays in the filter.
    status = page.locator("select[name=status]")
    status.focus()
    with page.expect_response(re.compile(r"status=open")):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#board-count")).to_contain_text("1 recommandation")
    expect(status).to_be_focused()
    # From the board to the file, by keyboard only.
    tab_to(page, lambda element: element["href"].endswith(str(recommendation_id)))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/recommendations/{recommendation_id}$"))
    # Every action link comes up in the tab order.
    actions = page.locator("section.actions .action-list a")
    wanted = set(actions.all_inner_texts())
    assert len(wanted) == 6  # « Rattacher à une session » too
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["text"] in wanted and "/recommendations/" in element["href"]:
            reached.add(element["text"])
        if reached == wanted:
            break
    assert reached == wanted

    # Enter on "Ajouter une note": the form comes in, the focus is on its field.
    page.goto(f"/recommendations/{recommendation_id}")
    tab_to(page, lambda element: element["href"].endswith("/note"))
    page.keyboard.press("Enter")
    expect(page.locator("#action-panel #note")).to_be_focused()
    page.keyboard.type("Le devis des lampadaires est arrivé.")
    tab_to(page, lambda element: element["tag"] == "BUTTON" and element["text"] == "Ajouter une note")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Note ajoutée.", exact=True)).to_be_visible()
    expect(page.locator("#recommendation")).to_be_focused()  # the refreshed file

    # A refused form: the focus goes to the first field in error.
    tab_to(page, lambda element: element["href"].endswith("/escalate"))
    page.keyboard.press("Enter")
    expect(page.locator("#action-panel #reason")).to_be_focused()
    page.keyboard.type("Court")
    tab_to(page, lambda element: element["tag"] == "BUTTON"
           and element["text"] == "Transmettre à la région de Ségou")
    page.keyboard.press("Enter")
    expect(page.locator("#reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#reason")).to_be_focused()
