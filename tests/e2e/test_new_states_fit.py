"""The states this round of work added to pages, at 360 × 740 and 1280 × 800: the outbox
with an entry waiting and one refused, a page shown offline with its banner, the sign-in
page saying how long to wait, and the auditors' page listing an event set aside by a read
model. Nothing scrolls sideways, every tap target is 44 px, text is readable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from projections.history import HistoryProjection
from tests.conftest import raise_fields
from tests.e2e.layout import DESKTOP, PHONE, layout_problems
from tests.e2e.test_offline import fill_raise, keep_offline, ready_for_offline

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize("size", SIZES)
def test_the_outbox_with_entries_and_a_page_seen_offline(signed_in, size):
    page = signed_in("sec_segou", **SIZES[size])
    ready_for_offline(page)
    page.context.set_offline(True)
    page.goto("/recommendations/nouvelle")
    expect(page.locator(".offline-banner")).to_be_visible()
    assert layout_problems(page) == []
    fill_raise(page, "Éclairage du marché, session future")
    page.get_by_label("Date de la session du CCS").fill("2026-12-31")
    keep_offline(page)
    fill_raise(page, "Patrouilles de nuit au quartier du fleuve")
    keep_offline(page)
    assert layout_problems(page) == []
    page.context.route("**/recommendations/nouvelle",  # the second stays waiting
                       lambda route: route.abort() if "fleuve" in (route.request.post_data or "")
                       else route.continue_())
    page.context.set_offline(False)
    page.goto("/hors-ligne")
    expect(page.locator(".outbox-entry.refused")).to_be_visible(timeout=20_000)
    expect(page.locator(".outbox-entry")).to_have_count(2)
    assert layout_problems(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_the_sign_in_page_saying_how_long_to_wait(open_browser, size):
    page = open_browser("guesser", **SIZES[size])
    for _attempt in range(11):
        page.goto("/login")
        page.get_by_label("Identifiant").fill(f"nom-essaye-{size}")
        page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
        page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#login-error")).to_contain_text(
        "Trop de tentatives de connexion. Réessayez dans 15 minutes.")
    assert layout_problems(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_the_auditors_page_listing_an_event_set_aside(signed_in, live_server, size):
    tracker, people, clock = live_server.tracker, live_server.people, live_server.clock
    title = f"Titre que l'historique refuse ({size})"
    prepare = HistoryProjection.prepare

    def failing(self, connection, numbered_events):
        if any(getattr(event, "title", None) == title for _position, event in numbered_events):
            raise ValueError("le pli de l'historique refuse cet événement")
        return prepare(self, connection, numbered_events)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HistoryProjection, "prepare", failing)
        tracker.raise_recommendation(people["sec_segou"], **raise_fields(clock, title=title))
        live_server.app.extensions["read_models"].catch_up()
    page = signed_in("auditor", **SIZES[size])
    page.goto("/audit/")
    expect(page.locator(".dead-letters")).to_contain_text("Recommendation.Raised")
    assert layout_problems(page) == []
