"""« Indicateurs » in the pages: whose figures each role reads (secretary: their commune;
regional authority: their region; CRSS and auditors: the nation or a region they pick;
administrators: none), and charts that are light SVG images with a title and a description,
each beside a table of the same numbers."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import login, raise_fields

REASON = "Le budget communal ne suffit pas."


@pytest.fixture
def scene(app, web_people, clock):
    """Ségou: two files, one escalated (late by now); Niono: one; Mopti: one at the CRSS."""
    tracker = app.extensions["tracker"]

    def raised(by, theme, origin, *commands):
        principal = web_people[by]
        recommendation_id = tracker.raise_recommendation(principal, **raise_fields(
            clock, commune=principal.commune, theme=theme, origin_group=origin,
            title=f"Recommandation de {principal.commune} ({theme})")).recommendation_id
        for who, command in commands:
            fields = {"reason": REASON} if command == "escalate" else {}
            tracker.act(web_people[who], recommendation_id, command, **fields)

    raised("sec_segou", "eclairage_public", "femmes", ("sec_segou", "escalate"))
    raised("sec_segou", "appui_fds", "jeunes")
    raised("sec_niono", "eclairage_public", None)
    clock.advance(days=3)
    raised("sec_mopti", "stupefiants", "jeunes", ("sec_mopti", "escalate"),
           ("reg_mopti", "acknowledge"), ("reg_mopti", "escalate"))
    clock.advance(days=20)


def heading(page: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)


def total(page: str) -> int:
    return int(re.search(r"<li><strong>(\d+)</strong> recommandation", page).group(1))


@pytest.mark.parametrize("username, query, title, count", [
    ("sec_segou", "", "Indicateurs — commune de Ségou", 2),
    ("sec_niono", "", "Indicateurs — commune de Niono", 1),
    ("reg_segou", "", "Indicateurs — région de Ségou", 3),
    ("reg_segou", "?region=segou", "Indicateurs — région de Ségou", 3),
    ("reg_mopti", "", "Indicateurs — région de Mopti", 1),
    ("crss", "", "Indicateurs — Mali (ensemble du pays)", 4),
    ("crss", "?region=mopti", "Indicateurs — région de Mopti", 1),
    ("auditor", "", "Indicateurs — Mali (ensemble du pays)", 4),
    ("auditor", "?region=segou", "Indicateurs — région de Ségou", 3),
    ("auditor", "?region=atlantide", "Indicateurs — Mali (ensemble du pays)", 4),
])
def test_each_role_reads_the_figures_of_its_territory(client, scene, username, query, title,
                                                      count):
    login(client, username)

    page = client.get(f"/indicateurs{query}")

    assert page.status_code == 200
    assert heading(page.text) == title and total(page.text) == count


@pytest.mark.parametrize("username, query", [
    ("sec_segou", "?region=segou"), ("sec_segou", "?region=mopti"),
    ("reg_segou", "?region=mopti"), ("reg_mopti", "?region=segou"), ("admin", "")])
def test_figures_outside_ones_territory_are_refused(client, scene, username, query):
    login(client, username)
    assert client.get(f"/indicateurs{query}").status_code == 403


def test_only_the_nation_may_pick_a_region(client, scene):
    login(client, "crss")
    assert 'name="region"' in client.get("/indicateurs").text
    client.post("/logout")
    login(client, "reg_segou")
    assert 'name="region"' not in client.get("/indicateurs").text


def test_the_dashboard_requires_signing_in(client):
    assert client.get("/indicateurs").status_code == 302


def test_every_chart_is_a_light_svg_with_a_title_a_description_and_a_table(client, scene):
    login(client, "crss")
    page = client.get("/indicateurs").text

    charts = re.findall(r"<svg class=\"chart\".*?</svg>", page, re.S)
    # Five on the recommendations, one on the sessions: without attendance on record, the
    # attendance chart is not drawn (tests/web/test_session_dashboard.py draws it).
    assert len(charts) == 6
    for chart in charts:
        chart_id = re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', chart).group(1)
        assert 'role="img"' in chart
        assert re.search(rf'<title id="{chart_id}-title">[^<]{{10,}}</title>', chart)
        assert re.search(rf'<desc id="{chart_id}-desc">[^<]{{20,}}</desc>', chart)
        assert len(chart.encode()) < 6 * 1024
    assert page.count('<table class="figures">') == 7
    assert "<script" not in page.split("</head>")[1]  # no chart library


def test_the_tables_hold_the_numbers(client, scene):
    login(client, "crss")
    page = client.get("/indicateurs").text.split('<h2 class="part">')[0]  # sessions aside

    rows = {html.unescape(re.sub(r"<[^>]+>", "", row.group(1))): re.findall(r"<td>([^<]*)</td>", row.group(2))
            for row in re.finditer(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', page, re.S)}
    # Status by level: commune, region, national, total.
    assert rows["Ouverte"] == ["2", "0", "0", "2"]
    assert rows["En attente d'accusé de réception"] == ["0", "1", "1", "2"]
    # Overdue: the Ségou file (due 25 March, now 2 April) is late, Mopti's is not.
    assert rows["Région"][:2] == ["1", "1"] and rows["National (CRSS)"][:2] == ["1", "0"]
    assert rows["Total"][:2] == ["2", "1"]
    # Who put them forward: 1 of women, 2 of youth, 1 not stated, out of 4.
    assert rows["Femmes"][0] == "1" and rows["Jeunes"][0] == "2"
    assert rows["Non précisé"][0] == "1"
    # Mopti's regional acknowledgement came at once: no delay, said in minutes.
    assert rows["Mopti"][:3] == ["1", "0 min", "0 min"]


@pytest.mark.parametrize("days, said", [(0, "0 min"), (0.0004, "1 min"), (0.03, "43 min"),
                                        (0.25, "6 h"), (0.99, "24 h"), (1, "1 j"),
                                        (2.46, "2,5 j"), (12.0, "12 j")])
def test_delays_under_a_day_are_said_in_hours_or_minutes(app, days, said):
    from web.dashboard import days_text
    with app.test_request_context():
        assert days_text(days) == said


def test_late_is_warm_and_hatched_on_time_cool_and_both_named(client, scene):
    login(client, "crss")
    page = client.get("/indicateurs").text
    chart = re.search(r'<svg class="chart"[^>]*aria-labelledby="chart-overdue-title.*?</svg>',
                      page, re.S).group(0)
    assert '<pattern id="chart-overdue-late"' in chart
    assert chart.count('class="late" fill="url(#chart-overdue-late)"') >= 2  # legend, bars
    assert 'class="on-time"' in chart and ">En retard</text>" in chart
    assert ">Dans les délais</text>" in chart
    css = client.get("/static/css/app.css").text
    assert "svg.chart .on-time { fill: #0b5394; }" in css  # blue: cool
    assert "svg.chart .late-ground { fill: #b3261e; }" in css  # red: warm


def test_the_dashboard_speaks_english_when_asked(client, scene):
    login(client, "crss")
    client.set_cookie("lang", "en")

    page = client.get("/indicateurs").text

    assert "Recommendations by status and level" in page and "Mali (whole country)" in page
