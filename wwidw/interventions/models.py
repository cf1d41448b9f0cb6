"""Interventions in the shared description format (DESIGN §4), their revisions and attachments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from wwidw.accounts.models import Organisation, User
from wwidw.extensions import db
from wwidw.models import TimestampMixin, utcnow
from wwidw.neighbourhoods.models import Area

KINDS = ("practice", "archetype")
STATUSES = ("idea", "running", "finished", "stopped")
VISIBILITIES = ("organisation", "community", "public")
RECOGNITION_LEVELS = (
    "none",
    "well_described",
    "well_founded",
    "first_indications",
    "good_indications",
    "strong_indications",
)
# Tags point into the project's vocabularies (wwidw/interventions/data/*.json) by key.
TAG_VOCABULARIES = ("theme", "target_group", "effect")

# The long texts of a description, in the order of the wizard. All are Markdown.
TEXT_FIELDS = (
    "summary",
    "problem",
    "problem_figures",
    "target_group_description",
    "goals",
    "approach",
    "activities",
    "partners",
    "active_ingredients",
    "assumptions",
    "preconditions",
    "transferability",
    "costs_description",
    "funding",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


intervention_area = db.Table(
    "intervention_area",
    db.Column(
        "intervention_id",
        ForeignKey("intervention.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    db.Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_intervention_area_area_id", "area_id"),
)


class Intervention(TimestampMixin, db.Model):
    __tablename__ = "intervention"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        CheckConstraint(_in("recognition_level", RECOGNITION_LEVELS), name="recognition_level"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR start_date <= end_date",
                        name="period"),
        CheckConstraint("budget_cents IS NULL OR budget_cents >= 0", name="budget"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="practice")
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    problem_figures: Mapped[str] = mapped_column(Text, default="")
    target_group_description: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    active_ingredients: Mapped[str] = mapped_column(Text, default="")
    assumptions: Mapped[str] = mapped_column(Text, default="")
    preconditions: Mapped[str] = mapped_column(Text, default="")
    transferability: Mapped[str] = mapped_column(Text, default="")
    costs_description: Mapped[str] = mapped_column(Text, default="")
    funding: Mapped[str] = mapped_column(Text, default="")
    # Money is stored exactly, in euro cents.
    budget_cents: Mapped[int | None] = mapped_column(BigInteger)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="idea")
    visibility: Mapped[str] = mapped_column(String(20), default="organisation")
    # A draft is seen by its own organisation only, whatever its visibility says.
    is_draft: Mapped[bool] = mapped_column(default=True, index=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    recognition_level: Mapped[str] = mapped_column(String(30), default="none")
    recognition_date: Mapped[date | None]
    archetype_id: Mapped[int | None] = mapped_column(
        ForeignKey("intervention.id", ondelete="SET NULL"), index=True
    )
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("intervention.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Bumped on every saved change; a save based on an older version is a conflict.
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    archetype: Mapped[Intervention | None] = relationship(
        remote_side=[id], foreign_keys=[archetype_id]
    )
    copied_from: Mapped[Intervention | None] = relationship(
        remote_side=[id], foreign_keys=[copied_from_id]
    )
    areas: Mapped[list[Area]] = relationship(secondary=intervention_area, order_by=Area.code)
    tags: Mapped[list[InterventionTag]] = relationship(
        cascade="all, delete-orphan", order_by="InterventionTag.key"
    )
    revisions: Mapped[list[InterventionRevision]] = relationship(
        cascade="all, delete-orphan",
        order_by="InterventionRevision.version.desc()",
        back_populates="intervention",
    )
    attachments: Mapped[list[Attachment]] = relationship(
        cascade="all, delete-orphan", order_by="Attachment.uploaded_at",
        back_populates="intervention",
    )

    def tag_keys(self, vocabulary: str) -> list[str]:
        return [tag.key for tag in self.tags if tag.vocabulary == vocabulary]

    @property
    def themes(self) -> list[str]:
        return self.tag_keys("theme")

    @property
    def target_groups(self) -> list[str]:
        return self.tag_keys("target_group")

    @property
    def effects(self) -> list[str]:
        return self.tag_keys("effect")

    @property
    def budget_euros(self) -> int | None:
        return None if self.budget_cents is None else self.budget_cents // 100

    @property
    def year(self) -> int | None:
        return self.start_date.year if self.start_date else None

    def __repr__(self) -> str:
        return f"<Intervention {self.id} {self.title!r}>"


class InterventionTag(db.Model):
    """One theme, target group or effect of an intervention, by vocabulary key."""

    __tablename__ = "intervention_tag"
    __table_args__ = (
        CheckConstraint(_in("vocabulary", TAG_VOCABULARIES), name="vocabulary"),
        Index("ix_intervention_tag_vocabulary_key", "vocabulary", "key"),
    )

    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), primary_key=True
    )
    vocabulary: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)


class InterventionRevision(db.Model):
    """The whole description as it was after each save: who, when, and a snapshot to diff."""

    __tablename__ = "intervention_revision"
    __table_args__ = (UniqueConstraint("intervention_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE")
    )
    version: Mapped[int]
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    snapshot: Mapped[dict] = mapped_column(JSON)
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)

    intervention: Mapped[Intervention] = relationship(back_populates="revisions")
    changed_by: Mapped[User | None] = relationship()


class Attachment(db.Model):
    """A file stored outside the web root, under the instance folder, by a random name."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    intervention: Mapped[Intervention] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()


class SearchQueue(db.Model):
    """Outbox: interventions whose search document must be rewritten after the commit."""

    __tablename__ = "search_queue"

    intervention_id: Mapped[int] = mapped_column(primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)


class CatalogueState(db.Model):
    """One row whose version rises with every change that can alter what the catalogue shows.

    Each web process keeps the facet data of all interventions in memory and reloads it when
    this version moves, so facet counts and filters always follow the database.
    """

    __tablename__ = "catalogue_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
