"""`flask --app wsgi audit head|verify|export`: receipts, verification that names the first
broken event and exits non-zero, and an export that checks itself offline."""

from __future__ import annotations

import json

import pytest

from tests.conftest import raise_fields
from tests.tracker.test_chain import EventTable, flip_a_byte


@pytest.fixture
def recorded(app, web_people, clock):
    tracker = app.extensions["tracker"]
    for title in ("Lampadaires du marché", "Patrouilles de nuit au port"):
        result = tracker.raise_recommendation(web_people["sec_segou"],
                                              **raise_fields(clock, title=title))
        tracker.act(web_people["sec_segou"], result.recommendation_id, "escalate",
                    reason="Au-delà des moyens de la commune.")
    return tracker.recorder.select_notifications(start=1, limit=100)


def test_head_prints_a_receipt_and_writes_it(runner, recorded, tmp_path):
    result = runner.invoke(args=["audit", "head", "--out", str(tmp_path / "receipt.json")])

    assert result.exit_code == 0
    receipt = json.loads(result.stdout)
    assert receipt["position"] == recorded[-1].id and len(receipt["hash"]) == 64
    assert json.loads((tmp_path / "receipt.json").read_text()) == receipt


def test_verify_confirms_an_intact_log(runner, recorded):
    runner.invoke(args=["audit", "head"])  # sealed, as whoever follows the log does
    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 0, result.output
    assert f"{len(recorded)} événements vérifiés" in result.stdout


def test_verify_only_reads_recent_events_stay_pending(app, runner, recorded):
    for _ in range(2):  # the second finds them still pending: verify never seals
        result = runner.invoke(args=["audit", "verify"])
        assert result.exit_code == 0, result.output
        assert f"{len(recorded)} événements récents pas encore scellés" in result.stdout
    assert app.extensions["chain"].last_link()[0] == 0
    runner.invoke(args=["audit", "head"])  # sealed, as whoever follows the log does
    assert f"{len(recorded)} événements vérifiés" in runner.invoke(
        args=["audit", "verify"]).stdout


def test_verify_names_the_first_broken_event_and_fails(app, runner, recorded):
    runner.invoke(args=["audit", "head"])  # seals
    table = EventTable(app.extensions["chain"])
    target = next(n for n in recorded if b"Patrouilles" in n.state)
    table.set_state(target.id, flip_a_byte(table.state(target.id)))

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert f"position {target.id}" in result.stderr


def test_verify_with_a_receipt_catches_a_cut_tail(app, runner, recorded, tmp_path):
    receipt = tmp_path / "receipt.json"
    runner.invoke(args=["audit", "head", "--out", str(receipt)])
    chain = app.extensions["chain"]
    EventTable(chain).delete_from(recorded[-1].id)
    with chain.engine.begin() as connection:
        from sqlalchemy import delete

        from storage.tables import audit_chain as links
        connection.execute(delete(links).where(links.c.position >= recorded[-1].id))
    chain.witness.path.unlink()  # a forger who reaches the witness too: only a warning

    alone = runner.invoke(args=["audit", "verify"])
    assert alone.exit_code == 0 and "n'existe pas" in alone.stderr
    result = runner.invoke(args=["audit", "verify", "--receipt", str(receipt)])

    assert result.exit_code == 1 and "reçu" in result.stderr


def test_an_unreadable_receipt_is_refused(runner, recorded, tmp_path):
    bad = tmp_path / "receipt.json"
    bad.write_text("pas un reçu")
    result = runner.invoke(args=["audit", "verify", "--receipt", str(bad)])
    assert result.exit_code == 1 and "Reçu illisible" in result.stderr


def test_export_writes_events_and_a_manifest_that_verify_offline(runner, recorded, tmp_path):
    out = tmp_path / "export"

    result = runner.invoke(args=["audit", "export", "--out", str(out), "--auditor", "auditor"])

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(lines) == manifest["events"] == len(recorded)
    assert manifest["head_hash"] == lines[-1]["hash"] and manifest["exported_by"] == "auditor"
    assert any(line["data"].get("title") == "Lampadaires du marché" for line in lines)
    checked = runner.invoke(args=["audit", "verify", "--export", str(out)])
    assert checked.exit_code == 0 and "Export intact" in checked.stdout


def test_a_changed_export_fails_offline_verification(runner, recorded, tmp_path):
    out = tmp_path / "export"
    runner.invoke(args=["audit", "export", "--out", str(out), "--auditor", "auditor"])
    events = out / "events.jsonl"
    events.write_text(events.read_text().replace("Lampadaires", "Lampadaire"))

    result = runner.invoke(args=["audit", "verify", "--export", str(out)])

    assert result.exit_code == 1 and "modifié" in result.stderr


def test_a_forged_export_with_a_matching_checksum_still_fails_on_the_chain(
        runner, recorded, tmp_path):
    import hashlib

    out = tmp_path / "export"
    runner.invoke(args=["audit", "export", "--out", str(out), "--auditor", "auditor"])
    events, manifest_path = out / "events.jsonl", out / "manifest.json"
    lines = events.read_text().splitlines()
    forged = json.loads(lines[1])
    forged["originator_version"] += 1
    lines[1] = json.dumps(forged, ensure_ascii=False, sort_keys=True)
    events.write_text("\n".join(lines) + "\n")
    manifest = json.loads(manifest_path.read_text())
    manifest["sha256"] = hashlib.sha256(events.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))

    result = runner.invoke(args=["audit", "verify", "--export", str(out)])

    assert result.exit_code == 1 and "ligne 2" in result.stderr


@pytest.mark.parametrize("username", ["crss", "sec_segou", "admin", "personne"])
def test_only_an_active_auditor_may_export(runner, recorded, tmp_path, username):
    result = runner.invoke(args=["audit", "export", "--out", str(tmp_path / "x"),
                                 "--auditor", username])
    assert result.exit_code == 1 and "auditeur" in result.stderr
    assert not (tmp_path / "x").exists()
