"""The TUI's header: who you are, your role, the database, 演示 on a demo database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from tests.conftest import TODAY, _passphrase
from tests.tui_support import settle
from workbench.config import LoadedSettings, Settings
from workbench.domain.clock import FrozenClock
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench
from workbench.store.engine import open_store
from workbench.tui.app import WorkbenchApp
from workbench.tui.header import AppHeader


async def _header(wb: Workbench) -> str:
    app = WorkbenchApp(wb, LoadedSettings(Settings(), Path("/nonexistent/config.toml"), False))
    async with app.run_test(size=(120, 30)) as pilot:
        bar = app.screen.query_one(AppHeader)
        await settle(pilot, lambda: "经办人" in str(bar.render()) or "负责人" in str(bar.render()))
        return str(bar.render())


async def test_the_header_names_me_my_role_and_the_database(wb: Workbench) -> None:
    ensure_caseworker(wb, "alice", "爱丽丝", role="supervisor")
    text = await _header(wb)
    url = make_url(wb.store.url)  # PostgreSQL: the server and the database, no user
    name = f"{url.host}/{url.database}" if url.host else Path(url.database or "").name
    assert f"爱丽丝（alice） · 负责人 · 数据库 {name}" in text
    assert "@" not in text and (url.password or "\0") not in text
    assert "演示" not in text and "代为操作" not in text


async def test_a_demo_database_is_marked_and_acting_is_shown(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}", _passphrase, demo=True)
    wb = Workbench(store=store, actor="wang.li", real_actor="root", clock=FrozenClock.on(TODAY))
    ensure_caseworker(wb, "wang.li", "王丽")
    try:
        text = await _header(wb)
    finally:
        store.dispose()
    assert "王丽（wang.li） · 由 root 代为操作 · 经办人 · 数据库 demo.db" in text
    assert "演示" in text


async def test_an_admin_registers_and_deactivates_people_on_the_people_screen(
        wb: Workbench) -> None:
    from workbench.services import people
    from workbench.tui.people import PeopleScreen

    ensure_caseworker(wb, "alice", "爱丽丝", role="admin")
    app = WorkbenchApp(wb, LoadedSettings(Settings(), Path("/nonexistent/config.toml"), False))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.action_people()
        await settle(pilot, lambda: isinstance(app.screen, PeopleScreen))
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        await settle(pilot, lambda: len(screen.rows) == 1)
        await pilot.press("a")
        for answer in ("li.na", "李娜"):
            await settle(pilot)
            for ch in answer:
                await pilot.press(ch)
            await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "enter")  # 负责人
        await settle(pilot)
        await pilot.press("enter")  # no database role
        await settle(pilot, lambda: len(screen.rows) == 2)
        assert [(p.login, p.role_label) for p in screen.rows] == [
            ("alice", "管理员"), ("li.na", "负责人")]
        await pilot.press("down", "d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, lambda: not screen.rows[-1].active)
    assert [p.active for p in people.list_people(wb) if p.login == "li.na"] == [False]
