"""What every event records of the person who gave the command."""

from __future__ import annotations

from dataclasses import fields
from uuid import uuid4

from domain.command_context import Actor


def test_an_actor_is_recorded_with_every_field_its_id_as_text():
    user_id = uuid4()
    actor = Actor(user_id=user_id, username="sec_segou", display_name="Awa Traoré",
                  role="secretary")

    record = actor.as_record()

    assert record == {"user_id": str(user_id), "username": "sec_segou",
                      "display_name": "Awa Traoré", "role": "secretary"}
    assert set(record) == {field.name for field in fields(Actor)}  # none forgotten
