"""Monitor pages. The other route modules of this blueprint are imported here so that
registering ``bp`` registers them all."""

from __future__ import annotations

from wwidw.monitor import (
    dashboard_views,  # noqa: F401 - registers its routes on bp
    entry_views,  # noqa: F401 - registers its routes on bp
    models,  # noqa: F401 - the tables exist before any page uses them
    plan_views,  # noqa: F401 - registers its routes on bp
    report_views,  # noqa: F401 - registers its routes on bp
)
from wwidw.monitor.blueprint import bp

__all__ = ["bp"]
