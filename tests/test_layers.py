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
               "workbench.cli", "workbench.config", "workbench.demo"),
    "store": ("textual", "docx", "workbench.services", "workbench.tui", "workbench.cli",
              "workbench.demo"),
    "filings": ("textual", "workbench.services", "workbench.tui", "workbench.cli",
                "workbench.store"),
    "services": ("textual", "workbench.tui", "workbench.cli", "workbench.demo"),
    "cli": ("textual", "sqlalchemy", "sqlmodel", "alembic", "docx", "keyring", "workbench.store"),
    "tui": ("workbench.store",),
    "demo": ("textual", "workbench.tui", "workbench.cli"),
    "imports": ("textual", "sqlalchemy", "sqlmodel", "alembic", "workbench.store",
                "workbench.services", "workbench.tui", "workbench.cli", "workbench.demo"),
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


def _runtime_imports(path: Path, module: str) -> set[str]:
    """Every workbench module `path` imports when it runs, at the top or inside a function
    (lazy imports count); `if TYPE_CHECKING:` blocks do not run and are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_no_import_circles_lazy_or_not() -> None:
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        if "versions" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _runtime_imports(path, name):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets

    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path_stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path_stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*path_stack[path_stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        path_stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert circles == []
