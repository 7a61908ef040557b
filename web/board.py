"""The board (tableau de bord)."""

from flask import Blueprint
from flask_login import login_required

blueprint = Blueprint("board", __name__)


@blueprint.route("/")
@login_required
def index():
    return "board"
