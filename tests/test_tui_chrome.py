# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""The chrome of every screen: the header that orients, the context footer, `?` help and
the view bar, driven through the real app at 80×24 on real SQLite files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import TODAY, _passphrase
from tests.tui_support import copy_db, make_app, make_demo_template, queue, settle, template, url  # noqa: F401  (shared fixtures)
from workbench.config import LoadedSettings, Settings
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Role
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench
from workbench.services.identity import Identity
from workbench.store.engine import open_store
from workbench.tui.app import WorkbenchApp, known_binding_ids
from workbench.tui.case_screen import CaseScreen
from workbench.tui.footer import KeyFooter
from workbench.tui.header import AppHeader
from workbench.tui.help import HelpRow, HelpScreen
from workbench.tui.keymap import KEY_HELP
from workbench.tui.whoami import header_text

SMALL = (80, 24)
ENGLISH = re.compile(r"[A-Za-z]{2,}")
FRAMEWORK = ("Page Left", "Page Right", "Copy", "Focus Next", "Quit", "Keys")


def _text(widget) -> str:  # type: ignore[no-untyped-def]
    return str(widget.render())


# the header ---------------------------------------------------------------------------------
async def test_the_queue_header_names_me_my_role_the_database_and_the_view(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, lambda: queue(app)[1].exact and queue(app)[1].total > 0)
        header = app.screen.query_one(AppHeader)
        total = queue(app)[1].total
        await settle(pilot, lambda: f"我的待办 {total:,} 件" in _text(header))
        line = _text(header)
        assert "wang.li" in line and "经办人" in line and "wb.db" in line
        assert "演示数据" not in line
        await pilot.press("3")
        await settle(pilot, lambda: "已逾期" in _text(header))


