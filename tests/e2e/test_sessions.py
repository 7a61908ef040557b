"""CCS sessions in a real browser, on a phone's screen (360 × 740): a secretary records last
week's session with its attendance and minutes, then its five recommendations in one
sitting, with JavaScript (rows added in place) and without it (« Une ligne de plus »
posts the form); the region sees the session and its five files, the CRSS finds it in the
list. Nothing is wider than the screen, every control is a 44-pixel target, axe-core finds
nothing critical or serious on any session page, in French and in English, and a session's
page and a row added with htmx stay within the page-weight budgets (tests/e2e/test_weight.py)."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

import pytest
from babel.dates import format_date
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import assert_no_serious_violations, in_language
from tests.stores import STORES

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
SMALLEST_TARGET = 44  # pixels
# Every control a thumb taps, in the page and its navigation.
CONTROLS = ("main button, main a.button, main a.back, main select, main textarea, "
            "main input:not([type=hidden]):not([type=checkbox]), main table.listing a, "
            "main ul.files a, main .pagination a, header nav a, header nav button")
TITLES = ["Lampadaires solaires autour du grand marché", "Carburant pour les patrouilles de nuit",
          "Émissions radio sur les violences basées sur le genre",
          "Ralentisseurs devant l'école du quartier", "Causeries avec les déplacés du camp"]
THEMES = ["Éclairage public", "Appui logistique aux FDS",
          "Information et sensibilisation (radios, causeries)", "Sécurité routière",
          "Personnes déplacées"]


def french(day) -> str:
    return format_date(day, "d MMMM y", locale="fr")


def assert_fits_a_phone(page: Page) -> None:
    """No sideways scrolling at 360 pixels, and no control smaller than a fingertip."""
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll("body *"))
        .filter(element => element.getBoundingClientRect().right > 360.5)
        .map(element => element.outerHTML.slice(0, 90)).slice(-3)""")
    assert width <= 360, f"{page.url} is {width} px wide: {wide}"
    small = page.evaluate("""selector => Array.from(document.querySelectorAll(selector))
        .filter(element => element.offsetParent !== null)
        .map(element => [element.outerHTML.slice(0, 90), element.getBoundingClientRect().height])
        .filter(([, height]) => height < %d - 0.5)""" % SMALLEST_TARGET, CONTROLS)
    assert not small, f"targets under {SMALLEST_TARGET} px on {page.url}: {small}"


def go_to_sessions(page: Page) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Sessions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions des CCS")


