"""The attachments' store: ``flask --app wsgi blobs gc``.

``gc`` removes the files that no event references (their command was refused, or the
request died before recording it) once they are older than an hour: worth running from
cron, daily. It never touches a file that an event carries."""

from __future__ import annotations

from datetime import datetime, timezone

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import ngettext

from tracker.blob_gc import collect_garbage

blobs = AppGroup("blobs", help="Fichiers joints aux recommandations (pièces jointes).")


@blobs.command("gc")
def gc():
    """Supprimer les fichiers qu'aucun événement ne référence, déposés il y a plus d'une
    heure."""
    # The real time, not the tracker's clock: the stores date their files by it.
    removed = collect_garbage(current_app.extensions["tracker"], datetime.now(timezone.utc))
    click.echo(ngettext("%(num)d fichier non référencé supprimé.",
                        "%(num)d fichiers non référencés supprimés.", len(removed)))
