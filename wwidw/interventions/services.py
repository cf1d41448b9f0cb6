"""Business rules for interventions: who sees and edits what, saving with history, copying.

Functions take the session and a ``Viewer`` explicitly, flush but never commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from wwidw.accounts.models import Organisation, User, role_rank
from wwidw.errors import ServiceError
from wwidw.interventions import taxonomy
from wwidw.interventions.models import (
    KINDS,
    RECOGNITION_LEVELS,
    STATUSES,
    TEXT_FIELDS,
    VISIBILITIES,
    CatalogueState,
    Intervention,
    InterventionRevision,
    InterventionTag,
    SearchQueue,
)
from wwidw.models import utcnow
from wwidw.neighbourhoods.models import Area

SHARED_VISIBILITIES = ("community", "public")
SCALAR_FIELDS = (
    "title", "kind", "status", "visibility", "is_draft", "start_date", "end_date", "budget_cents",
    "contact_name", "contact_email", "recognition_level", "recognition_date", "archetype_id",
)
LIST_FIELDS = ("themes", "target_groups", "effects", "areas")
_VOCABULARY_OF = {"themes": "theme", "target_groups": "target_group", "effects": "effect"}


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a user and their role in each organisation they belong to."""

    user_id: int | None
    org_roles: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, user: User | None) -> Viewer:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls(None, {})
        return cls(user.id, {m.organisation_id: m.role for m in user.memberships})

    @property
    def org_ids(self) -> frozenset[int]:
        return frozenset(self.org_roles)

    def has_role(self, organisation_id: int, minimum: str) -> bool:
        role = self.org_roles.get(organisation_id)
        return role is not None and role_rank(role) >= role_rank(minimum)

    def can_see(self, intervention: Intervention) -> bool:
        if intervention.organisation_id in self.org_roles:
            return True
        return self.user_id is not None and is_shared(intervention)

    def can_edit(self, intervention: Intervention) -> bool:
        return self.has_role(intervention.organisation_id, "worker")

    def can_publish_publicly(self, organisation_id: int) -> bool:
        return self.has_role(organisation_id, "manager")


def is_shared(intervention: Intervention) -> bool:
    return not intervention.is_draft and intervention.visibility in SHARED_VISIBILITIES


def visible_clause(viewer: Viewer) -> ColumnElement[bool]:
    """The SQL condition for interventions this viewer may see (DESIGN §5)."""
    shared = and_(
        Intervention.is_draft.is_(False), Intervention.visibility.in_(SHARED_VISIBILITIES)
    )
    if viewer.user_id is None:
        return Intervention.id.is_(None)  # the catalogue is for members; residents use /buurt
    if viewer.org_ids:
        return or_(Intervention.organisation_id.in_(viewer.org_ids), shared)
    return shared


def get_visible(session: Session, viewer: Viewer, intervention_id: int) -> Intervention | None:
    return session.scalar(
        select(Intervention).where(Intervention.id == intervention_id, visible_clause(viewer))
    )


# --- change tracking: search outbox and catalogue version --------------------------------


