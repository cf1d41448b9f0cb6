"""Engine-neutral rules of Dutch search, shared by every engine so they analyse alike."""

from __future__ import annotations

OPERATORS = ("AND", "OR", "NOT")


def loanword_plural(word: str) -> str:
    """Dutch loanwords ending in -é take an -s plural (taalcafés); the Snowball stemmer keeps
    that s, so singular and plural would never meet. Drop it after a consonant + e."""
    if len(word) > 4 and word.endswith("es") and word[-3] not in "aeiouy":
        return word[:-1]
    return word


def devoice(stem: str) -> str:
    """huizen/huis and brieven/brief: Dutch plurals voice a final s or f (huiz-, briev-), and
    the Snowball stemmer leaves that, so the stems differ. Devoice the stem's last letter."""
    if len(stem) > 3 and stem[-1] in "zv":
        return stem[:-1] + ("s" if stem[-1] == "z" else "f")
    return stem


def tidy_query(text: str) -> str:
    """Drop operators that have nothing to join: "taal NOT" → "taal", "AND" → ""."""
    tokens = text.split()
    kept: list[str] = []
    for position, token in enumerate(tokens):
        if token in OPERATORS:
            nxt = tokens[position + 1] if position + 1 < len(tokens) else None
            if not kept or kept[-1] in OPERATORS or nxt is None or nxt in OPERATORS:
                continue
        kept.append(token)
    while kept and kept[-1] in OPERATORS:
        kept.pop()
    return " ".join(kept)
