"""Read models over a tracker on a real SQLite file, and a data set of recommendations of
Ségou, Niono and Mopti in every reachable state."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from projections.runner import ReadModels
from storage.tables import (
    accounts, audit_log, audit_subjects, board, board_versions, history, positions, sessions,
)
from tests.domain.lifecycle import REACHABLE_STATES
from tests.tracker.scenario import drive_to, give

THEMES = ["eclairage_public", "appui_fds", "stupefiants", "securite_routiere", "deplaces",
          "sensibilisation"]
COMMUNES = ["segou", "niono", "mopti"]


@pytest.fixture
def read_models(tracker_app):
    models = ReadModels(tracker_app)
    yield models
    models.engine.dispose()


@pytest.fixture
def head(tracker_app):
    return lambda: tracker_app.recorder.max_notification_id() or 0


def snapshot(engine) -> dict[str, list[dict]]:
    """Every row of every read-model table, in a stable order."""
    keys = {board: board.c.id, history: history.c.position, accounts: accounts.c.id,
            audit_log: audit_log.c.position, audit_subjects: audit_subjects.c.aggregate_id,
            board_versions: (board_versions.c.id, board_versions.c.version),
            sessions: sessions.c.id,
            positions: positions.c.name}
    with engine.connect() as connection:
        return {table.name: [dict(row._mapping) for row in
                             connection.execute(select(table).order_by(
                                 *(key if isinstance(key, tuple) else (key,))))]
                for table, key in keys.items()}


def build_dataset(tracker, people, clock, count: int = 36) -> list:
    """``count`` recommendations spread over three communes, six themes and all 16
    reachable states; the open ones amended, the final ones of the first round reopened."""
    ids = []
    for index in range(count):
        commune = COMMUNES[index % 3]
        state = REACHABLE_STATES[index % len(REACHABLE_STATES)]
        clock.advance(hours=1)
        recommendation_id = drive_to(
            tracker, people, clock, state, commune=commune,
            theme=THEMES[index % len(THEMES)],
            title=f"Recommandation n°{index:02d} de {commune}",
            description="Éclairage du marché" if index % 4 == 0 else "Patrouilles de nuit")
        by = {"segou": "sec_segou", "niono": "sec_niono", "mopti": "sec_mopti"}[commune]
        if state == ("commune", "open"):
            give(tracker, people, clock, recommendation_id, "amend", by=by,
                 title=f"Recommandation n°{index:02d} amendée", origin_group="jeunes")
        if index < len(REACHABLE_STATES) and state[1] in ("declined", "implemented", "withdrawn"):
            give(tracker, people, clock, recommendation_id, "reopen", by=by)
        ids.append(recommendation_id)
    return ids
