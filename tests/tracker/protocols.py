"""Counting the runtime ``typing.Protocol`` checks a piece of code makes (each walks the
protocol's members: what the tracker's loads and saves avoid)."""

from __future__ import annotations

import typing


def counting_protocol_checks(monkeypatch) -> list[str]:
    """The names of the protocols checked from now on, in order."""
    checks = []
    original = typing._ProtocolMeta.__instancecheck__

    def counted(cls, instance):
        checks.append(cls.__name__)
        return original(cls, instance)
    monkeypatch.setattr(typing._ProtocolMeta, "__instancecheck__", counted)
    return checks
