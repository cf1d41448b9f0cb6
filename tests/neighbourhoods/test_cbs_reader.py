"""The CBS reader against the real KWB files in ../shared/data/cbs/ (their quirks are the spec).

Pure tests: no app, no database. Values checked here were read from the files by hand.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import missing
from wwidw.neighbourhoods.cbs import (
    DIALECT_ODATA,
    DIALECT_STATLINE,
    DIALECT_STATLINE_R,
    DIALECT_STATLINE_RAW,
    MAPPING_PATH,
    CbsFileError,
    CbsTable,
    load_column_mapping,
    loose_key,
    read_cbs_file,
)

# The shared data sits beside the repository (as in CI); WWIDW_CBS_SAMPLES points elsewhere.
CBS_DIR = Path(os.environ.get("WWIDW_CBS_SAMPLES")
               or Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cbs")
DEN_HAAG_2019 = "marginal_distributions_TheHague_2019_84583NED.csv"
NATIONAL_2024 = "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
AMSTERDAM_2017 = "Kerncijfers_wijken_en_buurten_2017.csv"
AMSTERDAM_2019 = "Kerncijfers_wijken_en_buurten_2019.csv"
AMSTERDAM_2015 = "Kerncijfers_wijken_en_buurten_2015.csv"
YEARS = {DEN_HAAG_2019: 2019, NATIONAL_2024: 2024, AMSTERDAM_2017: 2017, AMSTERDAM_2019: 2019}


def path(name: str) -> Path:
    if not (CBS_DIR / name).is_file():
        missing(f"the real CBS sample files are not in {CBS_DIR} (set WWIDW_CBS_SAMPLES)")
    return CBS_DIR / name


@cache
def read(name: str) -> CbsTable:
    return read_cbs_file(path(name), year=YEARS.get(name))


def changed(name: str, line: int, old: bytes, new: bytes) -> bytes:
    """The file's bytes with ``old`` replaced by ``new`` once, on the 1-based ``line``."""
    lines = path(name).read_bytes().splitlines(keepends=True)
    assert old in lines[line - 1], lines[line - 1][:80]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return b"".join(lines)


# --- the shipped mapping --------------------------------------------------------------------


def test_mapping_covers_at_least_40_cbs_indicators_with_known_keys():
    indicators = json.loads((MAPPING_PATH.parent / "indicators.json").read_text("utf-8"))
    cbs_keys = {i["key"] for i in indicators["indicators"] if i.get("source") == "cbs_kwb"}
    mapped = json.loads(MAPPING_PATH.read_text("utf-8"))["indicators"]
    assert set(mapped) <= cbs_keys
    assert len(mapped) >= 40
    for key, names in mapped.items():
        assert names.get("odata") or names.get("odata_grouped"), key
        assert names.get("statline") or names.get("statline_raw"), key
        for stem in names.get("odata", []):
            assert not re.search(r"_\d+$", stem), f"{key}: {stem} keeps its suffix"
        for label in names.get("statline", []):
            # R-mangled forms are derived, not listed: a label has spaces and a hierarchy.
            assert " " in label and "/" in label, f"{key}: {label}"
    load_column_mapping()  # raises when a name is listed for two indicators


def test_an_r_mangled_header_and_its_statline_label_share_a_key():
    label = "Inkomen/Inkomen van personen/Gemiddeld inkomen per inwoner  (x 1 000 euro)"
    assert loose_key(label) == loose_key(
        "Inkomen.Inkomen.van.personen.Gemiddeld.inkomen.per.inwoner...x.1.000.euro."
    )
    assert loose_key("Zorg/Wmo-cliënten (aantal)") == loose_key("Zorg.Wmo.cliënten..aantal.")
    assert loose_key("Bevolking/Bevolkingsdichtheid (aantal inwoners per km²)") == loose_key(
        "Bevolking.Bevolkingsdichtheid..aantal.inwoners.per.km.."
    )


# --- each real file -------------------------------------------------------------------------


