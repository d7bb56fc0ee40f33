"""The look of the queue, pinned at 80×24 and 160×48 (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui_support import copy_db, make_app, make_demo_template, queue, settle


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_queue_all_cases(snap_compare, template: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                         size: tuple[int, int]) -> None:
    app = make_app(copy_db(template, tmp_path))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, lambda: queue(app)[1].total > 0)
        await pilot.press("7", "j", "j", "space")
        await settle(pilot, lambda: all(c is not None for c in queue(app)[0].view_counts.values())
                     and len(queue(app)[0].view_counts) == len(queue(app)[0].views))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_queue_filter_error(snap_compare, template: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(copy_db(template, tmp_path))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, lambda: queue(app)[1].total > 0)
        await pilot.press("slash")
        for ch in "stage:nowhere":
            await pilot.press(ch)
        await settle(pilot, lambda: len(queue(app)[0].view_counts) == len(queue(app)[0].views))

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
