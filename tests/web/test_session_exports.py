"""CSV and Excel exports of the CCS sessions (/sessions.csv, /sessions.xlsx and GET
/api/v1/sessions.csv): the session list's filters (region, commune, from, to) within the
reader's territory, one row per session with its attendance by group and sex, headers in
the interface's language, streamed like the board's."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from tests.conftest import login
from tests.tracker.test_sessions import items, record
from tests.web.test_api import Api

HEADERS_FR = [
    "Date de la session", "Commune", "Région", "Niveau", "Lieu", "Présidée par", "Statut",
    "Femmes présentes", "Hommes présents", "Jeunes présents",
    "Femmes : femmes", "Femmes : hommes", "Jeunes : femmes", "Jeunes : hommes",
    "Leaders communautaires et religieux : femmes",
    "Leaders communautaires et religieux : hommes", "Élus : femmes", "Élus : hommes",
    "Forces de défense et de sécurité : femmes", "Forces de défense et de sécurité : hommes",
    "Autre : femmes", "Autre : hommes", "Procès-verbal rédigé",
    "Recommandations issues de la session"]
HEADERS_EN = [
    "Date of the session", "Commune", "Region", "Level", "Place", "Chaired by", "Status",
    "Women present", "Men present", "Youth present", "Women: women", "Women: men",
    "Youth: women", "Youth: men", "Community and religious leaders: women",
    "Community and religious leaders: men", "Elected officials: women",
    "Elected officials: men", "Defence and security forces: women",
    "Defence and security forces: men", "Other: women", "Other: men", "Minutes written",
    "Recommendations made at the session"]
# The places of the sessions each reader's export holds (the scene below).
IN_SCOPE = {
    "sec_segou": {"Mairie de Ségou", "=Salle des fêtes"},
    "sec_niono": {"Mairie de Niono"},
    "reg_segou": {"Mairie de Ségou", "=Salle des fêtes", "Mairie de Niono", "Gouvernorat"},
    "reg_mopti": {"Mairie de Mopti"},
    "crss": {"Mairie de Ségou", "=Salle des fêtes", "Mairie de Niono", "Gouvernorat",
             "Mairie de Mopti"},
}
IN_SCOPE["auditor"] = IN_SCOPE["crss"]


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def scene(tracker, web_people, clock):
    """Ségou: a session with attendance, minutes and two recommendations, and an older one
    without attendance (its place typed like a formula); Niono, Mopti, and the Ségou
    region's own CCS: one each."""
    segou = record(tracker, web_people, clock, held_on=date(2026, 3, 2), place="Mairie de Ségou",
                   attendance={"femmes": {"women": 5, "men": 0},
                               "jeunes": {"women": 2, "men": 3}},
                   minutes="Deux recommandations formulées.", request_id="a").recommendation_id
    tracker.raise_from_session(web_people["sec_segou"], segou, items(2))
    record(tracker, web_people, clock, held_on=date(2026, 1, 20), place="=Salle des fêtes",
           request_id="b")
    record(tracker, web_people, clock, by="sec_niono", held_on=date(2026, 2, 11),
           place="Mairie de Niono", attendance={"elus": {"women": 1, "men": 4}})
    record(tracker, web_people, clock, by="sec_mopti", held_on=date(2026, 2, 14),
           place="Mairie de Mopti")
    record(tracker, web_people, clock, by="reg_segou", held_on=date(2026, 2, 25),
           place="Gouvernorat", chaired_by="Le Gouverneur")
    return {"segou": str(segou)}


