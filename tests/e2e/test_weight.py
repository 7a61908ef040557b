"""Light on slow links: bytes that cross the network, as the browser counts them (headers
and compressed bodies, both ways), for a first visit to a full board and for htmx requests.

The figures are printed at the end of the run (tests/conftest.py) so they can be quoted."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Request, expect

FIRST_VISIT_BUDGET = 60 * 1024
HTMX_BUDGET = 8 * 1024
IMMUTABLE = "public, max-age=31536000, immutable"


class Transfers:
    """Every request the page makes while the block runs, with its sizes once finished."""

    def __init__(self, page: Page):
        self.page = page
        self.requests: list[Request] = []

    def __enter__(self):
        self.page.on("requestfinished", self._collect)
        return self

    def __exit__(self, *exc):
        self.page.remove_listener("requestfinished", self._collect)

    def _collect(self, request: Request) -> None:
        self.requests.append(request)

    def received(self) -> int:
        return sum(request.sizes()["responseHeadersSize"] + request.sizes()["responseBodySize"]
                   for request in self.requests)

    def sent(self) -> int:
        return sum(request.sizes()["requestHeadersSize"] + request.sizes()["requestBodySize"]
                   for request in self.requests)

    def total(self) -> int:
        return self.received() + self.sent()

    def describe(self, what: str, budget: int) -> str:
        files = ", ".join(f"{_short(request.url)} {request.sizes()['responseBodySize']} B"
                          for request in self.requests)
        return (f"{what}: {self.total() / 1024:.1f} KB (received {self.received() / 1024:.1f}"
                f" KB, sent {self.sent() / 1024:.1f} KB; {len(self.requests)} requests: {files};"
                f" budget {budget // 1024} KB)")


def _short(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url) or "/"


def test_a_first_visit_to_a_full_board_and_htmx_requests_stay_within_budget(
        live_server, signed_in, record_property):
    long_description = ("Installer des lampadaires solaires autour du marché, de la gare "
                        "routière et des écoles, avec l'appui des jeunes du quartier. ") * 4
    for number in range(30):  # more than one page of the board (25 rows)
        live_server.raise_recommendation(
            by="sec_mopti" if number % 2 else "sec_niono", description=long_description,
            title=f"Renforcer l'éclairage public et les patrouilles au quartier n°{number}")

    # First visit, empty cache: the national officer's board, with every filter's options.
    page = signed_in("crss")
    with Transfers(page) as first_visit:
        page.goto("/", wait_until="load")
        expect(page.locator("table.board tbody tr")).to_have_count(25)
    assert {_short(r.url).split("/")[1] for r in first_visit.requests} >= {"", "static"}
    line = first_visit.describe("first visit to the board", FIRST_VISIT_BUDGET)
    record_property("page_weight", line)
    assert first_visit.total() <= FIRST_VISIT_BUDGET, line
    for request in first_visit.requests:
        response = request.response()
        if "/static/" in request.url:
            assert response.headers["cache-control"] == IMMUTABLE, request.url
        else:
            assert response.headers["cache-control"] == "no-store", request.url
        if response.headers["content-type"].startswith(("text/", "application/javascript")):
            assert response.headers.get("content-encoding") in ("gzip", "br", "deflate", "zstd")

    # A filter chosen: htmx fetches the board fragment only.
    with Transfers(page) as filter_change:
        with page.expect_response(re.compile(r"\?.*commune=mopti")):
            page.locator("select[name=commune]").select_option(label="Mopti")
        rows = page.locator("table.board tbody tr")
        expect(rows.filter(has_not_text="Mopti")).to_have_count(0)  # other tests add some too
        expect(rows.first).to_contain_text("Mopti")
    line = filter_change.describe("htmx filter change", HTMX_BUDGET)
    record_property("page_weight", line)
    assert len(filter_change.requests) == 1 and filter_change.total() <= HTMX_BUDGET, line

    # An action: its form loaded into the page, then sent, on a file with some history.
    recommendation_id = live_server.raise_recommendation(by="sec_segou",
                                                         description=long_description)
    for number in range(4):
        live_server.act("sec_segou", recommendation_id, "note",
                        note=f"Point de suivi n°{number} : " + long_description[:200])
    secretary = signed_in("sec_segou")
    secretary.goto(f"/recommendations/{recommendation_id}")
    with Transfers(secretary) as form_load:
        secretary.get_by_role("link", name="Ajouter une note").click()
        expect(secretary.locator("#action-panel form")).to_be_visible()
    line = form_load.describe("htmx action form loaded", HTMX_BUDGET)
    record_property("page_weight", line)
    assert len(form_load.requests) == 1 and form_load.total() <= HTMX_BUDGET, line
    with Transfers(secretary) as action:
        secretary.locator("#action-panel").get_by_role("textbox", name="Note").fill("Devis reçu ce matin.")
        secretary.locator("#action-panel").get_by_role("button", name="Ajouter une note").click()
        expect(secretary.get_by_text("Note ajoutée.", exact=True)).to_be_visible()
    line = action.describe("htmx action sent", HTMX_BUDGET)
    record_property("page_weight", line)
    assert len(action.requests) == 1 and action.total() <= HTMX_BUDGET, line
