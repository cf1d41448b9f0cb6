"""The catalogue, or any filtered part of it, as a table: CSV for any tool, Excel for people.

Columns are the shared description plus whatever other domains add (free fields in their
order), each only with what the viewer may see.
"""

from __future__ import annotations

import io

import pandas as pd
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from wwidw.interventions import taxonomy
from wwidw.interventions.forms import recognition_label, status_label, visibility_label
from wwidw.interventions.hooks import hooks
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer


def _labels(getter, keys: list[str], locale: str) -> str:
    return "; ".join(getter(k).label(locale) if getter(k) else k for k in keys)


def table(session: Session, viewer: Viewer, interventions: list[Intervention],
          link) -> pd.DataFrame:
    locale = str(get_locale() or "nl")
    rows = []
    for i in interventions:
        rows.append({
            _("Title"): i.title,
            _("Organisation"): i.organisation.name,
            _("Kind of description"): _("Archetype") if i.kind == "archetype"
            else _("Practice description"),
            _("Status"): status_label(i.status),
            _("Start date"): i.start_date,
            _("End date"): i.end_date,
            _("Themes"): _labels(taxonomy.theme, i.themes, locale),
            _("Target groups"): _labels(taxonomy.target_group, i.target_groups, locale),
            _("Effects"): _labels(taxonomy.effect, i.effects, locale),
            _("Neighbourhoods and districts"): "; ".join(f"{a.name} ({a.code})"
                                                         for a in i.areas),
            _("Total budget (euro)"): None if i.budget_cents is None else i.budget_cents / 100,
            _("Visibility"): _("Draft") if i.is_draft else visibility_label(i.visibility),
            _("Recognition"): recognition_label(i.recognition_level),
            _("Summary"): i.summary,
            _("Contact person"): i.contact_name,
            _("Web address"): link(i),
        })
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else [_("Title")])
    for hook in hooks.export_columns:
        for title, values in hook(session, viewer, interventions):
            frame[title] = [values.get(i.id, "") for i in interventions]
    return frame


def to_csv(frame: pd.DataFrame) -> bytes:
    # Semicolons and a byte-order mark: what Dutch Excel opens correctly by double-click.
    return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def to_excel(frame: pd.DataFrame, sheet_name: str | None = None) -> bytes:
    name = (sheet_name or _("Interventions"))[:31]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=name)
        sheet = writer.sheets[name]
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column[:50])
            sheet.column_dimensions[column[0].column_letter].width = min(max(width, 10), 60)
        sheet.freeze_panes = "A2"
    return buffer.getvalue()
