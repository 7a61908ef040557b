"""The board's free-text search through the trigram index (FTS5 on SQLite, pg_trgm on
PostgreSQL): the same rows as a plain LIKE on every row, for words that look like index
syntax, for words too short for trigrams, after amendments and after a rebuild."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import select

from projections.queries import BoardFilters, board_page
from storage.tables import board
from tests.tracker.scenario import raise_one

TITLES = [
    'Lampadaires "AND" OR NOT au marché',
    "Patrouilles NEAR(gare, 2) la nuit",
    "Radio x*y : col:umn et a-b",
    "Causeries à l'école de Pélengana",
    "Ralentisseurs devant l'école",
]


@pytest.fixture
def titled(tracker_app, people, clock, read_models):
    ids = [raise_one(tracker_app, people, clock, title=title, description="Mesure.")
           .recommendation_id for title in TITLES]
    read_models.catch_up()
    return [str(i) for i in ids]


def found(read_models, q):
    page = board_page(read_models.engine, {}, BoardFilters(q=q, per_page=100))
    return {item["id"] for item in page.items}, page.total


def by_like(read_models, words):
    with read_models.engine.connect() as connection:
        rows = connection.execute(select(board.c.id).where(
            *(board.c.search_text.contains(word, autoescape=True) for word in words)))
        return {row.id for row in rows}


@pytest.mark.parametrize("q", [
    '"and"', "and", "or not", "near(gare,", "x*y", "col:umn", "a-b", "l'ecole",
    "ecole pelengana", "ECOLE", "é", "la", "ra", "mesure", "marche lampadaires", '"', "*",
    "introuvable", "de l'",
])
def test_search_finds_what_like_finds(titled, read_models, q):
    from projections.text import searchable

    ids, total = found(read_models, q)

    assert ids == by_like(read_models, searchable(q).split())
    assert total == len(ids)


def test_an_amended_title_is_found_by_its_new_words_only(titled, tracker_app, people,
                                                         read_models):
    tracker_app.act(people["sec_segou"], UUID(titled[4]), "amend",
                    title="Dos-d'âne à Sébougou")
    read_models.catch_up()

    assert found(read_models, "sebougou")[0] == {titled[4]}
    assert found(read_models, "ralentisseurs")[0] == set()


def test_search_works_the_same_after_a_rebuild(titled, read_models):
    before = [found(read_models, q) for q in ("ecole", "radio", "la nuit")]

    read_models.rebuild()

    assert [found(read_models, q) for q in ("ecole", "radio", "la nuit")] == before
    assert found(read_models, "ecole")[1] == 2


@pytest.mark.parametrize("q", ["ecole", "la", "mesure"])
def test_a_search_pages_through_its_matches_in_the_boards_order(titled, read_models, q):
    from projections.text import searchable

    everything = board_page(read_models.engine, {}, BoardFilters(q=q, per_page=100))
    pages = [board_page(read_models.engine, {}, BoardFilters(q=q, per_page=2, page=number))
             for number in (1, 2, 3, 9)]

    expected = by_like(read_models, searchable(q).split())
    assert len(expected) >= 2
    assert [item["id"] for page in pages for item in page.items] == \
        [item["id"] for item in everything.items]
    assert {item["id"] for item in everything.items} == expected
    assert all(page.total == len(expected) for page in pages)
    assert pages[-1].items == []  # past the last page: nothing, and still the total


def test_a_search_within_a_filter_counts_and_pages_the_same(titled, read_models):
    first = board_page(read_models.engine, {"commune": "segou"},
                       BoardFilters(q="ecole", per_page=1))
    assert first.total == 2 and len(first.items) == 1
    assert first.items[0]["commune"] == "segou"
