"""Accounts through the Tracker: opening, roles, disabling, signing in with a password or
an API token, and secrets that are never stored in clear."""

from __future__ import annotations

import json
from uuid import UUID, uuid4

import pytest

from domain.account import AccountStateError, account_id
from domain.recommendation import InvalidInput
from tests.conftest import PASSWORD
from tests.tracker.scenario import raise_one
from tracker.authorization import NotFound, NotPermitted


def revoke(tracker, token: str) -> None:
    username = tracker.repository.get(UUID(hex=token.split(".")[0])).username
    tracker.revoke_token(None, username, token.split(".")[1])


# ---- open ---------------------------------------------------------------------------------
def test_only_an_admin_or_the_operator_opens_accounts(tracker_app, people, head):
    before = head()
    for person in ("sec_segou", "reg_segou", "crss", "auditor"):
        with pytest.raises(NotPermitted):
            tracker_app.open_account(people[person], username=f"new_{person}",
                                     role="auditor", password=PASSWORD)
    assert head() == before

    tracker_app.open_account(people["admin"], username="new_auditor", role="auditor",
                             password=PASSWORD)
    assert head() == before + 1


@pytest.mark.parametrize("fields, error", [
    (dict(username="sec_segou", role="auditor"), "username"),
    (dict(username="SEC_SEGOU", role="auditor"), "username"),
    (dict(username="nouvel", role="auditor", password="court"), "password"),
    (dict(username="nouvel", role="secretary", commune="tombouctou-x"), "commune"),
    (dict(username="nouvel", role="regional", region="atlantide"), "region"),
    (dict(username="nouvel", role="secretary"), "commune"),
    (dict(username="nouvel", role="chef"), "role"),
])
def test_open_account_refusals_record_nothing(tracker_app, people, head, fields, error):
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        tracker_app.open_account(None, **{"password": PASSWORD, **fields})

    assert error in refusal.value.errors
    assert head() == before


def test_a_secretarys_region_comes_from_the_commune(tracker_app):
    tracker_app.open_account(None, username="sec_macina", role="secretary", password=PASSWORD,
                             commune="macina", region="mopti")

    account = tracker_app.account("sec_macina")
    assert (account.commune, account.region) == ("macina", "segou")


def test_an_unknown_account_is_not_found(tracker_app):
    with pytest.raises(NotFound):
        tracker_app.account("personne")
    with pytest.raises(NotFound):
        tracker_app.disable_account(None, "personne")


# ---- change role ----------------------------------------------------------------------------
def test_a_secretary_moved_to_another_commune_sees_that_commune_only(tracker_app, people,
                                                                     clock):
    segou_file = raise_one(tracker_app, people, clock).recommendation_id
    niono_file = raise_one(tracker_app, people, clock, by="sec_niono",
                           commune="niono").recommendation_id

    tracker_app.change_role(people["admin"], "sec_segou", "secretary", commune="niono")
    moved = tracker_app.principal(people["sec_segou"].user_id)

    assert (moved.commune, moved.region) == ("niono", "segou")
    assert tracker_app.recommendation(moved, niono_file).commune == "niono"
    with pytest.raises(NotFound):
        tracker_app.recommendation(moved, segou_file)


@pytest.mark.parametrize("role, commune, region, error", [
    ("secretary", None, None, "commune"), ("secretary", "atlantide", None, "commune"),
    ("regional", None, None, "region"), ("regional", None, "atlantide", "region"),
])
def test_change_role_without_a_valid_territory_is_refused(tracker_app, people, head, role,
                                                          commune, region, error):
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        tracker_app.change_role(None, "crss", role, commune=commune, region=region)

    assert error in refusal.value.errors
    assert head() == before and tracker_app.account("crss").role == "national"


def test_only_an_admin_changes_roles(tracker_app, people):
    with pytest.raises(NotPermitted):
        tracker_app.change_role(people["crss"], "sec_segou", "national")
    assert tracker_app.account("sec_segou").role == "secretary"


# ---- password -------------------------------------------------------------------------------
def test_the_right_password_signs_in_as_the_account(tracker_app, people):
    principal = tracker_app.authenticate_password("reg_segou", PASSWORD)

    assert principal == people["reg_segou"]
    assert (principal.role, principal.region) == ("regional", "segou")


@pytest.mark.parametrize("username, password", [
    ("reg_segou", "mauvais-mot-de-passe"), ("reg_segou", ""), ("reg_segou", None),
    ("reg_segou", PASSWORD.upper()), ("inconnu", PASSWORD), ("", PASSWORD), (None, PASSWORD),
])
def test_a_wrong_password_or_unknown_user_signs_in_no_one(tracker_app, people, username,
                                                          password):
    assert tracker_app.authenticate_password(username, password) is None


def test_the_username_is_case_insensitive(tracker_app, people):
    assert tracker_app.authenticate_password("Reg_Segou", PASSWORD) == people["reg_segou"]


def test_a_disabled_account_cannot_sign_in(tracker_app, people):
    tracker_app.disable_account(people["admin"], "reg_segou")

    assert tracker_app.authenticate_password("reg_segou", PASSWORD) is None
    assert tracker_app.principal(people["reg_segou"].user_id) is None


