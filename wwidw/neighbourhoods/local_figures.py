"""An organisation's own figures (a local survey, a monitor it bought) from a CSV or Excel file,
and reading the log of imported files.

A file of local figures is a long table, one figure per row: area code, indicator, year, value.
Its users count rows as their spreadsheet does (the header is row 1), so every error names that
row. The whole file is checked before anything is written and every problem is reported at once,
so a user fixes the file in one go; any problem means nothing is saved. Importing the same file
twice changes nothing; a corrected file replaces the figures that differ. Figures the file does
not mention are kept: a file about 2024 must not wipe 2023.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from wwidw.accounts.models import Organisation, User
from wwidw.errors import ServiceError
from wwidw.interventions.taxonomy import Indicator, indicators
from wwidw.neighbourhoods.models import Area, CbsImport, IndicatorValue
from wwidw.neighbourhoods.units import unit_label
from wwidw.tabular import RowError
from wwidw.tabular import cell_text as _text
from wwidw.tabular import normalise_header as _normalise
from wwidw.tabular import parse_number as parse_value
from wwidw.tabular import read_rows as _read_rows

LOCAL_SOURCE = "local_survey"
KIND_LOCAL = "local"
FIRST_YEAR = 1990
BATCH = 5000

# Header names as users write them, compared case-insensitively with spaces as underscores.
COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("gebiedscode", "area_code", "areacode", "code", "gebied_code"),
    "indicator": ("indicator",),
    "year": ("jaar", "year"),
    "value": ("waarde", "value"),
}
# The canonical names, as the example file and the messages show them.
COLUMN_TITLES = {"area": "gebiedscode", "indicator": "indicator", "year": "jaar",
                 "value": "waarde"}


class LocalFiguresError(ServiceError):
    """The file has bad rows; ``errors`` lists every one of them. Nothing was saved."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_l("Nothing was imported. Fix the rows listed below and upload the "
                            "file again."), "file")
        self.errors = errors


@dataclass(frozen=True)
class LocalImportReport:
    import_id: int
    rows: int
    values_added: int
    values_changed: int
    values_unchanged: int
    missing: int
    years: list[int]
    indicator_keys: list[str]
    ignored_columns: list[str]


@dataclass(frozen=True)
class _Figure:
    row: int
    area_id: int
    key: str
    year: int
    value: float | None


# --- reading the file ----------------------------------------------------------------------


_ROLE_OF = {name: role for role, names in COLUMNS.items() for name in names}


def _columns(header: list[Any]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Position and written name of each role's column, and the columns that are ignored."""
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        name = _text(cell)
        role = _ROLE_OF.get(_normalise(name))
        if role is None:
            if name:
                ignored.append(name)
            continue
        if role in positions:
            raise ServiceError(_l(
                "The columns “%(first)s” and “%(second)s” are both read as column "
                "%(column)s; keep one.",
                first=written[role], second=name, column=COLUMN_TITLES[role]), "file")
        positions[role], written[role] = position, name
    missing = [COLUMN_TITLES[role] for role in COLUMNS if role not in positions]
    if missing:
        raise ServiceError(_l(
            "The file has no column %(columns)s. The first row must name the columns "
            "gebiedscode, indicator, jaar and waarde (or in English: area_code, indicator, "
            "year, value).", columns=", ".join(missing)), "file")
    return positions, written, ignored


# --- checking a row ------------------------------------------------------------------------


def _indicator_lookup() -> dict[str, Indicator]:
    lookup: dict[str, Indicator] = {}
    for item in indicators():
        for name in (item.key, item.nl, item.en):
            lookup[" ".join(name.casefold().split())] = item
    return lookup


def _indicator_hint(name: str, lookup: dict[str, Indicator]) -> Any:
    close = difflib.get_close_matches(" ".join(name.casefold().split()), list(lookup), n=1,
                                      cutoff=0.6)
    if close:
        return _l("Unknown indicator “%(name)s”. Did you mean “%(hint)s” (%(key)s)?",
                  name=name, hint=close[0], key=lookup[close[0]].key)
    return _l("Unknown indicator “%(name)s”. Use a key or a name from the list of indicators "
              "on the upload page.", name=name)


def _year(cell: Any, last_year: int) -> tuple[int | None, Any]:
    text = _text(cell)
    if not text:
        return None, _l("The year is empty.")
    if isinstance(cell, datetime | date):
        return None, _l("“%(value)s” is a date, not a year: write the year as a number, "
                        "such as 2024.", value=text)
    try:
        year = int(text)
    except ValueError:
        return None, _l("“%(value)s” is not a year: write it as a number, such as 2024.",
                        value=text)
    if not FIRST_YEAR <= year <= last_year:
        return None, _l("%(year)d is not a plausible year: give a year from %(first)d to "
                        "%(last)d.", year=year, first=FIRST_YEAR, last=last_year)
    return year, None


def _area_ids(session: Session, codes: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(codes))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 1000):
        found.update(session.execute(
            select(Area.code, Area.id).where(Area.code.in_(wanted[start:start + 1000]))).all())
    return found


