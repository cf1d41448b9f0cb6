"""Full-text search behind one small interface, so the engine can be swapped (DESIGN §6).

Only ``wwidw.search.whoosh_engine`` talks to Whoosh indexes and only
``wwidw.search.tantivy_engine`` to Tantivy (which borrows just the Dutch stemmer and stop words
of ``whoosh.lang``, so both engines stem alike); ``SEARCH_ENGINE`` (env ``WWIDW_SEARCH_ENGINE``:
whoosh, the default, or tantivy) chooses. The index is derived data: the database decides who
may see what, and ``flask search rebuild`` recreates the index from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchDocument:
    """What the index knows of an intervention: its id, its title and all its words."""

    id: int
    title: str
    content: str
    # Words only the owning organisation may find the intervention by (its private free fields).
    organisation_id: int = 0
    private_content: str = ""


@dataclass(frozen=True)
class Hits:
    """Ids of matching interventions, best first, and a corrected query when words were
    probably misspelt."""

    ids: list[int]
    corrected: str | None = None


class EngineBusy(Exception):
    """Another process holds the index for writing; the change stays queued."""


ENGINES = {
    "whoosh": "wwidw.search.whoosh_engine:WhooshEngine",
    "tantivy": "wwidw.search.tantivy_engine:TantivyEngine",
}


def engine_class(name: str):
    """The engine class for a SEARCH_ENGINE name; ValueError for an unknown one."""
    import importlib

    try:
        module_name, class_name = ENGINES[name.strip().lower()].split(":")
    except KeyError:
        raise ValueError(f"unknown search engine {name!r}: choose from {sorted(ENGINES)}") \
            from None
    return getattr(importlib.import_module(module_name), class_name)


def get_engine():
    """The search engine of the current app, created once per process."""
    from flask import current_app

    engine = current_app.extensions.get("wwidw_search")
    if engine is None:
        name = current_app.config.get("SEARCH_ENGINE") or "whoosh"
        engine = engine_class(name)(current_app.config["SEARCH_INDEX_DIR"])
        current_app.extensions["wwidw_search"] = engine
    return engine
