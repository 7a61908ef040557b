"""Operator commands through Flask's CLI runner: accounts, API tokens, the demo data and
the read models."""

from __future__ import annotations

import pytest

from projections.queries import BoardFilters, board_page
from domain.reference_data import REFERENCE_ID
from tests.conftest import PASSWORD

# Every (level, status) the lifecycle of docs/domain.md can reach.
REACHABLE_STATES = {
    ("commune", "open"), ("commune", "accepted"), ("commune", "implemented"),
    ("commune", "withdrawn"),
    *{(level, status) for level in ("region", "national") for status in (
        "awaiting_acknowledgement", "acknowledged", "clarification_requested", "accepted",
        "declined", "implemented")},
}


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def read_models(app):
    return app.extensions["read_models"]


def create_user(runner, username, *options, password=PASSWORD):
    return runner.invoke(args=["users", "create", username, *options, "--password-stdin"],
                         input=password + "\n")


def event_count(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def all_board_rows(read_models) -> list[dict]:
    read_models.catch_up()
    return board_page(read_models.engine, {}, BoardFilters(per_page=100)).items


# ---- users create ----------------------------------------------------------------------------
@pytest.mark.parametrize("username, options", [
    ("sg-segou", ["--role", "secretary", "--commune", "segou"]),
    ("gouv-mopti", ["--role", "regional", "--region", "mopti"]),
    ("agent-crss", ["--role", "national"]),
    ("audit-crss", ["--role", "auditor"]),
    ("admin-plateforme", ["--role", "admin"]),
])
def test_create_opens_an_account_for_each_role_that_can_sign_in(runner, tracker, username,
                                                                options):
    result = create_user(runner, username, *options, "--display-name", "Awa Diarra")
    assert result.exit_code == 0, result.output
    assert f"Compte « {username} » créé" in result.output
    principal = tracker.authenticate_password(username, PASSWORD)
    assert principal is not None
    assert principal.role == options[1]
    assert principal.display_name == "Awa Diarra"


def test_create_records_a_secretary_with_her_commune_and_its_region(runner, tracker):
    assert create_user(runner, "sg-niono", "--role", "secretary", "--commune", "niono"
                       ).exit_code == 0
    principal = tracker.authenticate_password("sg-niono", PASSWORD)
    assert (principal.commune, principal.region) == ("niono", "segou")


def test_create_reads_only_the_first_line_of_stdin_as_the_password(runner, tracker):
    result = runner.invoke(args=["users", "create", "agent-crss", "--role", "national",
                                 "--password-stdin"], input=PASSWORD + "\nautre-ligne\n")
    assert result.exit_code == 0, result.output
    assert tracker.authenticate_password("agent-crss", PASSWORD) is not None
    assert tracker.authenticate_password("agent-crss", PASSWORD + "\nautre-ligne") is None


def test_unknown_commune_is_refused_in_french_and_records_nothing(runner, tracker):
    before = event_count(tracker)
    result = create_user(runner, "sg-x", "--role", "secretary", "--commune", "tombouctou")
    assert result.exit_code != 0
    assert "Commune inconnue : « tombouctou »" in result.output
    assert "segou" in result.output  # the known slugs are listed to help the operator
    assert event_count(tracker) == before


def test_unknown_region_is_refused_in_french(runner):
    result = create_user(runner, "gouv-x", "--role", "regional", "--region", "atlantide")
    assert result.exit_code != 0
    assert "Région inconnue : « atlantide »" in result.output


def test_secretary_without_commune_is_refused_with_a_message(runner, tracker):
    result = create_user(runner, "sg-sans-commune", "--role", "secretary")
    assert result.exit_code != 0
    assert "Un secrétaire doit être rattaché à une commune" in result.output
    assert tracker.authenticate_password("sg-sans-commune", PASSWORD) is None


def test_regional_without_region_is_refused_with_a_message(runner):
    result = create_user(runner, "gouv-sans-region", "--role", "regional")
    assert result.exit_code != 0
    assert "rattachée à une région" in result.output


def test_duplicate_username_is_refused_and_keeps_the_first_password(runner, tracker):
    assert create_user(runner, "agent-crss", "--role", "national").exit_code == 0
    result = create_user(runner, "agent-crss", "--role", "auditor",
                         password="un-autre-mot-de-passe")
    assert result.exit_code != 0
    assert "déjà pris" in result.output
    assert tracker.authenticate_password("agent-crss", PASSWORD).role == "national"


def test_short_password_is_refused_per_field(runner):
    result = create_user(runner, "agent-crss", "--role", "national", password="court")
    assert result.exit_code != 0
    assert "password : Au moins 8 caractères." in result.output


def test_unknown_role_is_refused(runner):
    result = create_user(runner, "quelqu-un", "--role", "maire")
    assert result.exit_code != 0


# ---- users token / list -------------------------------------------------------------------
def test_token_is_printed_on_the_last_line_and_authenticates(runner, tracker):
    create_user(runner, "agent-crss", "--role", "national")
    result = runner.invoke(args=["users", "token", "agent-crss"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    principal = tracker.authenticate_token(token)
    assert principal is not None and principal.username == "agent-crss"


def test_token_for_an_unknown_user_fails(runner):
    result = runner.invoke(args=["users", "token", "personne"])
    assert result.exit_code != 0
    assert "Compte inconnu : « personne »" in result.output


def test_token_for_a_disabled_account_fails(runner, tracker):
    create_user(runner, "agent-crss", "--role", "national")
    tracker.disable_account(None, "agent-crss")
    assert runner.invoke(args=["users", "token", "agent-crss"]).exit_code != 0


def test_list_shows_accounts_with_role_and_territory(runner):
    create_user(runner, "sg-mopti", "--role", "secretary", "--commune", "mopti")
    create_user(runner, "agent-crss", "--role", "national")
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("sg-mopti" in line and "secretary" in line and "mopti" in line
               for line in lines)
    assert any("agent-crss" in line and "national" in line for line in lines)


# ---- demo ------------------------------------------------------------------------------
def test_demo_opens_one_account_per_role_and_prints_their_credentials(runner, tracker):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for username, password, role in [("sg.segou", "demo-segou", "secretary"),
                                     ("gouv.mopti", "demo-region-mopti", "regional"),
                                     ("crss", "demo-crss", "national"),
                                     ("auditeur", "demo-audit", "auditor"),
                                     ("admin", "demo-admin", "admin")]:
        assert username in result.output and password in result.output
        assert tracker.authenticate_password(username, password).role == role


def test_demo_covers_every_reachable_level_and_status(runner, read_models):
    assert runner.invoke(args=["demo"]).exit_code == 0
    rows = all_board_rows(read_models)
    assert len(rows) >= 30
    assert {(row["level"], row["status"]) for row in rows} >= REACHABLE_STATES
    assert len({row["commune"] for row in rows}) >= 5
    assert len({row["theme"] for row in rows}) >= 8


def test_demo_includes_a_reopened_recommendation(runner, read_models):
    runner.invoke(args=["demo"])
    from sqlalchemy import select

    from storage.tables import history
    with read_models.engine.connect() as connection:
        types = set(connection.execute(select(history.c.event_type)).scalars())
    assert any("Reopened" in event_type for event_type in types)


def test_demo_twice_adds_nothing(runner, tracker, read_models):
    assert runner.invoke(args=["demo"]).exit_code == 0
    events, rows = event_count(tracker), all_board_rows(read_models)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "0 créées, 36 déjà présentes" in second.output
    assert event_count(tracker) == events
    assert all_board_rows(read_models) == rows


def test_demo_keeps_an_existing_account_as_it_is(runner, tracker):
    create_user(runner, "crss", "--role", "national")
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert tracker.authenticate_password("crss", PASSWORD) is not None
    assert tracker.authenticate_password("crss", "demo-crss") is None


# ---- projections -------------------------------------------------------------------------
def test_rebuild_gives_back_identical_board_rows_and_reports_the_count(runner, tracker,
                                                                       read_models):
    runner.invoke(args=["demo"])
    before = all_board_rows(read_models)
    result = runner.invoke(args=["projections", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"{event_count(tracker)} événements rejoués" in result.output
    assert "événements/s" in result.output
    assert all_board_rows(read_models) == before


def test_status_lists_each_read_model_with_no_lag_after_catching_up(runner, tracker,
                                                                   read_models):
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["projections", "status"])
    assert result.exit_code == 0, result.output
    head = event_count(tracker)
    for name in ("board", "history", "accounts"):
        line = next(line for line in result.output.splitlines() if line.startswith(name))
        assert line.split() == [name, str(head), str(head), "0"]


def test_status_shows_the_lag_of_events_not_yet_applied(runner, tracker):
    create_user(runner, "agent-crss", "--role", "national")
    result = runner.invoke(args=["projections", "status"])
    board_line = next(line for line in result.output.splitlines() if line.startswith("board"))
    assert board_line.split()[-1] == str(event_count(tracker))


def test_reference_publish_records_the_shipped_list_once(runner, tracker):
    first = runner.invoke(args=["reference", "publish"])
    second = runner.invoke(args=["reference", "publish"])

    assert first.exit_code == second.exit_code == 0
    assert "Référentiel des communes enregistré : 25 communes (25 ajoutées" in first.output
    assert "Référentiel des communes inchangé (25 communes)." in second.output
    assert tracker.repository.get(REFERENCE_ID).version == 1
