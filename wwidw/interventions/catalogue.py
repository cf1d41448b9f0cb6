"""Finding interventions: text search, facets with counts, sorting and pages.

The search engine only answers "which interventions contain these words, best first". Who may
see what, the facet values and the sort keys come from the database, through a per-process
table of every intervention's facet values that is reloaded whenever the catalogue version
(``CatalogueState``) moves. So a stale or foreign index can never show or count an
intervention the viewer may not see, and browsing without words needs no index at all.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wwidw.accounts.models import Organisation
from wwidw.interventions.hooks import hooks
from wwidw.interventions.models import Intervention, InterventionTag, intervention_area
from wwidw.interventions.services import (
    SHARED_VISIBILITIES,
    Viewer,
    catalogue_version,
    visible_clause,
)
from wwidw.neighbourhoods.models import Area

FACETS = (
    "theme", "effect", "target_group", "area", "organisation", "organisation_kind", "status",
    "year", "kind", "recognition",
)
SORTS = ("relevance", "newest", "title")
PAGE_SIZE = 20
FACET_LIMIT = 12


class Row:
    """The facet values of one intervention; small, because every process holds all of them."""

    __slots__ = ("id", "org_id", "shared", "title_key", "created", "values", "pairs")

    def __init__(self, id: int, org_id: int, shared: bool, title_key: str, created: float,
                 values: dict[str, tuple]) -> None:
        self.id = id
        self.org_id = org_id
        self.shared = shared
        self.title_key = title_key
        self.created = created
        self.values = values
        self.pairs: tuple = ()

    def freeze(self) -> None:
        """All (facet, value) pairs in one tuple, so counting is one C-level Counter pass."""
        self.pairs = tuple((facet, value) for facet, values in self.values.items()
                           for value in values)


@dataclass
class Snapshot:
    version: int
    rows: dict[int, Row]
    organisations: dict[int, str]
    areas: dict[int, tuple[str, str, str, int | None]]  # id -> (code, name, level, parent id)
    arrays: Arrays | None = None


class Arrays:
    """The same rows as numpy arrays: a request then filters and counts thousands of
    interventions with a few vector operations instead of a Python loop per row."""

    def __init__(self, rows: dict[int, Row]) -> None:
        ordered = list(rows.values())
        self.ids = np.array([row.id for row in ordered], dtype=np.int64)
        # id -> row position as an array (-1 for none), to map thousands of hits at once.
        self.position_of_id = np.full(int(self.ids.max()) + 1 if len(self.ids) else 1, -1,
                                      dtype=np.int64)
        self.position_of_id[self.ids] = np.arange(len(self.ids))
        self.org = np.array([row.org_id for row in ordered], dtype=np.int64)
        self.shared = np.array([row.shared for row in ordered], dtype=bool)
        self.created = np.array([row.created for row in ordered], dtype=np.float64)
        self.title_rank = np.argsort(np.argsort(
            np.array([row.title_key for row in ordered], dtype=object), kind="stable"))
        self.value_index: dict[tuple[str, str], int] = {}
        self.value_facet: list[str] = []
        self.value_key: list[str] = []
        pair_row, pair_value = [], []
        for position, row in enumerate(ordered):
            for facet, value in row.pairs:
                key = (facet, str(value))
                index = self.value_index.get(key)
                if index is None:
                    index = self.value_index[key] = len(self.value_key)
                    self.value_facet.append(facet)
                    self.value_key.append(str(value))
                pair_row.append(position)
                pair_value.append(index)
        self.pair_row = np.array(pair_row, dtype=np.int64)
        self.pair_value = np.array(pair_value, dtype=np.int64)

    def positions(self, ids: list[int]) -> np.ndarray:
        """Row positions of these ids, in their order; ids the table does not know are left
        out (an index may know interventions the table does not yet, or any more)."""
        if not ids:
            return np.zeros(0, dtype=np.int64)
        found = np.asarray(ids, dtype=np.int64)
        found = found[(found >= 0) & (found < len(self.position_of_id))]
        positions = self.position_of_id[found]
        return positions[positions >= 0]

    def rows_with(self, facet: str, values: set[str]) -> np.ndarray:
        indexes = [self.value_index[(facet, v)] for v in values if (facet, v) in self.value_index]
        mask = np.zeros(len(self.ids), dtype=bool)
        if indexes:
            mask[self.pair_row[np.isin(self.pair_value, indexes)]] = True
        return mask

    def count(self, rows: np.ndarray) -> np.ndarray:
        return np.bincount(self.pair_value[rows[self.pair_row]], minlength=len(self.value_key))


class FacetTable:
    """All interventions' facet values for this process, reloaded when the version moves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def get(self, session: Session) -> Snapshot:
        version = catalogue_version(session)
        snapshot = self._snapshot
        if snapshot is not None and snapshot.version == version:
            return snapshot
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = _load_snapshot(session, version)
            return self._snapshot

    def clear(self) -> None:
        self._snapshot = None


