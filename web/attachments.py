"""Attachments on the web: the files a form or a multipart API request brings, and the
stored bytes served back to those who may read what they are attached to.

A blob is served under its sha256 only to a reader of a recommendation or a session whose
events name it, as a file or as its thumbnail (404 to anyone else, exactly as for a file
outside one's territory: nobody learns that it exists). The bytes are what the audit chain
covers; the headers make sure a browser shows them as what they are and nothing more:
their recorded type, never sniffed, no script or style allowed to run, images inline and
PDFs downloaded, under a sanitised name."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, current_app, request, send_file
from flask_babel import format_decimal, gettext as _
from flask_login import login_required

from domain.attachments import IMAGE_TYPES, MOST_ATTACHMENTS
from domain.messages import N_
from projections.attachment_queries import namings_of
from storage.blobs import is_sha256
from tracker.authorization import NotFound
from tracker.uploads import MEGABYTE, THUMBNAIL_SIDE
from web import services

blueprint = Blueprint("attachments", __name__, url_prefix="/pieces")

FIELD = "files"  # the form field, repeated, of pages and API alike
# Its sha256 names the bytes for ever: a browser may keep them as long as it likes, for
# the person who fetched them only (no shared cache: they are case files).
CACHE_CONTROL = "private, max-age=31536000, immutable"
# Nothing in a served file may run, load or be framed: a PDF or an image is shown, no more.
CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; " \
                          "sandbox; frame-ancestors 'none'"


def register(app) -> None:
    """The blueprint, the request-size limit (room for the most files an action takes, each
    at the upload limit, beside its text) and what templates need to describe uploads."""
    app.register_blueprint(blueprint)
    most_mb = app.extensions["tracker"].settings.max_upload_mb
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default: no limit at all
        app.config["MAX_CONTENT_LENGTH"] = (MOST_ATTACHMENTS * most_mb + 1) * MEGABYTE
    app.jinja_env.filters.update(file_size=file_size, thumbnail_box=thumbnail_box)
    app.jinja_env.globals.update(MOST_ATTACHMENTS=MOST_ATTACHMENTS, MOST_UPLOAD_MB=most_mb,
                                 files_chosen=files_chosen)


def file_size(size: int) -> str:
    """« 340 Ko », « 4,8 Mo » (decimal comma in French, point in English)."""
    if size < MEGABYTE:
        return _("%(size)s Ko", size=format_decimal(max(1, round(size / 1024))))
    return _("%(size)s Mo", size=format_decimal(round(size / MEGABYTE, 1)))


def thumbnail_box(attachment: dict) -> tuple[int, int]:
    """The size a thumbnail is drawn at (its image's proportions, at most
    ``THUMBNAIL_SIDE``), so the page keeps its place while the thumbnail loads."""
    width, height = attachment.get("width") or THUMBNAIL_SIDE, \
        attachment.get("height") or THUMBNAIL_SIDE
    scale = min(1.0, THUMBNAIL_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def uploaded_files() -> list[tuple[str, bytes]]:
    """The files of the request's ``files`` field, as (name, bytes). A file input left
    empty sends a part with no name and no bytes: that is no file."""
    files = []
    for upload in request.files.getlist(FIELD):
        data = upload.read()
        if upload.filename or data:
            files.append((upload.filename or "", data))
    return files


def files_chosen() -> bool:
    """Whether the request brought files: after a refusal the form asks for them again
    (a browser never lets a page fill a file input)."""
    return any(upload.filename for upload in request.files.getlist(FIELD))


@blueprint.get("/<sha256>")
@login_required
def show(sha256):
    return served(sha256)


def served(sha256: str):
    """The blob ``sha256`` for the person asking, or NotFound (404)."""
    if not is_sha256(sha256):
        raise NotFound(N_("Pièce jointe introuvable."))
    principal, tracker = services.principal(), services.tracker()
    services.refresh_read_models()
    for naming in namings_of(services.read_models().reader, sha256):
        if not tracker.may_read(principal, naming.aggregate_type, naming.aggregate_id):
            continue
        data = tracker.blobs.get(sha256)
        if data is None:  # named by the log but gone from the store: `audit verify` says so
            current_app.logger.error("attachment %s is missing from the blob store", sha256)
            break
        return _response(sha256, data, naming)
    raise NotFound(N_("Pièce jointe introuvable."))


def _response(sha256: str, data: bytes, naming):
    image = naming.media_type in IMAGE_TYPES
    name = f"vignette-{naming.name}" if naming.is_thumbnail else naming.name
    response = send_file(BytesIO(data), mimetype=naming.media_type, as_attachment=not image,
                         download_name=name, etag=sha256, conditional=True, max_age=None)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response
