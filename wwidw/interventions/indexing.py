"""Keeping the search index in step with the database (DESIGN §6, EXAMPLES §9).

Services queue changed interventions in the ``search_queue`` table inside their own transaction,
so a rollback never reaches the index. After the commit, ``drain`` rewrites the queued documents
in one writer commit. If another process holds the index, the rows stay queued for the next
request or ``flask search sync``. ``rebuild`` recreates everything from the database.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from wwidw.interventions import taxonomy
from wwidw.interventions.hooks import hooks
from wwidw.interventions.models import TEXT_FIELDS, Intervention, SearchQueue
from wwidw.interventions.services import mark_changed
from wwidw.markdown import plain_text
from wwidw.models import utcnow
from wwidw.search import EngineBusy, SearchDocument

log = logging.getLogger(__name__)


def _labels(getter, keys: list[str]) -> list[str]:
    labels = []
    for key in keys:
        term = getter(key)
        if term is not None:
            labels.extend([term.nl, term.en])
    return labels


def build_documents(session: Session, interventions: list[Intervention]
                    ) -> list[SearchDocument]:
    """Search documents for a batch; other domains add their words in one query each."""
    extras = [hook(session, interventions) for hook in hooks.document_parts]
    return [build_document(i, [extra.get(i.id, ("", "")) for extra in extras])
            for i in interventions]


def build_document(intervention: Intervention,
                   extra_parts: list[tuple[str, str]] = ()) -> SearchDocument:
    """Every word someone could search an intervention by, from the database."""
    parts = [plain_text(getattr(intervention, name)) for name in TEXT_FIELDS]
    parts += _labels(taxonomy.theme, intervention.themes)
    parts += _labels(taxonomy.target_group, intervention.target_groups)
    parts += _labels(taxonomy.effect, intervention.effects)
    parts.append(intervention.organisation.name)
    parts += [area.name for area in intervention.areas]
    if intervention.archetype is not None:
        parts.append(intervention.archetype.title)
    private = []
    for shared_text, private_text in extra_parts:
        parts.append(shared_text)
        private.append(private_text)
    return SearchDocument(
        id=intervention.id,
        title=intervention.title,
        content="\n".join(part for part in parts if part),
        organisation_id=intervention.organisation_id,
        private_content="\n".join(part for part in private if part),
    )


def _load(session: Session, ids: list[int]) -> list[Intervention]:
    return list(
        session.scalars(
            select(Intervention)
            .where(Intervention.id.in_(ids))
            .options(
                selectinload(Intervention.tags),
                selectinload(Intervention.areas),
                selectinload(Intervention.organisation),
                selectinload(Intervention.archetype),
            )
        )
    )


def drain(session: Session, engine, batch: int = 500) -> int:
    """Apply queued changes to the index. Returns how many were applied (0 if busy)."""
    applied = 0
    while True:
        queued = list(session.execute(
            select(SearchQueue.intervention_id, SearchQueue.queued_at)
            .order_by(SearchQueue.queued_at).limit(batch)
        ))
        if not queued:
            return applied
        ids = [row.intervention_id for row in queued]
        found = _load(session, ids)
        found_ids = {i.id for i in found}
        try:
            engine.write(build_documents(session, found),
                         [i for i in ids if i not in found_ids])
        except EngineBusy:
            session.rollback()
            log.info("search index busy: %d changes stay queued", len(ids))
            return applied
        for row in queued:
            # A change queued again while we worked keeps its newer row.
            session.execute(
                delete(SearchQueue).where(
                    SearchQueue.intervention_id == row.intervention_id,
                    SearchQueue.queued_at == row.queued_at,
                )
            )
        session.commit()
        applied += len(ids)
        if len(queued) < batch:
            return applied


def all_documents(session: Session, batch: int = 1000) -> Iterator[SearchDocument]:
    last_id = 0
    while True:
        ids = list(session.scalars(
            select(Intervention.id).where(Intervention.id > last_id)
            .order_by(Intervention.id).limit(batch)
        ))
        if not ids:
            return
        yield from build_documents(session, sorted(_load(session, ids), key=lambda i: i.id))
        last_id = ids[-1]
        session.expunge_all()


def rebuild(session: Session, engine, procs: int = 1) -> int:
    """Recreate the index from the database.

    Edits saved while the rebuild runs may be drained into the old index just before the swap,
    so everything changed since the start is queued again afterwards.
    """
    started = utcnow() - timedelta(seconds=5)
    # A session of its own: reading 100,000 interventions must not fill (or, by expunging,
    # empty) the caller's identity map.
    with Session(bind=session.get_bind()) as reader:
        count = engine.rebuild(all_documents(reader), procs=procs)
    changed = list(session.scalars(
        select(Intervention.id).where(Intervention.updated_at >= started)
    ))
    for intervention_id in changed:
        mark_changed(session, intervention_id)
    session.commit()
    return count
