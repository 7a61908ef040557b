"""Every page, as each person reaches it, on a 360 × 740 phone and on a 1280 × 800 desktop:
nothing scrolls sideways, every tap target is at least 44 px, text is at least 14 px (12 in
charts), and on a phone the header takes at most a quarter of the screen and the board's
first recommendation is in the first screen (tests/e2e/layout.py measures it all).

The pages are walked as their people find them: the board, the inbox, the notifications,
the indicators, the sessions (list, form, a session and each of its forms, its sitting),
the communes, a file in each state with every form its reader may open, the auditor's log,
the administrator's accounts — with JavaScript, as a phone's browser runs them, under the
site's Content-Security-Policy: no page may report a violation."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import Page

from domain.catalogue import ACTIONS, SESSION_ACTIONS
from domain.vocabulary import ACCEPTED, AWAITING_ACKNOWLEDGEMENT, COMMUNE, NATIONAL, OPEN, REGION
from tests.e2e.layout import DESKTOP, PHONE, layout_problems
from tests.tracker.scenario import drive_to

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
STATES = [(COMMUNE, OPEN), (COMMUNE, ACCEPTED), (REGION, AWAITING_ACKNOWLEDGEMENT),
          (NATIONAL, AWAITING_ACKNOWLEDGEMENT)]
SHARED_PAGES = ["/", "/a-traiter", "/notifications", "/indicateurs", "/sessions",
                "/mot-de-passe", "/hors-ligne"]
PAGES_OF = {
    "sec_segou": SHARED_PAGES + ["/recommendations/nouvelle", "/sessions/nouvelle",
                                 "/communes/segou"],
    "reg_segou": SHARED_PAGES + ["/sessions/nouvelle", "/regions/segou/communes",
                                 "/communes/segou"],
    "crss": SHARED_PAGES + ["/indicateurs?region=segou", "/regions/segou/communes"],
    "auditor": SHARED_PAGES + ["/audit/", "/audit/?event_type=Raised"],
    "admin": ["/comptes", "/comptes/nouveau", "/comptes/sec_segou", "/comptes/reg_segou",
              "/mot-de-passe", "/hors-ligne"],
}


@pytest.fixture(scope="module")
def scene(live_server):
    """Files of Ségou in the states where each person has forms to open, one with a photo
    and a PDF; a session of Ségou with its minutes."""
    tracker, people, clock = live_server.tracker, live_server.people, live_server.clock
    files = {state: drive_to(tracker, people, clock, state) for state in STATES}
    photo = BytesIO()
    Image.new("RGB", (800, 600), (30, 90, 160)).save(photo, "JPEG")
    tracker.act(people["sec_segou"], files[(COMMUNE, OPEN)], "note",
                note="Photo du marché et procès-verbal.",
                files=[("marche.jpg", photo.getvalue()), ("pv.pdf", b"%PDF-1.7\n%%EOF\n")])
    session = tracker.record_session(
        people["sec_segou"], commune="segou", held_on=clock.today - timedelta(days=5),
        place="Salle de la mairie", chaired_by="Le maire", agenda=["Éclairage", "Patrouilles"],
        minutes="Deux points examinés.").recommendation_id
    return {"files": files, "session": session}


def pages_for(live_server, scene, username: str) -> list[str]:
    """The person's pages, with every form they may open on the scene's files and session."""
    tracker, person = live_server.tracker, live_server.people[username]
    pages = list(PAGES_OF[username])
    if username == "admin":
        return pages
    for file_id in scene["files"].values():
        pages.append(f"/recommendations/{file_id}")
        recommendation = tracker.recommendation(person, file_id)
        pages += [f"/recommendations/{file_id}/{command}"
                  for command in tracker.allowed_actions(person, recommendation)
                  if command in ACTIONS]
    session_id = scene["session"]
    pages.append(f"/sessions/{session_id}")
    session = tracker.session(person, session_id)
    pages += [f"/sessions/{session_id}/{command}"
              for command in tracker.session_actions(person, session)
              if command in SESSION_ACTIONS]
    if tracker.may_raise_from_session(person, session):
        pages.append(f"/sessions/{session_id}/recommandations")
    return pages


def problems_on(page: Page, paths: list[str]) -> list[str]:
    """Layout problems, and any Content-Security-Policy violation the browser reports
    (an inline script or style, an eval, a foreign source: web/security.py forbids them;
    the page runs under its real policy, never bypassed here)."""
    found, violations = [], []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in paths:
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        found += [f"{path}: {problem}" for problem in layout_problems(page)]
        found += [f"{path}: {violation}" for violation in violations]
        violations.clear()
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_sign_in_page(open_browser, viewport):
    page = open_browser("visitor", **VIEWPORTS[viewport])
    assert problems_on(page, ["/login"]) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("username", list(PAGES_OF))
def test_every_page_of_each_person_fits_the_screen(signed_in, live_server, scene, username,
                                                   viewport):
    page = signed_in(username, **VIEWPORTS[viewport])
    paths = pages_for(live_server, scene, username)
    assert len(paths) >= len(PAGES_OF[username])
    problems = problems_on(page, paths)
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_on_a_phone_the_first_recommendation_is_in_the_first_screen(signed_in, scene):
    page = signed_in("sec_segou", **PHONE)
    page.goto("/")
    first = page.locator("table.board tbody tr").first.bounding_box()
    header = page.locator("header.site").bounding_box()
    assert header["height"] <= 740 / 4
    assert first["y"] + 44 <= 740, f"the first row starts at {first['y']:.0f} px"
