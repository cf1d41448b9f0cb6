"""From data to deeds: a weak figure points at the effects that address it (the effect
taxonomy links effects to indicators), and each effect at the interventions that aim for it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from wwidw.interventions import taxonomy
from wwidw.interventions.models import Intervention, InterventionTag, intervention_area
from wwidw.interventions.services import Viewer, visible_clause
from wwidw.neighbourhoods.models import Area

EXAMPLES_PER_EFFECT = 5


@dataclass(frozen=True)
class EffectDeeds:
    effect: taxonomy.Effect
    count: int
    examples: list[Intervention]


def effects_addressing(indicator_key: str) -> list[taxonomy.Effect]:
    return [e for e in taxonomy.effects() if indicator_key in e.indicators]


def effects_for(session: Session, viewer: Viewer, indicator_key: str,
                area: Area | None = None) -> list[EffectDeeds]:
    """Each effect that addresses the indicator, with how many interventions the viewer may see
    aim for it, and a few examples: those in the area's municipality first."""
    effects = effects_addressing(indicator_key)
    if not effects:
        return []
    keys = [e.key for e in effects]
    counts = dict(session.execute(
        select(InterventionTag.key, func.count())
        .join(Intervention, Intervention.id == InterventionTag.intervention_id)
        .where(InterventionTag.vocabulary == "effect", InterventionTag.key.in_(keys),
               visible_clause(viewer))
        .group_by(InterventionTag.key)).all())
    nearby = select(intervention_area.c.intervention_id).join(
        Area, Area.id == intervention_area.c.area_id)
    if area is not None and area.level != "country":
        nearby = nearby.where(Area.code.like(f"__{area.municipality_code[2:]}%"))
    else:
        nearby = nearby.where(False)
    result = []
    for effect in effects:
        examples = list(session.scalars(
            select(Intervention)
            .where(Intervention.id.in_(
                select(InterventionTag.intervention_id).where(
                    InterventionTag.vocabulary == "effect", InterventionTag.key == effect.key)),
                visible_clause(viewer))
            .order_by(case((Intervention.id.in_(nearby), 0), else_=1),
                      Intervention.updated_at.desc())
            .limit(EXAMPLES_PER_EFFECT)))
        result.append(EffectDeeds(effect, counts.get(effect.key, 0), examples))
    return result
