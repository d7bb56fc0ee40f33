"""The look of the intake form, pinned at 80×24 and 160×48 (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import tui_support
from tests.tui_support import copy_db, make_app, settle
from workbench.tui.intake_screen import IntakeScreen

template = tui_support.template  # fixture: a demo database per module


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_intake_with_provider_suggestions(snap_compare, template: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          size: tuple[int, int]) -> None:
    app = make_app(copy_db(template, tmp_path))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
        for field in app.screen.query("Input"):
            field.cursor_blink = False  # type: ignore[attr-defined]  # a steady cursor
        await pilot.press(*"赵六", "f4", *"示列")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
