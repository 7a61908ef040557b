"""The escalation desk in a real browser: the national dashboard draws its charts (a
screenshot is kept under test-artifacts/), the inbox badge refreshes itself by polling
without reloading the page, the board says what is late and exports what it shows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS

REASON = "Le budget communal ne suffit pas pour ce projet."


DASHBOARD_FILES = [  # by, theme, origin_group
    ("sec_segou", "eclairage_public", "femmes"), ("sec_niono", "appui_fds", "jeunes"),
    ("sec_mopti", "stupefiants", "jeunes"), ("sec_segou", "sensibilisation", None),
    ("sec_niono", "cohesion_sociale", "femmes"), ("sec_mopti", "genre_jeunes", "femmes"),
    ("sec_segou", "police_proximite", "elus")]


@pytest.fixture(autouse=True)
def clock_put_back(live_server):
    """The other browser tests expect the server's clock where they found it."""
    now = live_server.clock.now
    yield
    live_server.clock.now = now


@pytest.fixture
def escalate(live_server):
    """``escalate(title, by)``: a file raised and sent to the region through the tracker."""
    def escalate_(title: str, by: str = "sec_segou"):
        recommendation_id = live_server.raise_recommendation(by, title=title)
        live_server.act(by, recommendation_id, "escalate", reason=REASON)
        return recommendation_id
    return escalate_


def test_the_national_dashboard_draws_its_charts_with_their_tables(signed_in, live_server,
                                                                   request):
    files = []
    for number, (by, theme, origin) in enumerate(DASHBOARD_FILES):
        recommendation_id = live_server.raise_recommendation(
            by, title=f"Chiffres du tableau n°{number}", theme=theme, origin_group=origin)
        if number < 6:
            live_server.act(by, recommendation_id, "escalate", reason=REASON)
        files.append(recommendation_id)
    live_server.clock.advance(days=2)
    live_server.act("reg_segou", files[0], "acknowledge")
    live_server.act("reg_mopti", files[2], "acknowledge")
    live_server.clock.advance(days=5)
    live_server.act("reg_segou", files[1], "acknowledge")
    live_server.act("reg_segou", files[3], "acknowledge")
    live_server.act("reg_segou", files[0], "escalate", reason=REASON)
    live_server.clock.advance(days=12)  # files 4 and 5 are now late at the region
    live_server.act("crss", files[0], "acknowledge")
    page = signed_in("crss")

    page.goto("/")
    page.get_by_role("link", name="Indicateurs", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Indicateurs — Mali (ensemble du pays)")
    charts = page.locator("svg.chart")
    expect(charts.first).to_be_visible()
    # Five on the recommendations, one or two on the CCS sessions (attendance, when some
    # is on record: other browser tests may have recorded sessions on this server).
    assert charts.count() in (6, 7)
    for index in range(charts.count()):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 40
        assert chart.get_attribute("role") == "img"
        assert chart.locator("rect").count() >= 1
    expect(page.get_by_role("img", name="Recommandations par thème")).to_be_visible()
    assert page.locator("table.figures").count() in (8, 9)  # and three or four on sessions
    folder = Path(request.config.rootpath) / ARTIFACTS
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.screenshot(path=folder / "dashboard-national.png", full_page=True)

    page.get_by_label("Territoire", exact=True).select_option(label="Mopti")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicateurs — région de Mopti")


def test_the_inbox_badge_refreshes_itself_without_reloading_the_page(signed_in, live_server,
                                                                     escalate):
    live_server.app.config["INBOX_POLL_SECONDS"] = 1
    try:
        page = signed_in("reg_mopti")
        page.goto("/")
        expect(page.locator("#inbox-link")).to_be_visible()
        badge = page.locator("#inbox-link .count-badge")
        before = int(badge.get_attribute("data-count")) if badge.count() else 0
        page.evaluate("window.sameDocument = true")

        escalate("Badge : une nouvelle demande pour Mopti", by="sec_mopti")

        expect(page.locator("#inbox-link .count-badge")).to_have_attribute(
            "data-count", str(before + 1), timeout=10_000)
        assert page.evaluate("window.sameDocument") is True
        page.locator("#inbox-link").click()
        expect(page.get_by_role("link", name="Badge : une nouvelle demande pour Mopti")).to_be_visible()
    finally:
        live_server.app.config["INBOX_POLL_SECONDS"] = 60


def test_the_board_says_what_is_late_and_exports_exactly_what_it_shows(signed_in, live_server,
                                                                       escalate):
    escalate("Export : lampadaires en retard")
    live_server.clock.advance(days=16)
    page = signed_in("reg_segou")
    page.goto("/")
    page.get_by_label("En retard seulement", exact=True).check()
    expect(page).to_have_url(re.compile(r"overdue=on"))
    row = page.locator("tr", has_text="Export : lampadaires en retard")
    expect(row.locator(".deadline.late")).to_have_text("en retard de 1 jour")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))  # French: « ; »
    count = int(re.search(r"\d+", page.locator("#board-count").inner_text()).group())
    header = rows[0]
    assert header[0] == "Référence" and len(rows) - 1 == count
    title, late = header.index("Titre"), header.index("En retard")
    assert all(row[late] == "oui" for row in rows[1:])
    assert "Export : lampadaires en retard" in [row[title] for row in rows[1:]]
    assert download.suggested_filename.startswith("recommandations-")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("username, path", [
    ("reg_segou", "/a-traiter"), ("sec_segou", "/a-traiter"), ("reg_segou", "/notifications"),
    ("crss", "/indicateurs"), ("reg_segou", "/indicateurs"), ("sec_segou", "/indicateurs")])
def test_the_desk_pages_are_accessible(signed_in, escalate, live_server, username, path,
                                       language):
    from tests.e2e.test_accessibility import assert_no_serious_violations, in_language

    recommendation_id = escalate(f"Accessibilité du bureau ({language})")
    live_server.act("reg_segou", recommendation_id, "request-clarification",
                    question="Combien de lampadaires exactement ?")
    escalate(f"Accessibilité, une autre ({language})")
    page = in_language(signed_in(username), language)

    page.goto(path)

    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_serious_violations(page)