def read_csv(response, delimiter: str = ";") -> list[list[str]]:
    """The rows of a CSV export; French by default, so columns split on « ; »."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
    assert len(rows[0]) > 3, f"not split on {delimiter!r}: {rows[0]}"
    return rows


def read_xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def places(rows) -> list[str]:
    return [row[4].lstrip("'") if isinstance(row[4], str) else row[4] for row in rows[1:]]


# ---- scope ---------------------------------------------------------------------------------
@pytest.mark.parametrize("username", sorted(IN_SCOPE))
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_each_reader_exports_the_sessions_of_their_territory_only(client, scene, username,
                                                                  kind):
    login(client, username)
    response = client.get(f"/sessions.{kind}")
    rows = read_csv(response) if kind == "csv" else read_xlsx(response)
    assert set(places(rows)) == IN_SCOPE[username]


def test_a_regional_authority_gets_nothing_of_another_region_even_when_asking(client, scene):
    login(client, "reg_mopti")
    assert places(read_csv(client.get("/sessions.csv?region=segou"))) == []
    assert places(read_csv(client.get("/sessions.csv?commune=segou"))) == []


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_administrators_export_no_session(client, web_people, kind):
    login(client, "admin")
    assert client.get(f"/sessions.{kind}").status_code == 403


def test_session_exports_require_signing_in(client):
    assert client.get("/sessions.csv").status_code == 302


# ---- filters and rows --------------------------------------------------------------------------
@pytest.mark.parametrize("query, expected", [
    ("", ["Mairie de Ségou", "Gouvernorat", "Mopti", "Mairie de Niono", "=Salle des fêtes"]),
    ("region=segou", ["Mairie de Ségou", "Gouvernorat", "Mairie de Niono",
                      "=Salle des fêtes"]),
    ("commune=segou", ["Mairie de Ségou", "=Salle des fêtes"]),
    ("from=2026-02-14&to=2026-02-25", ["Gouvernorat", "Mopti"]),
    ("from=2026-03-01", ["Mairie de Ségou"]),
    ("to=2026-01-31", ["=Salle des fêtes"]),
    ("commune=atlantide&from=hier", ["Mairie de Ségou", "Gouvernorat", "Mopti",
                                     "Mairie de Niono", "=Salle des fêtes"]),  # dropped
])
def test_the_export_follows_the_session_lists_filters_most_recent_first(client, scene, query,
                                                                       expected):
    login(client, "crss")
    expected = ["Mairie de Mopti" if place == "Mopti" else place for place in expected]
    assert places(read_csv(client.get(f"/sessions.csv?{query}"))) == expected
    assert places(read_xlsx(client.get(f"/sessions.xlsx?{query}"))) == expected


def test_a_row_holds_the_session_its_attendance_by_group_and_sex_and_its_files(client, scene):
    login(client, "sec_segou")
    response = client.get("/sessions.csv")
    header, *rows = read_csv(response)

    assert header == HEADERS_FR
    first, second = (dict(zip(header, row)) for row in rows)
    assert first == {
        "Date de la session": "2026-03-02", "Commune": "Ségou", "Région": "Ségou",
        "Niveau": "Commune", "Lieu": "Mairie de Ségou", "Présidée par": "Le maire",
        "Statut": "Enregistrée", "Femmes présentes": "7", "Hommes présents": "3",
        "Jeunes présents": "5", "Femmes : femmes": "5", "Femmes : hommes": "0",
        "Jeunes : femmes": "2", "Jeunes : hommes": "3",
        "Leaders communautaires et religieux : femmes": "0",
        "Leaders communautaires et religieux : hommes": "0", "Élus : femmes": "0",
        "Élus : hommes": "0", "Forces de défense et de sécurité : femmes": "0",
        "Forces de défense et de sécurité : hommes": "0", "Autre : femmes": "0",
        "Autre : hommes": "0", "Procès-verbal rédigé": "oui",
        "Recommandations issues de la session": "2"}
    # No attendance on record: left empty, not counted as nobody; the place stays text.
    assert second["Lieu"] == "'=Salle des fêtes" and second["Procès-verbal rédigé"] == "non"
    assert {second[name] for name in HEADERS_FR[7:22]} == {""}
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="sessions-2026-03-10.csv"')
    assert response.headers["Cache-Control"] == "no-store"


def test_a_regional_ccs_session_has_no_commune(client, scene):
    login(client, "reg_segou")
    header, *rows = read_csv(client.get("/sessions.csv?from=2026-02-25&to=2026-02-25"))
    [row] = [dict(zip(header, row)) for row in rows]
    assert (row["Commune"], row["Région"], row["Niveau"], row["Présidée par"]) == (
        "", "Ségou", "Région", "Le Gouverneur")


def test_the_excel_export_has_typed_cells_and_text_never_run_as_a_formula(client, scene):
    login(client, "sec_segou")
    response = client.get("/sessions.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook.active

    assert sheet.title == "Sessions du CCS"
    header, first, second = list(sheet.iter_rows(values_only=True))
    assert list(header) == HEADERS_FR
    assert first[0].date() == date(2026, 3, 2) and first[7] == 7 and first[23] == 2
    assert second[4] == "=Salle des fêtes" and sheet.cell(3, 5).data_type == "s"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="sessions-2026-03-10.xlsx"')


def test_headers_and_labels_follow_the_interfaces_language(client, scene):
    login(client, "reg_segou")
    client.set_cookie("lang", "en")
    header, *rows = read_csv(client.get("/sessions.csv?commune=segou"), delimiter=",")
    assert header == HEADERS_EN
    assert (rows[0][3], rows[0][6], rows[0][22]) == ("Commune", "Recorded", "yes")
    assert read_xlsx(client.get("/sessions.xlsx"))[0] == tuple(HEADERS_EN)


def test_the_communes_and_regions_pages_link_to_their_exports(client, scene):
    login(client, "reg_segou")
    assert 'href="/sessions.csv?commune=niono"' in client.get("/communes/niono").text
    assert 'href="/sessions.xlsx?region=segou"' in client.get("/regions/segou/communes").text


# ---- the API ------------------------------------------------------------------------------------
@pytest.fixture
def api(client, tracker, web_people) -> Api:
    return Api(client, tracker)


def test_the_api_export_takes_the_lists_filters_within_the_callers_territory(api, scene):
    assert set(places(read_csv(api.get("reg_segou", "/sessions.csv")))) == IN_SCOPE[
        "reg_segou"]
    assert places(read_csv(api.get("crss", "/sessions.csv", commune="segou",
                                   **{"from": "2026-02-01"}))) == ["Mairie de Ségou"]
    assert places(read_csv(api.get("crss", "/sessions.csv", page=2, per_page=1))) == places(
        read_csv(api.get("crss", "/sessions.csv")))  # every row, pages aside
    assert places(read_csv(api.get("reg_mopti", "/sessions.csv", region="segou"))) == []


def test_the_api_export_speaks_the_callers_language_and_refuses_like_the_list(api, client,
                                                                             scene):
    answer = client.get("/api/v1/sessions.csv", headers={**api.headers("crss"),
                                                         "Accept-Language": "en"})
    assert read_csv(answer, delimiter=",")[0] == HEADERS_EN
    assert read_csv(api.get("crss", "/sessions.csv"))[0] == HEADERS_FR
    assert api.get("admin", "/sessions.csv").status_code == 403
    assert client.get("/api/v1/sessions.csv").status_code == 401
    refused = api.get("crss", "/sessions.csv", **{"from": "hier"})
    assert refused.status_code == 422 and "from" in refused.get_json()["errors"]
