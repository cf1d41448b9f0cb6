"""The project's vocabularies: life domains, indicators and the effect taxonomy.

Pure functions over the JSON files in the package: no app and no database needed.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from wwidw.interventions import taxonomy
from wwidw.interventions.taxonomy import BETTER, SOURCES, SURVEY_SOURCES, UNITS

CONTEXT_DOMAINS = {"population"}  # context figures: no effect is expected to change them
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

LISTS = {
    "themes": taxonomy.themes,
    "target_groups": taxonomy.target_groups,
    "life_domains": taxonomy.life_domains,
    "indicators": taxonomy.indicators,
    "effects": taxonomy.effects,
}
LOOKUPS = {
    "theme": (taxonomy.theme, taxonomy.themes),
    "target_group": (taxonomy.target_group, taxonomy.target_groups),
    "life_domain": (taxonomy.life_domain, taxonomy.life_domains),
    "indicator": (taxonomy.indicator, taxonomy.indicators),
    "effect": (taxonomy.effect, taxonomy.effects),
}


def _texts(item) -> list[tuple[str, str]]:
    """(Dutch, English) pairs of an item: its label and, where it has one, its description."""
    pairs = [(item.nl, item.en)]
    if hasattr(item, "description_nl"):
        pairs.append((item.description_nl, item.description_en))
    return pairs


@pytest.mark.parametrize("name", LISTS)
def test_keys_are_unique_and_snake_case(name):
    keys = [item.key for item in LISTS[name]()]
    assert keys, f"{name} is empty"
    duplicates = [key for key, n in Counter(keys).items() if n > 1]
    assert not duplicates, f"duplicate keys in {name}: {duplicates}"
    bad = [key for key in keys if not SNAKE_CASE.match(key)]
    assert not bad, f"keys in {name} that are not snake_case: {bad}"


@pytest.mark.parametrize("name", LISTS)
def test_labels_and_descriptions_are_filled_in_both_languages(name):
    for item in LISTS[name]():
        for nl, en in _texts(item):
            assert nl.strip() and en.strip(), f"{name}/{item.key} misses a Dutch or English text"
            assert nl == nl.strip() and en == en.strip(), f"{name}/{item.key} has stray spaces"


@pytest.mark.parametrize("name", LISTS)
def test_dutch_differs_from_english_for_most_items(name):
    pairs = [pair for item in LISTS[name]() for pair in _texts(item)]
    same = [nl for nl, en in pairs if nl.casefold() == en.casefold()]
    # A few labels may be the same word in both languages (a proper name such as "Leefbaarometer").
    assert len(same) <= len(pairs) // 10, f"{name}: untranslated texts {same}"


def test_there_are_ten_to_twelve_life_domains():
    assert 10 <= len(taxonomy.life_domains()) <= 12
    assert {d.key for d in taxonomy.life_domains()} >= CONTEXT_DOMAINS


def test_at_least_70_effects():
    assert len(taxonomy.effects()) >= 70


def test_every_effect_belongs_to_a_known_life_domain():
    domains = {d.key for d in taxonomy.life_domains()}
    unknown = {e.key: e.domain for e in taxonomy.effects() if e.domain not in domains}
    assert not unknown


def test_every_non_context_domain_has_at_least_four_effects():
    counts = Counter(e.domain for e in taxonomy.effects())
    for domain in taxonomy.life_domains():
        if domain.key not in CONTEXT_DOMAINS:
            assert counts[domain.key] >= 4, f"{domain.key} has {counts[domain.key]} effects"


def test_effects_point_at_existing_indicators_without_repeats():
    known = {i.key for i in taxonomy.indicators()}
    for e in taxonomy.effects():
        assert isinstance(e.indicators, tuple)
        missing = [key for key in e.indicators if key not in known]
        assert not missing, f"{e.key} points at unknown indicators {missing}"
        assert len(set(e.indicators)) == len(e.indicators), f"{e.key} repeats an indicator"


def test_effects_do_not_point_at_context_figures():
    for e in taxonomy.effects():
        for key in e.indicators:
            indicator = taxonomy.indicator(key)
            assert indicator is not None
            assert indicator.life_domain not in CONTEXT_DOMAINS, (
                f"{e.key} points at the context figure {key}"
            )


def test_at_least_40_effects_are_shown_by_an_indicator():
    linked = [e for e in taxonomy.effects() if e.indicators]
    assert len(linked) >= 40


def test_every_indicator_belongs_to_a_known_life_domain():
    domains = {d.key for d in taxonomy.life_domains()}
    unknown = {i.key: i.life_domain for i in taxonomy.indicators() if i.life_domain not in domains}
    assert not unknown


def test_indicator_units_directions_and_sources_are_known():
    for i in taxonomy.indicators():
        assert i.unit in UNITS, f"{i.key}: unit {i.unit!r}"
        assert i.better in BETTER, f"{i.key}: better {i.better!r}"
        assert i.source in SOURCES, f"{i.key}: source {i.source!r}"


def test_at_least_40_cbs_and_10_survey_indicators():
    sources = Counter(i.source for i in taxonomy.indicators())
    assert sources["cbs_kwb"] >= 40
    assert sum(sources[s] for s in SURVEY_SOURCES) >= 10
    # Every survey named in the vocabulary is used, or it should not be in the vocabulary.
    assert set(sources) == SOURCES


def test_context_figures_have_no_better_direction():
    for i in taxonomy.indicators():
        if i.life_domain in CONTEXT_DOMAINS:
            assert i.better == "neutral", f"{i.key} is a context figure but says {i.better}"


@pytest.mark.parametrize(
    ("key", "better"),
    [
        ("population", "neutral"),
        ("average_woz_value", "neutral"),
        ("households_low_income", "lower"),
        ("social_assistance_recipients", "lower"),
        ("net_labour_participation", "higher"),
        ("lonely_severe", "lower"),
        ("feels_unsafe_neighbourhood", "lower"),
        ("neighbourhood_grade", "higher"),
        ("liveability_nuisance_safety", "higher"),
    ],
)
def test_direction_of_well_known_indicators(key, better):
    indicator = taxonomy.indicator(key)
    assert indicator is not None, f"{key} is missing"
    assert indicator.better == better


@pytest.mark.parametrize("name", LOOKUPS)
def test_lookups_find_every_item_and_answer_none_for_unknown_keys(name):
    lookup, items = LOOKUPS[name]
    for item in items():
        assert lookup(item.key) is item
    assert lookup("no_such_key") is None
    assert lookup("") is None
    assert lookup(items()[0].key.upper()) is None


def test_labels_follow_the_locale_and_fall_back_to_dutch():
    e = taxonomy.effect("less_loneliness")
    assert e is not None
    assert e.label("en") == "Less loneliness"
    assert e.label("nl") == "Minder eenzaamheid"
    assert e.label("de") == "Minder eenzaamheid"
    assert e.description("en") == e.description_en != e.description("nl") == e.description_nl
    assert "lonely_severe" in e.indicators

    i = taxonomy.indicator("population")
    assert i is not None
    assert (i.label("en"), i.label("nl")) == ("Number of inhabitants", "Aantal inwoners")
    assert i.description("en") == i.description_en
    assert i.description("fr") == i.description_nl

    theme = taxonomy.themes()[0]
    assert theme.label("en") == theme.en and theme.label("nl") == theme.nl


def test_effects_by_domain_keeps_file_order_and_every_effect():
    grouped = taxonomy.effects_by_domain()
    domain_order = [d.key for d in taxonomy.life_domains()]
    keys = [d.key for d, _ in grouped]
    assert keys == [k for k in domain_order if k in keys]
    assert all(e.domain == d.key for d, effects in grouped for e in effects)
    flattened = [e.key for _, effects in grouped for e in effects]
    assert sorted(flattened) == sorted(e.key for e in taxonomy.effects())
    # within a domain, the order of the file
    position = {e.key: n for n, e in enumerate(taxonomy.effects())}
    for _, effects in grouped:
        assert [position[e.key] for e in effects] == sorted(position[e.key] for e in effects)


def test_files_are_read_once():
    assert taxonomy.effects() is taxonomy.effects()
    assert taxonomy.indicators() is taxonomy.indicators()
    assert taxonomy.themes() is taxonomy.themes()
