"""The read-model contract: every read model handles or explicitly ignores every event of
every aggregate; one whose code changed version is rebuilt by itself, by one process;
inline, one process at a time catches up while the others serve and wait."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from projections.board import BoardProjection
from projections.contract import ReadModel
from projections.events import ALL_EVENTS
from projections.registry import REGISTERED, read_models
from projections.runner import ReadModels, ReadModelsBehind
from storage.tables import board, positions
from tests.projections.conftest import build_dataset, snapshot
from tests.tracker.scenario import raise_one


@pytest.mark.parametrize("model", read_models(), ids=lambda model: model.name)
def test_every_read_model_handles_or_ignores_every_event_of_every_aggregate(model):
    assert isinstance(model, ReadModel)
    assert model.handled | model.ignored == ALL_EVENTS
    assert not model.handled & model.ignored
    assert isinstance(model.version, int) and model.version >= 1


def test_the_registry_refuses_a_read_model_that_breaks_the_contract(monkeypatch):
    class Incomplete:
        name, tables = "incomplete", ()

        def prepare(self, connection, numbered_events):
            return None

    monkeypatch.setattr("projections.registry.REGISTERED", (*REGISTERED, Incomplete))
    with pytest.raises(TypeError, match="Incomplete"):
        read_models()


def _without_versions(rows: dict) -> dict:
    return {**rows, "read_model_positions": [
        {**row, "version": None} for row in rows["read_model_positions"]]}


def test_a_read_model_whose_version_changed_is_rebuilt_by_itself_by_one_process(
        tracker_app, people, clock, read_models, monkeypatch):
    build_dataset(tracker_app, people, clock, count=12)
    read_models.catch_up()
    before = snapshot(read_models.engine)

    monkeypatch.setattr(BoardProjection, "version", BoardProjection.version + 1)
    first = ReadModels(tracker_app)     # the first process to start after the upgrade
    second = ReadModels(tracker_app)    # another, starting just after it

    assert first.positions()["board"] == 0
    assert first.versions()["board"] == BoardProjection.version
    assert second.rebuild_outdated() == []  # done once, by the first
    with first.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(board)).scalar_one() == 0
    assert first.positions()["history"] == read_models.head()  # the others untouched

    first.catch_up()

    after = snapshot(first.engine)
    assert _without_versions(after) == _without_versions(before)
    with first.engine.connect() as connection:
        stored = dict(connection.execute(select(positions.c.name, positions.c.version)).all())
    assert stored["board"] == BoardProjection.version
    for models in (first, second):
        models.engine.dispose()


def test_inline_one_process_catches_up_while_the_others_serve_and_wait(
        tracker_app, people, clock, read_models):
    other = ReadModels(tracker_app, inline=True)
    raise_one(tracker_app, people, clock)
    head = read_models.head()

    with read_models._inline_lock.held() as mine:
        assert mine
        assert other.refresh() == 0             # serves what is there
        assert other.positions()["board"] < head
        with pytest.raises(ReadModelsBehind):  # and waits for the one catching up
            other.wait_for(head, timeout=0.2)

    assert other.refresh() > 0
    assert min(other.positions().values()) == head
    other.engine.dispose()
