"""The registry of read models: which there are, each checked against the contract when
the registry is built, so a read model that lacks a part fails at start, not at its
first event."""

from __future__ import annotations

from projections.accounts import AccountsProjection
from projections.attachments import AttachmentsProjection
from projections.audit_log import AuditLogProjection
from projections.board import BoardProjection
from projections.board_versions import BoardVersionsProjection
from projections.contract import ReadModel
from projections.desk import DeskProjection
from projections.history import HistoryProjection
from projections.sessions import SessionsProjection

REGISTERED: tuple[type, ...] = (BoardProjection, HistoryProjection, AccountsProjection,
                                AuditLogProjection, DeskProjection, BoardVersionsProjection,
                                SessionsProjection, AttachmentsProjection)


def read_models() -> list[ReadModel]:
    """A fresh instance of every registered read model."""
    models = [cls() for cls in REGISTERED]
    for model in models:
        if not isinstance(model, ReadModel):
            raise TypeError(f"{type(model).__name__} does not fulfil the read-model contract")
        if model.handled & model.ignored:
            raise TypeError(f"{model.name} both handles and ignores "
                            f"{sorted(cls.__qualname__ for cls in model.handled & model.ignored)}")
    names = [model.name for model in models]
    if len(set(names)) != len(names):
        raise TypeError(f"two read models share a name: {names}")
    return models
