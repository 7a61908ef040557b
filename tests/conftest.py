"""Shared fixtures: a tracker on a fresh store (SQLite and PostgreSQL, see tests/stores.py),
a controllable clock, one person per role and territory, and flaskr-style ``app``,
``client`` and ``runner``."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest

import tracker.accounts
import tracker.config
from tracker.application import Tracker
from tracker.config import Settings
from tests.stores import STORES, PostgresDatabase, postgres_server_url, store_url

PASSWORD = "lanterne-baobab-pirogue"

# name -> (role, commune, region). Niono is in the Ségou region, like Ségou; Mopti is not.
PEOPLE = {
    "sec_segou": ("secretary", "segou", None),
    "sec_niono": ("secretary", "niono", None),
    "sec_mopti": ("secretary", "mopti", None),
    "reg_segou": ("regional", None, "segou"),
    "reg_mopti": ("regional", None, "mopti"),
    "crss": ("national", None, None),
    "auditor": ("auditor", None, None),
    "admin": ("admin", None, None),
}


class Clock:
    """A clock the tests move by hand; starts on 2026-03-10 at 09:00 UTC (Mali time)."""

    def __init__(self):
        self.now = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)

    @property
    def today(self) -> date:
        return self.now.date()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    # scrypt costs ~50 ms per hash; the tests create hundreds of accounts.
    monkeypatch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000")


@pytest.fixture(scope="session", autouse=True)
def witness_folder(tmp_path_factory):
    """A PostgreSQL database's chain witness defaults to the project's instance/ folder
    (tracker/config.py): the tests' go to a folder of the session's own, one per schema."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("witnesses")
        patch.setattr(tracker.config, "DEFAULT_WITNESS_FOLDER", folder)
        yield folder


@pytest.fixture(autouse=True)
def limits_forgotten():
    """What a test counted against the sign-in and write limits (web/limits.py) is forgotten
    after it: every application of a test process shares the limiter, and the live
    server's browsers all come from one address, which 50 failures would hold back."""
    yield
    from redis.exceptions import ConnectionError as RedisUnreachable

    from web.limits import limiter

    if limiter.initialized:
        try:
            limiter.reset()
        except RedisUnreachable:
            pass  # the test of an unreachable shared store: nothing was counted there


@pytest.fixture(scope="session")
def postgres_database():
    database = PostgresDatabase(postgres_server_url())
    yield database
    database.drop()


@pytest.fixture(params=STORES)
def store(request) -> str:
    """Which store this test runs on; every test that touches storage runs on both."""
    return request.param


@pytest.fixture
def database_url(store, request, tmp_path) -> str:
    return store_url(store, request, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def blob_store(tmp_path) -> str:
    """Where attachments' bytes go: a folder of the test's own (tests of attachments
    parametrize it over the database store too)."""
    return str(tmp_path / "blobs")


@pytest.fixture
def settings(database_url, blob_store) -> Settings:
    return Settings(database_url=database_url, blob_store=blob_store)


@pytest.fixture
def tracker_app(settings, clock):
    tracker_app = Tracker(settings, clock=clock)
    yield tracker_app
    tracker_app.close()


def open_people(tracker_app: Tracker) -> dict:
    people = {}
    for username, (role, commune, region) in PEOPLE.items():
        user_id = tracker_app.open_account(None, username=username, role=role,
                                           password=PASSWORD, commune=commune, region=region,
                                           display_name=username.replace("_", " ").title())
        people[username] = tracker_app.principal(user_id)
    return people


@pytest.fixture
def people(tracker_app) -> dict:
    return open_people(tracker_app)


def raise_fields(clock: Clock, **overrides) -> dict:
    fields = dict(commune="segou", title="Éclairage public du grand marché",
                  description="Installer dix lampadaires solaires autour du marché.",
                  theme="eclairage_public", meeting_date=clock.today - timedelta(days=3),
                  origin_group="femmes")
    fields.update(overrides)
    return fields


# ---- web -----------------------------------------------------------------------------
def make_app(database_url: str, blob_store: str, **config):
    """The application as the tests use it; ``config`` adds or overrides Flask settings
    (``TRACKER_CLOCK``, limits…). Close it with ``close_app``."""
    from web import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                       "TRACKER_DATABASE_URL": database_url, "TRACKER_BLOB_STORE": blob_store,
                       "WTF_CSRF_ENABLED": False, **config})


def close_app(*apps) -> None:
    for app in apps:
        app.extensions["read_models"].close()
        app.extensions["tracker"].close()


@pytest.fixture
def app(database_url, clock, blob_store):
    app = make_app(database_url, blob_store, TRACKER_CLOCK=clock)
    yield app
    close_app(app)


@pytest.fixture
def web_people(app) -> dict:
    return open_people(app.extensions["tracker"])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def login(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


def pytest_terminal_summary(terminalreporter):
    """Skips grouped by reason, one line each (``-ra`` would list every PostgreSQL test)."""
    reasons = Counter(report.longrepr[2].removeprefix("Skipped: ")
                      for report in terminalreporter.stats.get("skipped", [])
                      if isinstance(report.longrepr, tuple))
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"SKIPPED {count} tests: {reason}", yellow=True)
    # Page weights measured in the browser (tests/e2e/test_weight.py), to be quoted.
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", []):
                if name == "page_weight":
                    terminalreporter.write_line(f"Page weight, {value}")
