"""The regularity pages on a phone: a commune's page and a region's communes at 360×740,
in French and in English, with JavaScript and without; no sideways scroll, axe-core finds
nothing critical or serious, and each month of the calendar says held or not in symbols
and words. The sessions part of the dashboard fits the same screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.layout import layout_problems
from tests.e2e.test_accessibility import LANGUAGES, assert_no_serious_violations, in_language

PHONE = {"width": 360, "height": 740}
PAGES = [("sec_segou", "/communes/segou", "h1"), ("reg_segou", "/communes/niono", "h1"),
         ("reg_segou", "/regions/segou/communes", "ul.commune-list"),
         ("crss", "/regions/mopti/communes", "ul.commune-list")]


@pytest.fixture
def sessions_on_record(live_server):
    """Ségou met 10 and 45 days ago, Niono 60 days ago (late); the rest never (late)."""
    tracker, people, today = live_server.tracker, live_server.people, live_server.clock.today
    for by, days, key in [("sec_segou", 10, "e2e-segou-1"), ("sec_segou", 45, "e2e-segou-2"),
                          ("sec_niono", 60, "e2e-niono-1")]:
        principal = people[by]
        tracker.record_session(principal, commune=principal.commune,
                               held_on=today - timedelta(days=days), place="Mairie",
                               chaired_by="Le maire", request_id=key,
                               attendance={"femmes": {"women": 3, "men": 0},
                                           "jeunes": {"women": 1, "men": 2}})


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("username, path, landmark", PAGES)
def test_the_communes_pages_fit_a_phone_and_are_accessible(signed_in, sessions_on_record,
                                                           username, path, landmark,
                                                           language):
    page = in_language(signed_in(username, viewport=PHONE), language)

    page.goto(path)

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(landmark).first).to_be_visible()
    calendar = page.locator("ol.calendar").first
    expect(calendar.locator("li")).to_have_count(12)
    marks = set("".join(calendar.locator("li [aria-hidden=true] b").all_inner_texts()))
    assert marks & {"✓", "✗"}  # held or not, in symbols, beside the words
    assert scroll_width(page) <= PHONE["width"], f"{path}: {scroll_width(page)} px wide"
    assert_no_serious_violations(page)


@pytest.mark.parametrize("path", ["/communes/segou", "/regions/segou/communes"])
def test_the_communes_pages_work_without_javascript(signed_in, sessions_on_record, path):
    page = signed_in("reg_segou", javascript=False, viewport=PHONE)

    page.goto(path)

    expect(page.locator("ol.calendar").first).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    if path.startswith("/regions"):  # from the list to a commune's page, by its link
        page.locator("ul.commune-list h2 a").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Commune de")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboards_sessions_part_fits_a_phone(signed_in, sessions_on_record, language):
    page = in_language(signed_in("reg_segou", viewport=PHONE), language)
    page.goto("/indicateurs")

    expect(page.locator("h2.part")).to_be_visible()
    # Nothing wider than the screen (a table wider than a phone scrolls inside its own
    # card), targets of 44 px, text of 14 px: tests/e2e/layout.py.
    assert layout_problems(page) == []
    expect(page.locator("table.figures.months tbody tr")).to_have_count(6)  # 5 and the total
