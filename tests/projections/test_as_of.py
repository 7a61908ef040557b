"""The board as of a past moment (board_versions + as_of.py) against the board itself:
whatever the board showed at a moment, with any filter, scope or page, the board as of
that moment shows again."""

from __future__ import annotations

from dataclasses import replace

from projections.as_of import board_page_as_of
from projections.queries import BoardFilters, board_page
from tests.domain.lifecycle import REACHABLE_STATES, ROUTES
from tests.projections.conftest import COMMUNES, THEMES
from tests.tracker.scenario import give, owner_of, raise_one

SECRETARY = {"segou": "sec_segou", "niono": "sec_niono", "mopti": "sec_mopti"}
CASES = {
    "whole board, page 1": ({}, BoardFilters(per_page=4)),
    "whole board, page 3": ({}, BoardFilters(per_page=4, page=3)),
    "Ségou's region": ({}, BoardFilters(region="segou", per_page=5)),
    "awaiting acknowledgement": ({}, BoardFilters(status="awaiting_acknowledgement")),
    "at the region": ({}, BoardFilters(level="region")),
    "one theme, page 2": ({}, BoardFilters(theme=THEMES[1], per_page=2, page=2)),
    "overdue": ({}, BoardFilters(overdue=True)),
    "words of a description": ({}, BoardFilters(q="patrouilles")),
    "a secretary's commune": ({"commune": "niono"}, BoardFilters()),
    "a region's territory, filtered": ({"region": "mopti"}, BoardFilters(status="open")),
}


def shown(page) -> tuple:
    """What a reader sees of a page: which files, in which order, in which state."""
    return page.total, [(item["id"], item["version"], item["level"], item["status"],
                         item["title"], item["due_by"]) for item in page.items]


def test_the_board_as_of_any_moment_is_the_board_shown_at_that_moment(
        tracker_app, people, clock, read_models):
    # Eighteen files raised, then taken along their routes in turns, so that versions
    # of different files end and begin between any two moments.
    files = []
    for index in range(18):
        commune = COMMUNES[index % 3]
        recommendation_id = raise_one(
            tracker_app, people, clock, by=SECRETARY[commune], commune=commune,
            theme=THEMES[index % len(THEMES)], title=f"Dossier n°{index:02d}",
            description="Patrouilles de nuit" if index % 4 == 0 else "Éclairage du marché",
        ).recommendation_id
        files.append((recommendation_id, commune,
                      ROUTES[REACHABLE_STATES[index % len(REACHABLE_STATES)]]))
        clock.advance(minutes=7 * (index % 3))  # some files share a moment
    moments = []

    def look():
        read_models.catch_up()
        moments.append((clock.now, {
            name: shown(board_page(read_models.engine, scope, filters, clock.now))
            for name, (scope, filters) in CASES.items()}))
        clock.advance(minutes=1)  # what follows happens after the moment seen

    look()
    for turn in range(max(len(route) for _, _, route in files)):
        for recommendation_id, commune, route in files:
            if turn < len(route):
                clock.advance(hours=5)  # the last one happens at the moment seen
                level = tracker_app.recommendation(people["auditor"], recommendation_id).level
                person = owner_of(route[turn], level)
                person = {"sec_segou": SECRETARY[commune],
                          "reg_segou": f"reg_{commune}" if commune == "mopti" else "reg_segou",
                          }.get(person, person)
                give(tracker_app, people, clock, recommendation_id, route[turn], by=person)
        look()
        clock.advance(days=4)  # escalations left waiting become overdue
    look()

    assert len(moments) > 5
    overdue_seen = [seen["overdue"][0] for _, seen in moments]
    assert max(overdue_seen) > 0, "the story must leave some escalation overdue"
    for moment, seen in moments:
        for name, (scope, filters) in CASES.items():
            then = board_page_as_of(read_models.engine, scope, filters, moment)
            assert shown(then) == seen[name], (moment, name)
    # Before anything was raised, the board was empty.
    first = moments[0][0].replace(year=2000)
    assert shown(board_page_as_of(read_models.engine, {}, BoardFilters(), first)) == (0, [])


def test_a_page_past_the_end_of_the_board_as_of_is_empty_with_the_total(
        tracker_app, people, clock, read_models):
    for index in range(3):
        raise_one(tracker_app, people, clock, title=f"Dossier n°{index}")
        clock.advance(hours=1)
    read_models.catch_up()
    page = board_page_as_of(read_models.engine, {}, replace(BoardFilters(), page=9),
                            clock.now)
    assert (page.total, page.items) == (3, [])
