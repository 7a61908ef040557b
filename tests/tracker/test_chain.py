"""Tamper evidence: the hash chain over the stored events catches every change made
directly in the database (SQLite and PostgreSQL), and receipts catch a rewrite of the
whole chain or a cut-off tail."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timezone

import pytest
from sqlalchemy import delete, text, update

from storage.tables import audit_chain as links
from tests.tracker.scenario import give, raise_one
from tracker.chain import Chain
from tracker.chain_links import GENESIS, Head, link


@pytest.fixture
def chain(tracker_app, clock):
    chain = Chain(tracker_app, clock=clock)
    yield chain
    chain.engine.dispose()


@pytest.fixture
def log(tracker_app, people, clock, chain):
    """A dozen events of three recommendations, sealed."""
    for title in ("Lampadaires du marché", "Patrouilles de nuit", "Radio en bambara"):
        result = raise_one(tracker_app, people, clock, title=title)
        give(tracker_app, people, clock, result.recommendation_id, "escalate")
    chain.seal()
    return tracker_app.recorder.select_notifications(start=1, limit=1000)


class EventTable:
    """The event store's own table, reached behind the application's back."""

    def __init__(self, chain):
        self.engine = chain.engine
        postgres = self.engine.dialect.name == "postgresql"
        self.table = "tracker_events" if postgres else "stored_events"
        self.position = "notification_id" if postgres else "rowid"

    def state(self, position: int) -> bytes:
        with self.engine.connect() as connection:
            return bytes(connection.execute(text(
                f"SELECT state FROM {self.table} WHERE {self.position} = :p"),
                {"p": position}).scalar_one())

    def set_state(self, position: int, state: bytes) -> None:
        with self.engine.begin() as connection:
            connection.execute(text(
                f"UPDATE {self.table} SET state = :s WHERE {self.position} = :p"),
                {"s": state, "p": position})

    def delete_from(self, position: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(text(
                f"DELETE FROM {self.table} WHERE {self.position} >= :p"), {"p": position})


def flip_a_byte(state: bytes) -> bytes:
    index = state.index(b"Patrouilles") if b"Patrouilles" in state else len(state) // 2
    return state[:index] + bytes([state[index] ^ 0x01]) + state[index + 1:]


def test_an_untouched_log_verifies(chain, log):
    verdict = chain.verify()

    assert verdict.ok and verdict.checked == len(log) and verdict.unsealed == 0
    assert verdict.head.position == log[-1].id
    assert chain.head().hash == verdict.head.hash


def test_events_recorded_after_the_last_seal_are_pending_not_broken(
        tracker_app, people, clock, chain, log):
    raise_one(tracker_app, people, clock, title="Points d'eau au marché")

    verdict = chain.verify()

    # The file and its number, not sealed yet.
    assert verdict.ok and verdict.unsealed == 2 and verdict.checked == len(log)
    assert chain.seal() == 2 and chain.verify().unsealed == 0


def test_a_link_is_the_documented_hash_so_receipts_outlive_the_code(chain, log):
    # Receipts are kept outside the system for years: the link must stay exactly
    # sha256(previous link, position, aggregate id, version, topic, stored bytes), the
    # events as the library reads them.
    first = log[0]
    expected = hashlib.sha256(
        bytes.fromhex(GENESIS)
        + f"{first.id}\n{first.originator_id}\n{first.originator_version}\n"
          f"{first.topic}\n".encode()
        + first.state).hexdigest()
    with chain.engine.connect() as connection:
        sealed = connection.execute(
            links.select().where(links.c.position == first.id)).first().hash
    assert link(GENESIS, first) == expected == sealed


def test_an_event_moved_to_another_aggregate_is_caught(chain, log):
    # Its aggregate id rewritten, the event would leave its file's stream unseen.
    table = EventTable(chain)
    target = log[4]
    elsewhere = uuid.uuid4()
    stored = str(elsewhere) if table.engine.dialect.name == "postgresql" else elsewhere.hex
    with table.engine.begin() as connection:
        connection.execute(text(
            f"UPDATE {table.table} SET originator_id = :elsewhere "
            f"WHERE {table.position} = :target"), {"elsewhere": stored, "target": target.id})

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == target.id


def test_verification_across_batches_reads_every_event_once(chain, log):
    verdict = chain.verify(batch_size=3)

    assert verdict.ok and verdict.checked == len(log)
    assert verdict.head.hash == chain.last_link()[1]


@pytest.mark.parametrize("batch_size", [3, 1000])
def test_an_event_deleted_in_the_middle_is_named(chain, log, batch_size):
    target = log[len(log) // 2]
    table = EventTable(chain)
    with table.engine.begin() as connection:
        connection.execute(text(f"DELETE FROM {table.table} WHERE {table.position} = :p"),
                           {"p": target.id})

    verdict = chain.verify(batch_size=batch_size)

    assert not verdict.ok and verdict.first_broken == target.id
    assert "supprimé" in verdict.message


@pytest.mark.parametrize("batch_size", [3, 1000])
def test_a_flipped_byte_in_a_later_batch_is_named(chain, log, batch_size):
    target = log[-3]
    table = EventTable(chain)
    table.set_state(target.id, flip_a_byte(table.state(target.id)))

    verdict = chain.verify(batch_size=batch_size)

    assert not verdict.ok and verdict.first_broken == target.id
    assert verdict.checked == len(log) - 3


def test_sealing_twice_links_each_event_once(chain, log, clock):
    assert chain.seal() == 0
    with chain.engine.connect() as connection:
        rows = list(connection.execute(links.select().order_by(links.c.position)))
    assert [row.position for row in rows] == [n.id for n in log]
    # SQLite gives the time back without its zone (UTC, as written).
    assert {row.sealed_at if row.sealed_at.tzinfo else row.sealed_at.replace(tzinfo=timezone.utc)
            for row in rows} == {clock.now}


def test_a_flipped_byte_is_named(chain, log):
    target = next(n for n in log if b"Patrouilles" in n.state)
    table = EventTable(chain)
    table.set_state(target.id, flip_a_byte(table.state(target.id)))

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == target.id
    assert str(target.id) in verdict.message


def test_deleted_last_events_are_caught(chain, log):
    EventTable(chain).delete_from(log[-2].id)

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == log[-2].id
    assert "supprimé" in verdict.message


def test_two_swapped_events_are_caught(chain, log):
    table = EventTable(chain)
    first, second = log[2].id, log[5].id
    state_1, state_2 = table.state(first), table.state(second)
    table.set_state(first, state_2)
    table.set_state(second, state_1)

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == first


def test_a_rewritten_event_with_its_own_link_recomputed_breaks_the_next_link(chain, log):
    from tracker.chain_links import link

    table = EventTable(chain)
    target = log[4]
    forged = flip_a_byte(table.state(target.id))
    table.set_state(target.id, forged)
    with chain.engine.begin() as connection:
        previous = connection.execute(links.select().where(
            links.c.position == log[3].id)).first().hash
        forged_notification = type(target)(
            id=target.id, originator_id=target.originator_id,
            originator_version=target.originator_version, topic=target.topic, state=forged)
        connection.execute(update(links).where(links.c.position == target.id)
                           .values(hash=link(previous, forged_notification)))

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == log[5].id


def test_an_event_missing_from_the_sealed_chain_is_reported_as_inserted(chain, log):
    with chain.engine.begin() as connection:
        connection.execute(delete(links).where(links.c.position == log[3].id))

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == log[3].id and "inséré" in verdict.message


def test_a_receipt_catches_a_cut_tail_with_its_links(chain, log):
    receipt = chain.head()
    EventTable(chain).delete_from(log[-3].id)
    with chain.engine.begin() as connection:
        connection.execute(delete(links).where(links.c.position >= log[-3].id))
    chain.witness.path.unlink()  # a forger who reaches the witness too

    verdict = chain.verify()  # consistent in itself: only the receipt can tell
    assert verdict.ok and verdict.witness_warning
    verdict = chain.verify(receipt=receipt)

    assert not verdict.ok and verdict.first_broken == receipt.position


def test_a_receipt_catches_a_chain_recomputed_from_a_forged_event(chain, log):
    receipt = chain.head()
    table = EventTable(chain)
    table.set_state(log[1].id, flip_a_byte(table.state(log[1].id)))
    with chain.engine.begin() as connection:
        connection.execute(delete(links))
    chain.witness.path.unlink()  # the forger reaches the witness too
    chain.seal()  # and re-seals everything

    assert chain.verify().ok
    verdict = chain.verify(receipt=receipt)

    assert not verdict.ok and "reçu" in verdict.message


def test_a_receipt_from_an_honest_past_still_verifies_as_the_log_grows(
        tracker_app, people, clock, chain, log):
    receipt = Head.from_json(chain.head().as_json())
    raise_one(tracker_app, people, clock, title="Brigade de proximité")
    chain.seal()

    verdict = chain.verify(receipt=receipt)

    assert verdict.ok and verdict.head.position > receipt.position


def test_each_verification_is_kept_for_the_auditors_page(chain, log):
    chain.verify()
    table = EventTable(chain)
    table.set_state(log[0].id, flip_a_byte(table.state(log[0].id)))
    chain.verify()

    last = chain.last_verification()

    assert last.ok is False and str(log[0].id) in last.message
