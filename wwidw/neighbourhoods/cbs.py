"""Reading CBS *Kerncijfers wijken en buurten* (KWB) files into areas and indicator values.

There is no single "CBS CSV", so the real files users bring are the specification of this module:
the samples in ``../shared/data/cbs/`` and the quirks its README lists. The same variables arrive
under four header dialects (OData keys whose numeric suffix shifts per table year, StatLine labels,
StatLine labels mangled by R's ``make.names``, and the raw StatLine layout with a title, subject and
unit rows and a footer), with ``;`` or ``,``, a BOM or none, CRLF or LF, padded codes and numbers,
decimal points or commas, several missing-value marks and columns that a first release leaves
empty. Columns are mapped by meaning to the platform's indicator keys through
``data/cbs_columns.json``; a column that maps to nothing is reported, never guessed. A malformed
area code or a value that is neither a number nor a missing mark rejects the whole file with its
line number, so the caller can import all or nothing.

This module only reads: it writes nothing and knows no database.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from wwidw.neighbourhoods.services import AreaRecord

DIALECT_ODATA = "odata"
DIALECT_STATLINE = "statline"
DIALECT_STATLINE_R = "statline_r"
DIALECT_STATLINE_RAW = "statline_raw"

# CBS writes "." for unknown or secret; R wrote NA; empty fields come quoted and unquoted.
MISSING_TOKENS = frozenset({"", ".", "NA"})
COUNTRY_CODE = "NL00"
# Codes are not always numeric after the gemeente digits: WK0363EN, BU0363FA04 (README quirk 10).
AREA_CODE_PATTERN = r"GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4}"
MAPPING_PATH = Path(__file__).parent / "data" / "cbs_columns.json"

_ROLE_CODE = "code"
_ROLE_NAME = "name"
_ROLE_MUNICIPALITY = "municipality"
_ROLE_KIND = "kind"
_ROLE_PERIOD = "period"
_ROLE_META = "meta"
# The most common 4-digit postcode of an area: how residents find their buurt.
_ROLE_POSTCODE = "postcode"

# OData keys of area metadata, without their suffix.
_ODATA_ROLES = {
    "WijkenEnBuurten": _ROLE_CODE,
    "Codering": _ROLE_CODE,
    "Gemeentenaam": _ROLE_MUNICIPALITY,
    "SoortRegio": _ROLE_KIND,
    "Perioden": _ROLE_PERIOD,
    "MeestVoorkomendePostcode": _ROLE_POSTCODE,
    "ID": _ROLE_META,
    "IndelingswijzigingWijkenEnBuurten": _ROLE_META,
    "IndelingswijzigingGemeenteWijkBuurt": _ROLE_META,
}
_STATLINE_CODE_LABEL = "Regioaanduiding/Codering (code)"
_STATLINE_NAME_LABEL = "Wijken en buurten"
# Soort regio as CBS writes it, to the code prefix it must agree with.
_KIND_PREFIX = {"Land": "NL", "Gemeente": "GM", "Wijk": "WK", "Buurt": "BU"}
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_ODATA_KEY = re.compile(r"(.+)_(\d+)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ASCII_DIGITS = frozenset("0123456789")


class CbsFileError(ValueError):
    """A file the reader refuses. ``code`` is stable so the caller can translate the message.

    ``line`` is the 1-based line in the file (``row_number`` is the same), ``column`` the column
    as written in the header.
    """

    def __init__(
        self,
        code: str,
        reason: str,
        *,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.code = code
        self.reason = reason
        self.line = line
        self.column = column
        self.value = value
        where = []
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix[:1].upper()}{prefix[1:]}: {reason}" if where else reason)

    @property
    def row_number(self) -> int | None:
        return self.line


@dataclass
class CbsTable:
    """What a KWB file holds for one year; values are floats, missing is None (never 0)."""

    dialect: str
    year: int
    areas: list[AreaRecord]
    values: dict[str, dict[str, float | None]]
    # The NL00 row, when the file has one: the country's figures for comparison.
    country: dict[str, float | None]
    unmapped_columns: list[str]
    missing_counts: dict[str, int]
    # Column as written (whitespace normalised) -> indicator key.
    mapped_columns: dict[str, str]
    encoding: str = "utf-8"
    # OData files name only the municipality; their wijken and buurten get an empty name.
    has_area_names: bool = True
    # Rows without codes (the raw 2015 layout): nothing is joinable; the caller refuses or asks.
    needs_codes: bool = False
    uncoded_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ColumnMapping:
    """``cbs_columns.json`` as lookups: OData stems, grouped stems and loose label keys."""

    odata: dict[str, str]
    odata_grouped: dict[tuple[str, str], str]
    labels: dict[str, str]

    @property
    def group_heads(self) -> frozenset[str]:
        return frozenset(group for group, _ in self.odata_grouped)


def loose_key(name: str) -> str:
    """A column name compared ignoring case, spacing and punctuation.

    R's ``make.names`` turns every character that is not a letter, digit, ``.`` or ``_`` into a
    dot, so a StatLine label and its R-mangled header share this key; it also absorbs the
    non-breaking and doubled spaces of some StatLine exports. Only letters (``é`` stays, as in
    R's UTF-8 locale) and ASCII digits count: R turned ``²`` and ``³`` into dots.
    """
    kept = [c if c.isalpha() or c in _ASCII_DIGITS else " " for c in name.casefold()]
    return " ".join("".join(kept).split())


@lru_cache(maxsize=4)
def load_column_mapping(path: Path = MAPPING_PATH) -> ColumnMapping:
    """Load the shipped mapping; a name listed for two indicators is a bug in the mapping."""
    spec = json.loads(path.read_text(encoding="utf-8"))["indicators"]
    odata: dict[str, str] = {}
    grouped: dict[tuple[str, str], str] = {}
    labels: dict[str, str] = {}

    def claim(table: dict, name: object, key: str) -> None:
        if table.get(name, key) != key:
            raise ValueError(f"{path.name}: {name!r} is listed for {table[name]!r} and {key!r}")
        table[name] = key

    for key, names in spec.items():
        for stem in names.get("odata", []):
            claim(odata, stem, key)
        for group, stem in names.get("odata_grouped", []):
            claim(grouped, (group, stem), key)
        for label in names.get("statline", []) + names.get("statline_raw", []):
            claim(labels, loose_key(label), key)
    return ColumnMapping(odata=odata, odata_grouped=grouped, labels=labels)


_LABEL_ROLES = {
    loose_key(label): role
    for labels, role in (
        ((_STATLINE_NAME_LABEL,), _ROLE_NAME),
        ((_STATLINE_CODE_LABEL, "Regioaanduiding/Codering"), _ROLE_CODE),
        (
            ("Regioaanduiding/Gemeentenaam (naam)", "Regioaanduiding/Gemeentenaam"),
            _ROLE_MUNICIPALITY,
        ),
        (("Regioaanduiding/Soort regio (omschrijving)", "Regioaanduiding/Soort regio"), _ROLE_KIND),
        (("Perioden",), _ROLE_PERIOD),
        (("Postcode/Meest voorkomende postcode (code)",
          "Postcode/Meest voorkomende postcode"), _ROLE_POSTCODE),
    )
    for label in labels
}
_META_PREFIX = loose_key("Regioaanduiding/Indelingswijziging")


@dataclass(frozen=True)
class _Problem:
    line: int
    code: str
    reason: str
    column: str
    value: str
    count: int  # cells or rows with this problem in the column


@dataclass
class _Layout:
    dialect: str
    sep: str
    header_line: int  # 0-based index into the file's lines
    data_lines: list[int]
    lead: int = 0  # raw layout: dimension columns before the subjects
    units: list[str] = field(default_factory=list)
    title_years: set[int] = field(default_factory=set)


def read_cbs_file(source: str | os.PathLike[str] | bytes, year: int | None = None) -> CbsTable:
    """Read a KWB file (a path, or the bytes of an upload) for one year.

    The year comes from the file where it says so (the raw layout's title, a ``Perioden``
    column); otherwise ``year`` must give it, and when both are there they must agree.
    """
    data = bytes(source) if isinstance(source, bytes | bytearray) else Path(source).read_bytes()
    text, encoding = _decode(data)
    lines = _LINE_BREAK.split(text)
    layout = _find_layout(lines)
    frame, names, line_numbers = _parse(lines, layout)
    mapping = load_column_mapping()
    roles, indicator_columns, unmapped = _classify(names, frame, layout, mapping)
    if _ROLE_CODE not in roles and _ROLE_NAME not in roles:
        raise _unknown_dialect()
    table_year = _resolve_year(layout, frame, roles, names, year)
    return _build(
        frame, names, line_numbers, layout, roles, indicator_columns, unmapped, table_year, encoding
    )


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"PK\x03\x04"):
        raise CbsFileError(
            "not_csv", "This is an Excel or other zip file, not CSV: save the sheet as CSV first."
        )
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # DESIGN §8: older exports can be Windows-1252/Latin-1 (none of the samples is).
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
    if "\x00" in text:
        raise CbsFileError(
            "not_csv", "This looks like a UTF-16 or binary file: save it as CSV (UTF-8) first."
        )
    if text.lstrip().startswith(("{", "[")):
        raise CbsFileError(
            "not_csv", "This is JSON (GeoJSON?), not a CBS CSV file: download the table as CSV."
        )
    if not text.strip():
        raise CbsFileError("empty_file", "The file is empty.")
    return text, encoding


def _fields(line: str, sep: str) -> list[str]:
    return next(csv.reader([line], delimiter=sep), [])


def _is_number_or_missing(value: str) -> bool:
    value = value.strip()
    if value in MISSING_TOKENS:
        return True
    try:
        float(value.replace(",", "."))
    except ValueError:
        return False
    return True


def _find_layout(lines: list[str]) -> _Layout:
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    probe = nonblank[:12]
    sep = max((";", ","), key=lambda s: max(len(_fields(lines[i], s)) for i in probe))
    first_multi = next((i for i in nonblank if len(_fields(lines[i], sep)) > 1), None)
    if first_multi is None:
        raise _unknown_dialect()
    title = [i for i in nonblank if i < first_multi]
    if not title:
        header = [name.strip() for name in _fields(lines[first_multi], sep)]
        data_lines = [i for i in nonblank if i > first_multi]
        return _Layout(_dialect_of(header), sep, first_multi, data_lines)

    # Raw StatLine layout: title, blank, '"";"Onderwerp"', subject paths, units, data, footer.
    title_years = {int(y) for i in title for y in _YEAR.findall(lines[i])}
    rest = [i for i in nonblank if i >= first_multi]
    if [f.strip() for f in _fields(lines[rest[0]], sep) if f.strip()] == ["Onderwerp"]:
        rest = rest[1:]
    if not rest:
        raise _unknown_dialect()
    header_line, rest = rest[0], rest[1:]
    header = _fields(lines[header_line], sep)
    lead = next((j for j, name in enumerate(header) if name.strip()), len(header))
    units: list[str] = []
    if rest and lead:
        candidate = _fields(lines[rest[0]], sep)
        if all(f.strip() for f in candidate[:lead]) and not all(
            _is_number_or_missing(f) for f in candidate[lead:]
        ):
            units, rest = candidate, rest[1:]
    while rest and len(_fields(lines[rest[-1]], sep)) == 1:  # footer, e.g. "Bron: CBS"
        rest.pop()
    return _Layout(DIALECT_STATLINE_RAW, sep, header_line, rest, lead, units, title_years)


def _dialect_of(header: list[str]) -> str:
    if any(_odata_stem(name) == "WijkenEnBuurten" for name in header):
        return DIALECT_ODATA
    keys = {loose_key(name) for name in header}
    if keys & {loose_key(_STATLINE_CODE_LABEL), loose_key(_STATLINE_NAME_LABEL)}:
        if any("/" in name or " " in name for name in header):
            return DIALECT_STATLINE
        return DIALECT_STATLINE_R
    raise _unknown_dialect()


def _unknown_dialect() -> CbsFileError:
    return CbsFileError(
        "unknown_dialect",
        "No column with CBS area codes or names was found (such as 'WijkenEnBuurten', "
        f"'{_STATLINE_CODE_LABEL}' or '{_STATLINE_NAME_LABEL}'). This does not look like a CBS "
        "Kerncijfers wijken en buurten file: download the table from CBS StatLine or open data "
        "as CSV, with the area codes included.",
    )


def _odata_stem(name: str) -> str:
    match = _ODATA_KEY.fullmatch(name.strip())
    return match.group(1) if match else name.strip()


def _parse(lines: list[str], layout: _Layout) -> tuple[pd.DataFrame, list[str], np.ndarray]:
    """All fields as text, one row per data line; the header comes along to fix the width."""
    source = [layout.header_line, *layout.data_lines]
    buffer = io.StringIO("\n".join(lines[i] for i in source))
    try:
        frame = pd.read_csv(
            buffer, sep=layout.sep, header=None, dtype=str, na_filter=False, engine="c"
        )
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if not match:
            raise CbsFileError("malformed_csv", f"The file is not valid CSV: {exc}") from exc
        expected, at, saw = (int(g) for g in match.groups())
        raise CbsFileError(
            "malformed_row",
            f"this line has {saw} fields where the header has {expected}.",
            line=source[at - 1] + 1,
        ) from exc
    if len(frame) != len(source):
        # A quote that is never closed swallows line breaks; CBS files have none inside fields.
        odd = next((i for i in source if lines[i].count('"') % 2), source[-1])
        raise CbsFileError(
            "malformed_row", "a quoted field is not closed on this line.", line=odd + 1
        )
    if len(frame) < 2:
        raise CbsFileError("empty_file", "The file has a header but no rows of figures.")
    names = [str(name) for name in frame.iloc[0]]
    for j in range(layout.lead):
        if not names[j].strip() and j < len(layout.units):
            names[j] = layout.units[j]
    frame = frame.iloc[1:].reset_index(drop=True)
    line_numbers = np.asarray(layout.data_lines, dtype=np.int64) + 1
    # pandas pads a short row with empty strings; a truncated last line must not read as missing.
    width = frame.shape[1]
    for position in np.flatnonzero((frame[width - 1] == "").to_numpy(dtype=bool)):
        line = int(line_numbers[position])
        count = len(_fields(lines[line - 1], layout.sep))
        if count < width:
            raise CbsFileError(
                "malformed_row",
                f"this line has {count} fields where the header has {width}.",
                line=line,
            )
    return frame, names, line_numbers


def _display(name: str) -> str:
    return " ".join(name.split())


def _classify(
    names: list[str], frame: pd.DataFrame, layout: _Layout, mapping: ColumnMapping
) -> tuple[dict[str, int], dict[int, str], list[str]]:
    """Roles of the area columns, indicator of each value column, and what maps to nothing."""
    roles: dict[str, int] = {}
    candidates: dict[int, str] = {}
    unmapped: list[int] = []
    odata = layout.dialect == DIALECT_ODATA
    stems = [_odata_stem(name) for name in names]
    stem_counts = {stem: stems.count(stem) for stem in stems} if odata else {}
    group_heads = mapping.group_heads
    group: str | None = None
    for j, name in enumerate(names):
        if odata:
            role = _ODATA_ROLES.get(stems[j])
        else:
            key = loose_key(name)
            role = _LABEL_ROLES.get(key) or (_ROLE_META if key.startswith(_META_PREFIX) else None)
        if role is not None:
            roles.setdefault(role, j)  # a second code column (Codering_3) is metadata
            continue
        if layout.dialect == DIALECT_STATLINE_R and j == 0 and not name:
            continue  # R's row numbers
        if odata:
            if stems[j] in group_heads:
                group = stems[j]
            key_for = mapping.odata_grouped.get((group, stems[j])) if group else None
            if key_for is None and stem_counts[stems[j]] == 1:
                key_for = mapping.odata.get(stems[j])
        else:
            key_for = mapping.labels.get(loose_key(name))
            if key_for is None and j < len(layout.units) and layout.units[j].strip():
                key_for = mapping.labels.get(loose_key(f"{name} ({layout.units[j]})"))
        if key_for is not None:
            candidates[j] = key_for
        elif name.strip() or (frame[j].str.strip() != "").any():
            unmapped.append(j)
    # Two columns claiming one indicator: taking either would be a guess.
    claimed: dict[str, list[int]] = {}
    for j, key in candidates.items():
        claimed.setdefault(key, []).append(j)
    indicator_columns = {j: key for j, key in candidates.items() if len(claimed[key]) == 1}
    unmapped.extend(j for j in candidates if j not in indicator_columns)
    labels = [_display(names[j]) or f"(column {j + 1}, no name)" for j in sorted(set(unmapped))]
    return roles, indicator_columns, labels


def _resolve_year(
    layout: _Layout,
    frame: pd.DataFrame,
    roles: dict[str, int],
    names: list[str],
    year: int | None,
) -> int:
    found = set(layout.title_years)
    if _ROLE_PERIOD in roles:
        periods = frame[roles[_ROLE_PERIOD]].str.strip()
        found |= {int(p[:4]) for p in periods.unique() if _YEAR.match(p)}
        if len(periods.unique()) > 1:
            raise CbsFileError(
                "several_years",
                "This file holds figures for several periods ("
                + ", ".join(sorted(periods.unique()))
                + "): export one year per file.",
                column=_display(names[roles[_ROLE_PERIOD]]),
            )
    if year is None:
        if not found:
            raise CbsFileError(
                "year_missing",
                "The file does not say which year it covers: give the year (the year option of "
                "the import, --year on the command line, or the year field of the upload form).",
            )
        if len(found) > 1:
            raise CbsFileError(
                "year_ambiguous",
                f"The file names several years ({', '.join(map(str, sorted(found)))}): give the "
                "year it covers (the year option of the import, --year on the command line).",
            )
        return found.pop()
    if not 1990 <= year <= 2100:
        raise CbsFileError("year_invalid", f"{year} is not a valid year for CBS figures.")
    if found and year not in found:
        named = " or ".join(map(str, sorted(found)))
        raise CbsFileError(
            "year_mismatch",
            f"The file says it covers {named}, but {year} was given: leave the year out or "
            f"give {named}.",
        )
    return year


def _build(
    frame: pd.DataFrame,
    names: list[str],
    line_numbers: np.ndarray,
    layout: _Layout,
    roles: dict[str, int],
    indicator_columns: dict[int, str],
    unmapped: list[str],
    year: int,
    encoding: str,
) -> CbsTable:
    problems: list[_Problem] = []

    def problem(
        code: str, reason: str, positions: np.ndarray, column: int, values: np.ndarray
    ) -> None:
        if len(positions):
            first = int(positions[0])
            value = str(values[first])
            problems.append(
                _Problem(
                    int(line_numbers[first]),
                    code,
                    reason.format(value=value),
                    _display(names[column]),
                    value,
                    len(positions),
                )
            )

    count = len(frame)
    codes: pd.Series | None = None
    is_country = np.zeros(count, dtype=bool)
    if _ROLE_CODE in roles:
        column = roles[_ROLE_CODE]
        codes = frame[column].str.strip()
        is_country = (codes == COUNTRY_CODE).to_numpy(dtype=bool)
        valid = codes.str.fullmatch(AREA_CODE_PATTERN).to_numpy(dtype=bool) | is_country
        code_values = codes.to_numpy()
        problem(
            "bad_code",
            "{value!r} is not a CBS area code (GM, WK or BU and digits, like GM0797, "
            "WK079701, BU07970101 or BU0363AA01).",
            np.flatnonzero(~valid),
            column,
            code_values,
        )
        problem(
            "duplicate_code",
            "area code {value!r} occurs more than once.",
            np.flatnonzero(codes.duplicated().to_numpy(dtype=bool) & valid),
            column,
            code_values,
        )
        if _ROLE_KIND in roles:
            kinds = frame[roles[_ROLE_KIND]].str.strip()
            expected = kinds.map(_KIND_PREFIX)
            wrong = expected.notna() & (expected != codes.str[:2])
            problem(
                "level_mismatch",
                "the kind of area ({value!r}) does not fit its code.",
                np.flatnonzero(wrong.to_numpy(dtype=bool) & valid),
                roles[_ROLE_KIND],
                kinds.to_numpy(),
            )

    keys = list(indicator_columns.values())
    columns: list[np.ndarray] = []
    missing_masks: list[np.ndarray] = []
    for column in indicator_columns:
        text = frame[column].str.strip()
        missing = text.isin(MISSING_TOKENS).to_numpy(dtype=bool)
        numbers = pd.to_numeric(
            text.str.replace(",", ".", regex=False).mask(missing), errors="coerce"
        )
        floats = numbers.to_numpy(dtype=np.float64)
        bad = ~missing & ~np.isfinite(floats)
        problem(
            "bad_value",
            "{value!r} is not a number (nor a missing-value mark: '.', empty or NA).",
            np.flatnonzero(bad),
            column,
            text.to_numpy(),
        )
        columns.append(floats)
        missing_masks.append(missing)

    if problems:
        first = min(problems, key=lambda p: p.line)
        others = sum(p.count for p in problems) - 1
        reason = first.reason
        if others:
            reason += f" ({others} more problem{'s' if others > 1 else ''} in the file.)"
        raise CbsFileError(
            first.code, reason, line=first.line, column=first.column, value=first.value
        )

    matrix = np.column_stack(columns) if columns else np.empty((count, 0))
    rows = matrix.tolist()
    records = [dict(zip(keys, [None if v != v else v for v in row], strict=True)) for row in rows]
    area_rows = ~is_country
    missing_counts = {
        key: int((mask & area_rows).sum()) for key, mask in zip(keys, missing_masks, strict=True)
    }
    mapped = {_display(names[j]): key for j, key in indicator_columns.items()}
    area_names = (
        frame[roles[_ROLE_NAME]].str.strip().tolist() if _ROLE_NAME in roles else [""] * count
    )
    table = CbsTable(
        dialect=layout.dialect,
        year=year,
        areas=[],
        values={},
        country={},
        unmapped_columns=unmapped,
        missing_counts=missing_counts,
        mapped_columns=mapped,
        encoding=encoding,
        has_area_names=_ROLE_NAME in roles,
    )
    if codes is None:
        table.needs_codes = True
        table.uncoded_names = area_names
        return table

    if _ROLE_NAME not in roles and _ROLE_MUNICIPALITY in roles:
        # OData: only the gemeente's own row can be named, from Gemeentenaam_1.
        municipality = frame[roles[_ROLE_MUNICIPALITY]].str.strip().tolist()
        area_names = [
            municipality[i] if code.startswith("GM") else ""
            for i, code in enumerate(codes.tolist())
        ]
    postcodes = (frame[roles[_ROLE_POSTCODE]].str.strip().tolist() if _ROLE_POSTCODE in roles
                 else [""] * len(area_names))
    for i, code in enumerate(codes.tolist()):
        if is_country[i]:
            table.country = records[i]
            continue
        postcode = postcodes[i] if re.fullmatch(r"\d{4}", postcodes[i] or "") else None
        table.areas.append(AreaRecord(code=code, name=area_names[i], postcode=postcode))
        table.values[code] = records[i]
    return table
