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


# ---- title --------------------------------------------------------------------------------
def test_an_account_has_no_title_unless_given_one():
    assert opened().title is None
    assert opened(title="  Secrétaire générale ").title == "Secrétaire générale"
    assert opened(title="   ").title is None


@pytest.mark.parametrize("title", ["x" * 81, "Gouverneur\x00", "\u200b"])
def test_a_title_too_long_or_with_control_characters_is_refused(title):
    _refused(lambda: opened(title=title), "title")
    account = opened()
    _refused(lambda: account.change_title(title, by=ADMIN), "title")
    assert account.pending_events == [] and account.title is None


def test_change_title_records_the_new_title_and_empty_means_the_role_label():
    account = opened()

    account.change_title("Gouverneur", by=ADMIN)
    account.change_title("", by=ADMIN)

    events = account.collect_events()
    assert [(type(e).__name__, e.title) for e in events] == [
        ("TitleChanged", "Gouverneur"), ("TitleChanged", None)]
    assert account.title is None and events[0].by == ADMIN


def test_the_same_title_again_is_refused():
    account = opened(title="Gouverneur")

    _refused(lambda: account.change_title(" Gouverneur ", by=ADMIN), "title")
    assert account.pending_events == []


def test_an_account_opened_before_titles_existed_replays_without_one():
    account = UserAccount.open(username="ancien", display_name="", role="national",
                               commune=None, region=None, password_hash="h", by=None)
    [event] = account.collect_events()
    for name in ("title", "must_change_password"):  # as a stored event of the time reads
        del event.__dict__[name]

    copy = event.mutate(None)

    assert (copy.title, copy.must_change_password, copy.session_generation) == (None, False, 0)


def test_the_same_role_and_territory_again_is_refused():
    account = opened()

    _refused(lambda: account.change_role("secretary", "segou", "segou", by=ADMIN), "role")
    assert account.pending_events == []


# ---- passwords and sessions ---------------------------------------------------------------
def test_a_reset_records_that_the_person_must_choose_a_new_password():
    account = opened()

    account.reset_password("pbkdf2:temporary", by=ADMIN)

    [event] = account.collect_events()
    assert (type(event).__name__, event.must_change, event.by) == ("PasswordReset", True, ADMIN)
    assert account.must_change_password and account.password_hash == "pbkdf2:temporary"


def test_choosing_a_new_password_ends_the_obligation():
    account = opened(must_change_password=True)
    assert account.must_change_password

    account.change_password("pbkdf2:own", by=ADMIN)

    assert not account.must_change_password


def test_a_disabled_account_is_not_reset():
    account = opened()
    account.disable(by=ADMIN)
    account.collect_events()

    with pytest.raises(AccountStateError):
        account.reset_password("pbkdf2:temporary", by=ADMIN)
    assert account.pending_events == []


def test_password_changes_resets_and_disabling_each_end_the_sessions_signed_in_before():
    account = opened()
    generations = [account.session_generation]
    for change in (lambda: account.change_password("h1", by=None),
                   lambda: account.reset_password("h2", by=None),
                   lambda: account.disable(by=None), lambda: account.enable(by=None),
                   lambda: account.change_title("Gouverneur", by=None),
                   lambda: account.issue_token("t1", "h", by=None)):
        change()
        generations.append(account.session_generation)

    # Enabling again does not bring back the sessions the disable ended; a title or a token
    # ends none.
    assert generations == [0, 1, 2, 3, 3, 3, 3]
