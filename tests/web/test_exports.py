"""CSV and Excel exports of the board: exactly the rows the board shows under the same
filters, within the reader's territory, headers in the interface's language, streamed;
GET /api/v1/recommendations.csv with the API's filters."""

from __future__ import annotations

import csv
import html
import io
import re

import openpyxl
import pytest

from tests.conftest import login, raise_fields
from tests.web.test_api import Api
from web import exports

REASON = "Le budget communal ne suffit pas."
HEADERS_FR = ["Référence", "Identifiant du dossier", "Titre", "Description", "Commune",
              "Région", "Niveau", "Statut", "Thème", "Proposée par", "Date de la session du CCS",
              "Accusé de réception attendu avant le", "En retard", "Jours de retard",
              "Date cible de mise en œuvre", "Enregistrée le", "Dernière activité"]
# Where the file's id and title are in a row (the reference comes first).
ID, TITLE = 1, 2
# Which files each reader's export holds (titles), for the scene below.
IN_SCOPE = {
    "sec_segou": {"Lampadaires du marché", "=HYPERLINK(\"http://x\")", "Radio de Ségou"},
    "sec_niono": {"Patrouilles de Niono"},
    "reg_segou": {"Lampadaires du marché", "=HYPERLINK(\"http://x\")", "Radio de Ségou",
                  "Patrouilles de Niono"},
    "reg_mopti": {"Carburant à Mopti"},
    "crss": {"Lampadaires du marché", "=HYPERLINK(\"http://x\")", "Radio de Ségou",
             "Patrouilles de Niono", "Carburant à Mopti"},
}
IN_SCOPE["auditor"] = IN_SCOPE["crss"]


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def scene(tracker, web_people, clock):
    def raised(by, title, theme="eclairage_public", escalate=False):
        principal = web_people[by]
        recommendation_id = tracker.raise_recommendation(principal, **raise_fields(
            clock, commune=principal.commune, title=title, theme=theme)).recommendation_id
        if escalate:
            tracker.act(principal, recommendation_id, "escalate", reason=REASON)
        return str(recommendation_id)

    ids = {"late": raised("sec_segou", "Lampadaires du marché", escalate=True)}
    clock.advance(days=1)
    raised("sec_segou", "=HYPERLINK(\"http://x\")", theme="appui_fds")
    raised("sec_segou", "Radio de Ségou", theme="sensibilisation")
    raised("sec_niono", "Patrouilles de Niono", theme="appui_fds", escalate=True)
    raised("sec_mopti", "Carburant à Mopti", theme="appui_fds")
    clock.advance(days=20)  # the first escalation is late, the second too (due 26 March)
    return ids


def read_csv(response, delimiter: str = ";") -> list[list[str]]:
    """The rows of a CSV export; French by default, so columns split on « ; »."""
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
    assert len(rows[0]) > 3, f"not split on {delimiter!r}: {rows[0]}"
    return rows


def read_xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def board_titles(client, query: str) -> list[str]:
    """The titles the board shows under ``query``, over every page, in its order."""
    found, page = [], 1
    while True:
        text = client.get(f"/?{query}&page={page}").get_data(as_text=True)
        found += [html.unescape(title) for title in re.findall(
            r'<td><a href="/recommendations/[^"]+">([^<]+)</a>', text)]
        if 'rel="next"' not in text:
            return found
        page += 1


# ---- scope, per role -----------------------------------------------------------------------
@pytest.mark.parametrize("username", sorted(IN_SCOPE))
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_each_reader_exports_their_territory_only(client, scene, username, kind):
    login(client, username)

    response = client.get(f"/recommandations.{kind}")

    assert response.status_code == 200
    rows = read_csv(response) if kind == "csv" else read_xlsx(response)
    titles = {row[TITLE].lstrip("'") for row in rows[1:]}
    assert titles == IN_SCOPE[username]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_administrators_export_nothing(client, web_people, kind):
    login(client, "admin")
    assert client.get(f"/recommandations.{kind}").status_code == 403


def test_exports_require_signing_in(client):
    assert client.get("/recommandations.csv").status_code == 302


# ---- the filters on screen --------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "", "theme=appui_fds", "region=segou", "commune=niono", "status=open",
    "level=region&status=awaiting_acknowledgement", "q=radio", "overdue=on",
    "theme=appui_fds&q=patrouilles", "theme=inconnu"])
