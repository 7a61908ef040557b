"""The chain's witness from the auditors' side: « Vérifier maintenant » and ``audit verify``
hold the chain to the last witnessed head and say which witness they read, so a forged
event whose links were deleted is broken; neither ever seals — on both stores."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.tables import audit_chain as links
from tests.conftest import login, raise_fields
from tests.tracker.test_chain_tail import forge
from tests.web.test_audit_log import recorded, tracker  # noqa: F401
from tests.web.test_audit_verification import HTMX, finished


def link_count(chain) -> int:
    with chain.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(links)).scalar()


def notifications(tracker):
    return tracker.recorder.select_notifications(start=1, limit=1000)


def test_the_page_s_verification_never_seals(app, client, tracker, recorded, web_people,
                                              clock):
    chain = app.extensions["chain"]
    chain.seal()
    tracker.raise_recommendation(web_people["sec_segou"],
                                 **raise_fields(clock, title="Points d'eau"))
    before = link_count(chain)
    login(client, "auditor")

    client.post("/audit/verifier", headers=HTMX)
    run = finished(app)

    assert run.ok is True and "2 événements récents pas encore scellés" in run.message
    assert link_count(chain) == before


def test_the_page_breaks_on_a_forgery_hidden_by_deleting_links(app, client, tracker,
                                                                recorded):
    chain = app.extensions["chain"]
    chain.seal()
    position = forge(chain, notifications(tracker))
    login(client, "auditor")

    client.post("/audit/verifier", headers=HTMX)
    run = finished(app)

    assert run.ok is False and "Chaîne raccourcie" in run.message
    assert f"position {position - 1}" in run.message
    page = client.get("/audit/").text
    assert "Rompue" in page and "Témoin consulté" in page
    assert str(chain.witness.path) in page


def test_the_command_line_names_its_witness_and_breaks_on_the_forgery(app, runner, tracker,
                                                                      recorded):
    chain = app.extensions["chain"]
    runner.invoke(args=["audit", "head"])  # seals, and writes the witness
    intact = runner.invoke(args=["audit", "verify"])
    assert intact.exit_code == 0, intact.output
    assert f"Témoin consulté : {chain.witness.path}" in intact.stdout

    forge(chain, notifications(tracker))
    forged = link_count(chain)
    broken = runner.invoke(args=["audit", "verify"])

    assert broken.exit_code == 1 and "Chaîne raccourcie" in broken.stderr
    assert str(chain.witness.path) in broken.stderr
    assert link_count(chain) == forged  # nothing sealed over the forgery


def test_the_setting_chooses_the_witness(database_url, blob_store, clock, tmp_path):
    from web import create_app

    chosen = tmp_path / "witness" / "chain.txt"
    chosen.parent.mkdir()
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "TRACKER_DATABASE_URL": database_url,
                      "TRACKER_CLOCK": clock, "TRACKER_BLOB_STORE": blob_store,
                      "TRACKER_CHAIN_WITNESS": str(chosen)})
    try:
        assert app.extensions["chain"].witness.path == chosen
    finally:
        app.extensions["read_models"].engine.dispose()
        app.extensions["tracker"].close()