def mark_changed(session: Session, intervention_id: int) -> None:
    """Queue the search update and move the catalogue version, in the caller's transaction."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(SearchQueue)
        .values(intervention_id=intervention_id, queued_at=utcnow())
        .on_conflict_do_update(index_elements=["intervention_id"], set_={"queued_at": utcnow()})
    )
    bump_catalogue_version(session)
    session.info["search_dirty"] = True


def bump_catalogue_version(session: Session) -> None:
    result = session.execute(
        update(CatalogueState).where(CatalogueState.id == 1)
        .values(version=CatalogueState.version + 1)
    )
    if result.rowcount == 0:
        session.add(CatalogueState(id=1, version=1))
        session.flush()


def catalogue_version(session: Session) -> int:
    return session.scalar(select(CatalogueState.version).where(CatalogueState.id == 1)) or 0


# --- snapshots and revisions -------------------------------------------------------------


def snapshot(intervention: Intervention) -> dict[str, Any]:
    """Everything a revision records, as JSON-friendly values."""
    data: dict[str, Any] = {name: getattr(intervention, name) for name in TEXT_FIELDS}
    for name in SCALAR_FIELDS:
        value = getattr(intervention, name)
        data[name] = value.isoformat() if isinstance(value, date) else value
    data["themes"] = sorted(intervention.themes)
    data["target_groups"] = sorted(intervention.target_groups)
    data["effects"] = sorted(intervention.effects)
    data["areas"] = sorted(area.code for area in intervention.areas)
    return data


def _record_revision(
    session: Session, intervention: Intervention, user_id: int | None, before: dict | None
) -> InterventionRevision:
    after = snapshot(intervention)
    changed = sorted(k for k in after if before is None or before.get(k) != after.get(k))
    revision = InterventionRevision(
        intervention=intervention,
        version=intervention.version,
        changed_by_id=user_id,
        changed_at=utcnow(),
        snapshot=after,
        changed_fields=changed,
    )
    session.add(revision)
    return revision


class ConflictError(ServiceError):
    """Someone else saved the intervention since the form was opened."""

    def __init__(self, current_version: int, others: list[InterventionRevision]) -> None:
        super().__init__(
            _l("Someone else saved this intervention while you were editing it. Their changes "
               "are shown below; your text is still in the form. Check both and save again.")
        )
        self.current_version = current_version
        self.others = others

    @property
    def changed_fields(self) -> list[str]:
        fields: set[str] = set()
        for revision in self.others:
            fields.update(revision.changed_fields)
        return sorted(fields)


def check_version(intervention: Intervention, base_version: int) -> None:
    """Refuse a save based on an older version, showing what was saved since."""
    if base_version != intervention.version:
        others = [r for r in intervention.revisions if r.version > base_version]
        raise ConflictError(intervention.version, sorted(others, key=lambda r: r.version))


# --- validation and applying form data ---------------------------------------------------


def _check_choice(value: str, allowed: tuple[str, ...], field_name: str, message) -> None:
    if value not in allowed:
        raise ServiceError(message, field_name)


def _apply(session: Session, viewer: Viewer, intervention: Intervention, data: dict) -> None:
    """Write the given fields onto the intervention after checking each one."""
    for name in TEXT_FIELDS:
        if name in data:
            setattr(intervention, name, (data[name] or "").strip())
    if "visibility" in data:
        _check_choice(data["visibility"], VISIBILITIES, "visibility", _l("Choose who may see it."))
        if (
            data["visibility"] == "public"
            and intervention.visibility != "public"
            and not viewer.can_publish_publicly(intervention.organisation_id)
        ):
            raise ServiceError(
                _l("Only a manager or admin can make an intervention public for residents."),
                "visibility",
            )
        intervention.visibility = data["visibility"]
    if "is_draft" in data:
        intervention.is_draft = bool(data["is_draft"])
    if "title" in data:
        title = " ".join((data["title"] or "").split())
        if not title:
            raise ServiceError(_l("Give the intervention a name."), "title")
        intervention.title = title[:200]
    if "kind" in data:
        _check_choice(data["kind"], KINDS, "kind", _l("Choose practice or archetype."))
        intervention.kind = data["kind"]
    if "status" in data:
        _check_choice(data["status"], STATUSES, "status", _l("Choose a status."))
        intervention.status = data["status"]
    if "recognition_level" in data:
        _check_choice(data["recognition_level"], RECOGNITION_LEVELS, "recognition_level",
                      _l("Choose a recognition level."))
        intervention.recognition_level = data["recognition_level"]
        if data["recognition_level"] == "none":
            data["recognition_date"] = None
        elif not data.get("recognition_date", intervention.recognition_date):
            raise ServiceError(_l("Give the date of the assessment."), "recognition_date")
    for name in ("contact_name", "contact_email"):
        if name in data:
            setattr(intervention, name, (data[name] or "").strip())
    for name in ("start_date", "end_date", "recognition_date"):
        if name in data:
            setattr(intervention, name, data[name])
    if (
        intervention.start_date and intervention.end_date
        and intervention.end_date < intervention.start_date
    ):
        raise ServiceError(_l("The end date lies before the start date."), "end_date")
    if "budget_cents" in data:
        budget = data["budget_cents"]
        if budget is not None and budget < 0:
            raise ServiceError(_l("A budget cannot be negative."), "budget")
        intervention.budget_cents = budget
    if "archetype_id" in data:
        _apply_archetype(session, viewer, intervention, data["archetype_id"])
    if "themes" in data or "target_groups" in data or "effects" in data:
        _apply_tags(intervention, data)
    if "areas" in data:
        intervention.areas = resolve_areas(session, data["areas"])


def _apply_archetype(
    session: Session, viewer: Viewer, intervention: Intervention, archetype_id: int | None
) -> None:
    if not archetype_id or intervention.kind == "archetype":
        intervention.archetype_id = None
        return
    archetype = get_visible(session, viewer, archetype_id)
    if archetype is None or archetype.kind != "archetype":
        raise ServiceError(_l("Choose an archetype from the list."), "archetype_id")
    intervention.archetype_id = archetype.id


def _apply_tags(intervention: Intervention, data: dict) -> None:
    lookups = {"theme": taxonomy.theme, "target_group": taxonomy.target_group,
               "effect": taxonomy.effect}
    wanted: dict[str, list[str]] = {}
    for form_name, vocabulary in _VOCABULARY_OF.items():
        keys = data.get(form_name)
        if keys is None:
            wanted[vocabulary] = intervention.tag_keys(vocabulary)
            continue
        unknown = [k for k in keys if lookups[vocabulary](k) is None]
        if unknown:
            raise ServiceError(_l("Unknown choice: %(keys)s.", keys=", ".join(unknown)),
                               form_name)
        wanted[vocabulary] = list(dict.fromkeys(keys))
    current = {(t.vocabulary, t.key): t for t in intervention.tags}
    target = {(v, k) for v, keys in wanted.items() for k in keys}
    for pair, tag in current.items():
        if pair not in target:
            intervention.tags.remove(tag)
    for vocabulary, key in sorted(target - set(current)):
        intervention.tags.append(InterventionTag(vocabulary=vocabulary, key=key))


_AREA_CODE = re.compile(r"^(GM|WK|BU)[0-9A-Z]{4,8}$")


def resolve_areas(session: Session, references: list) -> list[Area]:
    """Areas by id or CBS code; anything unknown is an error naming it."""
    ready = [r for r in references if isinstance(r, Area)]
    references = [r for r in references if not isinstance(r, Area)]
    ids = [r for r in references if isinstance(r, int)]
    codes = [str(r).strip().upper() for r in references if not isinstance(r, int)]
    found = list(session.scalars(select(Area).where(or_(Area.id.in_(ids), Area.code.in_(codes)))))
    known = {a.id for a in found} | {a.code for a in found}
    unknown = [str(r) for r in ids + codes if r not in known]
    if unknown:
        raise ServiceError(_l("Unknown area: %(areas)s.", areas=", ".join(unknown)), "areas")
    return sorted({a.id: a for a in ready + found}.values(), key=lambda a: a.code)


def parse_area_references(
    session: Session, text: str, preferred_municipalities: list[str]
) -> list[Area]:
    """Areas typed as names or CBS codes ("Vliedberg, BU07970101, Braken-West (BU07970101)").

    Names are not unique (Heusden is a gemeente, a wijk and a buurt): a name that fits several
    areas is taken from the organisation's own municipalities when that settles it, and is
    otherwise refused with the codes to choose from.
    """
    areas: list[Area] = []
    for raw in re.split(r"[,;\n]+", text or ""):
        token = raw.strip()
        if not token:
            continue
        code_match = re.search(r"\(([A-Za-z0-9]+)\)\s*$", token)
        candidate = (code_match.group(1) if code_match else token).upper()
        if _AREA_CODE.match(candidate):
            area = session.scalar(select(Area).where(Area.code == candidate))
            if area is None:
                raise ServiceError(_l("No area has the code %(code)s.", code=candidate), "areas")
        else:
            matches = list(session.scalars(
                select(Area).where(func.lower(Area.name) == token.lower(),
                                   Area.level != "country").order_by(Area.code)
            ))
            if len(matches) > 1:
                own = [a for a in matches if a.municipality_code in preferred_municipalities]
                matches = own if len(own) == 1 else matches
            if not matches:
                raise ServiceError(_l("No area is called %(name)s.", name=token), "areas")
            if len(matches) > 1:
                options = ", ".join(f"{a.name} ({a.code})" for a in matches[:6])
                raise ServiceError(
                    _l("Several areas are called %(name)s; choose one: %(options)s.",
                       name=token, options=options),
                    "areas",
                )
            area = matches[0]
        if area not in areas:
            areas.append(area)
    return areas


def area_reference(area: Area) -> str:
    return f"{area.name} ({area.code})"


# --- operations -----------------------------------------------------------------------------


def create_intervention(
    session: Session, viewer: Viewer, organisation: Organisation, data: dict
) -> Intervention:
    if not viewer.has_role(organisation.id, "worker"):
        raise ServiceError(_l("Your role does not allow describing interventions."))
    intervention = Intervention(
        organisation=organisation,
        created_by_id=viewer.user_id,
        updated_by_id=viewer.user_id,
        version=1,
        is_draft=True,
        visibility="organisation",
        kind="practice",
        status="idea",
        recognition_level="none",
        title="",
    )
    for name in TEXT_FIELDS:
        setattr(intervention, name, "")
    session.add(intervention)
    _apply(session, viewer, intervention, dict(data))
    session.flush()
    _record_revision(session, intervention, viewer.user_id, None)
    mark_changed(session, intervention.id)
    session.flush()
    return intervention


def update_intervention(
    session: Session, viewer: Viewer, intervention: Intervention, data: dict, base_version: int
) -> bool:
    """Save changed fields. Returns False when nothing changed; raises ConflictError when
    someone else saved since ``base_version``."""
    if not viewer.can_edit(intervention):
        raise ServiceError(_l("Your role does not allow editing this intervention."))
    check_version(intervention, base_version)
    before = snapshot(intervention)
    _apply(session, viewer, intervention, dict(data))
    if snapshot(intervention) == before:
        return False
    intervention.version += 1
    intervention.updated_by_id = viewer.user_id
    intervention.updated_at = utcnow()
    _record_revision(session, intervention, viewer.user_id, before)
    mark_changed(session, intervention.id)
    session.flush()
    return True


def publish(
    session: Session, viewer: Viewer, intervention: Intervention, visibility: str,
    base_version: int, recognition: dict | None = None,
) -> bool:
    """Finish the description: choose who sees it; a draft stops being a draft."""
    data: dict[str, Any] = {"visibility": visibility, "is_draft": False}
    data.update(recognition or {})
    return update_intervention(session, viewer, intervention, data, base_version)


def copy_as_starting_point(
    session: Session, viewer: Viewer, source: Intervention, organisation: Organisation
) -> Intervention:
    """A peer's shared intervention as a draft of one's own, linked to the original."""
    if not viewer.can_see(source) or (
        source.organisation_id != organisation.id and not is_shared(source)
    ):
        raise ServiceError(_l("This intervention cannot be copied."))
    data: dict[str, Any] = {name: getattr(source, name) for name in TEXT_FIELDS}
    data.update(
        title=source.title,
        kind="practice",
        themes=source.themes,
        target_groups=source.target_groups,
        effects=source.effects,
    )
    copy = create_intervention(session, viewer, organisation, data)
    copy.copied_from_id = source.id
    if source.kind == "archetype":
        copy.archetype_id = source.id
    elif source.archetype_id and is_shared(source.archetype):
        copy.archetype_id = source.archetype_id
    session.flush()
    return copy


def delete_intervention(session: Session, viewer: Viewer, intervention: Intervention) -> None:
    """Workers delete drafts; published descriptions need a manager."""
    minimum = "worker" if intervention.is_draft else "manager"
    if not viewer.has_role(intervention.organisation_id, minimum):
        raise ServiceError(_l("Only a manager or admin can delete a published intervention."))
    intervention_id = intervention.id
    session.delete(intervention)
    session.flush()
    mark_changed(session, intervention_id)


def practices_of_archetype(
    session: Session, viewer: Viewer, archetype: Intervention
) -> list[Intervention]:
    return list(
        session.scalars(
            select(Intervention)
            .where(Intervention.archetype_id == archetype.id, visible_clause(viewer))
            .order_by(Intervention.title)
        )
    )


def archetype_choices(session: Session, viewer: Viewer) -> list[Intervention]:
    return list(
        session.scalars(
            select(Intervention)
            .where(Intervention.kind == "archetype", visible_clause(viewer))
            .order_by(Intervention.title)
        )
    )


def area_options(session: Session, municipality_codes: list[str]) -> list[str]:
    """Suggestions for the area field: every area in the organisation's municipalities."""
    if not municipality_codes:
        return []
    prefixes = [code[2:] for code in municipality_codes]
    areas = session.scalars(
        select(Area).where(or_(*[Area.code.like(f"__{p}%") for p in prefixes]))
        .order_by(Area.code)
    )
    return [area_reference(a) for a in areas]


def drafts_of(session: Session, organisation_id: int, limit: int = 10) -> list[Intervention]:
    return list(session.scalars(
        select(Intervention)
        .where(Intervention.organisation_id == organisation_id, Intervention.is_draft.is_(True))
        .order_by(Intervention.updated_at.desc()).limit(limit)
    ))


def recently_changed(session: Session, organisation_id: int, limit: int = 8) -> list[Intervention]:
    return list(session.scalars(
        select(Intervention)
        .where(Intervention.organisation_id == organisation_id, Intervention.is_draft.is_(False))
        .order_by(Intervention.updated_at.desc()).limit(limit)
    ))
