"""A forger who changes an event and removes the chain's links from there on: verification
checks the log as found and never seals, so the forged tail cannot be covered by fresh
links. The witness tells it at once (tests/tracker/test_chain_witness.py); here the forger
has deleted the witness too, and it is still told by the events' age (unlinked long past
the sealing grace) and by the head a previous verification found — on both stores."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from storage.tables import audit_chain
from tests.tracker.test_chain import EventTable, chain, flip_a_byte, log  # noqa: F401
from tracker.chain_walk import SEALING_GRACE


def remove_links_from(chain, position: int) -> None:
    with chain.engine.begin() as connection:
        connection.execute(delete(audit_chain).where(audit_chain.c.position >= position))


def forge(chain, log) -> int:
    """Change the bytes of the « Patrouilles » file's first event and remove every link
    from it on, as a forger with the database's keys would; its position."""
    target = next(n for n in log if b"Patrouilles" in n.state)
    table = EventTable(chain)
    table.set_state(target.id, flip_a_byte(table.state(target.id)))
    remove_links_from(chain, target.id)
    return target.id


def test_recent_unsealed_events_are_pending_not_broken(chain, log, clock):
    remove_links_from(chain, log[-3].id)  # as if the last three were not sealed yet
    chain.witness.path.unlink()  # (the witness would say they were)
    verdict = chain.verify()
    assert verdict.ok and verdict.unsealed == 3 and verdict.witness_warning
    assert chain.last_link()[0] == log[-4].id  # verification itself sealed nothing


def test_a_forged_tail_whose_links_were_removed_is_not_intact(chain, log, clock):
    position = forge(chain, log)
    chain.witness.path.unlink()
    clock.advance(minutes=SEALING_GRACE.total_seconds() / 60 + 1)

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == position
    assert f"Événements non scellés depuis la position {position}" in verdict.message
    assert chain.last_link()[0] == position - 1  # nothing sealed over the forgery


def test_links_removed_below_a_verified_head_are_told_at_once(chain, log, clock):
    assert chain.verify().ok  # the head it found is kept
    forge(chain, log)  # and no time has passed
    chain.witness.path.unlink()

    verdict = chain.verify()

    assert not verdict.ok
    assert "Chaîne raccourcie" in verdict.message
    assert f"allait jusqu'à la position {log[-1].id}" in verdict.message


def test_a_long_stopped_sealing_is_said_too(chain, log, tracker_app, people, clock):
    from tests.tracker.scenario import raise_one
    raise_one(tracker_app, people, clock, title="Recensement des motos")
    clock.advance(hours=2)  # nobody sealed it: the projector was stopped
    verdict = chain.verify()
    assert not verdict.ok and "le scellement est arrêté" in verdict.message
    chain.seal()  # the operator, having looked, restarts the service
    clock.advance(seconds=1)
    assert chain.verify().ok


def test_the_grace_is_generous_for_a_slow_projector(chain, log, tracker_app, people, clock):
    from tests.tracker.scenario import raise_one
    raise_one(tracker_app, people, clock, title="Recensement des motos")
    clock.advance(minutes=10)
    verdict = chain.verify()
    assert verdict.ok and verdict.unsealed >= 1
    assert timedelta(minutes=10) < SEALING_GRACE