@pytest.fixture(params=STORES)
def server(request):
    """The issue's journey holds on both stores."""
    return request.getfixturevalue("live_server" if request.param == "sqlite"
                                   else "live_server_postgres")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_session_and_its_five_recommendations_from_a_phone(sign_in, server, javascript):
    held_on = server.clock.today - timedelta(days=7)
    place = f"Salle de la mairie ({'avec' if javascript else 'sans'} JavaScript)"

    # The secretary of Ségou, on her phone, records last week's session.
    secretary = sign_in("sec_segou", javascript, server=server, **PHONE)
    go_to_sessions(secretary)
    assert_fits_a_phone(secretary)
    secretary.get_by_role("link", name="Enregistrer une session").click()
    expect(secretary.get_by_role("heading", level=1)).to_have_text(
        "Enregistrer une session du CCS")
    assert_fits_a_phone(secretary)
    secretary.get_by_label("Date de la session").fill(held_on.isoformat())
    secretary.get_by_label("Lieu").fill(place)
    secretary.get_by_label("Présidée par").fill("Le maire, M. Coulibaly")
    secretary.get_by_label("Ordre du jour").fill("Éclairage du marché\nPatrouilles de nuit\n"
                                                 "Radio communautaire")
    attendance = secretary.get_by_role("group", name="Liste de présence")
    for group, women, men in (("Élus", "2", "7"), ("Femmes", "6", "0"), ("Jeunes", "3", "4"),
                              ("Forces de défense et de sécurité", "0", "3")):
        # Each box is named by its row and its column (aria-labelledby).
        attendance.get_by_role("spinbutton", name=f"{group} Femmes", exact=True).fill(women)
        attendance.get_by_role("spinbutton", name=f"{group} Hommes", exact=True).fill(men)
    secretary.get_by_label("Procès-verbal").fill("Le CCS a examiné trois points et formulé "
                                                 "cinq recommandations.")
    secretary.get_by_role("button", name="Enregistrer la session").click()
    expect(secretary.get_by_text("Session enregistrée.", exact=True)).to_be_visible()
    expect(secretary.get_by_role("heading", level=1)).to_have_text(
        f"Session du {french(held_on)} — CCS de Ségou")
    assert re.search(r"/sessions/[0-9a-f-]{36}$", secretary.url)
    session_url = secretary.url
    expect(secretary.locator("table.attendance-table tfoot")).to_have_text(
        re.compile(r"Total\s*11\s*14\s*25"))
    expect(secretary.locator(".shares")).to_contain_text("Femmes : 44")
    expect(secretary.locator(".minutes")).to_contain_text("cinq recommandations")
    assert_fits_a_phone(secretary)

    # Then the five recommendations of that session, in one sitting.
    secretary.get_by_role("link", name="Ajouter les recommandations de la session").click()
    rows = secretary.locator("fieldset.sitting-row")
    expect(rows).to_have_count(3)
    sitting_address = secretary.url
    for count in (4, 5):
        secretary.get_by_role("button", name="Une ligne de plus").click()
        expect(rows).to_have_count(count)
        if javascript:  # one row fetched and added in place, the focus in it
            assert secretary.url == sitting_address
            expect(rows.last.get_by_label("Titre")).to_be_focused()
    assert_fits_a_phone(secretary)
    for row, title, theme in zip(rows.all(), TITLES, THEMES):
        row.get_by_label("Titre").fill(title)
        row.get_by_label("Thème").select_option(label=theme)
    rows.nth(1).get_by_label("Proposée par").select_option(label="Jeunes")
    rows.nth(2).get_by_label("Proposée par").select_option(label="Femmes")
    secretary.get_by_role("button", name="Enregistrer ces recommandations").click()
    expect(secretary.get_by_text("5 recommandations de la session enregistrées.",
                                 exact=True)).to_be_visible()
    assert secretary.url == session_url
    files = secretary.locator("ul.files > li")
    expect(files).to_have_count(5)
    for title in TITLES:
        expect(files.filter(has_text=title)).to_contain_text("Ouverte")
    assert_fits_a_phone(secretary)
    # Each file says it came from that session, and leads back to it.
    files.first.get_by_role("link").click()
    link = secretary.get_by_role("link", name=f"Issue de la session du {french(held_on)}")
    expect(link).to_be_visible()
    link.click()
    assert secretary.url == session_url

    # The region's authority sees the session and its five files.
    region = sign_in("reg_segou", javascript, server=server, **PHONE)
    go_to_sessions(region)
    row = region.locator("table.listing tbody tr", has_text=place)
    expect(row).to_contain_text("5 recommandations")
    expect(row).to_contain_text("11 femmes · 14 hommes · dont 7 jeunes")
    expect(row).to_contain_text("Procès-verbal : oui")
    row.get_by_role("link", name=french(held_on)).click()
    expect(region.locator("ul.files > li")).to_have_count(5)
    expect(region.get_by_role("link", name="Ajouter les recommandations de la session")
           ).to_have_count(0)
    assert_fits_a_phone(region)

    # The CRSS finds it among the sessions of the country, by commune.
    crss = sign_in("crss", javascript, server=server)
    go_to_sessions(crss)
    filters = crss.get_by_role("search", name="Filtrer les sessions")
    filters.get_by_label("Commune").select_option(label="Ségou")
    if not javascript:
        filters.get_by_role("button", name="Filtrer").click()
    expect(crss).to_have_url(re.compile(r"[?&]commune=segou"))
    expect(crss.locator("table.listing tbody tr", has_text=place)).to_contain_text(
        "5 recommandations")

    # And, on the indicators, the women's share of attendance for the whole country: this
    # session's 11 women among 25 present are in it.
    crss.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Indicateurs", exact=True).click()
    voices = crss.get_by_role("table", name="Femmes et jeunes : présence et recommandations")
    women = voices.get_by_role("row").filter(
        has=crss.get_by_role("rowheader", name="Femmes", exact=True)).get_by_role("cell")
    share, present, everyone = re.fullmatch(
        r"([\d,]+)\s*%\s*\((\d+) sur (\d+)\)",
        women.first.inner_text().replace("\u202f", " ").replace("\xa0", " ").strip()).groups()
    assert int(present) >= 11 and int(everyone) >= 25
    assert abs(float(share.replace(",", ".")) - 100 * int(present) / int(everyone)) < 0.06


# ---- axe-core on every session page, in each language ----------------------------------------
@pytest.fixture(params=["fr", "en"])
def language(request) -> str:
    return request.param


def mopti_session(live_server, **more) -> str:
    """A session of Mopti's CCS (the journey above keeps to the Ségou region), with a file."""
    tracker, secretary = live_server.tracker, live_server.people["sec_mopti"]
    session_id = tracker.record_session(
        secretary, commune="mopti", held_on=live_server.clock.today - timedelta(days=30),
        place="Maison des jeunes de Mopti", chaired_by="Le maire",
        agenda=["Sécurité du marché", "Patrouilles"],
        attendance={"femmes": {"women": 4, "men": 0}, "jeunes": {"women": 2, "men": 5}},
        minutes="Deux points examinés.", **more).recommendation_id
    tracker.raise_from_session(secretary, session_id, [
        {"title": "Patrouilles mixtes au marché", "theme": "appui_fds", "origin_group": "jeunes"}])
    return str(session_id)