def test_disabling_twice_is_refused_and_records_nothing(tracker_app, people, head):
    tracker_app.disable_account(None, "reg_segou")
    before = head()

    with pytest.raises(AccountStateError):
        tracker_app.disable_account(None, "reg_segou")
    assert head() == before


def test_only_an_admin_disables(tracker_app, people):
    with pytest.raises(NotPermitted):
        tracker_app.disable_account(people["reg_segou"], "sec_segou")
    assert tracker_app.principal(people["sec_segou"].user_id) is not None


# ---- API tokens ------------------------------------------------------------------------------
def test_a_token_signs_in_as_its_account(tracker_app, people):
    token = tracker_app.issue_token(people["admin"], "crss")

    assert tracker_app.authenticate_token(token) == people["crss"]


def test_two_tokens_of_one_account_are_independent(tracker_app, people):
    first = tracker_app.issue_token(None, "crss")
    second = tracker_app.issue_token(None, "crss")

    revoke(tracker_app, first)

    assert tracker_app.authenticate_token(first) is None
    assert tracker_app.authenticate_token(second) == people["crss"]


def test_a_revoked_token_signs_in_no_one(tracker_app, people):
    token = tracker_app.issue_token(None, "crss")

    revoke(tracker_app, token)

    assert tracker_app.authenticate_token(token) is None


def test_disabling_an_account_kills_its_tokens_even_after_enabling(tracker_app, people):
    token = tracker_app.issue_token(None, "crss")
    tracker_app.disable_account(None, "crss")
    assert tracker_app.authenticate_token(token) is None

    tracker_app.enable_account(None, "crss")

    assert tracker_app.authenticate_password("crss", PASSWORD).user_id == people["crss"].user_id
    assert tracker_app.authenticate_token(token) is None


def test_a_disabled_account_gets_no_new_token(tracker_app, people, head):
    tracker_app.disable_account(None, "crss")
    before = head()

    with pytest.raises(AccountStateError):
        tracker_app.issue_token(None, "crss")
    assert head() == before


def test_only_an_admin_issues_tokens(tracker_app, people):
    with pytest.raises(NotPermitted):
        tracker_app.issue_token(people["crss"], "crss")


def _other_first(secret: str) -> str:
    """The secret with its first character changed (a random secret may begin with "x")."""
    return ("y" if secret[:1] == "x" else "x") + secret[1:]


def _tampered(token: str, part: int, value: str) -> str:
    parts = token.split(".")
    parts[part] = value
    return ".".join(parts)


@pytest.mark.parametrize("make_token", [
    lambda t: _tampered(t, 2, _other_first(t.split(".")[2])),  # wrong secret
    lambda t: _tampered(t, 2, ""),                          # no secret
    lambda t: _tampered(t, 1, "00000000"),                  # unknown token id
    lambda t: _tampered(t, 0, uuid4().hex),                 # unknown account
    lambda t: _tampered(t, 0, account_id("reg_segou").hex),  # someone else's account
    lambda t: _tampered(t, 0, "pas-un-uuid"),               # malformed account id
    lambda t: t.rsplit(".", 1)[0],                          # two parts
    lambda t: t.replace(".", ""),                           # one part
    lambda t: "",
    lambda t: None,
    lambda t: "...",
    lambda t: t + "x",
    lambda t: " " + t,
], ids=["wrong-secret", "no-secret", "unknown-token-id", "unknown-account",
        "other-account", "malformed-account", "two-parts", "one-part", "empty", "none",
        "dots", "longer-secret", "leading-space"])
def test_a_wrong_or_malformed_token_signs_in_no_one(tracker_app, people, make_token):
    token = tracker_app.issue_token(None, "crss")
    tracker_app.issue_token(None, "reg_segou")

    assert tracker_app.authenticate_token(make_token(token)) is None


def test_a_token_of_a_user_account_id_that_is_a_recommendation_signs_in_no_one(
        tracker_app, people, clock):
    token = tracker_app.issue_token(None, "crss")
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id

    assert tracker_app.authenticate_token(
        _tampered(token, 0, recommendation_id.hex)) is None


# ---- secrets are stored hashed ----------------------------------------------------------------
def test_stored_events_never_contain_a_password_or_token_in_clear(tracker_app, people):
    new_password = "un-autre-secret-très-long"
    tracker_app.change_password(people["crss"], "crss", PASSWORD, new_password)
    temporary = tracker_app.reset_password(people["admin"], "reg_segou")
    created = tracker_app.create_account(people["admin"], username="nouvelle", role="auditor")
    token = tracker_app.issue_token(None, "crss")
    secret = token.split(".")[2]

    notifications = tracker_app.recorder.select_notifications(start=1, limit=10_000)
    stored = b"\n".join(notification.state for notification in notifications)

    assert len(notifications) == len(people) + 4
    assert b"pbkdf2:sha256" in stored  # we are looking at the hashes...
    # ...and never at the secrets
    for clear in (PASSWORD, new_password, temporary, created, secret, token):
        assert clear.encode() not in stored
        assert json.dumps(clear)[1:-1].encode() not in stored  # as JSON escapes it
    assert tracker_app.authenticate_password("crss", new_password).user_id == people[
        "crss"].user_id
    assert tracker_app.authenticate_password("reg_segou", temporary) is not None
    assert tracker_app.authenticate_password("nouvelle", created) is not None
    assert tracker_app.authenticate_token(token).user_id == people["crss"].user_id
