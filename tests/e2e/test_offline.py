"""Capture without a connection (web/offline.py): on a 360 px phone in Chromium, with the
network cut by the browser itself (``context.set_offline``), a secretary writes a
recommendation and a note, closes the tab, comes back to « 2 envois en attente », and
both are recorded exactly once when the network returns — also when the network cuts
again while sending, after the server recorded the entry but before its answer arrived.
Two entries from the same form are two recommendations; a refused entry comes back with
the server's message; an entry never leaves under another person's session."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.layout import PHONE

MEETING = "2026-03-07"  # before the live server's clock (10 March 2026)


def api_client(live_server, username: str):
    token = live_server.tracker.issue_token(None, username)
    client = live_server.app.test_client()
    return lambda path: client.get(path, headers={"Authorization": f"Bearer {token}"}).json


def files_titled(live_server, title: str) -> list[dict]:
    api = api_client(live_server, "crss")
    return [item for item in api(f"/api/v1/recommendations?q={title}")["items"]
            if item["title"] == title]


def notes_on(live_server, file_id, text: str) -> int:
    api = api_client(live_server, "crss")
    history = api(f"/api/v1/recommendations/{file_id}/history")
    return sum(1 for item in history["items"] if item.get("note") == text)


def ready_for_offline(page: Page) -> None:
    """The service worker controls the page and has kept the person's forms."""
    page.goto("/")
    page.wait_for_function(
        "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)", timeout=15_000)
    page.goto("/")  # a page seen through the worker, kept


def fill_raise(page: Page, title: str) -> None:
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Description").fill("Dix lampadaires solaires autour du marché.")
    page.get_by_label("Thème").select_option(label="Éclairage public")
    page.get_by_label("Date de la session du CCS").fill(MEETING)
    page.get_by_label("Proposée par").select_option(label="Femmes")


def keep_offline(page: Page) -> None:
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".offline-kept")).to_contain_text("Enregistré sur cet appareil")


def outbox_link(page: Page):
    return page.locator("#outbox-link")


@pytest.fixture
def secretary(signed_in) -> Page:
    page = signed_in("sec_segou", **PHONE)
    ready_for_offline(page)
    return page


def test_written_offline_kept_through_a_closed_tab_and_recorded_once(secretary, live_server):
    file_id = live_server.raise_recommendation()
    title = "Lampadaires du quartier Hamdallaye (hors ligne)"
    note = "Visite faite sans réseau : trois poteaux posés."
    secretary.goto(f"/recommendations/{file_id}/note")  # seen once, so kept
    context = secretary.context

    context.set_offline(True)
    secretary.goto("/recommendations/nouvelle")
    expect(secretary.locator(".offline-banner")).to_contain_text("Hors connexion — page vue le")
    fill_raise(secretary, title)
    keep_offline(secretary)
    secretary.goto(f"/recommendations/{file_id}/note")
    secretary.get_by_role("textbox", name="Note").fill(note)
    secretary.get_by_role("button", name=re.compile("Ajouter une note|Enregistrer")).click()
    expect(secretary.locator(".offline-kept")).to_be_visible()
    secretary.close()

    reopened = context.new_page()
    reopened.goto("/")
    expect(outbox_link(reopened)).to_have_text("2 envois en attente")
    assert files_titled(live_server, title) == []

    context.set_offline(False)
    expect(outbox_link(reopened)).to_be_hidden(timeout=20_000)
    assert len(files_titled(live_server, title)) == 1
    assert notes_on(live_server, file_id, note) == 1


