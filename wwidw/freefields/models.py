"""Free field definitions per organisation and one value row per intervention and field.

Design D of EXAMPLES §8: a definition table plus value rows holding JSON, with a type registry
in ``types.py``. Choices keep a stable ``value`` apart from their labels, so relabelling never
touches stored data; retiring sets a flag and deletes nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from wwidw.accounts.models import Organisation
from wwidw.extensions import db
from wwidw.models import TimestampMixin, utcnow

FIELD_TYPES = ("text", "longtext", "number", "date", "yesno", "choice", "multichoice", "url")
FIELD_VISIBILITIES = ("organisation", "shared")


class FreeField(TimestampMixin, db.Model):
    __tablename__ = "free_field"
    __table_args__ = (
        UniqueConstraint("organisation_id", "key"),
        CheckConstraint(
            "field_type IN ('text', 'longtext', 'number', 'date', 'yesno', 'choice', "
            "'multichoice', 'url')", name="field_type"),
        CheckConstraint("visibility IN ('organisation', 'shared')", name="visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(60))
    label_nl: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300), default="")
    help_nl: Mapped[str] = mapped_column(Text, default="")
    help_en: Mapped[str] = mapped_column(Text, default="")
    field_type: Mapped[str] = mapped_column(String(20))
    # Type settings: choices [{value, nl, en, retired}], unit, min, max, decimals.
    config: Mapped[dict] = mapped_column(JSON, default=dict)
    is_required: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    visibility: Mapped[str] = mapped_column(String(20), default="organisation")
    position: Mapped[int] = mapped_column(default=0)
    # "Show only if": this field is asked only when another field has one of these values.
    show_if_field_id: Mapped[int | None] = mapped_column(
        ForeignKey("free_field.id", ondelete="SET NULL")
    )
    show_if_values: Mapped[list] = mapped_column(JSON, default=list)

    organisation: Mapped[Organisation] = relationship()
    show_if_field: Mapped[FreeField | None] = relationship(remote_side=[id])

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" and self.label_en else self.label_nl

    def help(self, locale: str) -> str:
        return self.help_en if locale == "en" and self.help_en else self.help_nl

    @property
    def choices(self) -> list[dict]:
        return list(self.config.get("choices", []))

    def choice_label(self, value: str, locale: str) -> str:
        for choice in self.choices:
            if choice["value"] == value:
                return (choice.get("en") if locale == "en" and choice.get("en")
                        else choice.get("nl") or value)
        return value

    def choice_retired(self, value: str) -> bool:
        return any(c["value"] == value and c.get("retired") for c in self.choices)

    def __repr__(self) -> str:
        return f"<FreeField {self.id} {self.key!r}>"


class FreeFieldValue(db.Model):
    __tablename__ = "free_field_value"

    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), primary_key=True
    )
    field_id: Mapped[int] = mapped_column(
        ForeignKey("free_field.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    field: Mapped[FreeField] = relationship()
