"""Areas as CBS codes them: GM0797 (gemeente), WK079701 (wijk), BU07970101 (buurt)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from wwidw.extensions import db
from wwidw.models import TimestampMixin

AREA_LEVELS = ("municipality", "district", "neighbourhood")
LEVEL_BY_PREFIX = {"GM": "municipality", "WK": "district", "BU": "neighbourhood"}


class Area(TimestampMixin, db.Model):
    __tablename__ = "area"
    __table_args__ = (
        CheckConstraint("level IN ('municipality', 'district', 'neighbourhood')", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("area.id"), index=True
    )
    # CBS publishes a division per year; an area code that disappears keeps its history.
    first_year: Mapped[int | None]
    last_year: Mapped[int | None]

    parent: Mapped[Area | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="Area.code")

    @property
    def municipality_code(self) -> str:
        return "GM" + self.code[2:6]

    def ancestors(self) -> list[Area]:
        chain: list[Area] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def __repr__(self) -> str:
        return f"<Area {self.code} {self.name!r}>"


class IndicatorValue(db.Model):
    """One figure of an area in a year. A value the source marks as unknown or secret is a
    row with ``value`` NULL: missing stays missing, never 0 (DESIGN §4)."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("area_id", "indicator_key", "year", "organisation_id"),
        Index("ix_indicator_value_indicator_year", "indicator_key", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    # Keys of wwidw/neighbourhoods/data/indicators.json.
    indicator_key: Mapped[str] = mapped_column(String(80))
    year: Mapped[int]
    value: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(30), default="cbs_kwb")
    # NULL for official figures everyone may see; an organisation's own local figures later.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))


class CbsImport(TimestampMixin, db.Model):
    """A record of each imported file: what, when, by whom, and what it changed."""

    __tablename__ = "cbs_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int]
    dialect: Mapped[str] = mapped_column(String(20))
    areas_added: Mapped[int] = mapped_column(default=0)
    values_added: Mapped[int] = mapped_column(default=0)
    values_changed: Mapped[int] = mapped_column(default=0)
    unmapped_columns: Mapped[list] = mapped_column(JSON, default=list)
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
