"""Reading the accounts read model for the administrators' pages."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from domain.account import account_id
from storage.tables import account_tokens, accounts


def account_row(engine: Engine, username: str) -> dict | None:
    """One account's row, found by username whatever its case; None if there is none."""
    with engine.connect() as connection:
        row = connection.execute(select(accounts).where(
            accounts.c.id == str(account_id(username)))).first()
    return dict(row._mapping) if row else None


def tokens_of(engine: Engine, user_id: str) -> list[dict]:
    """The API tokens in force on an account, newest first: id, issue date and issuer."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(account_tokens).where(account_tokens.c.account_id == str(user_id))
            .order_by(account_tokens.c.issued_at.desc(), account_tokens.c.token_id))
        return [dict(row._mapping) for row in rows]


def account_cards(engine: Engine) -> list[dict]:
    """Every account, active ones first, then by display name."""
    with engine.connect() as connection:
        rows = connection.execute(select(accounts).order_by(
            accounts.c.disabled, func.lower(accounts.c.display_name), accounts.c.username))
        return [dict(row._mapping) for row in rows]
