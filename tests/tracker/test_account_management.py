"""Managing accounts through the Tracker, as an administrator does from the pages and the
operator from the CLI: creating with a temporary password, titles, enabling, revoking a
token, resetting a password and choosing one's own. Refusals record nothing."""

from __future__ import annotations

import pytest

from domain.account import AccountStateError
from domain.recommendation import InvalidInput
from tests.conftest import PASSWORD
from tracker.authorization import NotFound, NotPermitted

NEW_PASSWORD = "trois-mots-choisis-ensemble"


# ---- create -------------------------------------------------------------------------------
def test_a_created_account_signs_in_with_its_temporary_password_and_must_change_it(
        tracker_app, people):
    temporary = tracker_app.create_account(
        people["admin"], username="awa.traore", role="secretary", commune="niono",
        display_name="Awa Traoré", title="Secrétaire générale")

    principal = tracker_app.authenticate_password("awa.traore", temporary)
    assert principal.must_change_password
    assert (principal.title, principal.commune, principal.region) == (
        "Secrétaire générale", "niono", "segou")
    assert len(temporary) == 14 and temporary.count("-") == 2


def test_two_created_accounts_get_different_temporary_passwords(tracker_app, people):
    first = tracker_app.create_account(people["admin"], username="un-compte", role="auditor")
    second = tracker_app.create_account(people["admin"], username="autre-compte",
                                        role="auditor")
    assert first != second


def test_creating_with_a_bad_title_or_territory_records_nothing(tracker_app, people, head):
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        tracker_app.create_account(people["admin"], username="nouvelle", role="regional",
                                   region="atlantide", title="x" * 81)

    assert set(refusal.value.errors) == {"region", "title"}
    assert head() == before


def test_an_account_opened_by_its_password_need_not_change_it(tracker_app, people):
    assert not people["crss"].must_change_password and people["crss"].title is None


@pytest.mark.parametrize("password", ["12345678", "motdepasse", "nouvelle-2026", "azertyuiop"])
def test_open_account_refuses_a_weak_password(tracker_app, head, password):
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        tracker_app.open_account(None, username="nouvelle", role="auditor", password=password)

    assert list(refusal.value.errors) == ["password"]
    assert head() == before


# ---- title --------------------------------------------------------------------------------
def test_the_title_shows_on_the_principal_and_empty_gives_back_the_role_label(
        tracker_app, people):
    tracker_app.change_title(people["admin"], "reg_segou", "  Gouverneur ")
    assert tracker_app.principal(people["reg_segou"].user_id).title == "Gouverneur"

    tracker_app.change_title(people["admin"], "reg_segou", "")

    assert tracker_app.principal(people["reg_segou"].user_id).title is None


def test_a_title_change_ends_no_session(tracker_app, people):
    tracker_app.change_title(people["admin"], "reg_segou", "Gouverneur")

    assert tracker_app.principal(people["reg_segou"].user_id).session_generation == \
        people["reg_segou"].session_generation


# ---- role ---------------------------------------------------------------------------------
def test_an_admin_keeps_their_own_role_and_account(tracker_app, people, head):
    before = head()

    with pytest.raises(NotPermitted):
        tracker_app.change_role(people["admin"], "admin", "national")
    with pytest.raises(NotPermitted):
        tracker_app.disable_account(people["admin"], "ADMIN")

    assert head() == before
    assert tracker_app.principal(people["admin"].user_id).role == "admin"


def test_one_admin_manages_another(tracker_app, people):
    tracker_app.open_account(None, username="admin2", role="admin", password=PASSWORD)

    tracker_app.disable_account(people["admin"], "admin2")

    assert tracker_app.authenticate_password("admin2", PASSWORD) is None


# ---- enable -------------------------------------------------------------------------------
def test_an_enabled_account_signs_in_again_but_its_old_sessions_stay_ended(tracker_app,
                                                                           people):
    before = people["reg_segou"]
    tracker_app.disable_account(people["admin"], "reg_segou")

    tracker_app.enable_account(people["admin"], "reg_segou")

    again = tracker_app.authenticate_password("reg_segou", PASSWORD)
    assert again.user_id == before.user_id
    assert again.session_generation != before.session_generation


def test_enabling_an_active_or_unknown_account_is_refused(tracker_app, people, head):
    before = head()
    with pytest.raises(AccountStateError):
        tracker_app.enable_account(people["admin"], "reg_segou")
    with pytest.raises(NotFound):
        tracker_app.enable_account(people["admin"], "personne")
    assert head() == before