async def test_the_case_screen_has_the_header_too(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        ref = queue(app)[1].current().ref  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        header = app.screen.query_one(AppHeader)
        await settle(pilot, lambda: ref in _text(header))
        assert "经办人" in _text(header)


async def test_a_demo_database_is_marked_at_80_columns(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}", _passphrase, demo=True)
    wb = Workbench(store=store, actor="wang.li", real_actor="root", clock=FrozenClock.on(TODAY))
    ensure_caseworker(wb, "wang.li", "王丽")
    app = WorkbenchApp(wb, LoadedSettings(Settings(), Path("/nonexistent/config.toml"), False))
    try:
        async with app.run_test(size=SMALL) as pilot:
            header = app.screen.query_one(AppHeader)
            await settle(pilot, lambda: "件" in _text(header))
            line = _text(header)
    finally:
        store.dispose()
    assert line.startswith(" 演示数据 ") and "经办人" in line and "root" in line
    assert "我的待办 0 件" in line


def _me(**changes: object) -> Identity:
    fields: dict[str, object] = dict(login="zhou.qi.longname", name="欧阳诸葛明月",
                                     role=Role.SUPERVISOR, real="zhou.qi.longname",
                                     database="db.example.org/workbench_production",
                                     demo=True)
    fields.update(changes)
    return Identity(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("width", [30, 40, 50, 60, 80, 120])
def test_the_header_shortens_by_meaning_and_keeps_role_and_demo(width: int) -> None:
    for me in (_me(), _me(real="root"), _me(demo=False)):
        line = header_text(me, width)
        assert line.cell_len <= width
        assert "负责人" in line.plain
        assert ("演示数据" in line.plain) == me.demo
    wide = header_text(_me(), 120).plain
    assert "欧阳诸葛明月（zhou.qi.longname） · 负责人 · 数据库 db.example.org/" in wide
    assert "workbench_production" in header_text(_me(), 60).plain  # the host goes first


# the footer ---------------------------------------------------------------------------------
async def test_the_footer_shows_a_few_chinese_keys_of_what_has_focus(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        keys = list(app.screen.query_one(KeyFooter).query("FooterKey"))
        labels = [key.description for key in keys]  # type: ignore[attr-defined]
        assert 5 <= len(labels) <= 10  # as many as fit the width (test_walk13_chrome)
        assert labels[0] == "打开" and labels[-1] == "帮助" and "筛选" in labels
        assert not any(ENGLISH.search(label) for label in labels)
        assert sum(key.region.width for key in keys) <= SMALL[0]  # nothing cut off
        await pilot.press("slash")
        await settle(pilot)
        labels = [key.description for key in  # type: ignore[attr-defined]
                  app.screen.query_one(KeyFooter).query("FooterKey")]
        assert labels == ["完成", "返回"]  # the filter field: letters are text now
        await pilot.press("escape", "enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        labels = [key.description for key in  # type: ignore[attr-defined]
                  app.screen.query_one(KeyFooter).query("FooterKey")]
        assert labels[0] == "返回" and "升级" in labels and labels[-1] == "帮助"
        assert len(labels) <= 12  # as many as fit the width (test_walk13_case)


# help ---------------------------------------------------------------------------------------
async def _help(app: WorkbenchApp, pilot) -> HelpScreen:  # type: ignore[no-untyped-def]
    await pilot.press("question_mark")
    await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return screen


def _check_rows(rows: list[HelpRow]) -> None:
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids)), "a binding listed twice"
    pairs = [(row.keys, row.label) for row in rows]
    assert len(pairs) == len(set(pairs)), "the same line twice"
    keys = [key for row in rows for key in row.keys]
    assert len(keys) == len(set(keys)), "a key listed for two actions"
    for row in rows:
        assert row.id in KEY_HELP
        assert not ENGLISH.search(row.label), row
        assert not ENGLISH.search(row.group), row
        assert not any(noise in row.label for noise in FRAMEWORK)


async def test_help_of_the_queue_and_the_case_is_grouped_chinese_and_complete(
        url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        views = len(queue(app)[0].views)
        help_screen = await _help(app, pilot)
        rows = help_screen.rows
        _check_rows(rows)
        ids = {row.id for row in rows}
        assert {"queue.open", "queue.filter", "queue.assign", "app.help", "app.quit"} <= ids
        assert f"queue.view_{views}" in ids and f"queue.view_{views + 1}" not in ids
        assert rows[0].group == "移动"
        assert any(row.label == "视图「已逾期」" for row in rows)
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        help_screen = await _help(app, pilot)
        _check_rows(help_screen.rows)
        ids = {row.id for row in help_screen.rows}
        assert {"case.back", "case.escalate", "case.contact", "case.tab_overview"} <= ids
        assert not any(i.startswith("queue.") for i in ids)


async def test_help_shows_remapped_keys(url: str) -> None:
    app = make_app(url, settings=Settings(keymap={"queue.assign": "w", "queue.down": "n"}))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        rows = {row.id: row for row in (await _help(app, pilot)).rows}
        assert rows["queue.assign"].keys == ("w",)
        assert rows["queue.down"].keys[0] == "n"
        assert "a" not in {key for row in rows.values() for key in row.keys}


async def test_help_filters_on_slash_scrolls_and_closes(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        help_screen = await _help(app, pilot)
        scroller = help_screen.scroller
        assert scroller.max_scroll_y > 0  # at 80×24 the list is longer than the box
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert scroller.scroll_y == 3
        await pilot.press("k")
        await settle(pilot)
        assert scroller.scroll_y == 2
        await pilot.press("pagedown")
        await settle(pilot)
        assert scroller.scroll_y > 3
        await pilot.press("slash")
        for ch in "分配标记":
            await pilot.press(ch)
        await settle(pilot)
        assert [row.id for row in help_screen.shown] == ["queue.assign"]
        await pilot.press("q")  # typed into the search: it finds nothing, the help stays
        await settle(pilot)
        assert help_screen.shown == [] and app.screen is help_screen
        await pilot.press("backspace", "escape")  # leave the search; the help stays open
        await settle(pilot)
        assert app.screen is help_screen
        for key in ("escape", "q", "question_mark"):
            await pilot.press(key)
            await settle(pilot, lambda: not isinstance(app.screen, HelpScreen))
            if key != "question_mark":
                help_screen = await _help(app, pilot)


def test_every_binding_of_the_tui_has_chinese_help() -> None:
    missing = known_binding_ids() - set(KEY_HELP)
    assert not missing, f"add these to tui.keymap.KEY_HELP: {sorted(missing)}"


# the view bar -------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [80, 100, 160])
async def test_the_view_bar_names_every_view_at_any_width(url: str, width: int) -> None:
    app = make_app(url)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        screen, _ = queue(app)
        await settle(pilot, lambda: len(screen.view_counts) == len(screen.views))
        bar = screen.query_one("#views")
        text = bar.text.plain  # type: ignore[attr-defined]
        assert bar.text.cell_len <= width and "…" not in text  # type: ignore[attr-defined]
        for number, view in enumerate(screen.views, 1):
            names = "|".join(re.escape(name) for name in (view.title, view.short_title))
            assert re.search(rf"(^| ){number} ?({names})", text), (number, text)
    if width >= 160:
        assert "1 我的待办" in text
