"""Every `--help` of the `workbench` command: light (no database, UI, .docx or crypto
library loaded) and complete (the options and arguments each command had)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer.main
from typer.testing import CliRunner

from workbench.cli import app

ROOT = Path(__file__).resolve().parent.parent
PINNED = Path(__file__).parent / "data" / "cli_help.json"
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual", "docx", "cryptography", "rapidfuzz",
         "keyring", "openpyxl", "workbench.store", "workbench.services", "workbench.tui")


def _parameters(command: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    """Each command's path → its parameters' declarations, for the whole tree."""
    found: dict[str, Any] = {" ".join(path): sorted(
        " ".join(sorted([*param.opts, *param.secondary_opts])) for param in command.params)}
    for name, sub in getattr(command, "commands", {}).items():  # a group's subcommands
        found.update(_parameters(sub, (*path, name)))
    return found


def test_every_help_loads_no_database_ui_docx_or_crypto_library() -> None:
    script = (
        "import json, sys\n"
        "from workbench.cli import main\n"
        f"for path in {list(_parameters(typer.main.get_command(app)))!r}:\n"
        "    sys.argv = ['workbench', *path.split(), '--help']\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, (path, exc.code)\n"
        f"print(json.dumps(sorted({{m.split('.')[0] if not m.startswith('workbench') else m"
        f" for m in sys.modules if m.startswith({HEAVY!r})}})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_every_command_keeps_its_options_and_shows_them_in_help() -> None:
    found = _parameters(typer.main.get_command(app))
    assert found == json.loads(PINNED.read_text(encoding="utf-8"))
    runner = CliRunner()
    for path, params in found.items():
        shown = runner.invoke(app, [*path.split(), "--help"])
        assert shown.exit_code == 0, (path, shown.output)
        for decls in params:
            if decls.startswith("-"):
                assert decls.split()[0] in shown.output, (path, decls)
