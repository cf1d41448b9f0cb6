"""Full-text search behind one small interface, so the engine can be swapped (DESIGN §6).

Only ``wwidw.search.whoosh_engine`` talks to Whoosh. The index is derived data: the database
decides who may see what, and ``flask search rebuild`` recreates the index from it.
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


def get_engine():
    """The search engine of the current app, created once per process."""
    from flask import current_app

    engine = current_app.extensions.get("wwidw_search")
    if engine is None:
        from wwidw.search.whoosh_engine import WhooshEngine

        engine = WhooshEngine(current_app.config["SEARCH_INDEX_DIR"])
        current_app.extensions["wwidw_search"] = engine
    return engine
