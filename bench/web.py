"""Figures 3 and 4, through the Flask application in this process: the board (full page
and htmx fragment) and read-your-writes (a command, then the page that shows it).

Times are taken around Flask test-client requests, so they hold the server's whole work
(routing, session, authorisation, queries, templates) and no network. The floor is an
empty route registered in the same application and timed in the same loop."""

from __future__ import annotations

import re
import statistics
import time
import uuid
from datetime import date, timedelta

from bench.dataset import PASSWORD

EMPTY_ROUTE = "/_bench/empty"
_COUNT = re.compile(r'id="board-count"[^>]*>\s*(\d+)')


def make_app(database_url: str, reference):
    """The real application on the bench database, plus the empty route."""
    from web import create_app

    # No write limit: the benchmark writes as fast as it can, as one person.
    app = create_app({"TRACKER_DATABASE_URL": database_url, "TRACKER_PROJECTOR": "inline",
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "TRACKER_WRITES_PER_MINUTE": 0})
    app.extensions["tracker"].reference = reference  # synthetic communes, if any
    app.add_url_rule(EMPTY_ROUTE, "bench_empty", lambda: "")
    return app


def signed_in(app, username: str):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    if response.status_code not in (302, 303):
        raise RuntimeError(f"could not sign in as {username}: {response.status_code}")
    return client


def board_cases(reference) -> list[tuple[str, str, str]]:
    """(who, label, query string): every filter of the board, alone and combined, and a
    page deep in the list. The auditor sees the whole country."""
    region = next(iter(reference.regions))
    commune = next(iter(reference.communes))
    return [
        ("auditeur", "no filter", ""),
        ("auditeur", "region", f"region={region}"),
        ("auditeur", "commune", f"commune={commune}"),
        ("auditeur", "level+status", "level=region&status=awaiting_acknowledgement"),
        ("auditeur", "theme", "theme=eclairage_public"),
        ("auditeur", "free text", "q=lampadaires"),
        ("auditeur", "status, page 20", "status=implemented&page=20"),
        ("auditeur", "region+theme+text", f"region={region}&theme=appui_fds&q=patrouilles"),
        (f"gouv.{region}", "regional scope", "status=acknowledged"),
    ]


def measure_board(app, reference, rounds: int) -> dict:
    """p50/p95 of the board page and of its htmx fragment, with the empty route's."""
    cases = board_cases(reference)
    clients = {who: signed_in(app, who) for who in {who for who, _, _ in cases}}
    samples = {"page": [], "fragment": [], "floor": []}
    by_case = {label: [] for _, label, _ in cases}
    totals = {}
    for _ in range(rounds):
        for who, label, query in cases:
            client = clients[who]
            samples["floor"].append(_timed(client, EMPTY_ROUTE)[0])
            seconds, response = _timed(client, f"/?{query}")
            samples["page"].append(seconds)
            by_case[label].append(seconds)
            seconds, fragment = _timed(client, f"/?{query}", {"HX-Request": "true"})
            samples["fragment"].append(seconds)
            totals[label] = _check_board(response, fragment, label)
    result = {name: summary(values) for name, values in samples.items()}
    result["by_filter"] = {label: {**summary(values), "matching": totals[label]}
                           for label, values in by_case.items()}
    return result


def measure_read_your_writes(app, reference, commands: int) -> dict:
    """A secretary raises a file, then escalates it; each POST is followed to the page
    that shows the result (POST -> 303 -> GET), timed together."""
    commune = next(iter(reference.communes))
    client = signed_in(app, f"sg.{commune}")
    samples = {"raise": [], "escalate": [], "floor": []}
    meeting = (date.today() - timedelta(days=1)).isoformat()
    for number in range(commands):
        samples["floor"].append(_timed(client, EMPTY_ROUTE)[0])
        title = f"Banc d’essai n°{number} : lampadaires au marché"
        seconds, page = _timed_post(client, "/recommendations/nouvelle", {
            "title": title, "description": "Mesure du temps de lecture de ses écritures.",
            "theme": "eclairage_public", "meeting_date": meeting, "origin_group": "jeunes",
            "request_id": str(uuid.uuid4())})
        _require(page.status_code == 200 and title in page.get_data(as_text=True),
                 "the raised recommendation is not on the page that follows")
        samples["raise"].append(seconds)
        recommendation_id = page.request.path.rsplit("/", 1)[-1]
        seconds, page = _timed_post(
            client, f"/recommendations/{recommendation_id}/escalate",
            {"reason": "Le budget communal ne suffit pas pour cette mesure.",
             "expected_version": "1"})
        _require(page.status_code == 200 and page.request.path.endswith(recommendation_id),
                 "the escalation did not lead to the recommendation's page")
        samples["escalate"].append(seconds)
    result = {name: summary(values) for name, values in samples.items()}
    result["both"] = summary(samples["raise"] + samples["escalate"])
    return result


def summary(seconds: list[float]) -> dict:
    """p50 and p95 in milliseconds (p95: the value 95 % of the samples stay under)."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p95_ms": round(p95 * 1000, 2)}


def _timed(client, url: str, headers: dict | None = None):
    started = time.perf_counter()
    response = client.get(url, headers=headers or {})
    return time.perf_counter() - started, response


def _timed_post(client, url: str, data: dict):
    started = time.perf_counter()
    response = client.post(url, data=data, follow_redirects=True)
    return time.perf_counter() - started, response


def _check_board(page, fragment, label: str) -> int:
    _require(page.status_code == 200 and fragment.status_code == 200,
             f"board ({label}) answered {page.status_code}/{fragment.status_code}")
    _require(len(fragment.get_data()) < len(page.get_data()),
             f"board ({label}): the fragment is not smaller than the page")
    found = _COUNT.search(fragment.get_data(as_text=True))
    _require(found is not None, f"board ({label}): no count of recommendations")
    return int(found.group(1))


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RuntimeError(message)
