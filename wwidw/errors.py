"""Errors raised by services: a message for the user, and the form field it belongs to."""

from __future__ import annotations


class ServiceError(Exception):
    """A business rule refused the action. ``message`` is already translated (or lazy)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
