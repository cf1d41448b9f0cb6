"""How program lines take part in the catalogue: wizard step, page, facet, export."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.interventions.description import Step
from wwidw.interventions.hooks import hooks, register_once
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.programlines import services
from wwidw.programlines.forms import SortForm
from wwidw.programlines.models import ProgramLine, intervention_program_line


class ProgramLinesStep:
    key = "program_lines"

    def applies(self, session: Session, intervention: Intervention) -> bool:
        return bool(services.lines_of(session, intervention.organisation_id))

    def step(self, session: Session, intervention: Intervention, locale: str) -> Step:
        return Step(self.key, str(_l("Program lines")),
                    str(_l("Sort the intervention under the program lines of %(org)s.",
                           org=intervention.organisation.name)),
                    ("program_lines",))

    def form(self, session: Session, intervention: Intervention, locale: str, formdata):
        current = [line.id for line in services.lines_of_intervention(session, intervention.id)]
        form = SortForm(formdata=formdata, data=None if formdata else {
            "program_lines": current, "version": str(intervention.version)})
        form.program_lines.choices = [
            (line.id, line.full_name) for line in services.lines_of(
                session, intervention.organisation_id)
            if not line.archived or line.id in current
        ]
        return form

    def save(self, session: Session, viewer: Viewer, intervention: Intervention, form) -> bool:
        return services.set_lines(session, viewer, intervention, form.program_lines.data or [])


def detail_section(session: Session, viewer: Viewer, intervention: Intervention):
    if intervention.organisation_id not in viewer.org_ids:
        return []  # program lines are the organisation's own sorting
    lines = services.lines_of_intervention(session, intervention.id)
    from flask import url_for
    from markupsafe import Markup, escape

    items = [(str(_l("Program line")), Markup('<a href="{}">{}</a>').format(
        url_for("programlines.line", org_id=line.organisation_id, line_id=line.id),
        escape(line.full_name)), str(_l("archived")) if line.archived else "")
        for line in lines]
    return [(str(_l("Program lines")), items)]


def facet_values(session: Session) -> dict[int, dict[str, tuple]]:
    parents = dict(session.execute(select(ProgramLine.id, ProgramLine.parent_id)).all())
    result: dict[int, set] = {}
    for intervention_id, line_id in session.execute(select(
            intervention_program_line.c.intervention_id,
            intervention_program_line.c.program_line_id)):
        values = result.setdefault(intervention_id, set())
        values.add(line_id)
        if parents.get(line_id):
            values.add(parents[line_id])
    return {i: {"program_line": tuple(sorted(v))} for i, v in result.items()}


def facets_for(session: Session, viewer: Viewer):
    if not viewer.org_ids:
        return []
    lines = session.scalars(select(ProgramLine).where(
        ProgramLine.organisation_id.in_(viewer.org_ids)))
    labels = {str(line.id): line.full_name for line in lines}
    return [("program_line", str(_l("Program line")), labels)] if labels else []


def export_columns(session: Session, viewer: Viewer, interventions: list[Intervention]):
    own = [i for i in interventions if i.organisation_id in viewer.org_ids]
    if not own:
        return []
    values = {}
    for intervention in own:
        names = [line.full_name for line in services.lines_of_intervention(session,
                                                                            intervention.id)]
        if names:
            values[intervention.id] = "; ".join(names)
    return [(str(_l("Program lines")), values)]


def init_app(app) -> None:
    if not any(isinstance(s, ProgramLinesStep) for s in hooks.wizard_steps):
        hooks.wizard_steps.append(ProgramLinesStep())
    register_once(hooks.detail_sections, detail_section)
    register_once(hooks.facet_values, facet_values)
    register_once(hooks.facets_for, facets_for)
    register_once(hooks.export_columns, export_columns)
