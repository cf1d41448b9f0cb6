"""Seams through which later domains (free fields, program lines) add to the catalogue.

Dependencies point one way (DESIGN §3): those domains import interventions, never the reverse.
They register small functions here at start-up; the catalogue calls whatever is registered.
Each list is filled once per process by ``init_app`` of the registering domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CatalogueHooks:
    # (session, interventions) -> {intervention id: (text peers may search, text only the
    # owner may search)}; called once per batch of documents, not once per intervention.
    document_parts: list[Callable[[Any, list], dict[int, tuple[str, str]]]] = field(
        default_factory=list)
    # (session) -> {intervention id: {facet name: tuple of values}}
    facet_values: list[Callable[[Any], dict[int, dict[str, tuple]]]] = field(
        default_factory=list)
    # (session, viewer) -> [(facet name, title, {value: label})] facets this viewer may use
    facets_for: list[Callable[[Any, Any], list[tuple[str, str, dict[str, str]]]]] = field(
        default_factory=list)
    # Wizard steps after the built-in ones: objects with key, title, intro, applies(),
    # form(), save() and template (see wwidw/freefields/wizard.py).
    wizard_steps: list[Any] = field(default_factory=list)
    # (session, viewer, intervention) -> [(heading, [(label, html or text, note)])]
    detail_sections: list[Callable[[Any, Any, Any], list[tuple[str, list]]]] = field(
        default_factory=list)
    # (session, viewer, interventions) -> [(column title, {intervention id: value})]
    export_columns: list[Callable[[Any, Any, list], list[tuple[str, dict]]]] = field(
        default_factory=list)


hooks = CatalogueHooks()


def register_once(target: list, item: Any) -> None:
    """Register at app creation without doubling up when several apps are created."""
    if item not in target:
        target.append(item)
