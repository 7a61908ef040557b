"""An event that a read model cannot apply, whatever the reason, never stops the read side:
it is set aside as a dead letter (read model, position, event type, error) and logged, the
read model goes on with the next events, and the other read models apply it as usual; a
rebuild meets it again (once), and forgets it when the code no longer fails."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select, text

from domain.recommendation import Recommendation
from projections.history import HistoryProjection
from storage.tables import board, dead_letters, history
from tests.conftest import raise_fields

POISON = "Titre que l'historique refuse"


def raise_three(tracker_app, people, clock) -> list:
    return [tracker_app.raise_recommendation(
        people["sec_segou"], **raise_fields(clock, title=title)).recommendation_id
        for title in ("Avant", POISON, "Après")]


def poisoned(event) -> bool:
    return isinstance(event, Recommendation.Raised) and event.title == POISON


@pytest.fixture(params=["fold", "write"])
def history_refuses_the_poison(request, monkeypatch):
    """The history read model fails on one event: in its fold (a Python error), or in its
    write (an SQL error, which on PostgreSQL aborts the transaction)."""
    prepare = HistoryProjection.prepare

    def failing(self, connection, numbered_events):
        if any(poisoned(event) for _position, event in numbered_events):
            if request.param == "fold":
                raise ValueError("fold refuses the poison")
            write = prepare(self, connection, numbered_events)

            def failing_write(connection):
                write(connection)
                connection.execute(text("INSERT INTO no_such_table VALUES (1)"))
            return failing_write
        return prepare(self, connection, numbered_events)

    monkeypatch.setattr(HistoryProjection, "prepare", failing)
    return request.param


def count(engine, table, *where) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table).where(*where)
                                  ).scalar_one()


def test_one_event_set_aside_the_rest_applied(read_models, tracker_app, people, clock, head,
                                              history_refuses_the_poison, caplog):
    ids = raise_three(tracker_app, people, clock)

    with caplog.at_level(logging.ERROR, logger="tracker.projections"):
        read_models.catch_up()

    assert set(read_models.positions().values()) == {head()}
    engine = read_models.engine
    assert count(engine, board) == 3  # the other read models applied it
    assert count(engine, history, history.c.recommendation_id == str(ids[0])) == 1
    assert count(engine, history, history.c.recommendation_id == str(ids[2])) == 1
    assert count(engine, history, history.c.recommendation_id == str(ids[1])) == 0
    [letter] = read_models.dead_letters()
    assert (letter.read_model, letter.event_type) == ("history", "Recommendation.Raised")
    assert letter.position < head()
    assert ("refuses the poison" in letter.error if history_refuses_the_poison == "fold"
            else "no_such_table" in letter.error)
    assert "could not apply the event at position" in caplog.text


def test_later_events_keep_flowing_after_a_dead_letter(read_models, tracker_app, people, clock,
                                                       head, history_refuses_the_poison):
    raise_three(tracker_app, people, clock)
    read_models.catch_up()

    later = tracker_app.raise_recommendation(people["sec_segou"],
                                             **raise_fields(clock, title="Plus tard"))
    read_models.catch_up()

    assert count(read_models.engine, history,
                 history.c.recommendation_id == str(later.recommendation_id)) == 1
    assert len(read_models.dead_letters()) == 1


def test_a_rebuild_meets_it_once_and_forgets_it_once_fixed(read_models, tracker_app, people,
                                                          clock, monkeypatch,
                                                          history_refuses_the_poison):
    raise_three(tracker_app, people, clock)
    read_models.catch_up()

    read_models.rebuild()
    assert len(read_models.dead_letters()) == 1

    monkeypatch.undo()  # the code is fixed
    read_models.rebuild()
    assert read_models.dead_letters() == []
    assert count(read_models.engine, history) >= 3


def test_status_and_the_auditors_page_say_so(app, client, web_people, history_refuses_the_poison):
    from tests.conftest import login

    tracker_app = app.extensions["tracker"]
    from tests.conftest import Clock
    raise_three(tracker_app, web_people, Clock())
    app.extensions["read_models"].catch_up()

    result = app.test_cli_runner().invoke(args=["projections", "status"])
    assert result.exit_code == 0
    assert "1 événement mis de côté" in result.output
    assert "history" in result.output and "Recommendation.Raised" in result.output

    login(client, "auditor")
    page = client.get("/audit/").text
    assert "Événements mis de côté par le côté lecture" in page
    assert "Recommendation.Raised" in page
    assert count(app.extensions["read_models"].engine, dead_letters) == 1
