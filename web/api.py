"""JSON API under /api/v1 (to be completed)."""

from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
