"""The UserAccount aggregate: scope rules per role, usernames, tokens, disabling."""

from __future__ import annotations

import pytest

from domain.account import AccountStateError, UserAccount, account_id
from domain.recommendation import InvalidInput

ADMIN = {"user_id": "00000000-0000-0000-0000-000000000009", "username": "admin",
         "display_name": "Admin", "role": "admin"}


def opened(**overrides) -> UserAccount:
    fields = dict(username="sec_segou", display_name="Awa Traoré", role="secretary",
                  commune="segou", region="segou", password_hash="pbkdf2:hash", by=ADMIN)
    fields.update(overrides)
    account = UserAccount.open(**fields)
    account.collect_events()
    return account


def _refused(action, *fields):
    with pytest.raises(InvalidInput) as refusal:
        action()
    assert set(refusal.value.errors) == set(fields)


# ---- open ---------------------------------------------------------------------------------
@pytest.mark.parametrize("role, commune, region, kept", [
    ("secretary", "segou", "segou", ("segou", "segou")),
    ("regional", None, "segou", (None, "segou")),
    ("regional", "segou", "segou", (None, "segou")),  # a commune means nothing for a region
    ("national", "segou", "segou", (None, None)),
    ("auditor", None, "mopti", (None, None)),
    ("admin", "segou", None, (None, None)),
])
def test_open_keeps_only_the_territory_the_role_has(role, commune, region, kept):
    account = opened(role=role, commune=commune, region=region)

    assert (account.commune, account.region) == kept
    assert account.role == role and not account.disabled


@pytest.mark.parametrize("role, commune, region, field", [
    ("secretary", None, "segou", "commune"),
    ("secretary", "", None, "commune"),
    ("regional", "segou", None, "region"),
    ("regional", None, "", "region"),
    ("superuser", None, None, "role"),
    ("", None, None, "role"),
])
def test_open_refuses_a_role_without_its_territory(role, commune, region, field):
    _refused(lambda: opened(role=role, commune=commune, region=region), field)


@pytest.mark.parametrize("display_name", ["Awa\x00 Traoré", "\u200b\u200b", "x" * 201,
                                          "Awa \ud800"])
def test_open_refuses_a_display_name_with_control_characters_invisible_or_too_long(
        display_name):
    _refused(lambda: opened(display_name=display_name), "display_name")


@pytest.mark.parametrize("username", ["abc", "a" * 64, "awa.traore", "sec-segou_2",
                                      "  padded  "])
def test_open_accepts_usernames_of_letters_digits_dots_dashes_underscores(username):
    assert opened(username=username).username == username.strip()


@pytest.mark.parametrize("username", ["ab", "a" * 65, "awa traore", "awa@segou", "", None,
                                      "sec;drop"])
def test_open_refuses_other_usernames(username):
    _refused(lambda: opened(username=username), "username")


def test_open_reports_username_and_scope_together():
    _refused(lambda: opened(username="x", role="regional", region=None), "username", "region")


def test_account_id_is_derived_from_the_username_whatever_its_case():
    account = opened(username="Awa.Traore")

    assert account.id == account_id("awa.traore") == account_id("  AWA.TRAORE ")
    assert account_id("awa.traore") != account_id("awa.traore2")


def test_display_name_defaults_to_the_username():
    assert opened(display_name="").display_name == "sec_segou"


def test_opened_event_records_who_opened_the_account():
    account = UserAccount.open(username="crss", display_name="", role="national",
                               commune=None, region=None, password_hash="h", by=ADMIN)

    [event] = account.collect_events()
    assert type(event).__name__ == "Opened" and event.by == ADMIN


# ---- change role --------------------------------------------------------------------------
def test_change_role_moves_the_territory_with_the_role():
    account = opened()

    account.change_role("regional", commune="segou", region="mopti", by=ADMIN)

    assert (account.role, account.commune, account.region) == ("regional", None, "mopti")
    [event] = account.collect_events()
    assert type(event).__name__ == "RoleChanged"


def test_change_role_refuses_a_secretary_without_commune_and_records_nothing():
    account = opened(role="national", commune=None, region=None)

    _refused(lambda: account.change_role("secretary", None, None, by=ADMIN), "commune")
    assert account.pending_events == [] and account.role == "national"


# ---- password -----------------------------------------------------------------------------
def test_change_password_replaces_the_hash():
    account = opened()

    account.change_password("pbkdf2:new", by=None)

    assert account.password_hash == "pbkdf2:new"


# ---- tokens -------------------------------------------------------------------------------
def test_issue_and_revoke_tokens_one_by_one():
    account = opened()
    account.issue_token("t1", "hash1", by=ADMIN)
    account.issue_token("t2", "hash2", by=ADMIN)

    account.revoke_token("t1", by=ADMIN)

    assert account.token_hashes == {"t2": "hash2"}
    assert [type(e).__name__ for e in account.collect_events()] == [
        "ApiTokenIssued", "ApiTokenIssued", "ApiTokenRevoked"]


@pytest.mark.parametrize("token_id", ["unknown", "t1"])
def test_revoking_an_unknown_or_revoked_token_is_refused(token_id):
    account = opened()
    account.issue_token("t1", "hash1", by=ADMIN)
    account.revoke_token("t1", by=ADMIN)
    account.collect_events()

    with pytest.raises(AccountStateError):
        account.revoke_token(token_id, by=ADMIN)
    assert account.pending_events == []


# ---- disable / enable ---------------------------------------------------------------------
def test_disabling_drops_every_token_and_they_stay_dropped_after_enabling():
    account = opened()
    account.issue_token("t1", "hash1", by=ADMIN)

    account.disable(by=ADMIN)
    assert account.disabled and account.token_hashes == {}
    account.enable(by=ADMIN)

    assert not account.disabled and account.token_hashes == {}


def test_a_disabled_account_cannot_receive_a_token():
    account = opened()
    account.disable(by=ADMIN)
    account.collect_events()

    with pytest.raises(AccountStateError):
        account.issue_token("t1", "hash1", by=ADMIN)
    assert account.pending_events == [] and account.token_hashes == {}


def test_disabling_twice_or_enabling_an_active_account_is_refused():
    account = opened()
    with pytest.raises(AccountStateError):
        account.enable(by=ADMIN)
    account.disable(by=ADMIN)
    account.collect_events()

    with pytest.raises(AccountStateError):
        account.disable(by=ADMIN)
    assert account.pending_events == []


def test_replaying_account_events_gives_the_same_account():
    account = UserAccount.open(username="reg_segou", display_name="R", role="regional",
                               commune=None, region="segou", password_hash="h", by=None)
    account.issue_token("t1", "h1", by=None)
    account.disable(by=None)
    account.enable(by=None)
    account.issue_token("t2", "h2", by=None)

    copy = None
    for event in account.collect_events():
        copy = event.mutate(copy)

    assert (copy.region, copy.disabled, copy.token_hashes) == ("segou", False, {"t2": "h2"})
