"""Readable differences between two versions of a description: words struck and added."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

FIELD_LABELS = {
    "title": _l("Name"), "kind": _l("Kind of description"), "summary": _l("Summary"),
    "problem": _l("Problem (aanleiding)"),
    "problem_figures": _l("Neighbourhood figures that show the problem"),
    "target_groups": _l("Target groups"), "target_group_description": _l("Target group"),
    "goals": _l("Goals"), "effects": _l("Effects"), "approach": _l("Approach"),
    "activities": _l("Activities"), "partners": _l("Partners"),
    "active_ingredients": _l("Active ingredients"), "assumptions": _l("Assumptions"),
    "preconditions": _l("Preconditions"), "transferability": _l("Transferability"),
    "costs_description": _l("Costs"), "funding": _l("Funding"),
    "budget_cents": _l("Total budget (euro)"), "themes": _l("Themes"),
    "areas": _l("Neighbourhoods and districts"), "status": _l("Status"),
    "start_date": _l("Start date"), "end_date": _l("End date"),
    "contact_name": _l("Contact person"), "contact_email": _l("Contact e-mail address"),
    "visibility": _l("Visibility"), "is_draft": _l("Draft"),
    "recognition_level": _l("Recognition level"),
    "recognition_date": _l("Date of the assessment"), "archetype_id": _l("Example of archetype"),
}
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    html: Markup


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def _readable(name: str, value) -> str:
    """Stored codes as the words a person reads: theme keys, statuses, visibility, money."""
    from flask_babel import get_locale

    from wwidw.interventions import forms, taxonomy

    locale = str(get_locale() or "nl")
    lookups = {"themes": taxonomy.theme, "target_groups": taxonomy.target_group,
               "effects": taxonomy.effect}
    labels = {"status": forms.status_label, "visibility": forms.visibility_label,
              "kind": forms.kind_label, "recognition_level": forms.recognition_label}
    if value is None:
        return ""
    if name in lookups:
        return ", ".join(lookups[name](k).label(locale) if lookups[name](k) else k
                         for k in value)
    if name in labels:
        return labels[name](value)
    if name == "budget_cents":
        return f"{value / 100:,.2f}".replace(",", " ").replace(".", ",")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(_l("yes")) if value else str(_l("no"))
    return str(value)


def word_diff(old: str, new: str) -> Markup:
    """Old and new text with removed words in <del> and added words in <ins>."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(Markup("<del>%s</del>") % "".join(a[i1:i2]))
        if op in ("insert", "replace"):
            out.append(Markup("<ins>%s</ins>") % "".join(b[j1:j2]))
    return Markup("").join(out)


def compare(old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for name in FIELD_LABELS:
        before, after = old.get(name), new.get(name)
        if before == after or (not before and not after):
            continue
        changes.append(FieldChange(name, field_label(name),
                                   word_diff(_readable(name, before), _readable(name, after))))
    return changes
