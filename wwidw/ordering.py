"""Moving an item up or down among its siblings (free fields, program lines)."""

from __future__ import annotations

from typing import Any


def swap_with_neighbour(siblings: list[Any], item: Any, direction: int) -> None:
    """Renumber ``position`` 0..n in the current order, then swap the item with the one above
    (-1) or below (+1); at either end nothing moves."""
    index = siblings.index(item)
    other = index + direction
    if 0 <= other < len(siblings):
        for position, sibling in enumerate(siblings):
            sibling.position = position
        siblings[index].position, siblings[other].position = other, index