# What a figure of each unit can be; outside it, the row holds a typing error (120%, mark 15).
PLAUSIBLE = {"percentage": (0, 100), "grade": (1, 10), "per_1000": (0, 1000), "count": (0, 1e9),
             "km": (0, 1000)}


def _check(session: Session, rows: list[tuple[int, list[Any]]], positions: dict[str, int],
           written: dict[str, str]) -> list[_Figure]:
    """Every row as a figure, or LocalFiguresError with every problem of the file."""
    width = max(positions.values()) + 1

    def cell(cells: list[Any], role: str) -> Any:
        return cells[positions[role]] if positions[role] < len(cells) else None

    padded = [(number, cells + [None] * (width - len(cells))) for number, cells in rows]
    area_ids = _area_ids(session, (_text(cell(c, "area")).upper() for _, c in padded))
    lookup = _indicator_lookup()
    last_year = date.today().year + 1
    errors: list[RowError] = []
    figures: list[_Figure] = []
    first_row: dict[tuple[int, str, int], int] = {}
    for number, cells in padded:
        def fail(role: str, message: Any, row: int = number) -> None:
            errors.append(RowError(row, written[role], message))

        code = _text(cell(cells, "area")).upper()
        area_id = area_ids.get(code)
        if not code:
            fail("area", _l("The area code is empty."))
        elif area_id is None:
            fail("area", _l("Unknown area code “%(code)s”. Use a CBS code such as GM0797, "
                            "WK079701 or BU07970101 of an area whose CBS figures are on the "
                            "platform.", code=code))
        name = _text(cell(cells, "indicator"))
        item = lookup.get(" ".join(name.casefold().split()))
        if not name:
            fail("indicator", _l("The indicator is empty."))
        elif item is None:
            fail("indicator", _indicator_hint(name, lookup))
        year, problem = _year(cell(cells, "year"), last_year)
        if problem is not None:
            fail("year", problem)
        value, valid = parse_value(cell(cells, "value"))
        if not valid:
            fail("value", _l("“%(value)s” is not a number. Leave the cell empty (or write . "
                             "or NA) when the figure is unknown.",
                             value=_text(cell(cells, "value"))))
        if valid and value is not None and item is not None:
            limits = PLAUSIBLE.get(item.unit)
            if limits and not limits[0] <= value <= limits[1]:
                fail("value", _l("%(value)s cannot be a figure in %(unit)s: give a value from "
                                 "%(low)s to %(high)s.", value=_text(cell(cells, "value")),
                                 unit=unit_label(item.unit), low=limits[0], high=limits[1]))
                continue
        if area_id is None or item is None or year is None or not valid:
            continue
        earlier = first_row.setdefault((area_id, item.key, year), number)
        if earlier != number:
            fail("indicator", _l("Row %(row)d already gives %(indicator)s of %(code)s in "
                                 "%(year)d.", row=earlier, indicator=item.key, code=code,
                                 year=year))
            continue
        figures.append(_Figure(number, area_id, item.key, year, value))
    if errors:
        raise LocalFiguresError(errors)
    return figures


# --- importing -----------------------------------------------------------------------------


def _source(key: str) -> str:
    # An organisation's own count of a CBS indicator is still its own figure, not CBS's.
    item = next(i for i in indicators() if i.key == key)
    return LOCAL_SOURCE if item.source == "cbs_kwb" else item.source


