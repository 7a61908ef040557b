"""The board read model: one row per recommendation that follows its life, and the query
with its filters, pages and the reader's territory."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

import tracker.accounts
from projections.queries import BoardFilters, board_page, board_row
from projections.runner import ReadModels
from tests.domain.lifecycle import REACHABLE_STATES
from tests.conftest import Clock, open_people
from tests.projections.conftest import build_dataset
from tests.tracker.scenario import drive_to, give, raise_one
from tests.stores import STORES, store_url
from tracker.application import Tracker
from tracker.authorization import NotPermitted, visibility
from tracker.config import Settings
from tracker.reference import Reference


@pytest.fixture
def page(read_models):
    def page(scope=None, **filters):
        read_models.catch_up()
        return board_page(read_models.engine, scope or {}, BoardFilters(**filters))
    return page


def row_of(read_models, recommendation_id):
    read_models.catch_up()
    return board_row(read_models.engine, recommendation_id)


# ---- rows following the life of a recommendation ------------------------------------------
def test_a_raised_recommendation_has_a_row_with_what_the_secretary_wrote(
        tracker_app, people, clock, read_models):
    raised = raise_one(tracker_app, people, clock)

    row = row_of(read_models, raised.recommendation_id)

    assert row == {
        "id": str(raised.recommendation_id), "title": "Éclairage public du grand marché",
        "description": "Installer dix lampadaires solaires autour du marché.",
        "commune": "segou", "region": "segou", "level": "commune", "status": "open",
        "theme": "eclairage_public", "origin_group": "femmes",
        "meeting_date": clock.today - timedelta(days=3), "due_by": None,
        "target_date": None, "progress": None, "session_id": None,
        "reference": "SEG-2026-001", "raised_at": row["raised_at"],
        "last_activity": row["raised_at"], "version": 1,
        "search_text": "seg-2026-001 eclairage public du grand marche installer dix "
                       "lampadaires solaires autour du marche.",
    }
    assert row["raised_at"].tzinfo is not None


@pytest.mark.parametrize("state", REACHABLE_STATES, ids="-".join)
def test_the_row_follows_the_recommendation_to_each_state(tracker_app, people, clock,
                                                          read_models, state):
    recommendation_id = drive_to(tracker_app, people, clock, state)
    aggregate = tracker_app.recommendation(people["crss"], recommendation_id)

    row = row_of(read_models, recommendation_id)

    assert (row["level"], row["status"]) == state
    assert row["version"] == aggregate.version
    assert row["due_by"] == aggregate.due_by
    assert row["target_date"] == aggregate.target_date
    assert row["region"] == aggregate.region


def test_escalation_shows_the_due_time_and_acknowledgement_clears_it(tracker_app, people,
                                                                     clock, read_models):
    raised = raise_one(tracker_app, people, clock)
    give(tracker_app, people, clock, raised.recommendation_id, "escalate")
    assert row_of(read_models, raised.recommendation_id)["due_by"] == (
        clock.now + timedelta(days=15))

    give(tracker_app, people, clock, raised.recommendation_id, "acknowledge")

    assert row_of(read_models, raised.recommendation_id)["due_by"] is None


def test_clarification_moves_the_due_time_on_the_board(tracker_app, people, clock,
                                                       read_models):
    recommendation_id = drive_to(tracker_app, people, clock,
                                 ("region", "clarification_requested"))
    clock.advance(days=9)

    give(tracker_app, people, clock, recommendation_id, "clarify")

    row = row_of(read_models, recommendation_id)
    assert row["status"] == "awaiting_acknowledgement"
    assert row["due_by"] == clock.now + timedelta(days=15)


def test_amended_fields_are_reflected_and_searchable(tracker_app, people, clock, read_models,
                                                     page):
    raised = raise_one(tracker_app, people, clock)
    row_of(read_models, raised.recommendation_id)
    new_date = clock.today - timedelta(days=20)

    tracker_app.act(people["sec_segou"], raised.recommendation_id, "amend",
                    title="Patrouilles mixtes à Pélengana", description="Avec les FDS.",
                    theme="police_proximite", meeting_date=new_date, origin_group="")

    row = row_of(read_models, raised.recommendation_id)
    assert (row["title"], row["description"], row["theme"], row["meeting_date"],
            row["origin_group"], row["version"]) == (
        "Patrouilles mixtes à Pélengana", "Avec les FDS.", "police_proximite", new_date,
        None, 2)
    assert page(q="pelengana").total == 1
    assert page(q="lampadaires").total == 0


def test_reopening_resets_level_status_due_time_and_target_date(tracker_app, people, clock,
                                                               read_models):
    recommendation_id = drive_to(tracker_app, people, clock, ("national", "implemented"))
    assert row_of(read_models, recommendation_id)["target_date"] is not None

    give(tracker_app, people, clock, recommendation_id, "reopen")

    row = row_of(read_models, recommendation_id)
    assert (row["level"], row["status"], row["due_by"], row["target_date"]) == (
        "commune", "open", None, None)
    assert row["version"] == 8


def test_the_row_keeps_the_region_recorded_at_escalation(tracker_app, settings, people,
                                                         clock, read_models):
    raised = raise_one(tracker_app, people, clock)
    communes = dict(tracker_app.reference.communes)
    communes["segou"] = replace(communes["segou"], region="san")
    after_reform = Tracker(settings, clock=clock,
                           reference=Reference(communes, tracker_app.reference.regions))

    give(after_reform, people, clock, raised.recommendation_id, "escalate")

    row = row_of(read_models, raised.recommendation_id)
    assert (row["commune"], row["region"]) == ("segou", "san")


# ---- filters on a shared data set -------------------------------------------------------------
class Shared:
    """One data set for the read-only query tests of this module, built once."""

    def __init__(self, database_url):
        self.clock = Clock()
        self.tracker = Tracker(Settings(database_url), clock=self.clock)
        self.people = open_people(self.tracker)
        self.ids = build_dataset(self.tracker, self.people, self.clock, count=36)
        self.read_models = ReadModels(self.tracker)
        self.read_models.catch_up()

    def expected(self, predicate) -> set[str]:
        """Ids of the recommendations whose aggregate satisfies ``predicate``."""
        return {str(i) for i in self.ids
                if predicate(self.tracker.recommendation(self.people["crss"], i))}

    def query(self, scope=None, **filters):
        return board_page(self.read_models.engine, scope or {}, BoardFilters(**filters))


@pytest.fixture(scope="module", params=STORES)
def shared(request, tmp_path_factory):
    url = store_url(request.param, request, tmp_path_factory.mktemp("board"))
    with pytest.MonkeyPatch.context() as patch:  # cheap hashing, as tests/conftest.py does
        patch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000")
        shared = Shared(url)
    yield shared
    shared.read_models.engine.dispose()
    shared.tracker.close()


def _ids(board_page_):
    return {item["id"] for item in board_page_.items}


@pytest.mark.parametrize("name, value", [
    ("region", "segou"), ("region", "mopti"), ("commune", "niono"), ("level", "national"),
    ("status", "open"), ("status", "declined"), ("theme", "appui_fds"),
])
def test_each_filter_keeps_exactly_the_matching_rows(shared, name, value):
    result = shared.query(per_page=100, **{name: value})

    expected = shared.expected(lambda r: getattr(r, name) == value)
    assert expected and _ids(result) == expected and result.total == len(expected)


def test_filters_combine(shared):
    result = shared.query(per_page=100, region="segou", level="commune", status="open")

    expected = shared.expected(
        lambda r: r.region == "segou" and r.state == ("commune", "open"))
    assert expected and _ids(result) == expected


def test_a_filter_that_matches_nothing_gives_an_empty_page(shared):
    result = shared.query(commune="segou", region="mopti")

    assert (result.items, result.total, result.pages) == ([], 0, 1)


@pytest.mark.parametrize("text", ["eclairage", "ÉCLAIRAGE", "Éclairage", "éclairage",
                                  "  eclairage   marche "])
def test_free_text_ignores_accents_and_case(shared, text):
    result = shared.query(q=text, per_page=100)

    expected = shared.expected(lambda r: "Éclairage" in r.description)
    assert len(expected) == 9 and _ids(result) == expected


def test_free_text_words_must_all_be_found(shared):
    assert shared.query(q="recommandation n°07").total == 1
    assert shared.query(q="eclairage patrouilles").total == 0


@pytest.mark.parametrize("text", ["%", "_", "n°0_", "100%"])
def test_free_text_wildcards_are_taken_literally(shared, text):
    assert shared.query(q=text).total == 0


def test_a_blank_search_keeps_everything(shared):
    assert shared.query(q="   ").total == 36


# ---- pagination ------------------------------------------------------------------------------
def test_pages_cover_every_row_once_most_recent_activity_first(shared):
    pages = [shared.query(per_page=10, page=number) for number in (1, 2, 3, 4)]

    assert [len(p.items) for p in pages] == [10, 10, 10, 6]
    assert {p.total for p in pages} == {36} and {p.pages for p in pages} == {4}
    items = [item for p in pages for item in p.items]
    assert len({item["id"] for item in items}) == 36
    activity = [item["last_activity"] for item in items]
    assert activity == sorted(activity, reverse=True)


def test_a_page_past_the_end_is_empty_and_page_zero_is_the_first(shared):
    assert shared.query(per_page=10, page=5).items == []
    assert shared.query(per_page=10, page=0).items == shared.query(per_page=10, page=1).items
    assert shared.query(per_page=10, page=-3).page == 1


@pytest.mark.parametrize("asked, used", [(0, 1), (-5, 1), (1000, 100), (100, 100)])
def test_page_size_is_bounded(shared, asked, used):
    result = shared.query(per_page=asked)

    assert result.per_page == used and len(result.items) == min(used, 36)


def test_the_most_recently_touched_file_comes_first(tracker_app, people, clock, page):
    def raised_a_minute_later():
        clock.advance(minutes=1)  # events carry the tracker's clock
        return raise_one(tracker_app, people, clock).recommendation_id
    first, second, third = (raised_a_minute_later() for _ in range(3))
    assert [item["id"] for item in page().items] == [str(third), str(second), str(first)]

    clock.advance(minutes=1)
    give(tracker_app, people, clock, first, "note")

    assert [item["id"] for item in page().items] == [str(first), str(third), str(second)]


# ---- territory ---------------------------------------------------------------------------------
@pytest.mark.parametrize("person, sees", [
    ("sec_segou", lambda r: r.commune == "segou"),
    ("sec_niono", lambda r: r.commune == "niono"),
    ("sec_mopti", lambda r: r.commune == "mopti"),
    ("reg_segou", lambda r: r.region == "segou"),
    ("reg_mopti", lambda r: r.region == "mopti"),
    ("crss", lambda r: True),
    ("auditor", lambda r: True),
], ids=lambda v: v if isinstance(v, str) else "")
def test_each_person_sees_exactly_their_territory(shared, person, sees):
    result = shared.query(scope=visibility(shared.people[person]), per_page=100)

    assert _ids(result) == shared.expected(sees)


def test_a_filter_cannot_widen_the_territory(shared):
    assert shared.query(scope=visibility(shared.people["reg_segou"]), region="mopti").total == 0
    assert shared.query(scope=visibility(shared.people["sec_niono"]), commune="segou").total == 0


def test_an_admin_has_no_board(people):
    with pytest.raises(NotPermitted):
        visibility(people["admin"])
