"""Areas as CBS codes them: GM0797 (gemeente), WK079701 (wijk), BU07970101 (buurt)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
