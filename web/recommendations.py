"""A recommendation's page and its actions."""

from flask import Blueprint

blueprint = Blueprint("recommendations", __name__, url_prefix="/recommendations")
