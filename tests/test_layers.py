"""Imports flow one way: tui/cli → services → store/filings → domain (DESIGN §6)."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbench"

# layer → what it must never import
FORBIDDEN = {
    "domain": ("textual", "sqlalchemy", "sqlmodel", "alembic", "docx", "keyring",
               "workbench.store", "workbench.services", "workbench.tui", "workbench.filings",
               "workbench.cli"),
    "store": ("textual", "docx", "workbench.services", "workbench.tui", "workbench.cli"),
    "filings": ("textual", "workbench.services", "workbench.tui", "workbench.cli"),
    "services": ("textual", "workbench.tui", "workbench.cli"),
    "demo": ("textual", "workbench.tui", "workbench.cli"),
}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer: str) -> None:
    offenders = []
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in imports_of(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_only_tui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "tui" not in path.relative_to(PACKAGE).parts[:1]
        and any(n == "textual" or n.startswith("textual.") for n in imports_of(path))
    ]
    assert offenders == []


def test_wheel_ships_styles_and_migrations(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    if done.returncode != 0 and "hatchling" in done.stderr:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
             str(ROOT)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "workbench/styles/app.tcss" in names
    assert "workbench/styles/filings.toml" in names
    assert "workbench/domain/deadline_rules.toml" in names
    assert any(n.startswith("workbench/store/migrations/versions/0001") for n in names)
    assert "workbench/store/migrations/script.py.mako" in names


def test_styles_found_from_the_checkout() -> None:
    from workbench.config import styles_dir

    assert (styles_dir() / "app.tcss").is_file()
