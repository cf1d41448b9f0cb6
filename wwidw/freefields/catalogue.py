"""How free fields take part in the catalogue: wizard step, page, search, facets, export.

Registered into ``wwidw.interventions.hooks`` by ``init_app``; interventions never imports
this package.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.freefields import services
from wwidw.freefields.forms import answers_form
from wwidw.freefields.models import FreeField, FreeFieldValue
from wwidw.freefields.types import field_type
from wwidw.interventions.description import Step
from wwidw.interventions.hooks import hooks, register_once
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer


def _locale() -> str:
    return str(get_locale() or "nl")


class FreeFieldsStep:
    key = "own_questions"

    def applies(self, session: Session, intervention: Intervention) -> bool:
        return bool(services.fields_of(session, intervention.organisation_id, active_only=True))

    def step(self, session: Session, intervention: Intervention, locale: str) -> Step:
        fields = services.fields_of(session, intervention.organisation_id, active_only=True)
        return Step(self.key, str(_l("Own questions")),
                    str(_l("The questions of %(org)s.", org=intervention.organisation.name)),
                    tuple(f"ff_{f.id}" for f in fields))

    def form(self, session: Session, intervention: Intervention, locale: str, formdata):
        fields = services.fields_of(session, intervention.organisation_id, active_only=True)
        answers = services.values_of(session, [intervention.id]).get(intervention.id, {})
        form = answers_form(fields, locale, answers, formdata)
        if formdata is None:
            form.version.data = str(intervention.version)
        return form

    def save(self, session: Session, viewer: Viewer, intervention: Intervention, form) -> bool:
        fields = services.fields_of(session, intervention.organisation_id, active_only=True)
        submitted = {f.id: form[f"ff_{f.id}"].data for f in fields if f"ff_{f.id}" in form}
        return services.save_answers(session, viewer, intervention, submitted)


def _answered(session: Session, intervention_ids: list[int]) -> list[tuple[int, FreeField, object]]:
    rows = session.execute(
        select(FreeFieldValue.intervention_id, FreeField, FreeFieldValue.value)
        .join(FreeField, FreeField.id == FreeFieldValue.field_id)
        .where(FreeFieldValue.intervention_id.in_(intervention_ids))
        .order_by(FreeField.position, FreeField.id)
    )
    return list(rows)


def detail_section(session: Session, viewer: Viewer, intervention: Intervention):
    locale = _locale()
    fields = services.fields_of(session, intervention.organisation_id)
    visible = {f.id for f in
               services.fields_visible_to(viewer, fields, intervention.organisation_id)}
    items = []
    for _id, field, value in _answered(session, [intervention.id]):
        kind = field_type(field.field_type)
        if field.id not in visible or kind is None:
            continue
        note = "" if field.is_active else str(_l("retired"))
        items.append((field.label(locale), kind.display(field, value, locale), note))
    heading = str(_l("Questions of %(org)s", org=intervention.organisation.name))
    return [(heading, items)]


def document_parts(session: Session, interventions: list[Intervention]
                   ) -> dict[int, tuple[str, str]]:
    """Shared answers may be found by anyone who sees the intervention; the others only by
    the own organisation."""
    texts: dict[int, tuple[list[str], list[str]]] = {}
    for intervention_id, field, value in _answered(session, [i.id for i in interventions]):
        kind = field_type(field.field_type)
        if kind is None:
            continue
        shared, private = texts.setdefault(intervention_id, ([], []))
        (shared if field.visibility == "shared" else private).append(
            kind.search_text(field, value))
    return {i: (" ".join(s), " ".join(p)) for i, (s, p) in texts.items()}


def facet_values(session: Session) -> dict[int, dict[str, tuple]]:
    result: dict[int, dict[str, tuple]] = {}
    rows = session.execute(
        select(FreeFieldValue.intervention_id, FreeField, FreeFieldValue.value)
        .join(FreeField, FreeField.id == FreeFieldValue.field_id)
        .where(FreeField.field_type.in_(("yesno", "choice", "multichoice")))
    )
    for intervention_id, field, value in rows:
        values = field_type(field.field_type).facet_values(field, value)
        result.setdefault(intervention_id, {})[f"ff_{field.id}"] = values
    return result


def facets_for(session: Session, viewer: Viewer):
    """Choice and yes/no questions of the viewer's own organisations are facets."""
    if not viewer.org_ids:
        return []
    locale = _locale()
    fields = session.scalars(
        select(FreeField).where(
            FreeField.organisation_id.in_(viewer.org_ids),
            FreeField.field_type.in_(("yesno", "choice", "multichoice")),
        ).order_by(FreeField.organisation_id, FreeField.position)
    )
    specs = []
    for field in fields:
        if field.field_type == "yesno":
            labels = {"yes": str(_l("Yes")), "no": str(_l("No"))}
        else:
            labels = {c["value"]: field.choice_label(c["value"], locale) for c in field.choices}
        specs.append((f"ff_{field.id}", field.label(locale), labels))
    return specs


def export_columns(session: Session, viewer: Viewer, interventions: list[Intervention]):
    """One column per question, in the organisation's order; only answers the viewer may see."""
    locale = _locale()
    organisation_ids = {i.organisation_id for i in interventions}
    fields: list[FreeField] = []
    for organisation_id in sorted(organisation_ids):
        fields += services.fields_visible_to(
            viewer, services.fields_of(session, organisation_id), organisation_id)
    by_intervention = services.values_of(session, [i.id for i in interventions])
    own = len(viewer.org_ids) == 1 and organisation_ids <= viewer.org_ids
    columns = []
    for field in fields:
        kind = field_type(field.field_type)
        values = {}
        for intervention in interventions:
            value = by_intervention.get(intervention.id, {}).get(field.id)
            if value is not None and kind is not None:
                values[intervention.id] = kind.export(field, value, locale)
        title = field.label(locale) if own else f"{field.organisation.name}: {field.label(locale)}"
        columns.append((title, values))
    return columns


def init_app(app) -> None:
    step = next((s for s in hooks.wizard_steps if isinstance(s, FreeFieldsStep)), None)
    if step is None:
        hooks.wizard_steps.append(FreeFieldsStep())
    register_once(hooks.detail_sections, detail_section)
    register_once(hooks.document_parts, document_parts)
    register_once(hooks.facet_values, facet_values)
    register_once(hooks.facets_for, facets_for)
    register_once(hooks.export_columns, export_columns)
