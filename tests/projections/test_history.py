"""The history read model: one row per event of a recommendation, who did it and what they
wrote, for the timeline and the audit trail; and the accounts list."""

from __future__ import annotations

from datetime import timedelta

from projections.queries import account_list, history_of
from storage.tables import history as history_table
from tests.tracker.scenario import give, raise_one


def history(read_models, recommendation_id):
    read_models.catch_up()
    return history_of(read_models.engine, recommendation_id)


def test_the_history_tells_the_whole_life_in_order(tracker_app, people, clock, read_models):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    escalated_at, meeting_date = clock.now, clock.today - timedelta(days=3)
    give(tracker_app, people, clock, recommendation_id, "escalate",
         reason="  Le budget communal ne suffit pas.  ")
    give(tracker_app, people, clock, recommendation_id, "request-clarification")
    clock.advance(days=2)
    give(tracker_app, people, clock, recommendation_id, "clarify")
    give(tracker_app, people, clock, recommendation_id, "acknowledge", note="")
    give(tracker_app, people, clock, recommendation_id, "accept",
         target_date=clock.today + timedelta(days=90))
    give(tracker_app, people, clock, recommendation_id, "report-implementation")

    rows = history(read_models, recommendation_id)

    assert [(r["version"], r["event_type"], r["actor_username"], r["actor_role"])
            for r in rows] == [
        (1, "Raised", "sec_segou", "secretary"),
        (2, "EscalatedToRegion", "sec_segou", "secretary"),
        (3, "ClarificationRequested", "reg_segou", "regional"),
        (4, "Clarified", "sec_segou", "secretary"),
        (5, "Acknowledged", "reg_segou", "regional"),
        (6, "Accepted", "reg_segou", "regional"),
        (7, "ImplementationReported", "reg_segou", "regional"),
    ]
    assert [r["text"] for r in rows] == [
        None, "Le budget communal ne suffit pas.", "Combien de lampadaires exactement ?",
        "Dix lampadaires solaires.", None, "Retenue.", "Les lampadaires sont posés."]
    assert rows[1]["details"] == {
        "region": "segou", "due_by": (escalated_at + timedelta(days=15)).isoformat()}
    assert rows[3]["details"]["due_by"] == (clock.now + timedelta(days=15)).isoformat()
    assert rows[4]["details"] == {}  # an empty optional note is not shown
    assert rows[5]["details"] == {
        "target_date": (clock.today + timedelta(days=90)).isoformat()}
    assert rows[0]["details"]["title"] == "Éclairage public du grand marché"
    assert rows[0]["details"]["meeting_date"] == meeting_date.isoformat()
    assert rows[0]["actor_id"] == str(people["sec_segou"].user_id)
    assert rows[0]["actor_name"] == "Sec Segou"
    assert all(r["at"].tzinfo is not None for r in rows)


def test_history_positions_are_the_event_log_positions(tracker_app, people, clock,
                                                       read_models):
    first = raise_one(tracker_app, people, clock)
    other = raise_one(tracker_app, people, clock, by="sec_mopti", commune="mopti")
    escalated = give(tracker_app, people, clock, first.recommendation_id, "escalate")

    rows = history(read_models, first.recommendation_id)

    assert [r["position"] for r in rows] == [first.position, escalated.position]
    assert [r["position"] for r in history(read_models, other.recommendation_id)] == [
        other.position]


def test_an_amendment_shows_before_and_after(tracker_app, people, clock, read_models):
    raised = raise_one(tracker_app, people, clock)
    new_date = clock.today - timedelta(days=5)

    tracker_app.act(people["sec_segou"], raised.recommendation_id, "amend",
                    theme="appui_fds", meeting_date=new_date)

    [_, amended] = history(read_models, raised.recommendation_id)
    assert amended["event_type"] == "Amended" and amended["text"] is None
    assert amended["details"] == {"changes": {
        "theme": {"before": "eclairage_public", "after": "appui_fds"},
        "meeting_date": {"before": (clock.today - timedelta(days=3)).isoformat(),
                         "after": new_date.isoformat()}}}


def test_reopening_is_in_the_history_with_its_reason(tracker_app, people, clock,
                                                     read_models):
    raised = raise_one(tracker_app, people, clock)
    give(tracker_app, people, clock, raised.recommendation_id, "withdraw")

    give(tracker_app, people, clock, raised.recommendation_id, "reopen",
         reason="La session suivante l'a reprise.")

    rows = history(read_models, raised.recommendation_id)
    assert [(r["event_type"], r["text"]) for r in rows[1:]] == [
        ("Withdrawn", "Le marché a été déplacé."),
        ("Reopened", "La session suivante l'a reprise.")]


def test_account_events_stay_out_of_the_history(tracker_app, people, clock, read_models):
    raised = raise_one(tracker_app, people, clock)
    tracker_app.issue_token(None, "crss")
    read_models.catch_up()

    with read_models.engine.connect() as connection:
        ids = {row.recommendation_id for row in connection.execute(history_table.select())}
    assert ids == {str(raised.recommendation_id)}


# ---- accounts list -----------------------------------------------------------------------
def test_the_accounts_list_follows_roles_tokens_and_disabling(tracker_app, people,
                                                              read_models):
    tracker_app.issue_token(None, "crss")
    tracker_app.issue_token(None, "crss")
    tracker_app.change_role(None, "reg_mopti", "secretary", commune="sio")
    tracker_app.disable_account(None, "sec_niono")
    read_models.catch_up()

    rows = {row["username"]: row for row in account_list(read_models.engine)}

    assert set(rows) == set(people)
    assert rows["crss"]["token_count"] == 2
    assert (rows["reg_mopti"]["role"], rows["reg_mopti"]["commune"],
            rows["reg_mopti"]["region"]) == ("secretary", "sio", "mopti")
    assert rows["sec_niono"]["disabled"] and rows["sec_niono"]["token_count"] == 0
    assert not rows["sec_segou"]["disabled"]
    assert "password_hash" not in rows["crss"]
    assert rows["admin"]["id"] == str(people["admin"].user_id)
