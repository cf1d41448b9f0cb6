"""Two to four interventions side by side: their descriptions and what each owner shares of its
monitoring (rule in ``wwidw.peers.sharing``).

Ids the viewer may not see are dropped as if they did not exist: the page never says that
something was left out, so a guessed id reveals nothing (DESIGN §5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer, visible_clause
from wwidw.peers.sharing import Shared, shared_results

MIN_COLUMNS = 2
MAX_COLUMNS = 4
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class Column:
    intervention: Intervention
    shared: Shared

    @property
    def own(self) -> bool:
        return self.shared.own


@dataclass(frozen=True)
class Comparison:
    columns: list[Column]

    @property
    def ids(self) -> list[int]:
        return [c.intervention.id for c in self.columns]

    @property
    def complete(self) -> bool:
        return len(self.columns) >= MIN_COLUMNS

    @property
    def full(self) -> bool:
        return len(self.columns) >= MAX_COLUMNS

    def without(self, intervention_id: int) -> list[int]:
        return [i for i in self.ids if i != intervention_id]


def parse_ids(raw: Iterable[str]) -> list[int]:
    """Whole numbers from the query string, first occurrence kept, at most four; anything else
    is ignored rather than refused (a hand-edited URL still shows what it can)."""
    ids: list[int] = []
    for value in raw:
        value = value.strip()
        if value.isdigit() and len(value) < 12 and int(value) not in ids:
            ids.append(int(value))
    return ids[:MAX_COLUMNS]


def visible(session: Session, viewer: Viewer, ids: list[int]) -> list[Intervention]:
    """The interventions of ``ids`` the viewer may see, in the order asked."""
    if not ids:
        return []
    found = {i.id: i for i in session.scalars(
        select(Intervention).where(Intervention.id.in_(ids), visible_clause(viewer)))}
    return [found[i] for i in ids if i in found]


def build(session: Session, viewer: Viewer, ids: list[int], today: date) -> Comparison:
    interventions = visible(session, viewer, ids)
    shared = shared_results(session, viewer, interventions, today)
    return Comparison([Column(i, shared[i.id]) for i in interventions])


def search(session: Session, viewer: Viewer, text: str, exclude: Iterable[int] = (),
           limit: int = SEARCH_LIMIT) -> list[Intervention]:
    """Visible interventions whose title contains ``text``, for adding one to the comparison.
    Drafts are left out: a comparison is about work that has been described."""
    text = " ".join(text.split())[:200]
    if not text:
        return []
    query = (select(Intervention)
             .where(visible_clause(viewer), Intervention.is_draft.is_(False),
                    func.lower(Intervention.title).contains(text.lower(), autoescape=True))
             .order_by(Intervention.title, Intervention.id).limit(limit + MAX_COLUMNS))
    excluded = set(exclude)
    return [i for i in session.scalars(query) if i.id not in excluded][:limit]