# ---- tokens -------------------------------------------------------------------------------
def test_a_revoked_token_stops_at_once_and_the_others_go_on(tracker_app, people):
    first = tracker_app.issue_token(people["admin"], "crss")
    second = tracker_app.issue_token(people["admin"], "crss")

    tracker_app.revoke_token(people["admin"], "crss", first.split(".")[1])

    assert tracker_app.authenticate_token(first) is None
    assert tracker_app.authenticate_token(second).user_id == people["crss"].user_id


@pytest.mark.parametrize("token_id", ["", "00000000", None])
def test_revoking_an_unknown_token_is_refused(tracker_app, people, head, token_id):
    tracker_app.issue_token(people["admin"], "crss")
    before = head()

    with pytest.raises(AccountStateError):
        tracker_app.revoke_token(people["admin"], "crss", token_id)
    assert head() == before


def test_a_token_of_one_account_is_not_revoked_through_another(tracker_app, people, head):
    token = tracker_app.issue_token(people["admin"], "crss")
    before = head()

    with pytest.raises(AccountStateError):
        tracker_app.revoke_token(people["admin"], "auditor", token.split(".")[1])

    assert head() == before and tracker_app.authenticate_token(token) is not None


# ---- change one's own password --------------------------------------------------------------
def test_a_person_changes_their_password_with_the_current_one(tracker_app, people):
    now = tracker_app.change_password(people["sec_segou"], "sec_segou", PASSWORD,
                                      NEW_PASSWORD)

    assert tracker_app.authenticate_password("sec_segou", PASSWORD) is None
    assert tracker_app.authenticate_password("sec_segou", NEW_PASSWORD) == now
    assert now.session_generation == people["sec_segou"].session_generation + 1


@pytest.mark.parametrize("current, new, field, message", [
    ("mauvais-mot-de-passe", NEW_PASSWORD, "current_password", "Mot de passe actuel incorrect."),
    ("", NEW_PASSWORD, "current_password", "Mot de passe actuel incorrect."),
    (None, NEW_PASSWORD, "current_password", "Mot de passe actuel incorrect."),
    (PASSWORD, "court", "new_password", "Au moins 12 caractères (actuellement 5)."),
    (PASSWORD, "12345678", "new_password", "Au moins 12 caractères (actuellement 8)."),
    (PASSWORD, "motdepasse2026", "new_password", "Ce mot de passe se devine trop facilement"),
    (PASSWORD, "sec_segou-2026", "new_password", "Le mot de passe ne doit pas contenir"),
    (PASSWORD, PASSWORD, "new_password", "Choisissez un mot de passe différent de l'actuel."),
    (PASSWORD, None, "new_password", "Ce champ est obligatoire."),
])
def test_a_wrong_current_or_weak_new_password_is_refused_and_records_nothing(
        tracker_app, people, head, current, new, field, message):
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        tracker_app.change_password(people["sec_segou"], "sec_segou", current, new)

    said = refusal.value.errors[field][0]  # a guessable one: why, then what to do
    assert said.startswith(message) and list(refusal.value.errors) == [field]
    assert head() == before
    assert tracker_app.authenticate_password("sec_segou", PASSWORD) is not None


def test_a_disabled_person_cannot_change_their_password(tracker_app, people, head):
    tracker_app.disable_account(people["admin"], "sec_segou")
    before = head()

    with pytest.raises(AccountStateError):
        tracker_app.change_password(people["sec_segou"], "sec_segou", PASSWORD, NEW_PASSWORD)
    assert head() == before


# ---- reset --------------------------------------------------------------------------------
def test_a_reset_gives_a_temporary_password_ends_sessions_and_asks_for_a_new_one(
        tracker_app, people):
    token = tracker_app.issue_token(people["admin"], "sec_segou")

    temporary = tracker_app.reset_password(people["admin"], "sec_segou")

    assert tracker_app.authenticate_password("sec_segou", PASSWORD) is None
    signed_in = tracker_app.authenticate_password("sec_segou", temporary)
    assert signed_in.must_change_password
    assert signed_in.session_generation != people["sec_segou"].session_generation
    assert tracker_app.authenticate_token(token) is not None  # a token is another key

    chosen = tracker_app.change_password(signed_in, "sec_segou", temporary, NEW_PASSWORD)

    assert not chosen.must_change_password
    assert not tracker_app.principal(people["sec_segou"].user_id).must_change_password


def test_a_disabled_account_is_not_reset(tracker_app, people, head):
    tracker_app.disable_account(people["admin"], "sec_segou")
    before = head()

    with pytest.raises(AccountStateError):
        tracker_app.reset_password(people["admin"], "sec_segou")
    assert head() == before
