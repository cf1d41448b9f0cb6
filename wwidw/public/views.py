"""Public pages; route modules are imported here so that registering ``bp`` registers them."""

from __future__ import annotations

from wwidw.public import pages  # noqa: F401 - registers the routes on bp
from wwidw.public.blueprint import bp

__all__ = ["bp"]
