"""API routes; route modules are imported here so that registering ``bp`` registers them."""

from __future__ import annotations

from wwidw.api import (
    auth,  # noqa: F401 - authenticates every API request
    errors,  # noqa: F401 - JSON error handlers
    routes,  # noqa: F401 - registers its routes on bp
    token_views,  # noqa: F401 - the token pages, on their own blueprint
)
from wwidw.api.blueprint import bp

__all__ = ["bp"]