def test_the_sessions_list_and_a_session_page(signed_in, live_server, language):
    session_id = mopti_session(live_server)
    page = in_language(signed_in("sec_mopti", **PHONE), language)
    page.goto("/sessions")
    expect(page.locator("table.listing")).to_be_visible()
    assert_no_serious_violations(page)
    page.goto(f"/sessions/{session_id}")
    expect(page.locator("ul.files > li")).to_have_count(1)
    assert_no_serious_violations(page)
    assert_fits_a_phone(page)
    # The page with an action's form loaded into it by htmx: the attendance grid.
    page.locator("section.actions a[href$='/record-attendance']").click()
    expect(page.locator("#action-panel table.attendance-grid")).to_be_visible()
    assert_no_serious_violations(page)
    assert_fits_a_phone(page)


def test_the_record_form_empty_and_refused(signed_in, language):
    page = in_language(signed_in("sec_mopti", **PHONE), language)
    page.goto("/sessions/nouvelle")
    assert_no_serious_violations(page)
    page.locator("#held_on").fill("2026-03-01")
    page.locator("#place").fill("x")  # too short: refused by the server, not the browser
    page.locator("#chaired_by").fill("Le maire")
    page.locator("#attendance-jeunes-women").fill("3")
    page.locator("form#record-session-form button[type=submit]").click()
    expect(page.locator("#place")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#place")).to_be_focused()
    assert_no_serious_violations(page)
    assert_fits_a_phone(page)


def test_the_sitting_form_with_a_refused_row(signed_in, live_server, language):
    session_id = mopti_session(live_server)
    page = in_language(signed_in("sec_mopti", **PHONE), language)
    page.goto(f"/sessions/{session_id}/recommandations")
    expect(page.locator("fieldset.sitting-row")).to_have_count(3)
    assert_no_serious_violations(page)
    page.locator("#items-0-title").fill("Lampadaires du marché de Mopti")
    page.locator("#items-0-theme").select_option("eclairage_public")
    page.locator("#items-1-title").fill("abc")  # too short, and no theme
    page.locator("form#sitting-form button[type=submit]").first.click()
    expect(page.locator("#items-1-title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#items-0-title")).not_to_have_attribute("aria-invalid", "true")
    assert_no_serious_violations(page)
    assert_fits_a_phone(page)


def test_the_attach_to_session_form(signed_in, live_server, language):
    mopti_session(live_server)
    file_id = live_server.raise_recommendation(by="sec_mopti")
    page = in_language(signed_in("sec_mopti", **PHONE), language)
    page.goto(f"/recommendations/{file_id}/attach-to-session")
    options = page.locator("select#session_id option")
    expect(options.filter(has_text="Maison des jeunes de Mopti").first).to_be_attached()
    assert_no_serious_violations(page)
    assert_fits_a_phone(page)


def test_the_session_action_pages_of_their_own(signed_in, live_server, language):
    session_id = mopti_session(live_server)
    page = in_language(signed_in("sec_mopti", **PHONE), language)
    for command in ("amend", "write-minutes", "adopt", "cancel"):
        page.goto(f"/sessions/{session_id}/{command}")
        expect(page.locator("form.action-form")).to_be_visible()
        assert_no_serious_violations(page)
        assert_fits_a_phone(page)
    live_server.tracker.act_on_session(live_server.people["sec_mopti"], UUID(session_id),
                                       "adopt")
    page.goto(f"/sessions/{session_id}/correct")  # after adoption: every field, and why
    expect(page.locator("form.action-form table.attendance-grid")).to_be_visible()
    assert_no_serious_violations(page)
    assert_fits_a_phone(page)


# ---- light on a slow link ------------------------------------------------------------------
def test_a_session_page_and_one_more_row_stay_light(signed_in, live_server, record_property):
    from tests.e2e.test_weight import FIRST_VISIT_BUDGET, HTMX_BUDGET, Transfers

    session_id = mopti_session(live_server)
    page = signed_in("sec_mopti", **PHONE)
    with Transfers(page) as first_visit:
        page.goto(f"/sessions/{session_id}", wait_until="load")
        expect(page.locator("ul.files > li")).to_have_count(1)
    line = first_visit.describe("first visit to a session's page", FIRST_VISIT_BUDGET)
    record_property("page_weight", line)
    assert first_visit.total() <= FIRST_VISIT_BUDGET, line
    page.goto(f"/sessions/{session_id}/recommandations")
    with Transfers(page) as one_more_row:
        page.get_by_role("button", name="Une ligne de plus").click()
        expect(page.locator("fieldset.sitting-row")).to_have_count(4)
    line = one_more_row.describe("htmx row added to a sitting", HTMX_BUDGET)
    record_property("page_weight", line)
    assert len(one_more_row.requests) == 1 and one_more_row.total() <= HTMX_BUDGET, line
