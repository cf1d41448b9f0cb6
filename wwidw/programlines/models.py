"""Program lines with one level of sub-lines, and the interventions sorted under them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wwidw.accounts.models import Organisation
from wwidw.extensions import db
from wwidw.models import TimestampMixin

intervention_program_line = db.Table(
    "intervention_program_line",
    db.Column("intervention_id", ForeignKey("intervention.id", ondelete="CASCADE"),
              primary_key=True),
    db.Column("program_line_id", ForeignKey("program_line.id", ondelete="CASCADE"),
              primary_key=True),
    Index("ix_intervention_program_line_program_line_id", "program_line_id"),
)


class ProgramLine(TimestampMixin, db.Model):
    __tablename__ = "program_line"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR start_date <= end_date",
                        name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_line.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    municipality_code: Mapped[str] = mapped_column(String(6), default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    position: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)

    organisation: Mapped[Organisation] = relationship()
    parent: Mapped[ProgramLine | None] = relationship(remote_side=[id],
                                                      back_populates="children")
    children: Mapped[list[ProgramLine]] = relationship(
        back_populates="parent", order_by="ProgramLine.position"
    )

    @property
    def full_name(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent else self.name
