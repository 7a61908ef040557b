"""Dashboard figures against a fixture computed by hand: seven recommendations of Ségou,
Niono (both in the Ségou region) and Mopti, walked on a known timeline.

    file  commune  theme             origin   life                                   state on 30 March
    A     segou    eclairage_public  femmes   escalated 10/3, acknowledged after 2 d  region, acknowledged
    B     segou    appui_fds         jeunes   escalated 10/3, acknowledged after 4 d  region, accepted
    C     niono    eclairage_public  femmes   ack. after 10 d, CRSS ack. after 6 d    national, acknowledged
    D     niono    stupefiants       —        escalated 10/3, due 25/3                region, awaiting (late)
    E     mopti    eclairage_public  jeunes   ack. after 1 d, escalated 14/3          national, awaiting (due 13/4)
    F     mopti    sensibilisation   elus     raised                                  commune, open
    G     segou    appui_fds         femmes   withdrawn                               commune, withdrawn

Acknowledgement times in the Ségou region: 2, 4 and 10 days, so the median is 4 days and
the 90th percentile 4 + 0.8 × (10 − 4) = 8.8 days; in Mopti one of 1 day; at the CRSS one
of 6 days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from projections.dashboard import AcknowledgementTimes, Overdue, dashboard, percentile
from tests.tracker.scenario import give, raise_one

SECRETARY = {"segou": "sec_segou", "niono": "sec_niono", "mopti": "sec_mopti"}
REGIONAL = {"segou": "reg_segou", "niono": "reg_segou", "mopti": "reg_mopti"}
FILES = {  # name: (commune, theme, origin_group)
    "A": ("segou", "eclairage_public", "femmes"),
    "B": ("segou", "appui_fds", "jeunes"),
    "C": ("niono", "eclairage_public", "femmes"),
    "D": ("niono", "stupefiants", None),
    "E": ("mopti", "eclairage_public", "jeunes"),
    "F": ("mopti", "sensibilisation", "elus"),
    "G": ("segou", "appui_fds", "femmes"),
}


@pytest.fixture
def figures(tracker_app, people, clock, read_models):
    """``figures(scope)``: the dashboard of ``scope`` on 30 March, after the timeline."""
    ids = {name: raise_one(tracker_app, people, clock, by=SECRETARY[commune], commune=commune,
                           theme=theme, origin_group=origin,
                           title=f"Recommandation {name} de {commune}").recommendation_id
           for name, (commune, theme, origin) in FILES.items()}

    def act(name, command, by):
        give(tracker_app, people, clock, ids[name], command, by=by)

    for name in "ABCDE":
        act(name, "escalate", SECRETARY[FILES[name][0]])
    act("G", "withdraw", "sec_segou")
    clock.advance(days=1)
    act("E", "acknowledge", "reg_mopti")
    clock.advance(days=1)
    act("A", "acknowledge", "reg_segou")
    clock.advance(days=2)
    act("B", "acknowledge", "reg_segou")
    act("B", "accept", "reg_segou")
    act("E", "escalate", "reg_mopti")
    clock.advance(days=6)
    act("C", "acknowledge", "reg_segou")
    act("C", "escalate", "reg_segou")
    clock.advance(days=6)
    act("C", "acknowledge", "crss")
    clock.advance(days=4)  # 30 March, 09:00
    read_models.catch_up()
    return lambda scope=None: dashboard(read_models.engine, scope or {}, clock())


def test_the_nation_counts_by_status_and_level(figures):
    nation = figures()

    assert nation.total == 7
    assert nation.by_status_level == {
        ("acknowledged", "region"): 1, ("accepted", "region"): 1,
        ("acknowledged", "national"): 1, ("awaiting_acknowledgement", "region"): 1,
        ("awaiting_acknowledgement", "national"): 1, ("open", "commune"): 1,
        ("withdrawn", "commune"): 1}


def test_acknowledgement_times_per_region_and_for_the_crss(figures):
    assert figures().acknowledgement_times == [
        AcknowledgementTimes("region", "mopti", 1, 1.0, 1.0),
        AcknowledgementTimes("region", "segou", 3, 4.0, pytest.approx(8.8)),
        AcknowledgementTimes("national", None, 1, 6.0, 6.0)]


def test_share_overdue_per_level_at_the_time_it_is(figures):
    nation = figures()

    assert nation.overdue == [Overdue("region", 1, 1), Overdue("national", 1, 0)]
    assert nation.overdue_total.share == 0.5


def test_themes_most_frequent_first_and_who_put_the_recommendations_forward(figures):
    nation = figures()

    assert list(nation.by_theme.items()) == [
        ("eclairage_public", 3), ("appui_fds", 2), ("sensibilisation", 1), ("stupefiants", 1)]
    assert nation.by_origin == {"femmes": 3, "jeunes": 2, None: 1, "elus": 1}
    assert nation.share_of_origin("femmes") == pytest.approx(3 / 7)
    assert nation.share_of_origin("jeunes") == pytest.approx(2 / 7)


def test_a_region_sees_its_communes_only(figures):
    segou = figures({"region": "segou"})

    assert segou.total == 5
    assert sum(count for (status, level), count in segou.by_status_level.items()
               if status == "awaiting_acknowledgement") == 1
    assert segou.acknowledgement_times == [
        AcknowledgementTimes("region", "segou", 3, 4.0, pytest.approx(8.8)),
        AcknowledgementTimes("national", None, 1, 6.0, 6.0)]
    assert segou.by_origin == {"femmes": 3, "jeunes": 1, None: 1}
    mopti = figures({"region": "mopti"})
    assert (mopti.total, mopti.overdue) == (2, [Overdue("region", 0, 0),
                                                Overdue("national", 1, 0)])


def test_a_commune_sees_its_own_files_only(figures):
    niono = figures({"commune": "niono"})

    assert niono.total == 2
    assert niono.by_theme == {"eclairage_public": 1, "stupefiants": 1}
    assert niono.acknowledgement_times == [
        AcknowledgementTimes("region", "segou", 1, 10.0, 10.0),
        AcknowledgementTimes("national", None, 1, 6.0, 6.0)]
    assert niono.overdue_total.share == 1.0


def test_overdue_is_decided_at_the_time_asked_not_when_the_figures_were_written(
        figures, read_models, clock):
    figures()
    on_the_due_day = dashboard(read_models.engine, {}, clock() - timedelta(days=5))

    assert on_the_due_day.overdue == [Overdue("region", 1, 0), Overdue("national", 1, 0)]


@pytest.mark.parametrize("values, median_p90", [
    ([5.0], (5.0, 5.0)), ([1.0, 3.0], (2.0, 2.8)), ([2.0, 4.0, 10.0], (4.0, 8.8)),
    ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0], (6.0, 10.0))])
def test_percentiles_interpolate_between_the_nearest_values(values, median_p90):
    assert percentile(values, 0.5) == pytest.approx(median_p90[0])
    assert percentile(values, 0.9) == pytest.approx(median_p90[1])


def test_an_empty_territory_has_zeros_and_no_times(read_models, clock):
    empty = dashboard(read_models.engine, {"region": "kayes"}, clock())

    assert (empty.total, empty.acknowledgement_times, empty.by_theme) == (0, [], {})
    assert empty.overdue_total.share == 0.0 and empty.share_of_origin("femmes") == 0.0
