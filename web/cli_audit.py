"""Auditors' commands: ``flask --app wsgi audit head|verify|export``.

``head`` prints a receipt to keep outside the system; ``verify`` recomputes the whole
chain and checks every attachment's file (and checks a receipt, or an export offline);
``export`` writes the record for the archive, files included. Each says what it found in
the operator's language, names the first faulty files, and exits non-zero when the record
is not intact."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from domain.account import account_id
from domain.vocabulary import AUDITOR
from tracker.chain_links import Head
from tracker.export import export, files_not_exported, verify_export
from web.i18n import translate

audit = AppGroup("audit", help="Preuve d'intégrité du journal des événements.")


def _chain():
    return current_app.extensions["chain"]


def _fail(message: str, named=()) -> None:
    """Say what is wrong (then each faulty file named, one a line) and exit 1."""
    click.echo(message, err=True)
    for problem in named:
        click.echo(translate(problem), err=True)
    sys.exit(1)


@audit.command("head")
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Écrire aussi le reçu dans ce fichier.")
def head(out):
    """Afficher la tête de la chaîne : le reçu à conserver hors du système."""
    receipt = _chain().head()
    click.echo(receipt.as_json())
    if out:
        out.write_text(receipt.as_json() + "\n", encoding="utf-8")
        click.echo(_("Reçu écrit dans %(path)s.", path=str(out)), err=True)


@audit.command("verify")
@click.option("--receipt", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Reçu gardé par un auditeur : vérifier que le journal le prolonge.")
@click.option("--export", "export_dir",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Vérifier un export hors ligne, sans la base.")
def verify(receipt, export_dir):
    """Recalculer toute la chaîne, vérifier les fichiers joints et dire si le journal est
    intact."""
    if export_dir:
        ok, message, named = verify_export(export_dir)
        if not ok:
            _fail(translate(message), named)
        click.echo(translate(message))
        return
    try:
        kept = Head.from_json(receipt.read_text(encoding="utf-8")) if receipt else None
    except (ValueError, KeyError):
        _fail(_("Reçu illisible : %(path)s.", path=str(receipt)))
    chain = _chain()
    # Only reads: sealing here could cover a forged tail whose links were removed.
    # Events not sealed yet are told as pending; whoever follows the log seals them.
    total = chain.recorder.max_notification_id() or 0
    with click.progressbar(length=total, label=_("Vérification de la chaîne"),
                           file=sys.stderr) as bar:
        verdict = chain.verify(receipt=kept, on_progress=bar.update)
    if verdict.witness is not None:  # which witness, or a warning that none was compared
        click.echo(translate(verdict.witness), err=verdict.witness_warning or not verdict.ok)
    if not verdict.ok:
        _fail(translate(verdict.message), verdict.file_problems)
    click.echo(translate(verdict.message))
    click.echo(verdict.head.as_json())


@audit.command("export")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire events.jsonl, manifest.json et blobs/.")
@click.option("--auditor", required=True,
              help="Identifiant de l'auditeur du CRSS qui fait l'export (il est nommé dans "
                   "le manifeste).")
def export_command(out, auditor):
    """Exporter tous les événements (JSON Lines) et leurs pièces jointes avec un manifeste
    vérifiable ; un fichier joint absent ou altéré est nommé et la sortie est non nulle."""
    principal = current_app.extensions["tracker"].principal(account_id(auditor))
    if principal is None or principal.role != AUDITOR:
        _fail(_("Erreur : « %(username)s » n'est pas un compte d'auditeur actif.",
                username=auditor))
    chain = _chain()
    with click.progressbar(length=chain.recorder.max_notification_id() or 0,
                           label=_("Export des événements"), file=sys.stderr) as bar:
        manifest = export(chain, out, exported_by=principal.username,
                          exported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                          on_progress=bar.update)
    click.echo(_("%(count)d événements et %(files)d fichiers joints exportés dans %(path)s ; "
                 "tête %(position)d (%(hash)s).", count=manifest["events"],
                 files=manifest["blobs"], path=str(out), position=manifest["head_position"],
                 hash=manifest["head_hash"]))
    if manifest["blobs_missing"]:
        _fail(_("Export incomplet : %(faulty)d fichiers joints absents ou altérés dans le "
                "magasin n'ont pas été copiés (manifest.json les liste tous).",
                faulty=len(manifest["blobs_missing"])), files_not_exported(manifest))
