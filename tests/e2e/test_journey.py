"""A recommendation's whole life in a real browser, each person in their own browser, with
JavaScript (htmx fragments) and without it (plain forms and links, POST → redirect → GET).

Each step checks what the person reads: the state block, the status label, the actions
offered (and that the others are absent), the timeline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from domain.catalogue import COMMANDS

TITLE = "Lampadaires solaires autour du grand marché"
NO_ACTION = "Aucune action ne vous revient sur ce dossier pour le moment."
# Where the file goes is in the button's name.
ESCALATE, TO_CRSS = "Transmettre à la région de Ségou", "Transmettre au CRSS"
FOLLOW_UP, CHASE_UP = "Ajouter un suivi", "Relancer la région de Ségou"
CHASE_UP_CRSS = "Relancer le CRSS"
ATTACH = "Rattacher à une session"  # the commune's secretary, whatever the file's state
# What a page says once an action is recorded: the command's own sentence (« Dossier
# transmis. »), by the label of its button, both in French (the catalogue's ids).
DONE = {command.label.msgid: command.done.msgid for command in COMMANDS.values()}
DONE.update({ESCALATE: "Recommandation transmise à la région de Ségou.",
             TO_CRSS: "Recommandation transmise au CRSS.",
             CHASE_UP: "Relance envoyée à la région de Ségou.",
             CHASE_UP_CRSS: "Relance envoyée au CRSS."})


class CaseFilePage:
    """What a person sees and does on a recommendation's page, with or without JavaScript."""

    def __init__(self, page: Page, javascript: bool):
        self.page = page
        self.javascript = javascript

    def state(self) -> dict[str, str]:
        terms = self.page.locator("dl.state > div > dt").all_inner_texts()
        values = self.page.locator("dl.state > div > dd").all_inner_texts()
        return {term.strip(): value.strip() for term, value in zip(terms, values, strict=True)}

    def expect_status(self, status: str, level: str) -> None:
        expect(self.page.locator("dl.state .badge")).to_have_text(status)
        assert self.state()["Niveau"] == level

    def actions(self) -> list[str]:
        return sorted(self.page.locator("section.actions .action-list a").all_inner_texts())

    def expect_actions(self, *labels: str) -> None:
        assert self.actions() == sorted(labels)
        if not labels:
            expect(self.page.locator("section.actions")).to_contain_text(NO_ACTION)

    def timeline(self) -> list[str]:
        return self.page.locator(".timeline > li .what strong").all_inner_texts()

    def act(self, action: str, **fields: str) -> None:
        """Open the action's form from its link, fill it by label, send it."""
        page = self.page
        address = page.url
        page.get_by_role("link", name=action, exact=True).click()
        form = page.locator("form.action-form")
        expect(form.get_by_role("heading", name=action)).to_be_visible()
        if self.javascript:  # htmx loaded the form into the page: same address
            assert page.url == address
            page.evaluate("window.sameDocument = true")
        else:  # a page of its own
            assert re.search(r"/recommendations/[0-9a-f-]+/[a-z-]+$", page.url)
        for label, value in fields.items():
            control = form.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))
            if control.evaluate("element => element.tagName") == "SELECT":
                control.select_option(label=value)
            else:
                control.fill(value)
        form.get_by_role("button", name=action, exact=True).click()
        expect(page.get_by_text(DONE[action], exact=True)).to_be_visible()
        if self.javascript:  # the file was refreshed in place, not reloaded
            assert page.evaluate("window.sameDocument") is True
        expect(page.locator("form.action-form")).to_have_count(0)


def find_on_board(page: Page, javascript: bool, title: str, **choices: str):
    """The board, searched for ``title`` and filtered by ``choices`` (select name → label);
    the file's row. Other tests' files share the board: its first page may not show ours."""
    page.get_by_role("link", name="Tableau de bord", exact=True).click()
    filters = page.get_by_role("search")
    more = filters.locator("details.more-filters")
    if choices and not more.evaluate("details => details.open"):
        more.locator("summary").click()  # « Plus de filtres », folded on a phone
    for name, label in choices.items():
        filters.locator(f"select[name={name}]").select_option(label=label)
        if javascript:  # htmx: the board follows the choice, the address too
            expect(page).to_have_url(re.compile(rf"[?&]{name}="))
    filters.locator("#q").fill(title)
    filters.locator("#q").press("Enter")  # submits: htmx swaps the board, or a new page
    expect(page).to_have_url(re.compile(r"[?&]q=[^&]"))
    row = page.locator("table.board tbody tr", has_text=title)
    expect(page.locator("table.board tbody tr")).to_have_count(1)
    return row


