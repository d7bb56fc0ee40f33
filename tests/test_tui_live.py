# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""The live case screen: a colleague's change (another process, same database) shows
within two seconds, the tab and scroll position stay, and the caseworker is told who
changed what; text being typed is kept and its save names who changed the case."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TabbedContent

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.test_case_tui import open_case, screen_text
from tests.tui_support import (
    TODAY,
    copy_db,
    make_app,
    settle,
    template,  # noqa: F401  (shared fixtures)
)
from workbench.domain.clock import FrozenClock
from workbench.services import cases, evidence
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench
from workbench.store.blobs import BlobStore
from workbench.tui.case.evidence import EvidencePane
from workbench.tui.case.overview import OverviewPane
from workbench.tui.dialogs import AskDialog, ConflictDialog, PickDialog

WITHIN = 2.0  # seconds: what the caseworker is promised


@pytest.fixture
def url_and_case(template: Path, tmp_path: Path) -> tuple[str, int]:
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="实时案件", narrative="事实经过。\n" * 60)
    store.dispose()
    assert case.id is not None
    return url, case.id


def colleague(url: str, tmp_path: Path) -> Workbench:
    """A second caseworker writing to the same database file, as another process would."""
    store = open_test_store(url)
    wb = Workbench(store=store, actor="zhou.qi", clock=FrozenClock.on(TODAY),
                   blobs=BlobStore(tmp_path / "zhou-evidence" / store.db_id))
    ensure_caseworker(wb, "zhou.qi", "周琦")
    return wb


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_a_colleagues_changes_show_keeping_tab_and_scroll(
        url_and_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    other = colleague(url, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        pane = screen.query_one(OverviewPane)
        pane.scroll_to(y=6, animate=False)
        await pilot.pause()
        assert pane.scroll_y == 6
        version = cases.get_case(other, case_id).version
        cases.edit_case(other, case_id, version, {"title": "周琦改的标题"})
        await settle(pilot, lambda: "周琦改的标题" in screen_text(screen, "#case-fields"),
                     timeout=WITHIN)
        assert screen.query_one(TabbedContent).active == "overview"
        assert pane.scroll_y == 6
        assert any("周琦 刚刚修改了标题" in n for n in notices(app))

        await pilot.press("2")
        listing = screen.query_one(EvidencePane)
        file = tmp_path / "contract.txt"
        file.write_text("合同全文", encoding="utf-8")
        assert other.blobs is not None
        evidence.add_evidence(other, other.blobs, case_id,
                              cases.get_case(other, case_id).version, file,
                              kind="contract", title="合同原件")
        await settle(pilot, lambda: any("周琦 刚刚添加了证据「合同原件」" in n
                                        for n in notices(app)), timeout=WITHIN)
        await settle(pilot, lambda: listing.selected() is not None or bool(
            listing.query_one("#evidence-list").option_count), timeout=WITHIN)
        assert screen.query_one(TabbedContent).active == "evidence"
        assert "合同原件" in str(listing.query_one("#evidence-list")
                                 .get_option_at_index(0).prompt)
    other.store.dispose()


async def test_own_changes_are_not_announced(url_and_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        cases.edit_case(app.wb, case_id, cases.get_case(app.wb, case_id).version,
                        {"title": "我自己改的"})  # e.g. from the CLI in another window
        await settle(pilot, lambda: "我自己改的" in screen_text(screen, "#case-fields"),
                     timeout=WITHIN)
        assert not any("刚刚" in n for n in notices(app))


async def test_typed_text_is_kept_and_the_save_names_who_changed_it(
        url_and_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    other = colleague(url, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, case_id, pilot)
        await pilot.press("E")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("enter")  # title
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
        dialog = app.screen
        dialog.query_one(Input).value = "我正在写的标题"
        cases.edit_case(other, case_id, cases.get_case(other, case_id).version,
                        {"title": "周琦的标题"})
        await settle(pilot, lambda: any("周琦 刚刚修改了标题" in n and "保留" in n
                                        for n in notices(app)), timeout=WITHIN)
        assert app.screen is dialog
        assert dialog.query_one(Input).value == "我正在写的标题"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ConflictDialog))
        conflict = app.screen
        assert isinstance(conflict, ConflictDialog)
        assert "周琦" in conflict.message
        assert conflict.theirs == "周琦的标题" and conflict.mine == "我正在写的标题"
    other.store.dispose()


@pytest.mark.postgres
async def test_live_on_postgresql(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import itertools

    url = pg_server.create_database(f"live_{next(itertools.count())}_{tmp_path.name[-8:]}")
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="实时案件")
    store.dispose()
    assert case.id is not None
    app = make_app(url)
    other = colleague(url, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case.id, pilot)
        await pilot.press("3")
        cases.edit_case(other, case.id, cases.get_case(other, case.id).version,
                        {"priority": "urgent"})
        await settle(pilot, lambda: any("周琦 刚刚修改了优先级" in n for n in notices(app)),
                     timeout=WITHIN)
        await settle(pilot, lambda: "修改优先级" in screen_text(screen, "#case-timeline"),
                     timeout=WITHIN)
        assert screen.query_one(TabbedContent).active == "timeline"
    other.store.dispose()


async def test_a_note_typed_while_a_colleague_changed_the_case_is_not_lost(
        url_and_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from workbench.store.models import Annotation
    from workbench.tui.case.evidence import NoteDialog
    from workbench.tui.dialogs import ConfirmDialog

    url, case_id = url_and_case
    app = make_app(url)
    other = colleague(url, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, case_id, pilot)
        await pilot.press("N")
        await settle(pilot, lambda: isinstance(app.screen, NoteDialog))
        app.screen.query_one("#body").text = "我写的批注"  # type: ignore[attr-defined]
        cases.edit_case(other, case_id, cases.get_case(other, case_id).version,
                        {"priority": "high"})
        await settle(pilot, lambda: any("周琦 刚刚修改了优先级" in n for n in notices(app)),
                     timeout=WITHIN)
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "周琦" in app.screen.question  # type: ignore[attr-defined]
        assert "我写的批注" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("y")
        await settle(pilot, lambda: any("已保存批注" in n for n in notices(app)))
    with other.store.session() as session:
        bodies = session.execute(select(Annotation.body).where(
            Annotation.case_id == case_id)).scalars().all()  # type: ignore[arg-type]
    other.store.dispose()
    assert bodies == ["我写的批注"]
