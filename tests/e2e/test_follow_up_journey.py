"""The commune keeps a voice once its file has gone up, on a phone (360×740): the secretary
sends the file to the region, adds a follow-up, chases the region up (once a day, with
JavaScript and without), the region accepts it, and the secretary reports progress. Each
step checks what the secretary and the region read, and that no page scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journey import ATTACH, CHASE_UP, DONE, ESCALATE, CaseFilePage

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
TITLE = "Lampadaires du marché aux poissons (suivi et relances)"
FOLLOW_UP = "Ajouter un suivi"
PROGRESS = "Signaler l'avancement"
AWAITING = "En attente d'accusé de réception"
TOO_SOON = "Ce dossier a déjà été relancé il y a moins de 24 heures"


@pytest.fixture(autouse=True)
def clock_put_back(live_server):
    """The other browser tests expect the server's clock where they found it."""
    now = live_server.clock.now
    yield
    live_server.clock.now = now


def assert_fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways: {width}px wide"


def test_the_commune_follows_up_chases_up_and_reports_progress_on_a_phone(signed_in,
                                                                         live_server):
    recommendation_id = live_server.raise_recommendation(title=TITLE)
    address = f"/recommendations/{recommendation_id}"

    # The secretary sends the file up: it is the region's now, but she may still speak.
    secretary = signed_in("sec_segou", **PHONE)
    secretary.goto(address)
    assert_fits_the_phone(secretary)
    file = CaseFilePage(secretary, javascript=True)
    file.act(ESCALATE, Motif="La commune n'a pas le budget pour ces lampadaires.")
    file.expect_status(AWAITING, "Région")
    file.expect_actions(FOLLOW_UP, CHASE_UP, ATTACH)
    assert_fits_the_phone(secretary)

    file.act(FOLLOW_UP, Suivi="Un artisan de Ségou propose un devis deux fois moins cher.")
    file.expect_status(AWAITING, "Région")  # a follow-up changes nothing of the state
    assert file.timeline()[-1] == "Suivi ajouté"
    expect(secretary.locator(".timeline blockquote").last).to_have_text(
        "Un artisan de Ségou propose un devis deux fois moins cher.")

    # A chase-up, with JavaScript: the form says whom it reminds.
    secretary.get_by_role("link", name=CHASE_UP, exact=True).click()
    expect(secretary.locator("#action-panel h3")).to_have_text("Relancer la région de Ségou")
    assert_fits_the_phone(secretary)
    secretary.locator("#action-panel").get_by_role("button", name=CHASE_UP).click()
    expect(secretary.get_by_text(DONE[CHASE_UP], exact=True)).to_be_visible()
    assert file.timeline()[-1] == "Relance"
    # Again the same day: refused, and the form says until when.
    secretary.get_by_role("link", name=CHASE_UP, exact=True).click()
    secretary.locator("#action-panel").get_by_label("Message").fill("Toujours rien ?")
    secretary.locator("#action-panel").get_by_role("button", name=CHASE_UP).click()
    error = secretary.locator("#action-panel .flash.error")
    expect(error).to_contain_text(TOO_SOON)
    expect(error).to_contain_text("11/03/2026 09:00 GMT")
    expect(error).to_be_focused()
    assert_fits_the_phone(secretary)

    # Without JavaScript, the same refusal on the form's own page; a day later it goes.
    plain = signed_in("sec_segou", javascript=False, **PHONE)
    plain.goto(address)
    plain.get_by_role("link", name=CHASE_UP, exact=True).click()
    expect(plain).to_have_url(re.compile(r"/chase-up$"))
    plain.get_by_label("Message").fill("Le marché est toujours dans le noir.")
    with plain.expect_response(re.compile(r"/chase-up$")) as refused:
        plain.get_by_role("button", name=CHASE_UP).click()
    assert refused.value.status == 409
    expect(plain.locator("form.action-form .flash.error")).to_contain_text(TOO_SOON)
    expect(plain.get_by_label("Message")).to_have_value("Le marché est toujours dans le noir.")
    assert_fits_the_phone(plain)
    live_server.clock.advance(hours=24, seconds=1)
    plain.get_by_role("button", name=CHASE_UP).click()
    expect(plain).to_have_url(re.compile(rf"{address}$"))
    expect(plain.get_by_text(DONE[CHASE_UP], exact=True)).to_be_visible()
    assert CaseFilePage(plain, javascript=False).timeline()[-2:] == ["Relance", "Relance"]

    # The region reads what the commune said, acknowledges and accepts.
    region = signed_in("reg_segou", **PHONE)
    region.goto(address)
    assert_fits_the_phone(region)
    file = CaseFilePage(region, javascript=True)
    assert file.timeline() == ["Recommandation enregistrée", "Transmise à la région",
                               "Suivi ajouté", "Relance", "Relance"]
    expect(region.locator(".timeline blockquote").last).to_have_text(
        "Le marché est toujours dans le noir.")
    file.expect_actions("Ajouter une note", "Accuser réception", "Demander des précisions")
    file.act("Accuser réception")
    file.act("Retenir", **{"Date cible de mise en œuvre": "2026-06-30"})
    file.expect_status("Retenue", "Région")
    # The owner of the level reports progress too, and the implementation at the end.
    file.expect_actions("Ajouter une note", "Signaler la mise en œuvre", PROGRESS)
    assert "Avancement" not in file.state()
    assert_fits_the_phone(region)

    # The secretary reports how far the work has come.
    secretary.goto(address)
    file = CaseFilePage(secretary, javascript=True)
    file.expect_status("Retenue", "Région")
    file.expect_actions(FOLLOW_UP, PROGRESS, ATTACH)
    secretary.get_by_role("link", name=PROGRESS, exact=True).click()
    percent = secretary.locator("#action-panel").get_by_label(re.compile(r"^Avancement"))
    assert percent.get_attribute("type") == "number"  # a number keypad on the phone
    secretary.locator("#action-panel").get_by_role("link", name="Annuler").click()
    expect(secretary.locator("#action-panel form")).to_have_count(0)
    file.act(PROGRESS, **{"Avancement (%)": "50",
                          "Où en est la mise en œuvre": "Cinq lampadaires sur dix sont posés."})
    assert file.state()["Avancement"] == "50 %"
    expect(secretary.locator("dd.advancement progress")).to_have_attribute("value", "50")
    assert file.timeline()[-1] == "Avancement signalé"
    expect(secretary.locator(".timeline > li").last).to_contain_text("Avancement : 50 %")
    assert_fits_the_phone(secretary)

    # The region sees it too, on time for its target date.
    region.goto(address)
    file = CaseFilePage(region, javascript=True)
    assert file.state()["Avancement"] == "50 %"
    assert file.state()["Date cible de mise en œuvre"] == "30 juin 2026"
    expect(region.get_by_text("Mise en œuvre en retard")).to_have_count(0)
    assert_fits_the_phone(region)
