"""``/r/SEG-2026-014``: a file's reference number as an address, to type from a letter or a
phone call; it leads to the file's page, for whoever may read the file."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import login_required

from web import services

blueprint = Blueprint("references", __name__)


@blueprint.route("/r/<reference>")
@login_required
def open_file(reference):
    # An unknown number and a file outside the reader's territory are the same 404.
    file = services.tracker().file_by_reference(services.principal(), reference)
    return redirect(url_for("recommendations.show", recommendation_id=file.id), code=303)
