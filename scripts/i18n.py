"""The message catalog's workflow (Babel is a developer tool; the program reads the .mo).

    python scripts/i18n.py extract   # workbench/**.py → workbench/locale/workbench.pot
    python scripts/i18n.py update    # new msgids into en.po (no fuzzy guesses)
    python scripts/i18n.py compile   # en.po → en.mo (commit both)
    python scripts/i18n.py check     # .pot current, every msgid translated, .mo current

After changing a message: extract, update, translate the new entries of en.po (empty
msgstr), compile, commit the .pot, .po and .mo. tests/test_i18n.py runs the same checks.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "workbench" / "locale"
POT = LOCALE / "workbench.pot"
LANGUAGES = ("en",)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "workbench.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def _extract_to(output: Path) -> None:
    pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-o", str(output), "--no-location",
            "--sort-output", "--project", "pos-complaint-workbench", "--charset", "utf-8",
            "-w", "100", "-k", "pgettext:1c,2", "-k", "NP_:1c,2", str(ROOT))


def extract(output: Path = POT) -> None:
    """Write the .pot, only when a message changed: no line numbers, sorted, and the old
    file (with its creation date) kept otherwise, so merges see real changes only."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.pot"
        _extract_to(fresh)
        if not output.exists() or msgids(read(fresh)) != msgids(read(output)):
            output.write_bytes(fresh.read_bytes())


def update() -> None:
    for language in LANGUAGES:
        args = ["-i", str(POT), "-d", str(LOCALE), "-D", "workbench", "-l", language,
                "--no-fuzzy-matching", "--ignore-obsolete", "-w", "100"]
        if not po_path(language).exists():
            pybabel("init", *args[:8])
        else:
            pybabel("update", *args)


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def compiled(language: str) -> bytes:
    """The .mo that en.po compiles to (what `compile` writes)."""
    buffer = io.BytesIO()
    write_mo(buffer, read(po_path(language)))
    return buffer.getvalue()


def compile_catalogs() -> None:
    for language in LANGUAGES:
        mo_path(language).write_bytes(compiled(language))


def msgids(catalog: Catalog) -> set[object]:
    """Every message's (context, msgid): one msgid may be in the catalog in two contexts."""
    return {(message.context, message.id) if message.context else message.id
            for message in catalog if message.id}


def stale_pot() -> set[object]:
    """msgids that extracting again adds or drops (empty: the .pot is current)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.pot"
        _extract_to(fresh)
        return msgids(read(fresh)) ^ msgids(read(POT))


def problems(language: str) -> list[str]:
    """Every way the language's catalog falls short of the .pot."""
    found: list[str] = []
    catalog = read(po_path(language))
    missing = msgids(read(POT)) - msgids(catalog)
    found += [f"{language}: not in the .po: {m!r}" for m in sorted(map(str, missing))]
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{language}: fuzzy: {ids[0]!r}")
        if not all(strings):
            found.append(f"{language}: untranslated: {ids[0]!r}")
    found += placeholder_problems(language, catalog)
    if mo_path(language).read_bytes() != compiled(language):
        found.append(f"{language}: {mo_path(language).name} is not compiled from the .po")
    return found


def placeholder_problems(language: str, catalog: Catalog) -> list[str]:
    """Translations whose {fields} are not the msgid's (format() would fail or lose data)."""
    found = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if text and sorted(PLACEHOLDER.findall(text)) != wanted:
                found.append(f"{language}: placeholders differ: {ids[0]!r} → {text!r}")
    return found


def check() -> int:
    found = [f"stale .pot (run extract): {m!r}" for m in sorted(map(str, stale_pot()))]
    for language in LANGUAGES:
        found += problems(language)
    for line in found:
        print(line)
    return 1 if found else 0


def main(argv: list[str]) -> int:
    commands = {"extract": extract, "update": update, "compile": compile_catalogs}
    if argv == ["check"]:
        return check()
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
