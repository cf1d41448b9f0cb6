"""Neighbourhood pages: the area index and factsheets. The other route modules of this
blueprint are imported here so that registering ``bp`` registers them all."""

from __future__ import annotations

from wwidw.neighbourhoods import import_views  # noqa: F401 - registers its routes on bp
from wwidw.neighbourhoods.blueprint import bp

__all__ = ["bp"]
