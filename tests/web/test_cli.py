"""Operator commands through Flask's CLI runner: accounts, API tokens, the demo data and
the read models."""

from __future__ import annotations

from datetime import timedelta

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
    assert "password : Au moins 12 caractères (actuellement 5)." in result.output


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
DEMO_COMMUNES = ("segou", "niono", "mopti", "djenne", "san")


@pytest.fixture
def demo(runner, read_models):
    """The demo loaded once, its output, and the read models caught up."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    read_models.catch_up()
    return result


def stored_events(tracker) -> list:
    return [tracker.mapper.to_domain_event(notification) for notification in
            tracker.recorder.select_notifications(start=1, limit=100_000)]


def rows_of(read_models, table) -> list[dict]:
    from sqlalchemy import select

    with read_models.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(table))]


def test_demo_prints_the_accounts_and_one_line_of_what_it_recorded(demo, tracker, clock):
    for username, password, role in [("sg.segou", "lampe-marche-fleuve", "secretary"),
                                     ("gouv.mopti", "tambour-dune-est", "regional"),
                                     ("crss", "bureau-rapport-veille", "national"),
                                     ("auditeur", "registre-sceau-loupe", "auditor"),
                                     ("admin", "clef-badge-armoire", "admin")]:
        assert username in demo.output and password in demo.output
        assert tracker.authenticate_password(username, password).role == role
    lines = demo.output.splitlines()
    assert lines[0] == (f"Démo : une année de 56 sessions et 88 recommandations, "
                        f"{event_count(tracker)} événements enregistrés.")
    assert lines[2].startswith("Comptes de démonstration")
    assert len(lines) == 3 + 2 + 10  # summary, blank, title, table header, ten accounts
    assert tracker.clock is clock  # the demo gave the tracker its own clock back


def test_demo_files_cover_every_state_and_came_out_of_their_sessions(demo, read_models):
    from storage.tables import history, sessions

    rows = all_board_rows(read_models)
    assert len(rows) >= 80
    assert {(row["level"], row["status"]) for row in rows} >= REACHABLE_STATES
    assert {row["commune"] for row in rows} == set(DEMO_COMMUNES)
    assert len({row["theme"] for row in rows}) >= 10
    # Every file came out of a session and carries its date as the meeting date.
    held_on = {row["id"]: row["held_on"] for row in rows_of(read_models, sessions)}
    for row in rows:
        assert row["session_id"] and row["meeting_date"] == held_on[row["session_id"]], row
    types = {row["event_type"] for row in rows_of(read_models, history)}
    for event in ("Withdrawn", "Reopened", "Declined", "ClarificationRequested", "Clarified",
                  "FollowedUp", "ChasedUp", "ProgressReported", "AttachedToSession"):
        assert any(event in event_type for event_type in types), event


def test_demo_year_runs_in_time_order_with_deadlines_kept_and_missed(demo, tracker,
                                                                     read_models, clock):
    from storage.tables import acknowledgements

    moments = [event.timestamp for event in stored_events(tracker)]
    assert moments == sorted(moments)  # each event at its own moment, in the order of time
    assert moments[-1] <= clock.now
    assert clock.now - moments[0] >= timedelta(days=365)
    assert len({moment.date() for moment in moments}) > 150  # spread over the year
    days = {}
    for row in rows_of(read_models, acknowledgements):
        days.setdefault(row["level"], []).append(row["seconds"] / 86_400)
    assert any(value > 15 for value in days["region"])       # past the 15-day deadline
    assert any(value <= 15 for value in days["region"])
    assert any(value > 30 for value in days["national"])     # past the 30-day deadline
    overdue = board_page(read_models.engine, {}, BoardFilters(overdue=True, per_page=100),
                         now=clock.now).items
    assert {row["level"] for row in overdue} == {"region", "national"}
    late = board_page(read_models.engine, {},
                      BoardFilters(implementation_overdue=True, per_page=100),
                      now=clock.now).items
    assert {row["level"] for row in late} == {"commune", "region", "national"}


def test_demo_sessions_most_months_with_attendance_minutes_and_adoption(demo, read_models,
                                                                         clock):
    from projections.session_queries import last_sessions
    from storage.tables import sessions

    rows = rows_of(read_models, sessions)
    held = [row for row in rows if row["status"] != "cancelled"]
    assert {row["status"] for row in rows} == {"recorded", "adopted", "cancelled"}
    assert {row["region"] for row in rows if row["level"] == "region"} == {"segou", "mopti"}
    for commune in DEMO_COMMUNES:  # a session most months, two or three months missed
        days = sorted(row["held_on"] for row in held if row["commune"] == commune)
        gaps = [(after - before).days for before, after in zip(days, days[1:] + [clock.today])]
        assert 8 <= len(days) <= 11 and 1 <= sum(gap > 45 for gap in gaps) <= 3, commune
    for row in held:
        assert row["women"] > 0 and row["youth"] > 0 and row["has_minutes"]
        assert 2 <= len(row["agenda"]) <= 4
    assert len({row["women"] for row in held}) > 5  # attendance varies
    # The regularity of a CCS: at least one commune has had no session for over 31 days
    # (« session en retard »), the others met within the month.
    last = last_sessions(read_models.engine, list(DEMO_COMMUNES))
    late = {commune for commune, day in last.items() if (clock.today - day).days > 31}
    assert late and late != set(DEMO_COMMUNES)
    assert min((clock.today - day).days for day in last.values()) >= 1


def test_demo_twice_adds_nothing_that_day_or_the_next(demo, runner, tracker, read_models,
                                                      clock):
    events, rows = event_count(tracker), all_board_rows(read_models)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert second.output.splitlines()[0] == (
        "Démo déjà chargée (56 sessions, 88 recommandations) : rien n'a été ajouté.")
    assert event_count(tracker) == events
    assert all_board_rows(read_models) == rows
    clock.advance(days=1, hours=5)  # the year has moved on by a day: the same actions
    assert "rien n'a été ajouté" in runner.invoke(args=["demo"]).output
    assert event_count(tracker) == events


def test_demo_keeps_its_own_accounts_as_they_are(demo, runner, tracker):
    crss = tracker.authenticate_password("crss", "bureau-rapport-veille")
    tracker.change_password(crss, "crss", "bureau-rapport-veille", PASSWORD)
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert tracker.authenticate_password("crss", PASSWORD) is not None
    assert tracker.authenticate_password("crss", "bureau-rapport-veille") is None


@pytest.mark.parametrize("loaded_first", [False, True])
def test_demo_refuses_a_database_holding_other_accounts_and_records_nothing(
        runner, tracker, loaded_first):
    if loaded_first:
        assert runner.invoke(args=["demo"]).exit_code == 0
    create_user(runner, "agent-crss", "--role", "national")
    events = event_count(tracker)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Erreur : Cette base contient des comptes qui ne sont pas ceux de la démonstration "
        "(« agent-crss ») : ses mots de passe étant publics, la démo ne se charge que dans "
        "une base vide ou de démonstration.")
    assert event_count(tracker) == events


def test_demo_refuses_an_account_of_a_demo_name_that_the_demo_did_not_open(runner, tracker):
    # The operator's own « admin »: the demo would otherwise play its year beside it.
    create_user(runner, "admin", "--role", "admin")
    events = event_count(tracker)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1 and "(« admin »)" in result.stderr
    assert event_count(tracker) == events
    assert tracker.authenticate_password("admin", "clef-badge-armoire") is None


def test_demo_plan_is_in_time_order_and_before_today(clock):
    from tracker.demo import plan_year

    plan = plan_year(clock.now)
    moments = [action.moment for action in plan]
    assert moments == sorted(moments)
    assert moments[-1].date() < clock.today
    assert len({action.key for action in plan}) == len(plan)  # one request id each


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
