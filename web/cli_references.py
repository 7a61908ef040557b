"""Reference numbers of files: ``flask --app wsgi references assign``.

Run once after deploying the release that brought references, so that the files raised
before it get theirs; running it again gives none (tracker/file_numbers.py)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

references = AppGroup("references", help="Numéros de dossier (« SEG-2026-014 »).")


@references.command("assign")
def assign():
    """Attribuer leur numéro aux dossiers enregistrés avant l'arrivée des numéros, dans
    l'ordre de leur enregistrement (sans effet sur ceux qui en ont un)."""
    assignment = current_app.extensions["tracker"].assign_references()
    current_app.extensions["read_models"].catch_up()
    click.echo(_("Numéros de dossier attribués : %(assigned)d ; dossiers qui en avaient "
                 "déjà un : %(kept)d.", assigned=len(assignment.assigned),
                 kept=assignment.already_numbered))
    if assignment.without_code:
        click.echo(_("Dossiers laissés sans numéro, leur commune n'étant plus dans le "
                     "référentiel : %(ids)s", ids=", ".join(assignment.without_code)),
                   err=True)