def test_an_answer_lost_on_the_way_back_still_records_once(secretary, live_server):
    title = "Patrouilles de nuit à Pélengana (réponse perdue)"
    context = secretary.context
    context.set_offline(True)
    secretary.goto("/recommendations/nouvelle")
    fill_raise(secretary, title)
    keep_offline(secretary)

    lost = []

    def reach_the_server_then_cut(route):
        if route.request.method == "POST" and not lost:
            route.fetch()  # the server records it…
            lost.append(route.request.url)
            route.abort("connectionreset")  # …and its answer never arrives
        else:
            route.continue_()

    context.route("**/recommendations/nouvelle", reach_the_server_then_cut)
    context.set_offline(False)
    secretary.goto("/hors-ligne")
    for _second in range(40):  # the outbox sends as the network returns
        if lost:
            break
        secretary.wait_for_timeout(250)
    assert lost and len(files_titled(live_server, title)) == 1  # recorded, answer lost

    # The entry leaves only on an answer: it goes again (on its retry, or now), and the
    # server answers the same request_id with what it recorded the first time.
    if secretary.locator(".outbox-entry").count():
        secretary.get_by_role("button", name="Envoyer maintenant").click()
    expect(secretary.locator("#outbox")).to_contain_text("Rien en attente", timeout=20_000)
    assert len(files_titled(live_server, title)) == 1
    context.unroute("**/recommendations/nouvelle")


def test_one_form_filled_twice_offline_is_two_recommendations(secretary, live_server):
    context = secretary.context
    context.set_offline(True)
    secretary.goto("/recommendations/nouvelle")
    fill_raise(secretary, "Radio communale : émission du lundi")
    keep_offline(secretary)
    fill_raise(secretary, "Radio communale : émission du jeudi")
    keep_offline(secretary)
    expect(outbox_link(secretary)).to_have_text("2 envois en attente")

    context.set_offline(False)
    expect(outbox_link(secretary)).to_be_hidden(timeout=20_000)
    assert len(files_titled(live_server, "Radio communale : émission du lundi")) == 1
    assert len(files_titled(live_server, "Radio communale : émission du jeudi")) == 1


def test_a_refused_entry_comes_back_with_the_servers_message(secretary, live_server):
    context = secretary.context
    context.set_offline(True)
    secretary.goto("/recommendations/nouvelle")
    fill_raise(secretary, "Éclairage du marché, session future")
    # A date the browser accepts, the server refuses: the session cannot be in the future.
    secretary.get_by_label("Date de la session du CCS").fill("2026-12-31")
    keep_offline(secretary)

    context.set_offline(False)
    secretary.goto("/hors-ligne")
    entry = secretary.locator(".outbox-entry.refused")
    expect(entry).to_be_visible(timeout=20_000)
    expect(entry).to_contain_text("Refusé : à corriger")
    expect(entry.locator("ul.errors li").first).to_contain_text("Date de la session du CCS :")
    assert files_titled(live_server, "Éclairage du marché, session future") == []

    entry.get_by_role("link", name="Corriger").click()
    expect(secretary.get_by_label("Titre")).to_have_value("Éclairage du marché, session future")
    expect(outbox_link(secretary)).to_have_text("1 envoi en attente")
    secretary.get_by_label("Date de la session du CCS").fill(MEETING)
    secretary.get_by_role("button", name="Enregistrer").click()
    expect(secretary.locator("#recommendation, .flash.success").first).to_be_visible()
    expect(outbox_link(secretary)).to_be_hidden(timeout=10_000)
    assert len(files_titled(live_server, "Éclairage du marché, session future")) == 1


def sign_in(page: Page, username: str) -> None:
    from tests.conftest import PASSWORD

    page.goto("/login")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile("/login"))


