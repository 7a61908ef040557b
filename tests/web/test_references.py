"""Reference numbers on the web: in the API's items, on the board (shown and searched), on
the file's page, in exports; ``/r/<reference>`` opens the file for its readers only;
``flask --app wsgi references assign`` numbers the files raised before references; and the
demo's files have theirs."""

from __future__ import annotations

import pytest

from collections import defaultdict

from tests.conftest import login, raise_fields
from tests.web.test_cli import all_board_rows, demo, read_models  # noqa: F401 - fixtures
from tests.tracker.test_file_numbers import raised_before_references
from tests.web.test_api import Api
from tests.web.test_exports import read_csv, read_xlsx


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def files(tracker, web_people, clock) -> dict:
    """Two files of Ségou (SEG-2026-001, -002) and one of Mopti (MPT-2026-001)."""
    def raised(by, title):
        principal = web_people[by]
        return str(tracker.raise_recommendation(principal, **raise_fields(
            clock, commune=principal.commune, title=title)).recommendation_id)

    return {"SEG-2026-001": raised("sec_segou", "Lampadaires du marché"),
            "SEG-2026-002": raised("sec_segou", "Radio de Ségou"),
            "MPT-2026-001": raised("sec_mopti", "Carburant à Mopti")}


# ---- the API -----------------------------------------------------------------------------------
def test_api_items_carry_their_reference(client, tracker, web_people, files):
    api = Api(client, tracker)

    one = api.get("crss", f"/recommendations/{files['SEG-2026-002']}")
    listed = api.get("crss", "/recommendations", commune="segou")

    assert one.status_code == 200 and one.json["reference"] == "SEG-2026-002"
    assert {item["id"]: item["reference"] for item in listed.json["items"]} == {
        files["SEG-2026-001"]: "SEG-2026-001", files["SEG-2026-002"]: "SEG-2026-002"}


@pytest.mark.parametrize("typed", ["SEG-2026-002", "seg-2026-002", "seg-2026-2"])
def test_the_api_list_finds_a_file_by_its_reference(client, tracker, files, typed):
    listed = Api(client, tracker).get("crss", "/recommendations", q=typed)

    assert [item["id"] for item in listed.json["items"]] == [files["SEG-2026-002"]]


# ---- pages ------------------------------------------------------------------------------------
def test_the_board_shows_each_file_s_reference_and_finds_a_file_by_it(client, files):
    login(client, "reg_segou")

    board = client.get("/").get_data(as_text=True)
    found = client.get("/?q=Seg-2026-1").get_data(as_text=True)

    assert "SEG-2026-001" in board and "SEG-2026-002" in board and "MPT-2026-001" not in board
    assert "Lampadaires du marché" in found and "Radio de Ségou" not in found


def test_the_file_page_says_its_reference(client, files):
    login(client, "sec_segou")

    page = client.get(f"/recommendations/{files['SEG-2026-002']}").get_data(as_text=True)

    assert "Dossier SEG-2026-002" in page


@pytest.mark.parametrize("typed", ["SEG-2026-002", "seg-2026-2"])
def test_a_reference_as_an_address_opens_the_file(client, files, typed):
    login(client, "reg_segou")

    response = client.get(f"/r/{typed}")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/recommendations/{files['SEG-2026-002']}")


@pytest.mark.parametrize("username, typed", [
    ("reg_segou", "MPT-2026-001"), ("sec_niono", "SEG-2026-001"), ("crss", "SEG-2026-003"),
    ("crss", "SEG-2025-001"), ("crss", "pas-un-numero")])
def test_a_reference_out_of_territory_or_unknown_is_a_404_in_french(client, files, username,
                                                                    typed):
    login(client, username)

    response = client.get(f"/r/{typed}")

    assert response.status_code == 404
    assert f"Aucun dossier accessible ne porte le numéro « {typed} »." in \
        response.get_data(as_text=True)


def test_a_reference_as_an_address_needs_a_signed_in_person(client, files):
    response = client.get("/r/SEG-2026-001")

    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


# ---- exports ----------------------------------------------------------------------------------
def test_exports_put_the_reference_first(client, files):
    login(client, "sec_segou")

    header, *rows = read_csv(client.get("/recommandations.csv"))
    sheet = read_xlsx(client.get("/recommandations.xlsx"))

    assert header[0] == "Référence"
    assert sorted(row[0] for row in rows) == ["SEG-2026-001", "SEG-2026-002"]
    assert sheet[0][0] == "Référence"
    assert sorted(row[0] for row in sheet[1:]) == ["SEG-2026-001", "SEG-2026-002"]


# ---- files raised before references -------------------------------------------------------------
def test_the_operator_numbers_older_files_once(runner, read_models, tracker, web_people, clock,
                                               client):
    older = raised_before_references(tracker, web_people, clock)
    tracker.raise_recommendation(web_people["sec_segou"],
                                 **raise_fields(clock, title="Radio de Ségou"))
    read_models.catch_up()
    last_activity = _board_row(read_models, older)["last_activity"]

    first = runner.invoke(args=["references", "assign"])
    again = runner.invoke(args=["references", "assign"])

    assert first.exit_code == 0, first.output
    assert first.output.strip() == ("Numéros de dossier attribués : 1 ; dossiers qui en "
                                    "avaient déjà un : 1.")
    assert again.output.strip() == ("Numéros de dossier attribués : 0 ; dossiers qui en "
                                    "avaient déjà un : 2.")
    row = _board_row(read_models, older)
    # Not an activity on the file: the board's order is not disturbed.
    assert row["reference"] == "SEG-2026-002" and row["last_activity"] == last_activity
    login(client, "sec_segou")
    found = client.get("/?q=SEG-2026-002").get_data(as_text=True)
    assert "SEG-2026-002" in found and "Radio de Ségou" not in found
    page = client.get(f"/recommendations/{older}").get_data(as_text=True)
    assert "Dossier SEG-2026-002" in page and "Numéro de dossier attribué" in page


def _board_row(read_models, file_id) -> dict:
    from projections.queries import board_row

    return board_row(read_models.engine, str(file_id))


def test_the_demo_numbers_its_files_in_raise_order_within_each_commune_s_year(demo,
                                                                                read_models):
    rows = all_board_rows(read_models)
    numbers = defaultdict(list)
    for row in rows:
        code, year, number = row["reference"].split("-")
        assert int(year) == row["raised_at"].year
        numbers[(code, year)].append((int(number), row["raised_at"]))

    assert len(rows) == 88 and len({row["reference"] for row in rows}) == 88
    assert {code for code, _ in numbers} == {"SEG", "NIO", "MPT", "DJE", "SAN"}
    for taken in numbers.values():
        taken.sort()
        assert [number for number, _ in taken] == list(range(1, len(taken) + 1))
        moments = [moment for _, moment in taken]
        assert moments == sorted(moments)  # a later number was never raised earlier
