"""Business rules for free fields: defining them safely and answering them per intervention.

Nothing is ever lost silently: relabelling keeps values (choices have stable values), retiring
hides a field or choice from new input but keeps and shows old answers, and a type change is
refused while answers exist.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wwidw.errors import ServiceError
from wwidw.freefields.models import FIELD_VISIBILITIES, FreeField, FreeFieldValue
from wwidw.freefields.types import REGISTRY, field_type
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer, mark_changed
from wwidw.ordering import swap_with_neighbour

CONDITION_TYPES = ("yesno", "choice", "multichoice")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return slug[:50] or "veld"


def fields_of(session: Session, organisation_id: int, active_only: bool = False
              ) -> list[FreeField]:
    query = select(FreeField).where(FreeField.organisation_id == organisation_id)
    if active_only:
        query = query.where(FreeField.is_active.is_(True))
    return list(session.scalars(query.order_by(FreeField.position, FreeField.id)))


def value_count(session: Session, field: FreeField) -> int:
    return session.scalar(
        select(func.count()).select_from(FreeFieldValue)
        .where(FreeFieldValue.field_id == field.id)
    ) or 0


@dataclass
class ChoiceEdit:
    value: str
    nl: str
    en: str
    retired: bool


def _new_choices(lines: str, existing: list[dict]) -> list[dict]:
    """New choices, one per line, "Dutch label | English label"; values are made once."""
    taken = {c["value"] for c in existing}
    added = []
    for line in (lines or "").splitlines():
        if not line.strip():
            continue
        nl, _sep, en = line.partition("|")
        nl, en = nl.strip(), en.strip()
        if not nl:
            continue
        value = base = slugify(nl)
        number = 2
        while value in taken:
            value, number = f"{base}_{number}", number + 1
        taken.add(value)
        added.append({"value": value, "nl": nl, "en": en, "retired": False})
    return added


def _config(field_type_key: str, data: dict, existing: dict) -> dict:
    config: dict = {}
    if field_type_key in ("choice", "multichoice"):
        choices = []
        for edit in data.get("choice_edits", []):
            if not edit.nl.strip():
                raise ServiceError(_l("A choice needs a Dutch label."), "choices")
            choices.append({"value": edit.value, "nl": edit.nl.strip(), "en": edit.en.strip(),
                            "retired": edit.retired})
        choices += _new_choices(data.get("new_choices", ""), choices)
        # Choices missing from the edit (a stale form) are kept, never dropped.
        known = {c["value"] for c in choices}
        choices += [c for c in existing.get("choices", []) if c["value"] not in known]
        if not any(not c["retired"] for c in choices):
            raise ServiceError(_l("Give at least one choice."), "new_choices")
        labels = [c["nl"].casefold() for c in choices]
        doubles = sorted({c["nl"] for c in choices if labels.count(c["nl"].casefold()) > 1})
        if doubles:
            raise ServiceError(_l("Each choice needs its own label: %(labels)s occurs twice.",
                                  labels=", ".join(doubles)), "new_choices")
        config["choices"] = choices
    if field_type_key == "number":
        low, high = data.get("min"), data.get("max")
        if low is not None and high is not None and low > high:
            raise ServiceError(_l("The minimum is larger than the maximum."), "max")
        config.update(unit=(data.get("unit") or "").strip(), min=low, max=high,
                      decimals=int(data.get("decimals") or 0))
    return config


def _check_condition(session: Session, field: FreeField, controlling_id: int | None,
                     values: list[str]) -> None:
    if not controlling_id:
        field.show_if_field_id, field.show_if_values = None, []
        return
    controlling = session.get(FreeField, controlling_id)
    if controlling is None or controlling.organisation_id != field.organisation_id:
        raise ServiceError(_l("Choose a question of your own organisation."), "show_if_field_id")
    if controlling.id == field.id:
        raise ServiceError(_l("A question cannot depend on itself."), "show_if_field_id")
    if controlling.field_type not in CONDITION_TYPES:
        raise ServiceError(_l("Only a yes/no or choice question can be a condition."),
                           "show_if_field_id")
    node = controlling
    while node is not None:  # no circles: A shown if B, B shown if A
        if node.show_if_field_id == field.id:
            raise ServiceError(_l("These conditions would go round in a circle."),
                               "show_if_field_id")
        node = node.show_if_field
    allowed = ({"yes", "no"} if controlling.field_type == "yesno"
               else {c["value"] for c in controlling.choices})
    values = [v for v in values if v]
    if not values or not set(values) <= allowed:
        raise ServiceError(_l("Choose the answers that make this question appear."),
                           "show_if_values")
    field.show_if_field_id, field.show_if_values = controlling.id, values


def define_field(session: Session, organisation_id: int, data: dict) -> FreeField:
    kind = data.get("field_type")
    if kind not in REGISTRY:
        raise ServiceError(_l("Choose a kind of question."), "field_type")
    label = (data.get("label_nl") or "").strip()
    if not label:
        raise ServiceError(_l("Give the question a Dutch label."), "label_nl")
    key = base = slugify(data.get("key") or label)
    existing = {f.key for f in fields_of(session, organisation_id)}
    number = 2
    while key in existing:
        key, number = f"{base}_{number}", number + 1
    position = 1 + max((f.position for f in fields_of(session, organisation_id)), default=0)
    field = FreeField(organisation_id=organisation_id, key=key, field_type=kind,
                      position=position, is_active=True, config={})
    session.add(field)
    _apply_definition(session, field, data)
    session.flush()
    return field


def _apply_definition(session: Session, field: FreeField, data: dict) -> None:
    label = (data.get("label_nl") or "").strip()
    if not label:
        raise ServiceError(_l("Give the question a Dutch label."), "label_nl")
    field.label_nl = label[:300]
    field.label_en = (data.get("label_en") or "").strip()[:300]
    field.help_nl = (data.get("help_nl") or "").strip()
    field.help_en = (data.get("help_en") or "").strip()
    field.is_required = bool(data.get("is_required"))
    visibility = data.get("visibility", "organisation")
    if visibility not in FIELD_VISIBILITIES:
        raise ServiceError(_l("Choose who sees the answers."), "visibility")
    field.visibility = visibility
    field.config = _config(field.field_type, data, field.config or {})
    session.flush()
    _check_condition(session, field, data.get("show_if_field_id"), data.get("show_if_values", []))


def update_field(session: Session, field: FreeField, data: dict) -> None:
    new_type = data.get("field_type", field.field_type)
    if new_type != field.field_type:
        if value_count(session, field):
            raise ServiceError(
                _l("The kind of question cannot change while interventions have answers to it. "
                   "Retire it and add a new question instead."), "field_type")
        if new_type not in REGISTRY:
            raise ServiceError(_l("Choose a kind of question."), "field_type")
        field.field_type = new_type
    _apply_definition(session, field, data)
    _reindex_answered(session, field)


def set_active(session: Session, field: FreeField, active: bool) -> None:
    field.is_active = active
    session.flush()
    _reindex_answered(session, field)


def move(session: Session, field: FreeField, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1)."""
    swap_with_neighbour(fields_of(session, field.organisation_id), field, direction)
    session.flush()


