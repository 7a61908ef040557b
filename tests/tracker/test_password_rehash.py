"""A password hash made with other parameters than today's is made again when its person
signs in (the only moment the password is known), recorded as an account event of its
own that ends no session. The suite hashes with cheap pbkdf2 (tests/conftest.py): a
change of its iterations stands for a change of parameters in production."""

from __future__ import annotations

import pytest

import tracker.accounts
from domain.account import UserAccount, account_id
from tests.conftest import PASSWORD

STRONGER = "pbkdf2:sha256:2000"


def events_of(tracker_app, username: str) -> list:
    return list(tracker_app.events.get(account_id(username)))


def test_signing_in_after_the_parameters_changed_rehashes_once_and_keeps_the_session(
        tracker_app, people, head, monkeypatch):
    before_hash = tracker_app.account("sec_segou").password_hash
    assert before_hash.startswith("pbkdf2:sha256:1000$")
    monkeypatch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", STRONGER)
    before = head()

    principal = tracker_app.authenticate_password("sec_segou", PASSWORD)

    assert principal == people["sec_segou"]  # same session generation: no session ends
    assert head() == before + 1
    rehashed = events_of(tracker_app, "sec_segou")[-1]
    assert isinstance(rehashed, UserAccount.PasswordRehashed)
    assert rehashed.by["username"] == "sec_segou"
    account = tracker_app.account("sec_segou")
    assert account.password_hash.startswith(STRONGER + "$")
    assert not account.must_change_password
    # The same password goes on opening the account; nothing more is recorded.
    assert tracker_app.authenticate_password("sec_segou", PASSWORD) == principal
    assert head() == before + 1


@pytest.mark.parametrize("password", ["pas-le-bon-mot-de-passe", "", None])
def test_a_failed_sign_in_rehashes_nothing(tracker_app, people, head, monkeypatch, password):
    monkeypatch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", STRONGER)
    before = head()
    assert tracker_app.authenticate_password("sec_segou", password) is None
    assert tracker_app.authenticate_password("personne", password) is None
    assert head() == before


def test_a_disabled_account_is_not_rehashed(tracker_app, people, head, monkeypatch):
    tracker_app.disable_account(people["admin"], "sec_niono")
    monkeypatch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", STRONGER)
    before = head()
    assert tracker_app.authenticate_password("sec_niono", PASSWORD) is None
    assert head() == before


def test_a_bare_method_and_its_default_parameters_are_the_same(tracker_app, head,
                                                                 monkeypatch):
    # Werkzeug writes "scrypt:32768:8:1" for "scrypt": nothing to make again.
    monkeypatch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", "scrypt")
    tracker_app.open_account(None, username="crss2", role="national", password=PASSWORD)
    assert tracker_app.account("crss2").password_hash.startswith("scrypt:")
    before = head()
    assert tracker_app.authenticate_password("crss2", PASSWORD) is not None
    assert head() == before


def test_an_account_that_changed_meanwhile_is_rehashed_at_a_later_sign_in(
        tracker_app, people, head, monkeypatch):
    monkeypatch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", STRONGER)
    stale = tracker_app.account("reg_segou")
    tracker_app.change_title(people["admin"], "reg_segou", "Gouverneur")
    before = head()

    assert tracker_app._rehash_if_outdated(stale, PASSWORD) is False  # lost the race
    assert head() == before
    assert tracker_app.authenticate_password("reg_segou", PASSWORD).title == "Gouverneur"
    assert isinstance(events_of(tracker_app, "reg_segou")[-1], UserAccount.PasswordRehashed)
