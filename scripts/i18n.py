"""Translation catalogues: extract, update, compile and check (used by the Makefile and CI).

Source strings are English. The Dutch catalogue holds the real translations; the English
catalogue repeats each source string, so both languages are complete catalogues.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "wwidw" / "translations"
POT = ROOT / "build" / "messages.pot"
LOCALES = ("nl", "en")


def _po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def extract() -> None:
    POT.parent.mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "--sort-output",
         "-o", str(POT), str(ROOT)],
        check=True,
    )


def update() -> None:
    """Merge new source strings into both catalogues; English copies the source string."""
    extract()
    with POT.open("rb") as handle:
        template = read_po(handle)
    for locale in LOCALES:
        path = _po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=locale, project="wwidw")
        catalog.update(template, no_fuzzy_matching=True)
        if locale == "en":
            for message in catalog:
                strings = message.string if isinstance(message.string, tuple) else (
                    message.string,)
                if message.id and not all(strings):
                    message.string = message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, sort_output=True, width=100,
                     ignore_obsolete=True, no_location=True)


def compile_all() -> None:
    for locale in LOCALES:
        path = _po_path(locale)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


def missing(locale: str) -> list[str]:
    with _po_path(locale).open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    gaps = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def check() -> int:
    problems = {locale: missing(locale) for locale in LOCALES}
    for locale, gaps in problems.items():
        for gap in gaps:
            print(f"{locale}: untranslated: {gap!r}")
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(f"unknown command {command!r}: use update, compile or check")