def import_local_figures(
    session: Session, organisation_id: int, data: bytes, file_name: str, shared: bool,
    user_id: int | None,
) -> LocalImportReport:
    """Check the whole file, then save its figures as the organisation's own (all or nothing).

    Raises ``LocalFiguresError`` listing every bad row, or ``ServiceError`` for a file that
    cannot be read at all. The caller commits. A figure whose value or sharing differs from
    the stored one counts as changed.
    """
    dialect, rows = _read_rows(data)
    if not rows:
        raise ServiceError(_l("The file is empty."), "file")
    (_, header), body = rows[0], rows[1:]
    positions, written, ignored = _columns(header)
    if not body:
        raise ServiceError(_l("The file has a header but no rows of figures."), "file")
    figures = _check(session, body, positions, written)

    existing: dict[tuple[int, str, int], tuple[int, float | None, bool, str]] = {}
    area_ids = sorted({f.area_id for f in figures})
    for start in range(0, len(area_ids), 1000):
        for row in session.execute(
            select(IndicatorValue.id, IndicatorValue.area_id, IndicatorValue.indicator_key,
                   IndicatorValue.year, IndicatorValue.value, IndicatorValue.shared,
                   IndicatorValue.source)
            .where(IndicatorValue.organisation_id == organisation_id,
                   IndicatorValue.area_id.in_(area_ids[start:start + 1000]))
        ):
            existing[(row.area_id, row.indicator_key, row.year)] = (
                row.id, row.value, row.shared, row.source)
    sources = {key: _source(key) for key in {f.key for f in figures}}
    new_rows: list[dict[str, Any]] = []
    changed_rows: list[dict[str, Any]] = []
    unchanged = 0
    for figure in figures:
        source = sources[figure.key]
        current = existing.get((figure.area_id, figure.key, figure.year))
        if current is None:
            new_rows.append({"area_id": figure.area_id, "indicator_key": figure.key,
                             "year": figure.year, "value": figure.value, "source": source,
                             "organisation_id": organisation_id, "shared": shared})
        elif (current[1], current[2], current[3]) != (figure.value, shared, source):
            changed_rows.append({"id": current[0], "value": figure.value, "shared": shared,
                                 "source": source})
        else:
            unchanged += 1
    for start in range(0, len(new_rows), BATCH):
        session.execute(insert(IndicatorValue), new_rows[start:start + BATCH])
    for start in range(0, len(changed_rows), BATCH):
        session.execute(update(IndicatorValue), changed_rows[start:start + BATCH])
    years = sorted({f.year for f in figures})
    log = CbsImport(kind=KIND_LOCAL, organisation_id=organisation_id, file_name=file_name[:255],
                    sha256=hashlib.sha256(data).hexdigest(), year=years[-1], dialect=dialect,
                    areas_added=0, values_added=len(new_rows),
                    values_changed=len(changed_rows), unmapped_columns=ignored,
                    imported_by_id=user_id)
    session.add(log)
    session.flush()
    return LocalImportReport(
        import_id=log.id, rows=len(figures), values_added=len(new_rows),
        values_changed=len(changed_rows), values_unchanged=unchanged,
        missing=sum(f.value is None for f in figures), years=years,
        indicator_keys=sorted(sources), ignored_columns=ignored)


def example_csv(area_code: str = "GM0797") -> str:
    """A small file in the expected shape, with a label, a decimal comma and a missing figure."""
    rows = [
        ("gebiedscode", "indicator", "jaar", "waarde"),
        (area_code, "neighbourhood_grade", "2024", "7,4"),
        (area_code, "Rapportcijfer buurt", "2023", "7,1"),
        (area_code, "contact_with_neighbours", "2024", "63"),
        (area_code, "feels_at_home", "2024", ""),
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


# --- reading what is stored ----------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """What an organisation holds of one indicator: its years and how many figures."""

    indicator_key: str
    years: list[int]
    values: int
    missing: int
    shared: int


def holdings(session: Session, organisation_id: int) -> list[Holding]:
    rows = session.execute(
        select(IndicatorValue.indicator_key, IndicatorValue.year, func.count(),
               func.count(IndicatorValue.value),
               func.count().filter(IndicatorValue.shared.is_(True)))
        .where(IndicatorValue.organisation_id == organisation_id)
        .group_by(IndicatorValue.indicator_key, IndicatorValue.year)
    ).all()
    grouped: dict[str, list] = {}
    for key, year, total, known, shared in rows:
        entry = grouped.setdefault(key, [[], 0, 0, 0])
        entry[0].append(year)
        entry[1] += total
        entry[2] += total - known
        entry[3] += shared
    order = {item.key: position for position, item in enumerate(indicators())}
    return [Holding(key, sorted(years), total, missing, shared)
            for key, (years, total, missing, shared)
            in sorted(grouped.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))]


@dataclass(frozen=True)
class LogEntry:
    entry: CbsImport
    imported_by: str | None
    organisation: str | None


def import_log(session: Session, organisation_id: int | None = None,
               kind: str | None = None) -> list[LogEntry]:
    """Imported files, newest first, with who imported them and for which organisation."""
    query = (select(CbsImport, User.name, Organisation.name)
             .outerjoin(User, User.id == CbsImport.imported_by_id)
             .outerjoin(Organisation, Organisation.id == CbsImport.organisation_id)
             .order_by(CbsImport.created_at.desc(), CbsImport.id.desc()))
    if organisation_id is not None:
        query = query.where(CbsImport.organisation_id == organisation_id)
    if kind is not None:
        query = query.where(CbsImport.kind == kind)
    return [LogEntry(*row) for row in session.execute(query)]


def log_entry(session: Session, import_id: int, organisation_id: int | None = None
              ) -> LogEntry | None:
    """One imported file; with ``organisation_id`` only that organisation's local import."""
    query = (select(CbsImport, User.name, Organisation.name)
             .outerjoin(User, User.id == CbsImport.imported_by_id)
             .outerjoin(Organisation, Organisation.id == CbsImport.organisation_id)
             .where(CbsImport.id == import_id))
    if organisation_id is not None:
        query = query.where(CbsImport.organisation_id == organisation_id,
                            CbsImport.kind == KIND_LOCAL)
    row = session.execute(query).first()
    return LogEntry(*row) if row else None
