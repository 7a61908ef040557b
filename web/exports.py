"""The board as CSV or Excel: exactly the filters on screen, within the reader's territory,
column headers and labels in the interface's language.

Rows are read from the database a thousand at a time (``board_rows``) and written out as
they come, so 100,000 rows never sit in memory together: CSV is sent chunk by chunk while it
is read; XLSX is written by XlsxWriter in ``constant_memory`` mode, one row after the
other, to a temporary file, which is then sent in chunks and deleted.

Text typed by people (title, description) that a spreadsheet would take for a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
leading apostrophe in CSV; in XLSX every text cell is written as text, never a formula."""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

import xlsxwriter
from flask import Blueprint, Response, request, stream_with_context
from flask_babel import gettext as _
from flask_login import login_required

from domain.deadlines import deadline
from domain.messages import N_
from domain.vocabulary import LEVELS, ORIGIN_GROUPS, STATUSES, THEMES
from projections.as_of import board_rows_as_of
from projections.queries import BoardFilters, board_rows
from tracker.authorization import visibility
from web import services
from web.as_of import parse_as_of
from web.board import filters_from
from web.i18n import current_language, translate

blueprint = Blueprint("exports", __name__)
ROWS_PER_CHUNK = 500
FILE_CHUNK = 64 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"  # so that spreadsheet programs read the CSV as UTF-8
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # a catalog id, French
    kind: str = "text"  # text | date | datetime | number
    width: int = 14
    typed: bool = False  # typed by people: never let a spreadsheet run it as a formula


COLUMNS = (
    Column("reference", N_("Référence")),
    Column("id", N_("Identifiant du dossier"), width=38),
    Column("title", N_("Titre"), width=50, typed=True),
    Column("description", N_("Description"), width=60, typed=True),
    Column("commune", N_("Commune")),
    Column("region", N_("Région")),
    Column("level", N_("Niveau")),
    Column("status", N_("Statut"), width=28),
    Column("theme", N_("Thème"), width=40),
    Column("origin_group", N_("Proposée par"), width=24),
    Column("meeting_date", N_("Date de la session du CCS"), "date"),
    Column("due_by", N_("Accusé de réception attendu avant le"), "datetime", 20),
    Column("overdue", N_("En retard")),
    Column("days_late", N_("Jours de retard"), "number"),
    Column("target_date", N_("Date cible de mise en œuvre"), "date"),
    Column("raised_at", N_("Enregistrée le"), "datetime", 20),
    Column("last_activity", N_("Dernière activité"), "datetime", 20),
)


def export_rows(scope: dict, filters: BoardFilters,
                as_of: datetime | None = None) -> Iterable[dict]:
    """The board's rows under ``filters`` within ``scope`` (as they stood at ``as_of``, if
    given), as the export's values: labels in the reader's language, dates and times as
    Python values; deadlines as they stood then."""
    now = as_of or services.now()
    reference = services.tracker().reference
    labels = _Labels(reference)
    yes, no = _("oui"), _("non")
    engine = services.read_models().engine
    rows = (board_rows(engine, scope, filters, now) if as_of is None
            else board_rows_as_of(engine, scope, filters, as_of))
    for row in rows:
        due = deadline(row["status"], row["due_by"], now)
        yield {
            "reference": row["reference"],
            "id": row["id"], "title": row["title"], "description": row["description"],
            "commune": labels.commune(row["commune"]), "region": labels.region(row["region"]),
            "level": labels.level(row["level"]), "status": labels.status(row["status"]),
            "theme": labels.theme(row["theme"]), "origin_group": labels.origin(row["origin_group"]),
            "meeting_date": row["meeting_date"], "due_by": due.due_by if due else None,
            "overdue": (yes if due.overdue else no) if due else "",
            "days_late": due.days if due and due.overdue else None,
            "target_date": row["target_date"], "raised_at": row["raised_at"],
            "last_activity": row["last_activity"],
        }


# What a spreadsheet set to the language expects between columns: French Excel splits on
# « ; » (the comma is its decimal separator), English Excel on « , ».
CSV_DELIMITERS = {"fr": ";", "en": ","}


def csv_delimiter() -> str:
    """The separator for the reader's language (the pages' choice, the API's
    Accept-Language)."""
    return CSV_DELIMITERS.get(current_language(), ",")


