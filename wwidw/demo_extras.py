"""Demo free fields and program lines for the demo organisations, with answers and sorting.

Runs after the demo interventions; like the rest of the demo it only adds what is missing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.accounts.models import Organisation
from wwidw.freefields import services as freefields
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.neighbourhoods import selection
from wwidw.programlines import services as programlines

PILLARS = ("Betaalbaar wonen | Affordable housing\nThuis in de wijk | At home in the "
           "neighbourhood\nDuurzaam wonen | Sustainable housing")

# (organisation, [free field definitions]); keys make the loader idempotent.
FIELDS = {
    "Woonstichting De Maasoever": [
        {"key": "pijler", "label_nl": "Strategische pijler", "label_en": "Strategic pillar",
         "field_type": "choice", "new_choices": PILLARS, "visibility": "shared",
         "help_nl": "De pijler uit het ondernemingsplan 2024-2028."},
        {"key": "past_onder_pijler",
         "label_nl": "Past deze interventie onder een van onze strategische pijlers?",
         "label_en": "Does this intervention fit one of our strategic pillars?",
         "field_type": "yesno", "visibility": "organisation"},
        {"key": "waarom_geen_pijler", "label_nl": "Waarom past deze interventie niet?",
         "label_en": "Why does it not fit?", "field_type": "longtext",
         "visibility": "organisation", "is_required": True,
         "show_if": ("past_onder_pijler", ["no"])},
        {"key": "wijklabel_reden",
         "label_nl": "Waarom past deze interventie onder dit wijklabel?",
         "label_en": "Why does this intervention fit this neighbourhood label?",
         "field_type": "longtext", "visibility": "shared"},
        {"key": "huurders", "label_nl": "Aantal betrokken huurders",
         "label_en": "Number of tenants involved", "field_type": "number",
         "unit": "huurders", "min": 0, "visibility": "organisation"},
    ],
    "Gemeente Heusden": [
        {"key": "wmo_taak", "label_nl": "Valt dit onder een wettelijke Wmo-taak?",
         "label_en": "Is this a statutory social support task?", "field_type": "yesno",
         "visibility": "shared"},
        {"key": "begrotingsprogramma", "label_nl": "Begrotingsprogramma",
         "label_en": "Budget programme", "field_type": "choice", "visibility": "organisation",
         "new_choices": "Sociaal domein | Social domain\nLeefomgeving | Living environment\n"
                        "Veiligheid | Safety"},
    ],
}

LINES = {
    "Woonstichting De Maasoever": [
        ("Prettig wonen in Heusden", "Prestatieafspraken met de gemeente Heusden 2024-2027",
         ["liveability", "safety", "housing", "resident_initiative"],
         [("Schoon, heel en veilig", ["liveability", "safety"]),
          ("Zelfbeheer en bewonersinitiatief", ["resident_initiative"])]),
        ("Langer thuis", "Wonen met zorg en ondersteuning voor ouderen",
         ["ageing", "care_support", "loneliness"], []),
        ("Betaalbaar en duurzaam", "Woonlasten en energie", ["poverty_debt", "sustainability"],
         []),
    ],
    "Gemeente Heusden": [
        ("Sociaal domein", "Meedoen, gezondheid en bestaanszekerheid",
         ["work_participation", "health", "poverty_debt", "youth", "language_integration"],
         [("Bestaanszekerheid", ["poverty_debt"]), ("Jeugd en gezin", ["youth"])]),
        ("Leefbare kernen", "Woonomgeving en ontmoeting in de kernen",
         ["liveability", "social_cohesion", "loneliness"], []),
    ],
    "Hofstad Wonen": [
        ("Wijkvernieuwing Den Haag Zuidwest", "Samen met de gemeente en welzijnspartners",
         ["liveability", "safety", "housing", "social_cohesion"], []),
        ("Huurders in hun kracht", "Eerder hulp bij geldzorgen en meedoen",
         ["poverty_debt", "work_participation", "resident_initiative"], []),
    ],
    "Buurtwerk Amsterdam-Oost": [
        ("Meedoen in Oost", "Ontmoeting, taal en bewonersinitiatief",
         ["loneliness", "social_cohesion", "language_integration", "resident_initiative"],
         [("Ouderen en eenzaamheid", ["loneliness", "ageing"])]),
        ("Bestaanszekerheid", "Geldzorgen, regelingen en energielasten",
         ["poverty_debt", "sustainability"], []),
        ("Opgroeien in Oost", "Jongerenwerk en steun voor ouders", ["youth"], []),
    ],
}


# Selection models ("wijkselectiemodellen"): (organisation, name, description, municipality,
# level, [(indicator, weight, effort when high/low)]).
SELECTION_MODELS = [
    ("Hofstad Wonen", "Armoede en leefbaarheid",
     "Waar zetten we de buurtconsulenten als eerste in? Inkomen weegt het zwaarst.",
     "GM0518", "neighbourhood",
     [("households_low_income", 3, "high"), ("social_assistance_recipients", 2, "high"),
      ("vacant_dwellings_pct", 1, "high"), ("social_housing_pct", 1, "high")]),
    ("Buurtwerk Amsterdam-Oost", "Opgroeien en bestaanszekerheid",
     "Buurten waar jeugdzorg en lage inkomens samenkomen (cijfers 2019, oude buurtindeling).",
     "GM0363", "district",
     [("households_low_income", 2, "high"), ("youth_care_pct", 2, "high"),
      ("net_labour_participation", 1, "low")]),
]


def _org(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name == name))


def _author(organisation: Organisation):
    admins = [m for m in organisation.memberships if m.role == "admin"]
    return Viewer.of(admins[0].user) if admins else None


def load_demo_extras(session: Session) -> dict[str, int]:
    added = {"free fields": 0, "program lines": 0, "selection models": 0}
    for org_name, definitions in FIELDS.items():
        organisation = _org(session, org_name)
        if organisation is None:
            continue
        existing = {f.key: f for f in freefields.fields_of(session, organisation.id)}
        for definition in definitions:
            if definition["key"] in existing:
                continue
            data = dict(definition)
            condition = data.pop("show_if", None)
            if condition:
                data["show_if_field_id"] = existing[condition[0]].id
                data["show_if_values"] = condition[1]
            existing[definition["key"]] = freefields.define_field(session, organisation.id, data)
            added["free fields"] += 1
        if added["free fields"]:
            _answer(session, organisation, existing)
    for org_name, tops in LINES.items():
        organisation = _org(session, org_name)
        if organisation is None or programlines.lines_of(session, organisation.id):
            continue
        _sort(session, organisation, tops)
        added["program lines"] += sum(1 + len(subs) for _n, _d, _t, subs in tops)
    for org_name, name, description, municipality, level, rows in SELECTION_MODELS:
        organisation = _org(session, org_name)
        if organisation is None or any(m.name == name for m in
                                       selection.models_of(session, organisation.id)):
            continue
        selection.save_model(session, organisation.id, {
            "name": name, "description": description, "municipality_code": municipality,
            "level": level, "indicators": [selection.IndicatorChoice(*row) for row in rows]})
        added["selection models"] += 1
    session.flush()
    return added


def _interventions(session: Session, organisation: Organisation) -> list[Intervention]:
    return list(session.scalars(select(Intervention).where(
        Intervention.organisation_id == organisation.id, Intervention.kind == "practice",
    ).order_by(Intervention.id)))


def _answer(session: Session, organisation: Organisation, fields: dict) -> None:
    viewer = _author(organisation)
    if viewer is None:
        return
    for number, intervention in enumerate(_interventions(session, organisation)):
        answers: dict[int, object] = {}
        if "pijler" in fields:
            pillar = fields["pijler"].choices[number % 3]["value"]
            fits = number % 4 != 3
            answers[fields["pijler"].id] = pillar if fits else None
            answers[fields["past_onder_pijler"].id] = "yes" if fits else "no"
            if not fits:
                answers[fields["waarom_geen_pijler"].id] = (
                    "Dit is een initiatief van bewoners dat we ondersteunen zonder dat het "
                    "in een pijler past; we volgen het om ervan te leren.")
            answers[fields["wijklabel_reden"].id] = (
                f"{intervention.title} sluit aan bij het wijklabel 'aandacht' van de buurt: "
                "veel huurders, weinig ontmoetingsplekken.")
            answers[fields["huurders"].id] = str(15 + 7 * number)
        if "wmo_taak" in fields:
            answers[fields["wmo_taak"].id] = "yes" if number % 2 else "no"
            answers[fields["begrotingsprogramma"].id] = (
                fields["begrotingsprogramma"].choices[number % 3]["value"])
        freefields.save_answers(session, viewer, intervention, answers)


def _sort(session: Session, organisation: Organisation, tops) -> None:
    viewer = _author(organisation)
    lines_by_theme: dict[str, list[int]] = {}
    for name, description, themes, subs in tops:
        top = programlines.save_line(session, organisation.id,
                                     {"name": name, "description": description,
                                      "municipality_code": organisation.municipality_codes[:6]})
        targets = [(top.id, themes)]
        for sub_name, sub_themes in subs:
            sub = programlines.save_line(session, organisation.id,
                                         {"name": sub_name, "parent_id": top.id})
            targets.append((sub.id, sub_themes))
        for line_id, line_themes in targets:
            for theme in line_themes:
                lines_by_theme.setdefault(theme, []).append(line_id)
    if viewer is None:
        return
    for intervention in _interventions(session, organisation):
        chosen = sorted({line_id for theme in intervention.themes
                         for line_id in lines_by_theme.get(theme, [])})
        if chosen:
            programlines.set_lines(session, viewer, intervention, chosen)
