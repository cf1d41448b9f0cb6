"""Uploading figures: CBS files by platform admins, local figures by organisations."""

from __future__ import annotations