def test_national_2024_statline_export():
    table = read(NATIONAL_2024)
    assert table.dialect == DIALECT_STATLINE
    assert table.year == 2024
    assert len(table.areas) == 18309  # 18,310 rows minus the NL00 land row
    assert "NL00" not in table.values
    assert table.country["population"] == 17942942
    assert table.values["GM0797"]["population"] == 46026
    assert table.values["GM0797"]["men"] == 22998
    # Rounded to 5: wijk and its only buurt differ; no sum is asserted.
    assert table.values["WK079702"]["population"] == 1850
    assert table.values["BU07970200"]["population"] == 1845
    assert table.unmapped_columns == []
    assert set(table.missing_counts.values()) == {0}
    heusden = [a for a in table.areas if a.code.startswith(("GM0797", "WK0797", "BU0797"))]
    assert len(heusden) == 29
    levels = {a.code: a.level for a in heusden}
    assert levels["GM0797"] == "municipality"
    assert levels["WK079701"] == "district"
    assert levels["BU07970101"] == "neighbourhood"


def test_mojibake_name_is_read_as_written():
    table = read(NATIONAL_2024)
    lumiere = next(a for a in table.areas if a.code == "BU00341807")
    assert lumiere.name == "LumiÞrepark"
    names = {a.code: a.name for a in table.areas}
    assert names["BU07970101"] == "Braken-West"


def test_names_are_not_unique_but_codes_are():
    table = read(NATIONAL_2024)
    names = [a.name for a in table.areas]
    assert len(set(names)) < len(names)
    assert len({a.code for a in table.areas}) == len(table.areas)
    named_heusden = {a.code for a in table.areas if a.name == "Heusden"}
    assert {"GM0797", "BU07971000"} <= named_heusden


def test_den_haag_2019_odata_csv():
    table = read(DEN_HAAG_2019)
    assert table.dialect == DIALECT_ODATA
    assert len(table.areas) == 159
    assert table.country == {}
    assert table.values["GM0518"]["population"] == 537833
    buurt = table.values["BU05181697"]
    assert buurt["population"] == 6255
    assert buurt["men"] == 3200
    assert buurt["average_household_size"] == 2.2  # "     2.2", padded with a decimal point
    # OData files name only the municipality.
    names = {a.code: a.name for a in table.areas}
    assert names["GM0518"] == "'s-Gravenhage"
    assert names["BU05181697"] == ""
    assert table.has_area_names is False


def test_den_haag_repeated_stems_map_by_their_group():
    table = read(DEN_HAAG_2019)
    assert table.mapped_columns["Huurwoning_53"] == "average_electricity_use_rental"
    assert table.mapped_columns["Huurwoning_61"] == "average_gas_use_rental"
    gemeente = table.values["GM0518"]
    assert gemeente["average_electricity_use"] == 2350
    assert gemeente["average_electricity_use_rental"] == 2030
    assert gemeente["average_gas_use"] == 1000
    assert gemeente["average_gas_use_rental"] == 880
    assert {"Appartement_48", "Appartement_56"} <= set(table.unmapped_columns)
    # The most common postcode is read as the area's postcode, not reported as unmapped.
    assert "MeestVoorkomendePostcode_113" not in table.unmapped_columns
    postcodes = {a.code: a.postcode for a in table.areas}
    assert postcodes["BU05182811"] == "2513" and postcodes["GM0518"] is None
    assert "ID" not in table.unmapped_columns
    assert "Codering_3" not in table.unmapped_columns


def test_den_haag_missing_tokens_are_none_not_zero():
    table = read(DEN_HAAG_2019)
    empty_wijk = table.values["WK051801"]
    assert empty_wijk["population"] == 0  # a real zero stays zero
    assert empty_wijk["average_household_size"] is None  # "       ."
    # Quoted "" cells: four each in the distance columns 105-107.
    assert table.missing_counts["distance_to_gp"] == 4
    assert sum(1 for v in table.values.values() if v["distance_to_gp"] is None) == 4


