"""The project's shared vocabularies: themes, target groups, life domains, indicators and effects.

These lists are project data, not user data. They live in JSON files next to the code, so they
are versioned and reviewed with it, carry their Dutch and English labels in one place, and change
without database rows to migrate: interventions and goals store only the stable keys, and a
label fixed here is fixed everywhere at the next deploy. Indicators belong to the neighbourhood
layer (``wwidw/neighbourhoods/data/indicators.json``); the effect taxonomy, the "effectordening"
(``wwidw/interventions/data/effects.json``), points at them by key, which is the bridge from a weak
neighbourhood figure to the effects that address it and the interventions that achieved them.

Each file is read once per process; the functions return tuples, so callers cannot change them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent
VOCABULARIES_FILE = _PACKAGE / "data" / "vocabularies.json"
EFFECTS_FILE = _PACKAGE / "data" / "effects.json"
INDICATORS_FILE = _PACKAGE.parent / "neighbourhoods" / "data" / "indicators.json"

UNITS = frozenset({
    "count", "percentage", "euro", "thousand_euro", "per_km2", "km", "score", "grade", "per_1000",
    "average", "m3", "kwh",
})
BETTER = frozenset({"higher", "lower", "neutral"})
SOURCES = frozenset({
    "cbs_kwb", "veiligheidsmonitor", "leefbaarometer", "gezondheidsmonitor", "local_survey",
})
SURVEY_SOURCES = SOURCES - {"cbs_kwb"}


@dataclass(frozen=True)
class Term:
    key: str
    nl: str
    en: str

    def label(self, locale: str) -> str:
        return self.en if locale == "en" else self.nl


@dataclass(frozen=True)
class Indicator(Term):
    unit: str
    better: str
    life_domain: str
    source: str
    description_nl: str
    description_en: str

    def description(self, locale: str) -> str:
        return self.description_en if locale == "en" else self.description_nl


@dataclass(frozen=True)
class Effect(Term):
    domain: str
    description_nl: str
    description_en: str
    indicators: tuple[str, ...]

    def description(self, locale: str) -> str:
        return self.description_en if locale == "en" else self.description_nl


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _terms(items: list[dict[str, str]]) -> tuple[Term, ...]:
    return tuple(Term(item["key"], item["nl"], item["en"]) for item in items)


@cache
def _vocabularies() -> dict[str, Any]:
    return _read(VOCABULARIES_FILE)


@cache
def _indicator_file() -> dict[str, Any]:
    return _read(INDICATORS_FILE)


@cache
def themes() -> tuple[Term, ...]:
    return _terms(_vocabularies()["themes"])


@cache
def target_groups() -> tuple[Term, ...]:
    return _terms(_vocabularies()["target_groups"])


@cache
def life_domains() -> tuple[Term, ...]:
    return _terms(_indicator_file()["life_domains"])


@cache
def indicators() -> tuple[Indicator, ...]:
    return tuple(Indicator(**item) for item in _indicator_file()["indicators"])


@cache
def effects() -> tuple[Effect, ...]:
    return tuple(
        Effect(**{**item, "indicators": tuple(item["indicators"])})
        for item in _read(EFFECTS_FILE)["effects"]
    )


@cache
def _by_key(kind: str) -> dict[str, Any]:
    loader = {
        "theme": themes, "target_group": target_groups, "life_domain": life_domains,
        "indicator": indicators, "effect": effects,
    }[kind]
    return {item.key: item for item in loader()}


def theme(key: str) -> Term | None:
    return _by_key("theme").get(key)


def target_group(key: str) -> Term | None:
    return _by_key("target_group").get(key)


def life_domain(key: str) -> Term | None:
    return _by_key("life_domain").get(key)


def indicator(key: str) -> Indicator | None:
    return _by_key("indicator").get(key)


def effect(key: str) -> Effect | None:
    return _by_key("effect").get(key)


def effects_by_domain() -> list[tuple[Term, list[Effect]]]:
    """Effects grouped under their life domain, both in file order; domains without effects
    (the context figures of ``population``) are left out."""
    grouped: dict[str, list[Effect]] = {}
    for item in effects():
        grouped.setdefault(item.domain, []).append(item)
    return [(domain, grouped[domain.key]) for domain in life_domains() if domain.key in grouped]