def test_the_export_holds_exactly_what_the_board_shows(client, scene, query):
    login(client, "crss")

    csv_titles = [row[TITLE].lstrip("'") for row in read_csv(client.get(
        f"/recommandations.csv?{query}"))[1:]]
    xlsx_titles = [row[TITLE] for row in read_xlsx(client.get(f"/recommandations.xlsx?{query}"))[1:]]

    assert csv_titles == xlsx_titles == board_titles(client, query)


def test_the_board_links_to_its_exports_with_its_filters(client, scene):
    login(client, "crss")

    page = client.get("/?theme=appui_fds&q=niono").get_data(as_text=True)

    assert 'href="/recommandations.csv?theme=appui_fds&amp;q=niono"' in page
    assert 'href="/recommandations.xlsx?theme=appui_fds&amp;q=niono"' in page
    assert "Exporter cette recommandation :" in page


# ---- the board of a past day (as_of) --------------------------------------------------------
@pytest.mark.parametrize("query", [
    "as_of=2026-03-10", "as_of=2026-03-11&theme=appui_fds", "as_of=2026-03-25&overdue=on",
    "as_of=2026-03-11T08:00:00%2B00:00"])
def test_an_export_as_of_a_past_day_holds_the_board_of_that_day(client, scene, query):
    login(client, "crss")

    csv_rows = read_csv(client.get(f"/recommandations.csv?{query}"))[1:]
    xlsx_titles = [row[TITLE] for row in read_xlsx(client.get(f"/recommandations.xlsx?{query}"))[1:]]

    assert [row[TITLE].lstrip("'") for row in csv_rows] == xlsx_titles == board_titles(client, query)


def test_an_export_as_of_gives_each_file_and_its_deadline_as_they_stood(client, scene):
    login(client, "crss")

    header, *rows = read_csv(client.get("/recommandations.csv?as_of=2026-03-10"))
    [then] = [dict(zip(header, row)) for row in rows]
    header, *rows = read_csv(client.get("/recommandations.csv?as_of=2026-03-25&overdue=on"))
    [late] = [dict(zip(header, row)) for row in rows]

    assert (then["Titre"], then["Statut"], then["En retard"]) == (
        "Lampadaires du marché", "En attente d'accusé de réception", "non")
    assert (late["Titre"], late["En retard"]) == ("Lampadaires du marché", "oui")


def test_the_board_as_of_links_to_its_exports_of_that_day(client, scene):
    login(client, "crss")

    page = client.get("/?as_of=2026-03-11&theme=appui_fds").get_data(as_text=True)
    response = client.get("/recommandations.csv?as_of=2026-03-11")

    assert 'href="/recommandations.csv?as_of=2026-03-11&amp;theme=appui_fds"' in page
    assert 'href="/recommandations.xlsx?as_of=2026-03-11&amp;theme=appui_fds"' in page
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="recommandations-au-2026-03-11.csv"')


def test_an_export_of_a_date_that_is_not_one_is_refused(client, scene):
    login(client, "crss")

    response = client.get("/recommandations.csv?as_of=hier")

    assert response.status_code == 422
    assert "Date invalide" in response.get_data(as_text=True)


# ---- what is written --------------------------------------------------------------------------
def test_a_csv_row_has_labels_dates_and_the_deadline(client, scene):
    login(client, "reg_segou")

    header, *rows = read_csv(client.get("/recommandations.csv?commune=segou&level=region"))

    assert header == HEADERS_FR
    [row] = rows
    assert dict(zip(header, row)) == {
        "Référence": "SEG-2026-001",
        "Identifiant du dossier": scene["late"], "Titre": "Lampadaires du marché",
        "Description": "Installer dix lampadaires solaires autour du marché.",
        "Commune": "Ségou", "Région": "Ségou", "Niveau": "Région",
        "Statut": "En attente d'accusé de réception", "Thème": "Éclairage public",
        "Proposée par": "Femmes", "Date de la session du CCS": "2026-03-07",
        "Accusé de réception attendu avant le": "2026-03-25 09:00", "En retard": "oui",
        "Jours de retard": "6", "Date cible de mise en œuvre": "",
        "Enregistrée le": "2026-03-10 09:00", "Dernière activité": "2026-03-10 09:00"}