def test_an_entry_is_never_sent_under_another_persons_session(open_browser, live_server):
    """A phone shared by two secretaries, each signing in through the form (signing out
    ends a session for good: the other tests' shared sign-in must not be the one ended)."""
    title = "Point d'eau du camp de déplacés (Ségou)"
    secretary = open_browser("shared-phone", **PHONE)
    sign_in(secretary, "sec_segou")
    ready_for_offline(secretary)
    context = secretary.context
    context.set_offline(True)
    secretary.goto("/recommendations/nouvelle")
    fill_raise(secretary, title)
    keep_offline(secretary)
    # The network back but the outbox not answered yet (so the entry is still waiting).
    secretary.route("**/hors-ligne/qui", lambda route: route.abort())
    context.set_offline(False)
    # Signing out with an entry waiting: the person is warned first.
    warnings = []
    secretary.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
    secretary.get_by_role("button", name="Se déconnecter").click()
    expect(secretary).to_have_url(re.compile("/login"))
    assert warnings and "1 envoi enregistré sur cet appareil" in warnings[0]
    secretary.unroute("**/hors-ligne/qui")

    # Another secretary signs in on the same phone: the entry stays, unsent.
    sign_in(secretary, "sec_niono")
    secretary.goto("/hors-ligne")
    entry = secretary.locator(".outbox-entry")
    expect(entry).to_contain_text("Enregistré par Sec Segou")
    secretary.get_by_role("button", name="Envoyer maintenant").click()
    secretary.wait_for_timeout(1500)
    assert files_titled(live_server, title) == []
    expect(outbox_link(secretary)).to_be_hidden()  # not Niono's to count

    # Its owner signs in again: it leaves, once.
    secretary.get_by_role("button", name="Se déconnecter").click()
    sign_in(secretary, "sec_segou")
    secretary.goto("/hors-ligne")
    expect(secretary.locator("#outbox")).to_contain_text("Rien en attente", timeout=20_000)
    assert len(files_titled(live_server, title)) == 1



def test_the_worker_counts_in_the_first_visit_and_the_precache_is_light(signed_in,
                                                                        record_property):
    """The first visit (page, files, worker and manifest) stays within 60 KB; what the
    worker then keeps in the background (the shell, the outbox page, the secretary's two
    forms) within 150 KB, transferred once: the next visit fetches none of it again."""
    from tests.e2e.test_weight import FIRST_VISIT_BUDGET

    page = signed_in("sec_segou", **PHONE)
    seen = []
    page.context.on("requestfinished", lambda request: seen.append(request))
    page.goto("/", wait_until="load")
    page.evaluate("() => fetch('/manifest.webmanifest').then(r => r.text())")
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=15_000)
    page.wait_for_timeout(2000)  # the forms kept ahead, in the background

    def size(request) -> int:
        sizes = request.sizes()
        return (max(0, sizes["responseBodySize"]) + sizes["responseHeadersSize"]
                + sizes["requestHeadersSize"] + sizes["requestBodySize"])

    def by_worker(request) -> bool:
        return request.service_worker is not None and not request.url.endswith("/sw.js")

    first = [request for request in seen if not by_worker(request)]
    kept = [request for request in seen if by_worker(request)]
    first_total, kept_total = sum(map(size, first)), sum(map(size, kept))
    paths = {re.sub(r"^https?://[^/]+", "", request.url) for request in seen}
    assert {"/sw.js", "/manifest.webmanifest", "/hors-ligne", "/recommendations/nouvelle",
            "/sessions/nouvelle"} <= paths
    line = (f"first visit with the worker and manifest: {first_total / 1024:.1f} KB "
            f"({len(first)} requests, budget 60 KB); kept in the background: "
            f"{kept_total / 1024:.1f} KB ({len(kept)} requests, budget 150 KB)")
    record_property("page_weight", line)
    assert first_total <= FIRST_VISIT_BUDGET, line
    assert kept_total <= 150 * 1024, line

    seen.clear()
    page.goto("/", wait_until="load")
    page.wait_for_timeout(500)
    again = [request for request in seen if "/static/" in request.url
             and request.sizes()["responseBodySize"] > 0]
    assert again == [], [request.url for request in again]


