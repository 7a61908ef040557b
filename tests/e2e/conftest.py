"""Browser tests: Debian's Chromium driven by Playwright over a live server.

One server per test process, on a fresh SQLite file and a controllable clock, with the
people of tests/conftest.py (and, for the journeys that must hold on both stores, a second
one on PostgreSQL); each test makes the recommendations it needs. A failing test
leaves a screenshot and the HTML of every page it had open under ``test-artifacts/``."""

from __future__ import annotations

import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

import tracker.accounts
from tests.conftest import PASSWORD, Clock, open_people, raise_fields

CHROMIUM = Path(os.environ.get("TRACKER_TEST_CHROMIUM", "/usr/bin/chromium"))
# CONVENTIONS.md: Debian's Chromium, without Playwright's own browser download.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = "test-artifacts"
OPEN_PAGES = pytest.StashKey[dict]()

expect.set_options(timeout=10_000)


# ---- the browser --------------------------------------------------------------------------
def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = (f"Chromium not found at {CHROMIUM}: `make test` installs Debian's package "
               "(apt-get install chromium).")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " Under CI the browser tests must run, not be skipped.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Browser:
    _require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# ---- the live server ----------------------------------------------------------------------
@dataclass
class LiveServer:
    url: str
    app: object
    clock: Clock
    people: dict
    _count: list = field(default_factory=lambda: [0])

    @property
    def tracker(self):
        return self.app.extensions["tracker"]

    def raise_recommendation(self, by: str = "sec_segou", **overrides):
        """A recommendation raised straight through the tracker (set-up, not under test)."""
        self._count[0] += 1
        principal = self.people[by]
        fields = raise_fields(self.clock, commune=principal.commune,
                              title=f"Éclairage public du marché n°{self._count[0]}")
        fields.update(overrides)
        return self.tracker.raise_recommendation(principal, **fields).recommendation_id

    def act(self, by: str, recommendation_id, command: str, **fields) -> None:
        self.tracker.act(self.people[by], recommendation_id, command, **fields)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    folder = tmp_path_factory.mktemp("live")
    yield from _serve(f"sqlite:///{folder / 'tracker.sqlite3'}", str(folder / "blobs"))


@pytest.fixture(scope="session")
def live_server_postgres(postgres_database) -> LiveServer:
    """The same on PostgreSQL (a schema of this test process's database), for the journeys
    the issues name as done only when they hold on both stores."""
    schema, url = postgres_database.new_schema()
    yield from _serve(url, "database")  # the other blob store, beside the events
    postgres_database.drop_schema(schema)


def _serve(database_url: str, blob_store: str):
    from web import create_app

    clock = Clock()
    app = create_app({"SECRET_KEY": "e2e-secret", "TRACKER_DATABASE_URL": database_url,
                      "TRACKER_BLOB_STORE": blob_store, "TRACKER_CLOCK": clock})
    with pytest.MonkeyPatch.context() as patch:  # cheap hashes, as in tests/conftest.py
        patch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000")
        people = open_people(app.extensions["tracker"])
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, clock, people)
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["read_models"].engine.dispose()
    app.extensions["tracker"].close()


# ---- people in their own browser contexts -------------------------------------------------
@pytest.fixture
def open_browser(browser, live_server, request):
    """``open_browser(name, javascript=True, server=None)``: a fresh browser context (own
    cookies, own cache) with one page on the site (``server``, by default the SQLite
    one), remembered for the failure artefacts."""
    contexts = []
    pages = request.node.stash.setdefault(OPEN_PAGES, {})

    def open_(name: str, javascript: bool = True, server: LiveServer | None = None,
              **options) -> Page:
        options.setdefault("locale", "fr-FR")  # a browser set to French, as in Mali
        context = browser.new_context(base_url=(server or live_server).url,
                                      java_script_enabled=javascript, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        pages[f"{name}-{len(pages) + 1}"] = page
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(open_browser):
    """``sign_in(username, javascript=True)``: a page signed in through the login form."""

    def sign_in_(username: str, javascript: bool = True, **options) -> Page:
        page = open_browser(username, javascript, **options)
        page.goto("/login")
        page.get_by_label("Identifiant").fill(username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.locator("#messages")).to_contain_text("Bienvenue")
        return page

    return sign_in_


@pytest.fixture(scope="session")
def _signed_in_states(browser, live_server) -> dict:
    return {}


@pytest.fixture
def signed_in(open_browser, browser, live_server, _signed_in_states):
    """``signed_in(username, javascript=True)``: a page already signed in, without going
    through the form each time (the session cookie is made once per test process)."""

    def signed_in_(username: str, javascript: bool = True, **options) -> Page:
        if username not in _signed_in_states:
            context = browser.new_context(base_url=live_server.url)
            login = context.request.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', login.text()).group(1)
            answer = context.request.post("/login", form={
                "csrf_token": token, "username": username, "password": PASSWORD})
            # Signed in: sent on to the person's first page (an administrator's is the
            # accounts), not back to the sign-in form.
            assert answer.ok and "/login" not in answer.url, answer.url
            _signed_in_states[username] = context.storage_state()
            context.close()
        return open_browser(username, javascript,
                            storage_state=_signed_in_states[username], **options)

    return signed_in_


# ---- artefacts of a failure ---------------------------------------------------------------
@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    pages = item.stash.get(OPEN_PAGES, {})
    if report.failed and pages:
        saved = _save_artifacts(Path(item.config.rootpath) / ARTIFACTS, item.nodeid, pages)
        note = "Browser state at the failure (screenshot and HTML of each open page):\n" + \
               "\n".join(f"  {path}" for path in saved)
        if hasattr(report.longrepr, "addsection"):
            report.longrepr.addsection("browser artefacts", note)
        else:
            report.sections.append(("browser artefacts", note))
    return report


def _save_artifacts(root: Path, nodeid: str, pages: dict) -> list[str]:
    folder = root / re.sub(r"[^\w.-]+", "_", nodeid).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, page in pages.items():
        if page.is_closed():
            continue
        try:
            page.screenshot(path=folder / f"{name}.png", full_page=True)
            (folder / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # the page may be mid-navigation; say so, don't mask
            saved.append(f"{folder / name}: not saved ({error})")
            continue
        saved += [str(folder / f"{name}.png"), str(folder / f"{name}.html")]
    return saved
