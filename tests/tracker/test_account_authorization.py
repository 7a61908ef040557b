"""Who may manage accounts: every account command, given by every person of ``people``
and by the operator at the command line. Only administrators (and the operator) manage
accounts; each person changes their own password, nobody changes another's. A refusal
records nothing."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tracker.authorization import NotPermitted

PEOPLE_ORDER = ("sec_segou", "sec_niono", "sec_mopti", "reg_segou", "reg_mopti", "crss",
                "auditor", "admin", None)
NEW_PASSWORD = "trois-mots-choisis-ensemble"


def _prepared_token(tracker):
    token = tracker.issue_token(None, "sec_niono")
    return {"token_id": token.split(".")[1]}


def _disabled(tracker):
    tracker.disable_account(None, "sec_niono")
    return {}


# name -> (set-up giving extra arguments, the command given by ``by``)
COMMANDS = {
    "open": (None, lambda t, by, _: t.open_account(
        by, username="ouverte", role="auditor", password=NEW_PASSWORD)),
    "create": (None, lambda t, by, _: t.create_account(
        by, username="creee", role="regional", region="mopti", title="Gouverneur")),
    "change-role": (None, lambda t, by, _: t.change_role(by, "sec_niono", "national")),
    "change-title": (None, lambda t, by, _: t.change_title(
        by, "sec_niono", "Secrétaire générale")),
    "disable": (None, lambda t, by, _: t.disable_account(by, "sec_niono")),
    "enable": (_disabled, lambda t, by, _: t.enable_account(by, "sec_niono")),
    "issue-token": (None, lambda t, by, _: t.issue_token(by, "sec_niono")),
    "revoke-token": (_prepared_token, lambda t, by, extra: t.revoke_token(
        by, "sec_niono", extra["token_id"])),
    "revoke-all-tokens": (_prepared_token, lambda t, by, _: t.revoke_all_tokens(
        by, "sec_niono")),
    "end-sessions": (None, lambda t, by, _: t.end_sessions(by, "sec_niono")),
    "reset-password": (None, lambda t, by, _: t.reset_password(by, "sec_niono")),
    "set-password": (None, lambda t, by, _: t.set_password(by, "sec_niono", NEW_PASSWORD)),
    "change-other-password": (None, lambda t, by, _: t.change_password(
        by, "sec_niono", PASSWORD, NEW_PASSWORD)),
}
# Whose password a person changes: their own (the operator has none).
OWN_PASSWORD = ("change-own-password", lambda t, by, _: t.change_password(
    by, by.username if by else "admin", PASSWORD, NEW_PASSWORD))

# command, then the outcome for each in PEOPLE_ORDER:
# sec_segou sec_niono sec_mopti reg_segou reg_mopti crss auditor admin operator
ACCESS = [
    ("open",                  "403  403  403  403  403  403  403  ok   ok"),
    ("create",                "403  403  403  403  403  403  403  ok   ok"),
    ("change-role",           "403  403  403  403  403  403  403  ok   ok"),
    ("change-title",          "403  403  403  403  403  403  403  ok   ok"),
    ("disable",               "403  403  403  403  403  403  403  ok   ok"),
    ("enable",                "403  403  403  403  403  403  403  ok   ok"),
    ("issue-token",           "403  403  403  403  403  403  403  ok   ok"),
    ("revoke-token",          "403  403  403  403  403  403  403  ok   ok"),
    ("revoke-all-tokens",     "403  403  403  403  403  403  403  ok   ok"),
    ("end-sessions",          "403  403  403  403  403  403  403  ok   ok"),
    ("reset-password",        "403  403  403  403  403  403  403  ok   ok"),
    ("set-password",          "403  403  403  403  403  403  403  ok   ok"),
    # sec_niono's own password: the one case where it is their own.
    ("change-other-password", "403  ok   403  403  403  403  403  403  403"),
    ("change-own-password",   "ok   ok   ok   ok   ok   ok   ok   ok   403"),
]
CASES = [(command, person, outcome) for command, row in ACCESS
         for person, outcome in zip(PEOPLE_ORDER, row.split())]


@pytest.mark.parametrize("command, person, outcome", CASES,
                         ids=[f"{c}-{p or 'operator'}" for c, p, _ in CASES])
def test_who_may_manage_accounts(tracker_app, people, head, command, person, outcome):
    setup, give = ((None, OWN_PASSWORD[1]) if command == OWN_PASSWORD[0]
                   else COMMANDS[command])
    extra = setup(tracker_app) if setup else {}
    by = people[person] if person else None
    before = head()

    if outcome == "ok":
        give(tracker_app, by, extra)
        assert head() == before + 1
    else:
        with pytest.raises(NotPermitted):
            give(tracker_app, by, extra)
        assert head() == before


def test_the_table_covers_every_account_command_of_the_tracker():
    from tracker.accounts import AccountCommands

    commands = {name for name, value in vars(AccountCommands).items()
                if callable(value) and not name.startswith("_")} - {"account"}
    assert commands == {"open_account", "create_account", "change_role", "change_title",
                        "disable_account", "enable_account", "issue_token", "revoke_token",
                        "reset_password", "change_password", "revoke_all_tokens",
                        "end_sessions", "set_password"}
    assert {command for command, _ in ACCESS} == set(COMMANDS) | {OWN_PASSWORD[0]}
