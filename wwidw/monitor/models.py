"""The monitoring plan and its results (DESIGN §4, §7; EXAMPLES §10): goals with a baseline and
targets per period, measurements with their change history, activity records and costs per
period, budgets per funder, and the report texts a manager writes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wwidw.extensions import db
from wwidw.models import TimestampMixin, utcnow

RESULT_TYPES = ("activity", "economic", "effect")
MEASURES = ("number", "percentage", "currency", "score")
DIRECTIONS = ("increase", "decrease", "maintain")
FREQUENCIES = ("once", "yearly", "half_yearly", "quarterly", "monthly")
COST_CATEGORIES = ("personnel", "material", "accommodation", "other")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Goal(TimestampMixin, db.Model):
    """One goal of an intervention, IATI-shaped: an indicator with a baseline and targets."""

    __tablename__ = "monitor_goal"
    __table_args__ = (
        CheckConstraint(_in("result_type", RESULT_TYPES), name="result_type"),
        CheckConstraint(_in("measure", MEASURES), name="measure"),
        CheckConstraint(_in("direction", DIRECTIONS), name="direction"),
        CheckConstraint(_in("target_frequency", FREQUENCIES), name="target_frequency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), index=True)
    result_type: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    # A key of the effect taxonomy (wwidw/interventions/data/effects.json).
    effect_key: Mapped[str | None] = mapped_column(String(80))
    indicator_name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    unit_label: Mapped[str] = mapped_column(String(60), default="")
    measure: Mapped[str] = mapped_column(String(12), default="number")
    direction: Mapped[str] = mapped_column(String(10), default="increase")
    cumulative: Mapped[bool] = mapped_column(default=False)
    target_frequency: Mapped[str] = mapped_column(String(12), default="once")
    data_source: Mapped[str] = mapped_column(String(300), default="")
    baseline_value: Mapped[float | None]
    baseline_date: Mapped[date | None] = mapped_column(Date)
    baseline_source: Mapped[str] = mapped_column(String(300), default="")
    baseline_na: Mapped[bool] = mapped_column(default=False)
    baseline_na_reason: Mapped[str] = mapped_column(String(300), default="")
    # A goal read from neighbourhood figures: baseline and later values come from the imports.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    indicator_key: Mapped[str | None] = mapped_column(String(80))
    public: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    targets: Mapped[list[GoalTarget]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalTarget.period_end")
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="goal", cascade="all, delete-orphan",
        order_by="(Measurement.measured_on, Measurement.id)")
    area = relationship("Area")

    @property
    def linked(self) -> bool:
        return self.area_id is not None and bool(self.indicator_key)


class GoalTarget(db.Model):
    __tablename__ = "monitor_target"
    __table_args__ = (
        UniqueConstraint("goal_id", "period_start", "period_end"),
        CheckConstraint("period_start <= period_end", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("monitor_goal.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float]
    note: Mapped[str] = mapped_column(String(300), default="")

    goal: Mapped[Goal] = relationship(back_populates="targets")


class Measurement(TimestampMixin, db.Model):
    """A value of a goal on a date (the end of the period it covers, when it covers one)."""

    __tablename__ = "monitor_measurement"
    __table_args__ = (Index("ix_monitor_measurement_goal_date", "goal_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("monitor_goal.id", ondelete="CASCADE"))
    measured_on: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    value: Mapped[float]
    source: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    goal: Mapped[Goal] = relationship(back_populates="measurements")
    changes: Mapped[list[MeasurementChange]] = relationship(
        back_populates="measurement", cascade="all, delete-orphan",
        order_by="MeasurementChange.changed_at")


class MeasurementChange(db.Model):
    """What a measurement was before a correction, by whom and when (DHIS2's audit habit)."""

    __tablename__ = "monitor_measurement_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    measurement_id: Mapped[int] = mapped_column(
        ForeignKey("monitor_measurement.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    old_value: Mapped[float]
    old_measured_on: Mapped[date] = mapped_column(Date)
    old_note: Mapped[str] = mapped_column(Text, default="")

    measurement: Mapped[Measurement] = relationship(back_populates="changes")


class ActivityRecord(TimestampMixin, db.Model):
    """What happened in a period for one activity: the reach of the intervention."""

    __tablename__ = "monitor_activity"
    __table_args__ = (
        UniqueConstraint("intervention_id", "period_start", "period_end", "activity"),
        CheckConstraint("period_start <= period_end", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    activity: Mapped[str] = mapped_column(String(200))
    sessions: Mapped[int | None]
    participants: Mapped[int | None]
    new_participants: Mapped[int | None]
    volunteers: Mapped[int | None]
    volunteer_hours: Mapped[float | None]
    professional_hours: Mapped[float | None]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))


class CostEntry(TimestampMixin, db.Model):
    """Money spent in a period, in integer cents (never a float)."""

    __tablename__ = "monitor_cost"
    __table_args__ = (
        CheckConstraint(_in("category", COST_CATEGORIES), name="category"),
        CheckConstraint("period_start <= period_end", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    hours: Mapped[float | None]
    funder: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))


class FunderBudget(db.Model):
    __tablename__ = "monitor_funder_budget"
    __table_args__ = (UniqueConstraint("intervention_id", "funder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), index=True)
    funder: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int] = mapped_column(BigInteger)


class MonitorReport(TimestampMixin, db.Model):
    """The texts a manager writes: conclusions for the SMART report, and the plain-language
    summary for residents, public only while published."""

    __tablename__ = "monitor_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), unique=True)
    conclusions: Mapped[str] = mapped_column(Text, default="")
    resident_summary: Mapped[str] = mapped_column(Text, default="")
    resident_summary_published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