def open_from_board(page: Page, javascript: bool, title: str) -> None:
    find_on_board(page, javascript, title).get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_recommendation_goes_from_the_commune_to_the_crss_and_is_audited(
        sign_in, live_server, javascript):
    title = f"{TITLE} ({'avec' if javascript else 'sans'} JavaScript)"

    # The secretary of Ségou raises it after the CCS session of 7 March, then sends it up.
    secretary = sign_in("sec_segou", javascript)
    secretary.get_by_role("link", name="Nouvelle recommandation").click()
    secretary.get_by_label("Titre").fill(title)
    secretary.get_by_label("Description").fill("Dix lampadaires solaires autour du marché.")
    secretary.get_by_label("Thème").select_option(label="Éclairage public")
    secretary.get_by_label("Date de la session du CCS").fill("2026-03-07")
    secretary.get_by_label("Proposée par").select_option(label="Femmes")
    secretary.get_by_role("button", name="Enregistrer").click()
    expect(secretary.get_by_text("Recommandation enregistrée.")).to_be_visible()
    expect(secretary.get_by_role("heading", level=1)).to_have_text(title)
    file = CaseFilePage(secretary, javascript)
    file.expect_status("Ouverte", "Commune")
    assert {key: file.state()[key] for key in ("Commune", "Région", "Thème", "Session du CCS",
                                               "Proposée par")} == {
        "Commune": "Ségou", "Région": "Ségou", "Thème": "Éclairage public",
        "Session du CCS": "7 mars 2026", "Proposée par": "Femmes"}
    file.expect_actions("Modifier", "Ajouter une note", ESCALATE, "Retenir", "Retirer", ATTACH)
    assert file.timeline() == ["Recommandation enregistrée"]

    file.act(ESCALATE, Motif="La commune n'a pas le budget pour les lampadaires.")
    file.expect_status("En attente d'accusé de réception", "Région")
    assert file.state()["Accusé de réception attendu avant le"] == "25 mars 2026 à 09:00 GMT"
    file.expect_actions(FOLLOW_UP, CHASE_UP, ATTACH)  # in the region's hands: she may speak
    expect(secretary.locator(".timeline > li").last).to_contain_text(
        "Accusé de réception attendu avant le 25 mars 2026")

    # The region sees it waiting, and asks for details before acknowledging.
    region = sign_in("reg_segou", javascript)
    row = find_on_board(region, javascript, title, status="En attente d'accusé de réception")
    expect(row).to_contain_text("En attente d'accusé de réception")
    expect(row).to_contain_text("25 mars 2026")
    row.get_by_role("link", name=title).click()
    file = CaseFilePage(region, javascript)
    file.expect_actions("Ajouter une note", "Accuser réception", "Demander des précisions")
    file.act("Demander des précisions", Question="Combien de lampadaires, et à quel coût ?")
    file.expect_status("Précisions demandées", "Région")
    file.expect_actions("Ajouter une note")
    expect(region.locator(".timeline blockquote").last).to_have_text(
        "Combien de lampadaires, et à quel coût ?")

    # The secretary answers.
    open_from_board(secretary, javascript, title)
    file = CaseFilePage(secretary, javascript)
    file.expect_actions("Apporter les précisions", FOLLOW_UP, CHASE_UP, ATTACH)
    file.act("Apporter les précisions", Réponse="Dix lampadaires, quatre millions de francs CFA.")
    file.expect_status("En attente d'accusé de réception", "Région")
    file.expect_actions(FOLLOW_UP, CHASE_UP, ATTACH)

    # The region acknowledges, then sends it on to the CRSS.
    open_from_board(region, javascript, title)
    file = CaseFilePage(region, javascript)
    file.act("Accuser réception")
    file.expect_status("Reçue", "Région")
    file.expect_actions("Ajouter une note", TO_CRSS, "Retenir", "Ne pas retenir")
    file.act(TO_CRSS, Motif="Le budget régional ne couvre pas cette dépense.")
    file.expect_status("En attente d'accusé de réception", "National (CRSS)")
    assert file.state()["Accusé de réception attendu avant le"] == "9 avril 2026 à 09:00 GMT"
    file.expect_actions(FOLLOW_UP, CHASE_UP_CRSS)  # the CRSS holds it now

    # The CRSS acknowledges, accepts with a target date, and reports it done.
    crss = sign_in("crss", javascript)
    open_from_board(crss, javascript, title)
    file = CaseFilePage(crss, javascript)
    file.expect_actions("Ajouter une note", "Accuser réception", "Demander des précisions")
    file.act("Accuser réception", Note="Reçu au CRSS.")
    file.expect_status("Reçue", "National (CRSS)")
    file.act("Retenir", **{"Date cible de mise en œuvre": "2026-06-30"})
    file.expect_status("Retenue", "National (CRSS)")
    assert file.state()["Date cible de mise en œuvre"] == "30 juin 2026"
    file.expect_actions("Ajouter une note", "Signaler la mise en œuvre",
                         "Signaler l'avancement")
    file.act("Signaler la mise en œuvre",
             **{"Ce qui a été fait": "Dix lampadaires installés et mis en service."})
    file.expect_status("Mise en œuvre", "National (CRSS)")
    file.expect_actions()

    # The auditor reads the whole history, and may do nothing.
    auditor = sign_in("auditor", javascript)
    expect(auditor.get_by_role("link", name="Nouvelle recommandation")).to_have_count(0)
    row = find_on_board(auditor, javascript, title)
    expect(row).to_contain_text("Mise en œuvre")
    row.get_by_role("link", name=title).click()
    file = CaseFilePage(auditor, javascript)
    file.expect_status("Mise en œuvre", "National (CRSS)")
    file.expect_actions()
    entries = auditor.locator(".timeline > li .what")
    expected = [
        ("Recommandation enregistrée", "Sec Segou (Secrétariat général de la commune)"),
        ("Transmise à la région", "Sec Segou (Secrétariat général de la commune)"),
        ("Précisions demandées", "Reg Segou (Autorité régionale)"),
        ("Précisions apportées", "Sec Segou (Secrétariat général de la commune)"),
        ("Accusé de réception", "Reg Segou (Autorité régionale)"),
        ("Transmise au CRSS", "Reg Segou (Autorité régionale)"),
        ("Accusé de réception", "Crss (Membre du CRSS)"),
        ("Retenue", "Crss (Membre du CRSS)"),
        ("Mise en œuvre signalée", "Crss (Membre du CRSS)"),
    ]
    expect(entries).to_have_count(len(expected))
    for entry, (event, actor) in zip(entries.all(), expected):
        expect(entry).to_have_text(re.compile(rf"^{re.escape(event)}\s+par {re.escape(actor)}$"))
    quotes = auditor.locator(".timeline blockquote").all_inner_texts()
    assert quotes == ["La commune n'a pas le budget pour les lampadaires.",
                      "Combien de lampadaires, et à quel coût ?",
                      "Dix lampadaires, quatre millions de francs CFA.",
                      "Le budget régional ne couvre pas cette dépense.",
                      "Reçu au CRSS.",
                      "Dix lampadaires installés et mis en service."]
    # Hidden is not enough: the address of an action is refused too.
    auditor.goto(auditor.url + "/note")
    expect(auditor.locator("form.action-form")).to_have_count(0)
    expect(auditor.locator("body")).to_contain_text(re.compile(
        "n'est pas possible|non autorisée"))



def test_an_action_page_opened_by_its_address_works_with_javascript(signed_in, live_server):
    # Reached by a bookmark, a reload or after signing in again: the form is a page of its
    # own, and htmx must still have somewhere to put the answer.
    recommendation_id = live_server.raise_recommendation(title="Causeries radio sur les VBG")
    page = signed_in("sec_segou")
    page.goto(f"/recommendations/{recommendation_id}/escalate")
    page.get_by_label("Motif").fill("Court")
    page.get_by_role("button", name=ESCALATE).click()
    expect(page.get_by_label("Motif")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Motif").fill("La radio communale demande un appui de la région.")
    page.get_by_role("button", name=ESCALATE).click()
    expect(page.get_by_text(DONE[ESCALATE], exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/recommendations/{recommendation_id}$"))
    CaseFilePage(page, javascript=True).expect_status("En attente d'accusé de réception",
                                                      "Région")
