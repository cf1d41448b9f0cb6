"""Business rules for program lines: one level of sub-lines, own organisation only."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wwidw.errors import ServiceError
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer, mark_changed, visible_clause
from wwidw.ordering import swap_with_neighbour
from wwidw.programlines.models import ProgramLine, intervention_program_line


def lines_of(session: Session, organisation_id: int, include_archived: bool = True
             ) -> list[ProgramLine]:
    """Top lines each followed by their sub-lines, in order."""
    query = select(ProgramLine).where(ProgramLine.organisation_id == organisation_id)
    if not include_archived:
        query = query.where(ProgramLine.archived.is_(False))
    lines = list(session.scalars(query.order_by(ProgramLine.position, ProgramLine.id)))
    ordered = []
    for top in (line for line in lines if line.parent_id is None):
        ordered.append(top)
        ordered += [line for line in lines if line.parent_id == top.id]
    return ordered


def save_line(session: Session, organisation_id: int, data: dict,
              line: ProgramLine | None = None) -> ProgramLine:
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise ServiceError(_l("Give the program line a name."), "name")
    parent_id = data.get("parent_id")
    if parent_id:
        parent = session.get(ProgramLine, parent_id)
        if parent is None or parent.organisation_id != organisation_id:
            raise ServiceError(_l("Choose a program line of your own organisation."),
                               "parent_id")
        if parent.parent_id is not None or (line is not None and parent.id == line.id):
            raise ServiceError(_l("Sub-lines cannot have sub-lines of their own."), "parent_id")
        if line is not None and line.children:
            raise ServiceError(_l("This line has sub-lines, so it cannot become one."),
                               "parent_id")
    siblings = [other for other in lines_of(session, organisation_id)
                if other.parent_id == (parent_id or None) and other is not line]
    if any(other.name.casefold() == name.casefold() for other in siblings):
        raise ServiceError(_l("There is already a program line called %(name)s here.",
                              name=name), "name")
    start, end = data.get("start_date"), data.get("end_date")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        raise ServiceError(_l("The end date lies before the start date."), "end_date")
    code = (data.get("municipality_code") or "").strip().upper()
    if code and not (len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
        raise ServiceError(_l("%(code)s is not a CBS municipality code (like GM0797).",
                              code=code), "municipality_code")
    if line is None:
        position = 1 + (session.scalar(select(func.max(ProgramLine.position)).where(
            ProgramLine.organisation_id == organisation_id)) or 0)
        line = ProgramLine(organisation_id=organisation_id, position=position)
        session.add(line)
    line.name, line.description = name[:200], (data.get("description") or "").strip()
    line.parent_id = parent_id or None
    line.municipality_code, line.start_date, line.end_date = code, start, end
    session.flush()
    _reindex_sorted(session, line)
    return line


def set_archived(session: Session, line: ProgramLine, archived: bool) -> None:
    line.archived = archived
    for child in line.children:
        child.archived = archived if archived else child.archived
    session.flush()


def move(session: Session, line: ProgramLine, direction: int) -> None:
    siblings = [candidate for candidate in lines_of(session, line.organisation_id)
                if candidate.parent_id == line.parent_id]
    swap_with_neighbour(siblings, line, direction)
    session.flush()


def lines_of_intervention(session: Session, intervention_id: int) -> list[ProgramLine]:
    return list(session.scalars(
        select(ProgramLine).join(intervention_program_line,
                                 intervention_program_line.c.program_line_id == ProgramLine.id)
        .where(intervention_program_line.c.intervention_id == intervention_id)
        .order_by(ProgramLine.position)
    ))


def set_lines(session: Session, viewer: Viewer, intervention: Intervention,
              line_ids: list[int]) -> bool:
    """Sort the intervention under these lines of its own organisation."""
    if not viewer.can_edit(intervention):
        raise ServiceError(_l("Your role does not allow editing this intervention."))
    current = {line.id for line in lines_of_intervention(session, intervention.id)}
    wanted = set(line_ids)
    allowed = {line.id: line for line in lines_of(session, intervention.organisation_id)}
    if not wanted <= set(allowed):
        raise ServiceError(_l("Choose program lines of your own organisation."),
                           "program_lines")
    for line_id in wanted - current:
        if allowed[line_id].archived:
            raise ServiceError(_l("An archived program line takes no new interventions."),
                               "program_lines")
    if wanted == current:
        return False
    session.execute(intervention_program_line.delete().where(
        intervention_program_line.c.intervention_id == intervention.id))
    if wanted:
        session.execute(intervention_program_line.insert(), [
            {"intervention_id": intervention.id, "program_line_id": line_id}
            for line_id in sorted(wanted)])
    mark_changed(session, intervention.id)
    session.flush()
    return True


def _reindex_sorted(session: Session, line: ProgramLine) -> None:
    ids = session.scalars(select(intervention_program_line.c.intervention_id).where(
        intervention_program_line.c.program_line_id == line.id))
    for intervention_id in ids:
        mark_changed(session, intervention_id)


def interventions_of(session: Session, viewer: Viewer, line: ProgramLine) -> list[Intervention]:
    """The interventions under a line and its sub-lines that the viewer may see."""
    line_ids = [line.id] + [child.id for child in line.children]
    return list(session.scalars(
        select(Intervention).join(
            intervention_program_line,
            intervention_program_line.c.intervention_id == Intervention.id)
        .where(intervention_program_line.c.program_line_id.in_(line_ids), visible_clause(viewer))
        .distinct().order_by(Intervention.title)
    ))


def counts(session: Session, organisation_id: int) -> dict[int, int]:
    """Interventions per line, a top line counting those of its sub-lines too."""
    rows = session.execute(
        select(intervention_program_line.c.program_line_id,
               intervention_program_line.c.intervention_id)
        .join(ProgramLine, ProgramLine.id == intervention_program_line.c.program_line_id)
        .where(ProgramLine.organisation_id == organisation_id)
    )
    lines = {line.id: line for line in lines_of(session, organisation_id)}
    members: dict[int, set[int]] = {line_id: set() for line_id in lines}
    for line_id, intervention_id in rows:
        members[line_id].add(intervention_id)
        parent = lines[line_id].parent_id
        if parent:
            members[parent].add(intervention_id)
    return {line_id: len(ids) for line_id, ids in members.items()}