def _load_snapshot(session: Session, version: int) -> Snapshot:
    areas = {
        row.id: (row.code, row.name, row.level, row.parent_id)
        for row in session.execute(select(Area.id, Area.code, Area.name, Area.level,
                                          Area.parent_id))
    }
    organisations = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    org_kinds = dict(session.execute(select(Organisation.id, Organisation.kind)).all())
    tags: dict[int, dict[str, list[str]]] = {}
    for intervention_id, vocabulary, key in session.execute(
        select(InterventionTag.intervention_id, InterventionTag.vocabulary, InterventionTag.key)
    ):
        tags.setdefault(intervention_id, {}).setdefault(vocabulary, []).append(key)
    area_links: dict[int, set[int]] = {}
    for intervention_id, area_id in session.execute(
        select(intervention_area.c.intervention_id, intervention_area.c.area_id)
    ):
        expanded = area_links.setdefault(intervention_id, set())
        node: int | None = area_id
        while node is not None and node not in expanded:
            expanded.add(node)
            node = areas[node][3]
    rows: dict[int, Row] = {}
    for r in session.execute(
        select(Intervention.id, Intervention.organisation_id, Intervention.is_draft,
               Intervention.visibility, Intervention.kind, Intervention.status,
               Intervention.start_date, Intervention.recognition_level, Intervention.title,
               Intervention.created_at)
    ):
        own_tags = tags.get(r.id, {})
        values = {
            "theme": tuple(own_tags.get("theme", ())),
            "effect": tuple(own_tags.get("effect", ())),
            "target_group": tuple(own_tags.get("target_group", ())),
            "area": tuple(area_links.get(r.id, ())),
            "organisation": (r.organisation_id,),
            "organisation_kind": (org_kinds[r.organisation_id],),
            "status": (r.status,),
            "year": (r.start_date.year,) if r.start_date else (),
            "kind": (r.kind,),
            "recognition": (r.recognition_level,),
        }
        shared = not r.is_draft and r.visibility in SHARED_VISIBILITIES
        created = r.created_at.timestamp() if isinstance(r.created_at, datetime) else 0.0
        rows[r.id] = Row(r.id, r.organisation_id, shared, r.title.casefold(), created, values)
    for hook in hooks.facet_values:
        for intervention_id, extra in hook(session).items():
            if intervention_id in rows:
                rows[intervention_id].values.update(extra)
    for row in rows.values():
        row.freeze()
    return Snapshot(version, rows, organisations, areas, Arrays(rows))


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass
class CatalogueQuery:
    text: str = ""
    filters: dict[str, set[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    expanded: set[str] = field(default_factory=set)  # facets to list in full


@dataclass
class ExtraFacet:
    """A facet added by another domain (a free field, program lines) for this viewer."""

    name: str
    title: str
    labels: dict[str, str]


def extra_facets(session: Session, viewer: Viewer) -> list[ExtraFacet]:
    return [ExtraFacet(*spec) for hook in hooks.facets_for for spec in hook(session, viewer)]


@dataclass
class CatalogueResult:
    total: int
    items: list[Intervention]
    facets: dict[str, list[FacetValue]]
    corrected: str | None
    page: int
    pages: int
    snapshot: Snapshot
    extra: list[ExtraFacet] = field(default_factory=list)
    hidden: dict[str, int] = field(default_factory=dict)  # facet values left out of the list


def search(
    session: Session, engine, viewer: Viewer, table: FacetTable, query: CatalogueQuery,
    page_size: int | None = PAGE_SIZE,
) -> CatalogueResult:
    """One page of the catalogue for this viewer; ``page_size=None`` gives every match."""
    snapshot = table.get(session)
    arrays = snapshot.arrays
    size = len(arrays.ids)
    if viewer.user_id is None:
        visible = np.zeros(size, dtype=bool)
    else:
        visible = arrays.shared | np.isin(arrays.org, list(viewer.org_ids))

    corrected = None
    ranked: np.ndarray | None = None  # row positions in relevance order, when searching
    text = query.text.strip()
    if text:
        hits = engine.search(text, viewer.org_ids)
        ranked = arrays.positions(hits.ids)
        candidates = np.zeros(size, dtype=bool)
        candidates[ranked] = True
        candidates &= visible
        corrected = hits.corrected
        if corrected:
            # The spelling list holds every indexed word; suggest only what finds something
            # this viewer may see, or the suggestion itself would leak private words.
            found = arrays.positions(engine.search(corrected, viewer.org_ids).ids)
            if not visible[found].any():
                corrected = None
    else:
        candidates = visible

    extra = extra_facets(session, viewer)
    names = FACETS + tuple(facet.name for facet in extra)
    # An added facet offers only the values it labels for this viewer (its own organisation's
    # lines or choices), in filters as well as counts.
    allowed = {facet.name: set(facet.labels) for facet in extra}
    filters = {f: (v & allowed[f] if f in allowed else v)
               for f, v in query.filters.items() if f in names and v}
    filters = {f: v for f, v in filters.items() if v}

    matches = {f: arrays.rows_with(f, values) for f, values in filters.items()}
    failures = np.zeros(size, dtype=np.int64)
    for match in matches.values():
        failures += ~match
    selected = candidates & (failures == 0)
    counted = arrays.count(selected)
    facet_of = arrays.value_facet
    counts: dict[str, Counter] = {facet: Counter() for facet in names}
    for index in np.nonzero(counted)[0]:
        facet = facet_of[index]
        if facet in counts:
            counts[facet][arrays.value_key[index]] = int(counted[index])
    for facet, match in matches.items():
        # A facet's counts ignore its own selection: they show the alternatives.
        alternatives = arrays.count(candidates & (failures == 1) & ~match)
        for index in np.nonzero(alternatives)[0]:
            if facet_of[index] == facet:
                counts[facet][arrays.value_key[index]] += int(alternatives[index])

    sort = query.sort if query.sort in SORTS else "relevance"
    if sort == "relevance" and ranked is not None:
        order = ranked[selected[ranked]].tolist()
    else:
        positions = np.nonzero(selected)[0]
        if sort == "title":
            order = positions[np.argsort(arrays.title_rank[positions], kind="stable")]
        else:
            order = positions[np.argsort(-arrays.created[positions], kind="stable")]
        order = order.tolist()

    total = len(order)
    page_size = page_size or max(total, 1)
    pages = max(1, -(-total // page_size))
    page = min(max(query.page, 1), pages)
    page_ids = [int(arrays.ids[p]) for p in order[(page - 1) * page_size: page * page_size]]
    items = _load_page(session, viewer, page_ids)

    facets = {
        facet: [
            FacetValue(str(value), count, str(value) in filters.get(facet, set()))
            for value, count in counter.most_common()
            if facet not in allowed or str(value) in allowed[facet]
        ]
        for facet, counter in counts.items()
    }
    for values in facets.values():
        values.sort(key=lambda v: not v.selected)  # chosen values on top, then by count
    facets["area"] = _area_drilldown(facets["area"], snapshot, filters.get("area", set()))
    hidden = {}
    for facet, values in facets.items():
        if facet in query.expanded or len(values) <= FACET_LIMIT:
            continue
        shown = values[:FACET_LIMIT] + [v for v in values[FACET_LIMIT:] if v.selected]
        hidden[facet] = len(values) - len(shown)
        facets[facet] = shown
    return CatalogueResult(total, items, facets, corrected, page, pages, snapshot, extra,
                           hidden)


def _area_drilldown(values: list[FacetValue], snapshot: Snapshot, selected: set[str]
                    ) -> list[FacetValue]:
    """Areas as a tree one level at a time: municipalities first; once one is chosen, its
    districts; then their neighbourhoods. Chosen areas stay listed."""
    chosen = {int(v) for v in selected if v.isdigit()}
    if chosen:
        keep = [v for v in values
                if int(v.value) in chosen or snapshot.areas.get(int(v.value), (0, 0, 0, None))[3]
                in chosen]
    else:
        keep = [v for v in values
                if snapshot.areas.get(int(v.value), ("", "", ""))[2] == "municipality"]
    level_order = {"municipality": 0, "district": 1, "neighbourhood": 2}
    keep.sort(key=lambda v: (
        not v.selected, level_order.get(snapshot.areas.get(int(v.value), ("", "", ""))[2], 3),
        -v.count))
    return keep


def _load_page(session: Session, viewer: Viewer, ids: list[int]) -> list[Intervention]:
    """The page's interventions from the database, permission checked again, in order."""
    if not ids:
        return []
    found = {
        i.id: i
        for i in session.scalars(
            select(Intervention)
            .where(Intervention.id.in_(ids), visible_clause(viewer))
            .options(selectinload(Intervention.tags), selectinload(Intervention.areas),
                     selectinload(Intervention.organisation))
        )
    }
    return [found[i] for i in ids if i in found]


def similar(session: Session, engine, viewer: Viewer, intervention: Intervention,
            text: str, limit: int = 5) -> list[Intervention]:
    ids = engine.similar(intervention.id, text, limit=limit * 3)
    return _load_page(session, viewer, ids)[:limit]
