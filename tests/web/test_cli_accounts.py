"""Operator commands on accounts: disable, enable, revoke a token, reset a password; each
one event in the audit log, the same refusals and messages as the pages, and effective at
once (API 401, sessions ended)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, login


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


def users(runner, *args):
    return runner.invoke(args=["users", *args])


def head(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def api_status(client, token: str) -> int:
    return client.get("/api/v1/recommendations",
                      headers={"Authorization": f"Bearer {token}"}).status_code


def audit_types(app, tracker) -> list[str]:
    from sqlalchemy import select

    from storage.tables import audit_log

    read_models = app.extensions["read_models"]
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        return [row.event_type for row in connection.execute(
            select(audit_log).where(audit_log.c.aggregate_type == "account")
            .order_by(audit_log.c.position))]


def test_disable_stops_the_api_and_the_pages_at_once_and_enable_lets_the_password_in(
        app, runner, client, tracker, web_people):
    token = tracker.issue_token(None, "crss")
    login(client, "crss")
    assert api_status(client, token) == 200 and client.get("/").status_code == 200

    result = users(runner, "disable", "crss")

    assert result.exit_code == 0 and "« crss » désactivé" in result.output
    assert api_status(client, token) == 401
    assert client.get("/").status_code == 302  # the page signs the person out
    assert login(client, "crss").status_code == 401

    result = users(runner, "enable", "CRSS")

    assert result.exit_code == 0 and "réactivé" in result.output
    assert login(client, "crss").status_code == 302
    assert api_status(client, token) == 401  # its old tokens stay revoked
    assert audit_types(app, tracker)[-2:] == ["Disabled", "Enabled"]


def test_revoke_token_takes_the_id_or_the_whole_token(runner, client, tracker, web_people):
    first = tracker.issue_token(None, "crss")
    second = tracker.issue_token(None, "crss")

    assert users(runner, "token", "crss", "--revoke", first.split(".")[1]).exit_code == 0
    result = users(runner, "token", "crss", "--revoke", second)

    assert result.exit_code == 0
    assert f"Jeton {second.split('.')[1]} de « crss » révoqué" in result.output
    assert api_status(client, first) == 401 and api_status(client, second) == 401


def test_password_reset_prints_a_temporary_password_last_that_must_be_changed(
        runner, client, tracker, web_people):
    login(client, "sec_segou")

    result = users(runner, "password-reset", "sec_segou")

    assert result.exit_code == 0, result.output
    temporary = result.output.strip().splitlines()[-1]
    assert client.get("/").status_code == 302  # the old session has ended
    assert login(client, "sec_segou").status_code == 401
    assert login(client, "sec_segou", temporary).status_code == 302
    assert client.get("/").headers["Location"] == "/mot-de-passe"


@pytest.mark.parametrize("args, message", [
    (("disable", "personne"), "Erreur : Compte inconnu : « personne »."),
    (("enable", "crss"), "Erreur : Ce compte est déjà actif."),
    (("token", "crss", "--revoke", "00000000"), "Erreur : Jeton inconnu ou déjà révoqué."),
    (("token", "crss", "--revoke-all"), "Erreur : Ce compte n'a aucun jeton d'API en vigueur."),
    (("sessions", "personne", "--end"), "Erreur : Compte inconnu : « personne »."),
    (("role", "crss", "--role", "secretary"), "Erreur : rôle non changé."),
    (("role", "crss", "--role", "national"), "Ce compte a déjà ce rôle et ce territoire."),
    (("password-reset", "personne"), "Erreur : Compte inconnu : « personne »."),
])
def test_refusals_say_why_exit_non_zero_and_record_nothing(runner, tracker, web_people,
                                                            args, message):
    before = head(tracker)

    result = users(runner, *args)

    assert result.exit_code == 1 and message in result.output
    assert head(tracker) == before


def test_disabling_twice_is_refused(runner, tracker, web_people):
    assert users(runner, "disable", "crss").exit_code == 0
    before = head(tracker)

    result = users(runner, "disable", "crss")

    assert result.exit_code == 1 and "Ce compte est déjà désactivé." in result.output
    assert head(tracker) == before


def test_a_reset_of_a_disabled_account_is_refused(runner, tracker, web_people):
    users(runner, "disable", "crss")

    result = users(runner, "password-reset", "crss")

    assert result.exit_code == 1 and "Réactivez d'abord ce compte." in result.output


def test_create_takes_a_title_and_list_shows_it(runner, tracker):
    result = runner.invoke(args=["users", "create", "gouv-mopti", "--role", "regional",
                                 "--region", "mopti", "--title", "Gouverneur",
                                 "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert tracker.authenticate_password("gouv-mopti", PASSWORD).title == "Gouverneur"

    listed = users(runner, "list").output.splitlines()

    assert any("gouv-mopti" in line and "Gouverneur" in line for line in listed)


@pytest.mark.parametrize("password, message", [
    ("12345678", "password : Au moins 12 caractères (actuellement 8)."),
    ("motdepasse2026", "password : Ce mot de passe se devine trop facilement"),
    ("agent-crss-2026", "password : Le mot de passe ne doit pas contenir l'identifiant."),
])
def test_create_refuses_weak_passwords_as_the_pages_do(runner, tracker, password, message):
    result = runner.invoke(args=["users", "create", "agent-crss", "--role", "national",
                                 "--password-stdin"], input=password + "\n")

    assert result.exit_code == 1 and message in result.output
    assert head(tracker) == 0


def test_revoke_all_ends_every_token_of_the_account_and_no_other(runner, client, tracker,
                                                                 web_people):
    first, second = tracker.issue_token(None, "crss"), tracker.issue_token(None, "crss")
    other = tracker.issue_token(None, "auditor")

    result = users(runner, "token", "crss", "--revoke-all")

    assert result.exit_code == 0 and "Tous les jetons de « crss » sont révoqués" in result.output
    assert api_status(client, first) == 401 and api_status(client, second) == 401
    assert api_status(client, other) == 200
    assert audit_types(app=client.application, tracker=tracker)[-1] == "AllApiTokensRevoked"


def test_token_refuses_revoke_and_revoke_all_together(runner, tracker, web_people):
    token = tracker.issue_token(None, "crss")
    before = head(tracker)

    result = users(runner, "token", "crss", "--revoke", token, "--revoke-all")

    assert result.exit_code == 1 and "ne vont pas ensemble" in result.output
    assert head(tracker) == before


def test_sessions_end_signs_the_person_out_everywhere_but_keeps_password_and_tokens(
        app, runner, tracker, web_people):
    token = tracker.issue_token(None, "sec_segou")
    phone, desk = app.test_client(), app.test_client()
    login(phone, "sec_segou"), login(desk, "sec_segou")

    result = users(runner, "sessions", "sec_segou", "--end")

    assert result.exit_code == 0 and "fermées sur tous les appareils" in result.output
    assert phone.get("/").status_code == 302 and desk.get("/").status_code == 302
    assert api_status(phone, token) == 200
    assert login(phone, "sec_segou").status_code == 302 and phone.get("/").status_code == 200
    assert audit_types(app, tracker)[-1] == "SessionsEnded"


def test_password_from_stdin_follows_the_rules_and_ends_the_sessions(app, runner, client,
                                                                     tracker, web_people):
    login(client, "sec_segou")
    before = head(tracker)

    weak = runner.invoke(args=["users", "password", "sec_segou", "--password-stdin"],
                         input="sec_segou-2026\n")

    assert weak.exit_code == 1 and "identifiant" in weak.output and head(tracker) == before
    chosen = "lanterne-marché-fleuve-27"
    result = runner.invoke(args=["users", "password", "sec_segou", "--password-stdin"],
                           input=chosen + "\n")
    assert result.exit_code == 0, result.output
    assert client.get("/").status_code == 302  # the old session has ended
    assert login(client, "sec_segou", PASSWORD).status_code == 401
    assert login(client, "sec_segou", chosen).status_code == 302
    assert client.get("/").status_code == 200  # not asked to change it again
    assert audit_types(app, tracker)[-1] == "PasswordReset"


def test_role_changes_the_role_and_territory_at_the_next_request(app, runner, client,
                                                                 tracker, web_people):
    token = tracker.issue_token(None, "sec_segou")

    result = users(runner, "role", "sec_segou", "--role", "regional", "--region", "mopti")

    assert result.exit_code == 0, result.output
    principal = tracker.authenticate_token(token)
    assert (principal.role, principal.region, principal.commune) == ("regional", "mopti", None)
    assert audit_types(app, tracker)[-1] == "RoleChanged"
