"""Peer pages; route modules are imported here so that registering ``bp`` registers them, and
``init_app`` adds the peers' sections to the intervention page."""

from __future__ import annotations

from wwidw.peers import compare_views  # noqa: F401 - registers the routes on bp
from wwidw.peers.blueprint import bp
from wwidw.peers.catalogue import init_app

__all__ = ["bp", "init_app"]