def _reindex_answered(session: Session, field: FreeField) -> None:
    """Labels are searchable and shown: interventions answering this field are reindexed."""
    ids = session.scalars(select(FreeFieldValue.intervention_id)
                          .where(FreeFieldValue.field_id == field.id))
    for intervention_id in ids:
        mark_changed(session, intervention_id)


# --- answers -------------------------------------------------------------------------------


def values_of(session: Session, intervention_ids: list[int]) -> dict[int, dict[int, object]]:
    """{intervention id: {field id: stored value}}."""
    result: dict[int, dict[int, object]] = {}
    if not intervention_ids:
        return result
    rows = session.execute(
        select(FreeFieldValue.intervention_id, FreeFieldValue.field_id, FreeFieldValue.value)
        .where(FreeFieldValue.intervention_id.in_(intervention_ids))
    )
    for intervention_id, field_id, value in rows:
        result.setdefault(intervention_id, {})[field_id] = value
    return result


def is_shown(field: FreeField, answers: dict[int, object]) -> bool:
    """Whether a "show only if" question applies, given the answers to the others."""
    if field.show_if_field_id is None:
        return True
    controlling = field.show_if_field
    answer = answers.get(field.show_if_field_id)
    if controlling is None or answer is None:
        return False
    kind = field_type(controlling.field_type)
    given = set(kind.facet_values(controlling, answer)) if kind else set()
    return bool(given & set(field.show_if_values)) and is_shown(controlling, answers)


def fields_visible_to(viewer: Viewer, fields: list[FreeField], organisation_id: int
                      ) -> list[FreeField]:
    """The fields whose answers this viewer may see on an intervention of that organisation."""
    if organisation_id in viewer.org_ids:
        return fields
    if viewer.user_id is None:
        return []
    return [f for f in fields if f.visibility == "shared"]


def save_answers(session: Session, viewer: Viewer, intervention: Intervention,
                 submitted: dict[int, object]) -> bool:
    """Store the answers of the active fields; answers to questions that do not apply are
    removed. Returns whether anything changed. Raises ServiceError for a missing required
    answer, naming the field ``ff_<id>``."""
    if not viewer.can_edit(intervention):
        raise ServiceError(_l("Your role does not allow editing this intervention."))
    fields = fields_of(session, intervention.organisation_id, active_only=True)
    stored = {v.field_id: v for v in session.scalars(
        select(FreeFieldValue).where(FreeFieldValue.intervention_id == intervention.id))}
    answers = {fid: v.value for fid, v in stored.items()}
    for field in fields:
        if field.id in submitted:
            kind = field_type(field.field_type)
            answers[field.id] = kind.to_storage(field, submitted[field.id]) if kind else None
    changed = False
    for field in fields:
        value = answers.get(field.id) if is_shown(field, answers) else None
        if value is None and field.is_required and is_shown(field, answers):
            raise ServiceError(_l("This question needs an answer."), f"ff_{field.id}")
        row = stored.get(field.id)
        if value is None:
            if row is not None:
                session.delete(row)
                changed = True
        elif row is None:
            session.add(FreeFieldValue(intervention_id=intervention.id, field_id=field.id,
                                       value=value, updated_by_id=viewer.user_id))
            changed = True
        elif row.value != value:
            row.value, row.updated_by_id = value, viewer.user_id
            changed = True
    if changed:
        mark_changed(session, intervention.id)
    session.flush()
    return changed
