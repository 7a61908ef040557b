"""The sessions part of « Indicateurs », checked by hand on a small data set: sessions
held per commune and month, attendance by group and sex, women's and youth's share of
attendance beside their share of the recommendations put forward, and the communes whose
session is late, per region; each within the dashboard's territory."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tests.conftest import login, raise_fields
from tests.tracker.test_sessions import record

CANCEL = "La session n'a finalement pas eu lieu."


@pytest.fixture
def scene(app, web_people, clock):
    """Today 10 March 2026. Ségou: sessions on 2 March and 5 February (and one cancelled);
    Niono: one more than a year ago; Mopti: one in January; the Ségou region's CCS: one in
    February. Recommendations: four from sessions of the last 12 months, one older."""
    tracker = app.extensions["tracker"]

    def session(by, held_on, attendance, key):
        return record(tracker, web_people, clock, by=by, held_on=held_on,
                      attendance=attendance, request_id=key).recommendation_id

    session("sec_segou", date(2026, 3, 2), {"femmes": {"women": 5, "men": 0},
                                            "jeunes": {"women": 2, "men": 3},
                                            "elus": {"women": 1, "men": 6}}, "a")
    session("sec_segou", date(2026, 2, 5), {"jeunes": {"women": 1, "men": 1},
                                            "fds": {"women": 0, "men": 4}}, "b")
    cancelled = session("sec_segou", date(2026, 2, 20), {"femmes": {"women": 50}}, "c")
    tracker.act_on_session(web_people["sec_segou"], cancelled, "cancel", reason=CANCEL)
    session("sec_niono", date(2025, 3, 15), {"femmes": {"women": 3}}, "d")
    session("sec_mopti", date(2026, 1, 10), {"autre": {"women": 1, "men": 1}}, "e")
    session("reg_segou", date(2026, 2, 10), {"elus": {"women": 2, "men": 2}}, "f")
    for by, origin, day in [("sec_segou", "femmes", date(2026, 3, 2)),
                            ("sec_segou", "jeunes", date(2026, 2, 5)),
                            ("sec_segou", None, date(2026, 3, 2)),
                            ("sec_niono", "femmes", date(2026, 1, 1)),
                            ("sec_niono", "femmes", date(2025, 3, 1))]:
        tracker.raise_recommendation(web_people[by], **raise_fields(
            clock, commune=web_people[by].commune, origin_group=origin, meeting_date=day))


def sessions_part(page: str) -> str:
    return html.unescape(page.split('<h2 class="part">')[1]).replace("\u202f", " ").replace(
        "\xa0", " ")


def table(part: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with that caption: row heading (words only) -> cells."""
    body = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", part,
                     re.S).group(1)
    return {re.sub(r"<[^>]+>|⚠|\(session en retard\)", "", heading).strip():
            [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>",
                                                                         cells, re.S)]
            for heading, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', body,
                                             re.S)}


def test_the_regions_sessions_checked_by_hand(client, scene):
    login(client, "reg_segou")
    page = client.get("/indicateurs").text
    part = sessions_part(page)

    assert "<strong>4</strong> communes sur 5 ont une session du CCS en retard" in html.unescape(
        page)
    months = table(part, "Sessions tenues chaque mois")
    assert list(months) == ["Macina", "Markala", "Niono", "Sana", "Ségou", "Total"]
    assert months["Ségou"] == ["0"] * 10 + ["1", "1", "2"]  # February, March; total
    assert months["Niono"] == ["0"] * 13                     # its session is too old
    assert months["Total"] == ["0"] * 10 + ["1", "1", "2"]
    assert re.search(r'<tr class="late"><th scope="row"><a href="/communes/niono">', page)
    # Attendance: Ségou's two sessions and the region's own CCS, the cancelled one aside.
    attendance = table(part, "Présence aux sessions, par groupe et par sexe")
    assert attendance["Femmes"] == ["5", "0", "5"] and attendance["Jeunes"] == ["3", "4", "7"]
    assert attendance["Élus"] == ["3", "8", "11"]
    assert attendance["Forces de défense et de sécurité"] == ["0", "4", "4"]
    assert attendance["Total"] == ["11", "16", "27"]
    assert "3 sessions tenues (communales ou régionales)." in part
    # Women: 11 of 27 present, 2 of 4 recommendations; youth: 7 of 27, 1 of 4.
    voices = table(part, "Femmes et jeunes : présence et recommandations")
    assert voices["Femmes"] == ["40,7 % (11 sur 27)", "50 % (2 sur 4)"]
    assert voices["Jeunes"] == ["25,9 % (7 sur 27)", "25 % (1 sur 4)"]
    late = table(part, "Communes dont la session du CCS est en retard, par région")
    assert late == {"Ségou": ["4", "5"]}
    assert 'href="/regions/segou/communes"' in part
    assert len(re.findall(r'<svg class="chart"', part)) == 2


def test_a_secretary_reads_their_communes_sessions_only(client, scene):
    login(client, "sec_segou")
    page = client.get("/indicateurs").text
    part = sessions_part(page)

    assert "Sessions à jour" in html.unescape(page.split('<h2 class="part">')[0])
    assert list(table(part, "Sessions tenues chaque mois")) == ["Ségou"]
    assert table(part, "Présence aux sessions, par groupe et par sexe")["Total"] == [
        "9", "14", "23"]
    assert table(part, "Femmes et jeunes : présence et recommandations")["Femmes"] == [
        "39,1 % (9 sur 23)", "33,3 % (1 sur 3)"]
    assert "par région" not in part  # one commune: no table of regions


def test_the_nations_sessions_and_the_late_communes_of_every_region(client, scene):
    login(client, "crss")
    page = client.get("/indicateurs").text
    part = sessions_part(page)

    assert "<strong>24</strong> communes sur 25 ont une session" in html.unescape(page)
    late = table(part, "Communes dont la session du CCS est en retard, par région")
    assert late["Ségou"] == ["4", "5"] and late["Mopti"] == ["4", "4"]
    assert len(late) == 10 and sum(int(cells[1]) for cells in late.values()) == 25
    assert 'href="/regions/mopti/communes"' in part  # the CRSS oversees every region
    assert len(table(part, "Sessions tenues chaque mois")) == 26  # 25 communes and the total
    assert table(part, "Présence aux sessions, par groupe et par sexe")["Total"] == [
        "12", "17", "29"]
    mopti = sessions_part(client.get("/indicateurs?region=mopti").text)
    assert list(table(mopti, "Sessions tenues chaque mois"))[:4] == [
        "Djenné", "Konna", "Mopti", "Sio"]


def test_a_regional_authority_never_sees_another_regions_sessions(client, scene):
    login(client, "reg_mopti")
    part = sessions_part(client.get("/indicateurs").text)

    assert "Ségou" not in part and "Niono" not in part
    assert table(part, "Présence aux sessions, par groupe et par sexe")["Total"] == [
        "1", "1", "2"]
    assert 'href="/regions/mopti/communes"' in part
    assert client.get("/indicateurs?region=segou").status_code == 403


def test_the_sessions_part_speaks_english(client, scene):
    login(client, "reg_segou")
    client.set_cookie("lang", "en")
    page = client.get("/indicateurs").text
    part = sessions_part(page)

    assert "<strong>4</strong> communes out of 5 have an overdue CCS session" in page
    assert "Attendance at sessions, by group and sex" in part
    voices = table(part, "Women and youth: attendance and recommendations")
    assert voices["Women"] == ["40.7% (11 of 27)", "50% (2 of 4)"]
    assert table(part, "Sessions held each month")["Ségou"][-1] == "2"
