"""The chain's witness: each seal appends the head to a file outside the database, one per
database; verification holds the chain to the last witnessed head, so a forged event whose
links were deleted is broken at once, and the sealer will not seal over it. Verification
itself only reads — on both stores."""

from __future__ import annotations

import logging
import stat

import pytest
from sqlalchemy import delete, func, insert, select

from storage.tables import audit_chain as links
from tests.conftest import PASSWORD
from tests.stores import store_url
from tests.tracker.scenario import raise_one
from tests.tracker.test_chain import EventTable, chain, flip_a_byte, log  # noqa: F401
from tests.tracker.test_chain_tail import forge
from tracker.application import Tracker
from tracker.chain import Chain
from tracker.chain_links import GENESIS, link
from tracker.config import Settings, default_chain_witness
from tracker.witness import Witness, database_name, open_witness


def witness_lines(chain) -> list[list[str]]:
    return [line.split(" ", 3) for line in
            chain.witness.path.read_text(encoding="utf-8").splitlines()]


def link_count(chain) -> int:
    with chain.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(links)).scalar()


def test_each_seal_appends_the_head_to_the_witness(chain, log, tracker_app, people, clock):
    first = witness_lines(chain)
    assert first[-1][:2] == [str(log[-1].id), chain.last_link()[1]]
    assert first[-1][2] == clock.now.isoformat(timespec="seconds")
    assert first[-1][3] == database_name(tracker_app.settings.database_url)
    assert stat.S_IMODE(chain.witness.path.stat().st_mode) == 0o600

    assert chain.seal() == 0 and witness_lines(chain) == first  # nothing new, no line
    raise_one(tracker_app, people, clock, title="Points d'eau au marché")
    chain.seal()

    lines = witness_lines(chain)
    assert lines[:-1] == first  # appended, never rewritten
    assert lines[-1][:2] == [str(chain.last_link()[0]), chain.last_link()[1]]


def test_a_forged_event_whose_links_were_deleted_is_broken_by_the_witness(chain, log):
    position = forge(chain, log)  # no time has passed, no verification before

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == position
    assert "Chaîne raccourcie" in verdict.message and "témoin" in verdict.message
    assert f"(position {log[-1].id})" in verdict.message
    assert str(chain.witness.path) in verdict.witness


def test_the_sealer_will_not_seal_over_it_and_says_so_once(chain, log, caplog):
    position = forge(chain, log)

    with caplog.at_level(logging.ERROR, logger="tracker.witness"):
        assert chain.seal() == 0 and chain.seal() == 0

    assert chain.last_link()[0] == position - 1
    assert sum("nothing sealed" in record.message for record in caplog.records) == 1
    assert not chain.verify().ok


def test_a_chain_recomputed_over_a_forgery_is_broken_by_the_witness(chain, log):
    table = EventTable(chain)
    target = log[2]
    table.set_state(target.id, flip_a_byte(table.state(target.id)))
    previous, rows = GENESIS, []  # the forger recomputes every link by hand
    for notification in chain.read_events(1, 1000):
        previous = link(previous, notification)
        rows.append({"position": notification.id, "hash": previous,
                     "sealed_at": chain.clock()})
    with chain.engine.begin() as connection:
        connection.execute(delete(links))
        connection.execute(insert(links), rows)

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == log[-1].id
    assert "Chaîne réécrite" in verdict.message and "témoin" in verdict.message


def test_verification_only_reads(chain, log, tracker_app, people, clock):
    raise_one(tracker_app, people, clock, title="Brigade de proximité")
    links_before, witness_before = link_count(chain), witness_lines(chain)

    verdict = chain.verify()

    assert verdict.ok and verdict.unsealed == 2  # the file and its number: pending
    assert "2 événements récents pas encore scellés" in verdict.message
    assert link_count(chain) == links_before and witness_lines(chain) == witness_before
    assert "Témoin consulté" in verdict.witness and not verdict.witness_warning


def test_a_missing_witness_is_a_warning_not_a_silence(chain, log):
    chain.witness.path.unlink()

    verdict = chain.verify()

    assert verdict.ok and verdict.witness_warning
    assert "n'existe pas" in verdict.witness and str(chain.witness.path) in verdict.witness


def test_a_witness_shared_by_mistake_serves_each_database(chain, log, tmp_path):
    with chain.witness.path.open("a") as other:  # another database's seal, appended later
        other.write(f"999 {'0' * 64} 2026-03-10T09:00:00+00:00 sqlite:////elsewhere.db\n")
    assert chain.verify().ok
    assert Witness(chain.witness.path, "sqlite:////elsewhere.db").last().position == 999


def test_two_databases_get_two_witnesses(store, request, tmp_path, clock):
    chains = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        settings = Settings(database_url=store_url(store, request, tmp_path / name),
                            blob_store=str(tmp_path / name / "blobs"))
        tracker_app = Tracker(settings, clock=clock)
        request.addfinalizer(tracker_app.close)
        chains.append(Chain(tracker_app, clock=clock))
        request.addfinalizer(chains[-1].engine.dispose)
        tracker_app.open_account(None, username=f"auditor_{name}", role="auditor",
                                 password=PASSWORD, display_name=name)
        chains[-1].seal()

    first, second = (chain.witness.path for chain in chains)
    assert first != second and first.exists() and second.exists()
    assert [len(witness_lines(chain)) for chain in chains] == [1, 1]
    if store == "sqlite":
        assert first == tmp_path / "first" / "tracker.sqlite3.witness"
    else:
        assert first.name.startswith("chain-witness-tracker_test_")


def test_the_setting_chooses_the_witness(database_url, tmp_path):
    chosen = tmp_path / "elsewhere" / "witness.txt"
    chosen.parent.mkdir()
    settings = Settings.from_environment({"TRACKER_DATABASE_URL": database_url,
                                          "TRACKER_CHAIN_WITNESS": str(chosen)})
    assert open_witness(settings).path == chosen


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:",
                                 "sqlite:///file:board?mode=memory&cache=shared&uri=true"])
def test_an_in_memory_database_has_no_witness(url):
    assert default_chain_witness(url) is None


def test_a_witness_that_cannot_be_written_stops_the_start_in_french(database_url, tmp_path):
    missing = Settings(database_url=database_url, chain_witness=str(tmp_path / "no" / "w"))
    with pytest.raises(ValueError, match="TRACKER_CHAIN_WITNESS : le dossier .* n'existe pas"):
        open_witness(missing)
    folder = Settings(database_url=database_url, chain_witness=str(tmp_path))
    with pytest.raises(ValueError, match="est un dossier"):
        open_witness(folder)
