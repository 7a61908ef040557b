"""TRACKER_SESSION_INTERVAL_DAYS: how long a CCS may go without a session, 31 days unless
set; read and checked with the other settings (a whole, non-negative number of days)."""

from __future__ import annotations

import pytest

from tracker.config import Settings


def test_a_ccs_meets_at_least_every_31_days_unless_set():
    assert Settings.from_environment({}).session_interval_days == 31
    assert Settings.from_environment({"TRACKER_SESSION_INTERVAL_DAYS": ""}
                                     ).session_interval_days == 31
    assert Settings.from_environment({"TRACKER_SESSION_INTERVAL_DAYS": "45"}
                                     ).session_interval_days == 45
    assert Settings.from_environment({"TRACKER_SESSION_INTERVAL_DAYS": "0"}
                                     ).session_interval_days == 0


@pytest.mark.parametrize("raw, message", [
    ("un mois", "TRACKER_SESSION_INTERVAL_DAYS doit être un nombre entier de jours"),
    ("31.5", "TRACKER_SESSION_INTERVAL_DAYS doit être un nombre entier de jours"),
    ("-1", "TRACKER_SESSION_INTERVAL_DAYS ne peut pas être négatif"),
])
def test_a_wrong_interval_stops_the_start_with_a_french_message(raw, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_environment({"TRACKER_SESSION_INTERVAL_DAYS": raw})


@pytest.mark.parametrize("name", ["TRACKER_REGION_ACK_DAYS", "TRACKER_NATIONAL_ACK_DAYS",
                                  "TRACKER_SESSION_INTERVAL_DAYS"])
def test_a_delay_of_millions_of_days_stops_the_start_instead_of_every_escalation(name):
    with pytest.raises(ValueError, match=f"{name} : 3650 jours au plus"):
        Settings.from_environment({name: "3000000"})
    assert getattr(Settings.from_environment({name: "3650"}),
                   name.removeprefix("TRACKER_").lower()) == 3650
