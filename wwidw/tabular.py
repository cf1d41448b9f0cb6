"""Reading a table people made in a spreadsheet: a CSV file (separated by ; , or tab, UTF-8
with or without BOM, or Windows-1252) or an Excel workbook, and the cells in it as people type
them (7,5 or 7.5; 31-03-2025 or 2025-03-31).

Rows keep the number a spreadsheet user sees (the header is row 1), so every error can name
the row to fix. Shared by the uploads of local figures and of monitoring results.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from wwidw.errors import ServiceError
from wwidw.neighbourhoods.cbs import MISSING_TOKENS

DIALECT_CSV = "csv"
DIALECT_XLSX = "xlsx"
# Spreadsheets say n/a, CBS-style files "." or "NA"; all of them mean "no figure", never 0.
MISSING = frozenset(MISSING_TOKENS | {"-", "n/a", "na", "nb", "n.b.", "onbekend", "unknown"})
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")

Rows = list[tuple[int, list[Any]]]


@dataclass(frozen=True)
class RowError:
    """One problem in the file. ``row`` as the spreadsheet numbers it; ``column`` as the header
    writes it. ``message`` is lazily translated."""

    row: int
    column: str
    message: Any


def normalise_header(name: str) -> str:
    """A header as users vary it (case, spaces, hyphens) reduced to one spelling."""
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def read_rows(data: bytes) -> tuple[str, Rows]:
    """The dialect and every row with its spreadsheet row number (blank rows left out)."""
    if not data.strip():
        raise ServiceError(_l("The file is empty."), "file")
    if data.startswith(_OLE):
        raise ServiceError(_l("This is an old Excel file (.xls). Save it as .xlsx or as CSV and "
                              "upload it again."), "file")
    if data.startswith(_ZIP):
        return DIALECT_XLSX, _excel_rows(data)
    return DIALECT_CSV, _csv_rows(data)


def _excel_rows(data: bytes) -> Rows:
    from openpyxl import load_workbook

    try:
        # data_only: a formula counts with the value Excel last computed for it.
        # Not read_only: that mode trusts the sheet's stated size, which some writers get wrong.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # noqa: BLE001 - any zip that is no workbook gets one answer
        raise ServiceError(_l("This file could not be read as an Excel workbook (.xlsx). Save "
                              "it as .xlsx or as CSV and upload it again."), "file") from error
    try:
        sheet = workbook.active or workbook.worksheets[0]
        # min_row=1: openpyxl would otherwise start at the first filled row and shift numbers.
        return [(number, list(cells)) for number, cells in
                enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
                if any(cell_text(cell) for cell in cells)]
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Rows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (gescheiden door lijstscheidingsteken)" as Windows-1252.
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ServiceError(_l("This is not a CSV or Excel file. Save the sheet as CSV (UTF-8) "
                              "or as Excel (.xlsx) and upload it again."), "file")
    header = next((line for line in text.splitlines() if line.strip()), "")
    separator = max((";", ",", "\t"),
                    key=lambda sep: len(next(csv.reader([header], delimiter=sep), [])))
    try:
        # A spreadsheet row is a CSV record (a quoted cell may hold a line break).
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as error:
        raise ServiceError(_l("The file is not valid CSV: %(reason)s", reason=str(error)),
                           "file") from error
    return [(number, cells) for number, cells in enumerate(records, start=1)
            if any(cell.strip() for cell in cells)]


def cell_text(cell: Any) -> str:
    """A cell as the user sees it: a whole float without ``.0``, no surrounding spaces."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_number(cell: Any) -> tuple[float | None, bool]:
    """The number in a cell, or None for a missing mark; the flag says whether it was valid.

    Dutch spreadsheets write 7,5 and 1.234,5; English ones 7.5 and 1,234.5. The separator that
    comes last is the decimal one; a lone comma is decimal (the Dutch default).
    """
    if isinstance(cell, bool):
        return None, False
    if isinstance(cell, int | float):
        return (float(cell), True) if math.isfinite(cell) else (None, False)
    text = cell_text(cell).replace("\u00a0", "").replace(" ", "")
    if text.casefold() in MISSING:
        return None, True
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    else:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None, False
    return (number, True) if math.isfinite(number) else (None, False)


def parse_date(cell: Any) -> date | None:
    """A date from an Excel date cell or from text written 2025-03-31 or 31-03-2025 (also with
    / or .); None when the cell holds no valid date. Day first, as the Dutch write it."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = cell_text(cell)
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DUTCH_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