def test_amsterdam_2017_r_saved_statline():
    table = read(AMSTERDAM_2017)
    assert table.dialect == DIALECT_STATLINE_R
    assert len(table.areas) == 579
    assert table.country["population"] == 17081507
    assert table.values["GM0363"]["population"] == 844947
    wijk = table.values["WK036300"]
    assert wijk["average_household_size"] == 1.4  # quoted "     1.4"
    assert wijk["burglary_per_1000"] == 6  # crime columns exist in 2017 only
    assert wijk["address_density"] == 7563
    assert wijk["schools_within_3km"] == 34.0
    # R's row-number column is neither mapped nor reported.
    assert "" not in table.mapped_columns
    assert all(name for name in table.unmapped_columns)
    assert "Inkomen.Inkomen.van.personen.Actieven.15.75.jaar...." in table.unmapped_columns


def test_amsterdam_2019_decimal_comma_and_na():
    table = read(AMSTERDAM_2019)
    assert table.dialect == DIALECT_STATLINE_R
    assert table.values["GM0363"]["population"] == 862965
    gemeente = table.values["GM0363"]
    assert gemeente["average_household_size"] == 1.8  # "1,8"
    assert gemeente["average_income_per_recipient"] == 38.4  # "38,4"
    wijk = table.values["WK036300"]
    assert wijk["median_household_wealth"] == 3.8  # "3,8"
    assert wijk["average_electricity_use_rental"] == 1880
    assert wijk["district_heating_pct"] is None  # a quoted "" cell
    assert table.values["BU03630100"]["average_woz_value"] is None  # an unquoted NA
    # Every missing cell of the mapped columns, counted in the file: 2108 NA and 1867 "".
    assert sum(table.missing_counts.values()) == 2108 + 1867
    assert table.values.keys() == read(AMSTERDAM_2017).values.keys()


def test_amsterdam_2015_raw_layout_needs_codes():
    table = read_cbs_file(path(AMSTERDAM_2015))
    assert table.dialect == DIALECT_STATLINE_RAW
    assert table.year == 2015  # from the title "Kerncijfers wijken en buurten 2015"
    assert table.needs_codes is True
    assert table.areas == [] and table.values == {}
    assert table.uncoded_names[:3] == ["Amsterdam", "Stadsdeel Centrum", "Burgwallen-Oude Zijde"]
    assert len(table.uncoded_names) == 106  # the footer "Bron: CBS" is not a row
    assert table.mapped_columns["Inkomen|Inkomen van personen|Aantal inkomensontvangers"] == (
        "income_recipients"
    )
    assert table.unmapped_columns == ["Inkomen|Inkomen van personen|Actieven 15-75 jaar"]
    # 28 "." cells in the file, 2 of them in the unmapped column.
    assert sum(table.missing_counts.values()) == 26
    assert read_cbs_file(path(AMSTERDAM_2015), year=2015).year == 2015


def test_bytes_read_like_the_path():
    table = read_cbs_file(path(AMSTERDAM_2019).read_bytes(), year=2019)
    assert table.values == read(AMSTERDAM_2019).values


def test_files_that_are_not_kwb_tables_are_refused_clearly():
    with pytest.raises(CbsFileError) as derived:
        read_cbs_file(path("buurten.csv"), year=2022)
    assert derived.value.code == "unknown_dialect"
    with pytest.raises(CbsFileError) as geojson:
        read_cbs_file(path("buurten.geojson"), year=2022)
    assert geojson.value.code == "not_csv"


# --- the year -------------------------------------------------------------------------------


def test_a_file_without_a_year_needs_one_and_the_message_names_the_fix():
    with pytest.raises(CbsFileError) as error:
        read_cbs_file(path(NATIONAL_2024))
    assert error.value.code == "year_missing"
    assert "--year" in str(error.value)


def test_a_year_that_contradicts_the_file_is_refused():
    with pytest.raises(CbsFileError) as error:
        read_cbs_file(path(AMSTERDAM_2015), year=2016)
    assert error.value.code == "year_mismatch"
    assert "2015" in str(error.value)


# --- corrupted copies -----------------------------------------------------------------------


def test_a_letter_in_a_number_cell_names_the_line_and_column():
    data = changed(DEN_HAAG_2019, 50, b'"    6255"', b'"    62a5"')
    with pytest.raises(CbsFileError) as error:
        read_cbs_file(data, year=2019)
    assert error.value.code == "bad_value"
    assert error.value.line == error.value.row_number == 50
    assert error.value.column == "AantalInwoners_5"
    assert "line 50" in str(error.value).lower()


