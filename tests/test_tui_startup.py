# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""Start-up does only what the first page needs (issue 17, "paint and page"): `workbench`
with global options alone loads the root command, not every subcommand's module; garbage
collection is paused until the first page is painted and is on again after it."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui_support import make_app, queue, settle, template, url  # noqa: F401
from workbench.cli.options import opens_queue
from workbench.tui import collector

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("argv", "queue_only"), [
    ([], True),
    (["--db", "sqlite:///x.db", "--user", "wang.li"], True),
    (["--db=sqlite:///x.db", "--demo", "--config", "c.toml"], True),
    (["--demo"], True),
    (["--db"], False),  # a value missing: Click says so, with every command loaded
    (["--help"], False),
    (["cases", "list"], False),
    (["--db", "sqlite:///x.db", "demo"], False),
    (["--demo", "people"], False),
])
def test_global_options_alone_open_the_queue(argv: list[str], queue_only: bool) -> None:
    assert opens_queue(argv) is queue_only


def test_a_queue_only_start_loads_no_subcommand_module() -> None:
    script = (
        "import json, sys\n"
        "import workbench.cli as cli\n"
        "root = cli._commands(True)\n"
        "print(json.dumps([sorted(m for m in sys.modules if m.startswith('workbench.cli.')),\n"
        "                  len(root.registered_commands)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=ROOT, timeout=120).stdout
    modules, commands = json.loads(out)
    assert commands == 0
    assert set(modules) <= {"workbench.cli.root", "workbench.cli.options",
                            "workbench.cli.errors", "workbench.cli.output",
                            "workbench.cli.click_text"}, modules


def test_pause_and_resume() -> None:
    assert gc.isenabled()
    try:
        collector.pause()
        assert collector.paused() and not gc.isenabled()
        collector.resume()
        assert not collector.paused() and gc.isenabled()
        collector.resume()  # once only
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_resume_leaves_a_collector_that_was_off_alone() -> None:
    gc.disable()
    try:
        collector.pause()
        collector.resume()
        assert not collector.paused() and not gc.isenabled()
    finally:
        gc.enable()


async def test_collection_is_on_again_once_the_first_page_is_painted(url: str) -> None:
    collector.pause()  # as the root command does before it opens the queue
    try:
        app = make_app(url)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot, lambda: queue(app)[1].current() is not None)
            await settle(pilot, lambda: not collector.paused())
            assert gc.isenabled()
    finally:
        collector.resume()
        gc.enable()
        gc.unfreeze()
