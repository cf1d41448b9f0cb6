"""Fill Dutch translations from JSON files (msgid -> msgstr, or [singular, plural]) into the
catalogue, leaving translations that exist alone. For maintainers: ``python
scripts/apply_translations.py FILE.json ...`` then ``python scripts/i18n.py compile``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parents[1] / "wwidw/translations/nl/LC_MESSAGES/messages.po"


def main(files: list[str]) -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    given: dict[str, object] = {}
    for name in files:
        given.update(json.loads(Path(name).read_text(encoding="utf-8")))
    filled = 0
    for message in catalogue:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key not in given:
            continue
        empty = (not message.string or (isinstance(message.string, tuple)
                                         and not all(message.string)) or message.fuzzy)
        if not empty:
            continue
        value = given[key]
        if isinstance(message.id, tuple):
            message.string = tuple(value) if isinstance(value, list) else (value, value)
        else:
            message.string = value[0] if isinstance(value, list) else value
        message.flags.discard("fuzzy")
        filled += 1
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalogue, width=100)
    print(f"{filled} translations filled")


if __name__ == "__main__":
    main(sys.argv[1:])