def test_a_bad_area_code_names_the_line():
    data = changed(NATIONAL_2024, 7814, b'"BU07970101"', b'"BX07970101"')
    with pytest.raises(CbsFileError) as error:
        read_cbs_file(data, year=2024)
    assert error.value.code == "bad_code"
    assert error.value.line == 7814
    assert error.value.column == "Regioaanduiding/Codering (code)"


def test_errors_in_the_r_and_raw_layouts_name_the_real_line():
    data = changed(AMSTERDAM_2019, 3, b",862965,", b",86296x,")
    with pytest.raises(CbsFileError) as r_error:
        read_cbs_file(data, year=2019)
    assert (r_error.value.code, r_error.value.line) == ("bad_value", 3)
    data = changed(AMSTERDAM_2015, 8, b'"3700"', b'"37OO"')
    with pytest.raises(CbsFileError) as raw_error:
        read_cbs_file(data)
    assert (raw_error.value.code, raw_error.value.line) == ("bad_value", 8)


def test_a_truncated_last_line_is_refused_not_read_as_missing():
    data = path(DEN_HAAG_2019).read_bytes().rstrip(b"\n")
    data = data[: data.rindex(b";")]
    with pytest.raises(CbsFileError) as error:
        read_cbs_file(data, year=2019)
    assert error.value.code == "malformed_row"
    assert error.value.line == 160


# --- quirks not in the samples, on small files ----------------------------------------------


def test_unquoted_empty_fields_and_empty_columns_are_missing():
    data = (
        b"ID;WijkenEnBuurten;Gemeentenaam_1;AantalInwoners_5;GeboorteRelatief_25;Foo_26\r\n"
        b"1;GM0797    ;Heusden;46026;;x\r\n"
        b"2;WK079701  ;Heusden;;;y\r\n"
    )
    table = read_cbs_file(data, year=2024)
    assert table.values["GM0797"] == {"population": 46026.0, "birth_rate": None}
    assert table.values["WK079701"]["population"] is None
    assert table.missing_counts == {"population": 1, "birth_rate": 2}
    assert table.unmapped_columns == ["Foo_26"]


def test_a_latin1_statline_export_with_a_comma_separator():
    text = (
        '"Wijken en buurten","Regioaanduiding/Codering (code)","Zorg/Wmo-cliënten (aantal)"\n'
        '"Lumièrepark","BU00341807","."\n'
    )
    table = read_cbs_file(text.encode("cp1252"), year=2024)
    assert table.encoding == "cp1252"
    assert table.areas[0].name == "Lumièrepark"
    assert table.values["BU00341807"] == {"wmo_clients": None}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"PK\x03\x04 an xlsx file", "not_csv"),
        (b"", "empty_file"),
        (b'"Wijken en buurten";"Regioaanduiding/Codering (code)"\r\n', "empty_file"),
        (b'"a";"b"\n"1";"2"\n', "unknown_dialect"),
    ],
)
def test_files_that_hold_no_kwb_rows_are_refused(data, code):
    with pytest.raises(CbsFileError) as error:
        read_cbs_file(data, year=2024)
    assert error.value.code == code


def test_a_kind_of_area_that_contradicts_its_code_is_refused():
    data = changed(NATIONAL_2024, 7813, b'"Wijk      "', b'"Buurt     "')
    with pytest.raises(CbsFileError) as error:
        read_cbs_file(data, year=2024)
    assert (error.value.code, error.value.line) == ("level_mismatch", 7813)


def test_a_repeated_code_is_refused():
    data = (
        b'"Wijken en buurten";"Regioaanduiding/Codering (code)";'
        b'"Bevolking/Aantal inwoners (aantal)"\n'
        b'"Heusden";"GM0797    ";46026\n'
        b'"Heusden";"GM0797    ";46026\n'
    )
    with pytest.raises(CbsFileError) as error:
        read_cbs_file(data, year=2024)
    assert (error.value.code, error.value.line) == ("duplicate_code", 3)