def test_a_ccs_session_written_offline_is_recorded_once_with_its_attendance(secretary,
                                                                           live_server):
    place = "Salle de la mairie de Ségou (hors ligne)"
    context = secretary.context
    context.set_offline(True)
    secretary.goto("/sessions/nouvelle")  # kept ahead of need by the worker
    expect(secretary.locator(".offline-banner")).to_be_visible()
    secretary.get_by_label("Date de la session").fill("2026-03-05")
    secretary.get_by_label("Lieu").fill(place)
    secretary.get_by_label("Présidée par").fill("Le maire, M. Coulibaly")
    secretary.get_by_label("Ordre du jour").fill("Éclairage du marché\nPatrouilles de nuit")
    secretary.locator("#attendance-jeunes-women").fill("4")
    secretary.get_by_role("button", name="Enregistrer la session").click()
    expect(secretary.locator(".offline-kept")).to_be_visible()
    expect(outbox_link(secretary)).to_have_text("1 envoi en attente")

    context.set_offline(False)
    expect(outbox_link(secretary)).to_be_hidden(timeout=20_000)
    api = api_client(live_server, "sec_segou")
    sessions = [item for item in api("/api/v1/sessions?commune=segou")["items"]
                if item["place"] == place]
    assert len(sessions) == 1
    assert sessions[0]["attendance"] == {"women": 4, "men": 0, "youth": 4}


def test_the_device_keeps_the_last_sixty_pages_seen_not_every_page(secretary):
    for number in range(65):
        secretary.goto(f"/?q=page-{number}")
    secretary.wait_for_timeout(500)  # the last copies are written in the background
    kept = secretary.evaluate("""async () => {
        const names = (await caches.keys()).filter(name => name.startsWith("ccs-pages-"));
        const cache = await caches.open(names[0]);
        return (await cache.keys()).map(request => new URL(request.url).search);
    }""")
    assert len(kept) == 60
    assert "?q=page-64" in kept and "?q=page-0" not in kept


def test_a_send_cut_on_the_way_is_kept_and_goes_again_by_itself(secretary, live_server):
    """Online, but the connection drops while the form is being sent: the form is kept on
    the device (not left to be sent again by hand) and the outbox sends it shortly after."""
    title = "Brigade de proximité au marché de Médine (envoi coupé)"
    context = secretary.context
    context.route("**/recommendations/nouvelle",
                  lambda route: route.abort("connectionreset") if route.request.method == "POST"
                  else route.continue_())
    secretary.goto("/recommendations/nouvelle")
    fill_raise(secretary, title)
    keep_offline(secretary)
    expect(secretary.locator(".request-error")).to_have_count(0)
    expect(outbox_link(secretary)).to_have_text("1 envoi en attente")
    context.unroute("**/recommendations/nouvelle")

    expect(outbox_link(secretary)).to_be_hidden(timeout=20_000)
    assert len(files_titled(live_server, title)) == 1


def test_a_sign_in_outlasts_the_workers_first_fetches(open_browser):
    """On a slow link the service worker that the sign-in page installs is still fetching
    its shell when the person signs in. Its fetch of the outbox page set out without a
    session; its answer, arriving after the sign-in, must not put that cookie back (it did:
    the person was signed out at once, and greeted by « Connectez-vous pour continuer »)."""
    from tests.conftest import PASSWORD

    page = open_browser("sec_segou", **PHONE)
    held = []

    def hold(route):
        # The server's answer to the worker's request, as it was sent (without a session),
        # given back to the worker only once the person has signed in.
        held.append((route, route.fetch(max_redirects=0)))

    page.context.route(re.compile(r"/hors-ligne$"), hold)
    page.goto("/login")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.getRegistration()"
                           ".then(r => !!r)", timeout=15_000)
    for _ in range(150):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the worker never fetched the outbox page"
    page.get_by_label("Identifiant").fill("sec_segou")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#messages")).to_contain_text("Bienvenue")

    route, answer = held[0]
    route.fulfill(response=answer)
    page.context.unroute(re.compile(r"/hors-ligne$"))
    page.wait_for_timeout(300)  # the worker's fetch settles

    page.goto("/")
    expect(page.locator("#messages")).not_to_contain_text("Connectez-vous")
    expect(page).not_to_have_url(re.compile("/login"))
    expect(page.locator("body")).to_have_attribute("data-user", re.compile("[0-9a-f]{32}"))