def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(client, scene):
    login(client, "sec_segou")

    csv_rows = read_csv(client.get("/recommandations.csv?theme=appui_fds"))
    xlsx = openpyxl.load_workbook(io.BytesIO(client.get(
        "/recommandations.xlsx?theme=appui_fds").data))

    assert csv_rows[1][TITLE] == "'=HYPERLINK(\"http://x\")"
    cell = xlsx.active["C2"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"


def test_an_excel_export_has_real_dates_a_frozen_header_and_a_filter(client, scene):
    login(client, "reg_segou")

    response = client.get("/recommandations.xlsx?commune=segou&level=region")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active

    assert response.mimetype == exports.XLSX_TYPE
    assert [cell.value for cell in sheet[1]] == HEADERS_FR
    assert sheet["K2"].value.date().isoformat() == "2026-03-07"
    assert sheet["L2"].value.isoformat() == "2026-03-25T09:00:00"
    assert sheet["N2"].value == 6
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:Q2"


def test_headers_and_labels_follow_the_interface_language(client, scene):
    login(client, "reg_segou")
    client.set_cookie("lang", "en")

    header, row = read_csv(client.get("/recommandations.csv?commune=segou&level=region"),
                           delimiter=",")

    assert header[ID:ID + 4] == ["File ID", "Title", "Description", "Commune"]
    assert "Awaiting acknowledgement" in row and "Street lighting" in row and "yes" in row


def test_downloads_are_named_dated_and_never_cached(client, scene):
    login(client, "crss")

    for kind in ("csv", "xlsx"):
        response = client.get(f"/recommandations.{kind}")
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="recommandations-2026-03-31.{kind}"')
        assert response.headers["Cache-Control"] == "no-store"


def test_a_csv_export_is_streamed_in_chunks_as_it_is_read(client, scene, monkeypatch):
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 2)
    login(client, "crss")

    response = client.get("/recommandations.csv", buffered=False)

    assert response.is_streamed
    chunks = [chunk for chunk in response.response if chunk]
    assert len(chunks) == 3  # header and rows 1-2, rows 3-4, row 5
    response.close()


# ---- the API ----------------------------------------------------------------------------------
@pytest.fixture
def api(client, tracker, web_people) -> Api:
    return Api(client, tracker)


@pytest.mark.parametrize("username", sorted(IN_SCOPE))
def test_the_api_csv_holds_the_callers_territory(api, scene, username):
    response = api.get(username, "/recommendations.csv")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert {row[TITLE].lstrip("'") for row in read_csv(response)[1:]} == IN_SCOPE[username]


@pytest.mark.parametrize("filters", [
    {}, {"theme": "appui_fds"}, {"region": "segou"}, {"overdue": "true"},
    {"status": "open", "q": "radio"}, {"commune": "mopti", "level": "commune"}])
def test_the_api_csv_has_the_same_rows_as_the_api_list(api, scene, filters):
    listed = api.get("auditor", "/recommendations", per_page=100, **filters).get_json()
    exported = read_csv(api.get("auditor", "/recommendations.csv", **filters))

    assert [row[ID] for row in exported[1:]] == [item["id"] for item in listed["items"]]


@pytest.mark.parametrize("filters", [{"as_of": "2026-03-11"},
                                     {"as_of": "2026-03-25", "overdue": "true"}])
def test_the_api_csv_as_of_has_the_same_rows_as_the_api_list_as_of(api, scene, filters):
    listed = api.get("auditor", "/recommendations", per_page=100, **filters).get_json()
    exported = read_csv(api.get("auditor", "/recommendations.csv", **filters))

    assert listed["total"] > 0
    assert [row[ID] for row in exported[1:]] == [item["id"] for item in listed["items"]]


def test_the_api_csv_refuses_what_the_list_refuses(api, client, scene):
    assert api.get("auditor", "/recommendations.csv", status="inconnu").status_code == 422
    assert api.get("auditor", "/recommendations.csv", as_of="hier").status_code == 422
    assert api.get("admin", "/recommendations.csv").status_code == 403
    assert client.get("/api/v1/recommendations.csv").status_code == 401


def test_the_api_csv_speaks_the_callers_language(api, scene):
    response = api.client.get("/api/v1/recommendations.csv", headers={
        **api.headers("crss"), "Accept-Language": "en"})
    assert read_csv(response, delimiter=",")[0][TITLE] == "Title"
