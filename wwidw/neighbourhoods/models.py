"""Areas as CBS codes them (NL00 land, GM0797 gemeente, WK079701 wijk, BU07970101 buurt), their
figures per year, the log of imported files, and organisations' selection models."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from wwidw.extensions import db
from wwidw.models import TimestampMixin

AREA_LEVELS = ("country", "municipality", "district", "neighbourhood")
LEVEL_BY_PREFIX = {"NL": "country", "GM": "municipality", "WK": "district", "BU": "neighbourhood"}
COUNTRY_CODE = "NL00"


class Area(TimestampMixin, db.Model):
    __tablename__ = "area"
    __table_args__ = (
        CheckConstraint(
            "level IN ('country', 'municipality', 'district', 'neighbourhood')", name="level"),
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
    # CBS's most common 4-digit postcode of the area, where a file gives it: residents search
    # by postcode, not by CBS code.
    postcode: Mapped[str | None] = mapped_column(String(4), index=True)

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
    # NULL for official figures everyone may see; set for an organisation's own local figures,
    # which only that organisation sees unless ``shared``.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    shared: Mapped[bool] = mapped_column(default=False)


class CbsImport(TimestampMixin, db.Model):
    """A record of each imported file of figures: what, when, by whom, and what it changed.
    ``kind`` 'cbs' for a KWB file (platform-wide), 'local' for an organisation's own figures."""

    __tablename__ = "cbs_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="cbs", server_default="cbs")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
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


class SelectionModel(TimestampMixin, db.Model):
    """An organisation's "wijkselectiemodel": which figures, weighed how, say where effort is
    needed. Scores are computed on reading (``selection.py``), never stored, so a new import
    updates every ranking at once."""

    __tablename__ = "selection_model"
    __table_args__ = (
        CheckConstraint("level IN ('district', 'neighbourhood')", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    municipality_code: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(20), default="neighbourhood")
    # None: the most recent year with figures, so a new import moves the ranking along.
    year: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    indicators: Mapped[list[SelectionIndicator]] = relationship(
        back_populates="model", cascade="all, delete-orphan",
        order_by="SelectionIndicator.position")


class SelectionIndicator(db.Model):
    __tablename__ = "selection_indicator"
    __table_args__ = (
        UniqueConstraint("model_id", "indicator_key"),
        CheckConstraint("weight BETWEEN 1 AND 10", name="weight"),
        CheckConstraint("effort_when IN ('high', 'low')", name="effort_when"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("selection_model.id", ondelete="CASCADE"))
    indicator_key: Mapped[str] = mapped_column(String(80))
    weight: Mapped[int] = mapped_column(default=1)
    # 'high': a high value means the area needs effort (e.g. % low incomes); 'low' the reverse.
    effort_when: Mapped[str] = mapped_column(String(4))
    position: Mapped[int] = mapped_column(default=0)

    model: Mapped[SelectionModel] = relationship(back_populates="indicators")
