"""The accounts read model: titles, the obligation to choose a password, and the tokens in
force (ids and dates, never a secret), the same whether events come one by one, in one
batch, or replayed."""

from __future__ import annotations

from sqlalchemy import select

from projections.account_queries import account_cards, account_row, tokens_of
from storage.tables import account_tokens
from tests.conftest import PASSWORD


def _token_ids(read_models, username) -> list[str]:
    row = account_row(read_models.engine, username)
    return [token["token_id"] for token in tokens_of(read_models.engine, row["id"])]


def _history(tracker, people, clock, read_models, one_by_one: bool) -> dict:
    """Tokens issued, revoked, dropped by a disable; titles; resets and own passwords."""
    steps = []
    admin = people["admin"]
    tokens = {}

    def step(action):
        steps.append(action)
        clock.advance(minutes=1)
        result = action()
        if one_by_one:
            read_models.catch_up()
        return result

    tokens["kept"] = step(lambda: tracker.issue_token(admin, "crss"))
    tokens["revoked"] = step(lambda: tracker.issue_token(admin, "crss"))
    step(lambda: tracker.revoke_token(admin, "crss", tokens["revoked"].split(".")[1]))
    tokens["dropped"] = step(lambda: tracker.issue_token(None, "reg_segou"))
    step(lambda: tracker.disable_account(admin, "reg_segou"))
    step(lambda: tracker.enable_account(admin, "reg_segou"))
    tokens["after"] = step(lambda: tracker.issue_token(admin, "reg_segou"))
    step(lambda: tracker.change_title(admin, "reg_segou", "Gouverneur"))
    step(lambda: tracker.reset_password(admin, "sec_segou"))
    temporary = step(lambda: tracker.reset_password(admin, "sec_niono"))
    step(lambda: tracker.change_password(
        tracker.authenticate_password("sec_niono", temporary), "sec_niono", temporary,
        "trois-mots-choisis"))
    step(lambda: tracker.create_account(admin, username="nouvelle", role="auditor",
                                        title="Auditrice"))
    read_models.catch_up()
    return tokens


def _check(read_models, tokens, clock) -> None:
    engine = read_models.engine
    assert _token_ids(read_models, "crss") == [tokens["kept"].split(".")[1]]
    assert _token_ids(read_models, "reg_segou") == [tokens["after"].split(".")[1]]
    crss = account_row(engine, "CRSS")
    assert crss["token_count"] == 1
    [kept] = tokens_of(engine, crss["id"])
    assert kept["issued_by"] == "Admin" and kept["issued_at"].tzinfo is not None
    assert account_row(engine, "reg_segou")["title"] == "Gouverneur"
    assert account_row(engine, "sec_segou")["must_change_password"]
    assert not account_row(engine, "sec_niono")["must_change_password"]
    created = account_row(engine, "nouvelle")
    assert created["must_change_password"] and created["title"] == "Auditrice"
    assert account_row(engine, "crss")["title"] is None
    assert account_row(engine, "personne") is None


def test_the_read_model_follows_events_one_by_one(tracker_app, people, clock, read_models):
    tokens = _history(tracker_app, people, clock, read_models, one_by_one=True)
    _check(read_models, tokens, clock)


def test_the_read_model_follows_events_in_one_batch_and_after_a_rebuild(
        tracker_app, people, clock, read_models):
    tokens = _history(tracker_app, people, clock, read_models, one_by_one=False)
    _check(read_models, tokens, clock)

    read_models.rebuild()

    _check(read_models, tokens, clock)


def test_no_secret_reaches_the_tokens_table(tracker_app, people, read_models):
    token = tracker_app.issue_token(people["admin"], "crss")
    read_models.catch_up()

    with read_models.engine.connect() as connection:
        stored = [dict(row._mapping) for row in connection.execute(select(account_tokens))]
    assert [set(row) for row in stored] == [{"account_id", "token_id", "issued_at",
                                             "issued_by"}]
    assert token.split(".")[2] not in repr(stored)


def test_account_cards_list_active_accounts_first(tracker_app, people, read_models):
    tracker_app.disable_account(None, "auditor")
    tracker_app.open_account(None, username="zaz", display_name="Aïcha", role="auditor",
                             password=PASSWORD)
    read_models.catch_up()

    usernames = [card["username"] for card in account_cards(read_models.engine)]

    assert usernames[-1] == "auditor" and usernames[0] == "admin"
    assert usernames.index("zaz") < usernames.index("crss")