def csv_response(rows: Iterable[dict], filename: str,
                 columns: tuple[Column, ...] = COLUMNS) -> Response:
    """A CSV download streamed as the rows are read (the board's columns by default)."""
    headers = [translate(column.label) for column in columns]
    delimiter = csv_delimiter()  # read now: the stream runs after the request's locale

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        buffer.write(BYTE_ORDER_MARK)
        writer.writerow(headers)
        for count, row in enumerate(rows, 1):
            writer.writerow([_csv_value(column, row[column.key]) for column in columns])
            if count % ROWS_PER_CHUNK == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    return _download(stream_with_context(generate()), "text/csv; charset=utf-8", filename)


def xlsx_response(rows: Iterable[dict], filename: str, columns: tuple[Column, ...] = COLUMNS,
                  sheet: str = N_("Recommandations")) -> Response:
    """An Excel download: written row by row to a temporary file, then sent from it."""
    output = tempfile.TemporaryFile()  # deleted when closed, even if the download stops
    write_xlsx(rows, output, columns, sheet)
    output.seek(0)

    def generate():
        with output:
            while chunk := output.read(FILE_CHUNK):
                yield chunk

    return _download(generate(), XLSX_TYPE, filename)


def write_xlsx(rows: Iterable[dict], output, columns: tuple[Column, ...] = COLUMNS,
               sheet_name: str = N_("Recommandations")) -> int:
    """Write the export to ``output`` (a path or a binary file); returns the row count."""
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "remove_timezone": True,
                                            "strings_to_formulas": False})
    sheet = workbook.add_worksheet(translate(sheet_name))
    bold = workbook.add_format({"bold": True})
    formats = {"date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
               "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})}
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, translate(column.label), bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, 1):
        for index, column in enumerate(columns):
            value = row[column.key]
            if value is None or value == "":
                continue
            if column.kind in formats:
                sheet.write_datetime(count, index, value, formats[column.kind])
            elif column.kind == "number":
                sheet.write_number(count, index, value)
            else:
                sheet.write_string(count, index, str(value))
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return count


def export_filename(extension: str, as_of: datetime | None = None) -> str:
    if as_of is not None:  # the board of a past day, not a download of that day
        return f"recommandations-au-{as_of:%Y-%m-%d}.{extension}"
    return f"recommandations-{services.now():%Y-%m-%d}.{extension}"


# ---- the pages' downloads, with the board's filters -----------------------------------------
@blueprint.route("/recommandations.csv")
@login_required
def board_csv():
    scope, filters, as_of = _board_selection()
    return csv_response(export_rows(scope, filters, as_of), export_filename("csv", as_of))


@blueprint.route("/recommandations.xlsx")
@login_required
def board_xlsx():
    scope, filters, as_of = _board_selection()
    return xlsx_response(export_rows(scope, filters, as_of), export_filename("xlsx", as_of))


def _board_selection() -> tuple[dict, BoardFilters, datetime | None]:
    scope = visibility(services.principal())  # administrators: 403
    services.refresh_read_models()
    # The board's own reading of its filters and of its date.
    return scope, filters_from(request.args, scope), parse_as_of(request.args.get("as_of"))


def _csv_value(column: Column, value) -> str:
    if value is None:
        return ""
    if column.kind == "datetime":
        return value.strftime("%Y-%m-%d %H:%M")
    if column.kind == "date":
        return value.isoformat()
    text = str(value)
    if column.typed and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # case files
    return response


class _Labels:
    """Labels of stored keys in the reader's language, each looked up once per export."""

    def __init__(self, reference):
        self.commune = _cached(reference.commune_name)
        self.region = _cached(reference.region_name)
        self.level = _cached(_label_of(LEVELS))
        self.status = _cached(_label_of(STATUSES))
        self.theme = _cached(_label_of(THEMES))
        self.origin = _cached(_label_of(ORIGIN_GROUPS))


def _label_of(labels: dict) -> Callable:
    return lambda key: translate(labels[key]) if key in labels else (key or "")


def _cached(function: Callable) -> Callable:
    seen: dict = {}

    def lookup(key):
        if key not in seen:
            seen[key] = function(key)
        return seen[key]
    return lookup
