"""The case queue, driven through the real app with Pilot on a real SQLite database."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.conftest import open_test_store
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, queue, settle
from workbench.config import SavedView, Settings
from workbench.domain.clock import FrozenClock
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.store.models import Case, Caseworker
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import AskDialog, ConfirmDialog, PickDialog
from workbench.tui.help import HelpScreen


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def url(template: Path, tmp_path: Path) -> str:
    return copy_db(template, tmp_path)


async def all_cases(pilot, app, url: str):  # type: ignore[no-untyped-def]
    """Wait for the first page, switch to view 7 (all cases), wait until all are counted."""
    await settle(pilot, lambda: queue(app)[1].total > 0)
    screen, table = queue(app)
    await pilot.press("7")
    await settle(pilot, lambda: table.total == _count(url))
    return screen, table


def _count(url: str, where: str = "1=1") -> int:
    store = open_test_store(url)
    with store.engine.connect() as conn:
        value = conn.execute(text(f"SELECT count(*) FROM complaint_case WHERE {where}")).scalar()
    store.dispose()
    return int(value or 0)


async def test_opens_on_my_open_cases_and_moves(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        _screen, table = queue(app)
        mine = _count(url, "status IN ('open','waiting') AND assignee_id = "
                           "(SELECT id FROM caseworker WHERE login='wang.li')")
        assert table.total == mine
        await pilot.press("7")  # all cases
        await settle(pilot, lambda: table.total == _count(url))
        await pilot.press("j", "j", "j")
        assert table.cursor == 3
        await pilot.press("k")
        assert table.cursor == 2
        await pilot.press("G")
        assert table.cursor == table.total - 1
        await settle(pilot, lambda: table.current() is not None)
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("ctrl+d")
        half = table.page // 2
        assert table.cursor == half
        await pilot.press("f")
        assert table.cursor == 2 * half
        await pilot.press("b", "ctrl+u")
        assert table.cursor == 0


async def test_views_switch_with_numbers_and_brackets(url: str) -> None:
    app = make_app(url, settings=Settings(views=[SavedView(name="跳码", filter="cat:跳码")]))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        screen, table = queue(app)
        await pilot.press("2")
        await settle(pilot, lambda: table.total == _count(
            url, "assignee_id IS NULL AND status IN ('open','waiting')"))
        await pilot.press("]")
        assert screen.view_index == 2
        await pilot.press("[", "[", "[")
        assert screen.view_index == len(screen.views) - 1
        assert screen.views[-1].name == "跳码"
        await settle(pilot, lambda: table.total == _count(
            url, "categories LIKE '%code_jumping%'"))


async def test_text_filter_and_structured_filter_and_errors(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        screen, table = await all_cases(pilot, app, url)
        await pilot.press("slash")
        for ch in "stage:mediation":
            await pilot.press(ch)
        await settle(pilot, lambda: table.total == _count(url, "stage = 'mediation'"))
        mediation = table.total
        await pilot.press("space", "s", "t", "a", "g", "e")  # "stage" alone is free text
        await settle(pilot)
        before = table.total
        await pilot.press("colon", "x")
        await settle(pilot)
        error = screen.query_one("#filter-error")
        assert error.display and "阶段" in str(error.render())
        assert table.total == before  # the previous results stay
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace",
                          "backspace", "backspace", "backspace")
        for ch in " 跳码":
            await pilot.press(ch)
        await settle(pilot, lambda: not screen.query_one("#filter-error").display)
        assert table.total <= mediation
        await pilot.press("enter")
        assert app.focused is table


async def test_sort_by_key_and_by_clicking_the_header(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        screen, table = await all_cases(pilot, app, url)
        await pilot.press("s")  # due → ref? (next key after due in the declared order)
        await settle(pilot)
        assert screen.sort != "due"
        await pilot.click("#header", offset=(4, 0))  # the ref column
        await settle(pilot)
        assert screen.sort == "ref" and screen.descending is False
        first = table.row_at(0)
        await pilot.click("#header", offset=(4, 0))
        await settle(pilot, lambda: table.row_at(0) is not None and table.row_at(0) != first)
        assert screen.descending is True
        assert table.row_at(0).ref > first.ref  # type: ignore[union-attr]


async def test_marks_range_mark_all_and_clear(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        _screen, table = await all_cases(pilot, app, url)
        await pilot.press("space", "space")
        assert len(table.marks) == 2 and table.cursor == 2
        await pilot.press("V", "j", "j", "j", "V")
        await settle(pilot, lambda: len(table.marks) == 6)
        await pilot.press("c")
        assert not table.marks
        await pilot.press("asterisk")
        await settle(pilot, lambda: len(table.marks) == table.total)


async def test_bulk_assign_confirms_with_the_count_and_reports(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        _screen, table = await all_cases(pilot, app, url)
        await pilot.press("space", "space", "space")
        marked = sorted(table.marks)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog)
        options = [value for value, _ in app.screen.options]
        target = options.index("li.na") if "li.na" in options else 1
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "3" in app.screen.question
        await pilot.press("y")
        await settle(pilot, lambda: not table.marks)
    store = open_test_store(url)
    with store.session() as session:
        login = options[target]
        worker = session.execute(select(Caseworker).where(Caseworker.login == login)).scalar_one()
        for case_id in marked:
            assert session.get(Case, case_id).assignee_id == worker.id
    store.dispose()


async def test_bulk_priority_single_case_needs_no_confirmation(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        _screen, table = queue(app)
        case_id = table.current().id  # type: ignore[union-attr]
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")  # the first option: low
        await settle(pilot)
    store = open_test_store(url)
    with store.session() as session:
        assert session.get(Case, case_id).priority == "low"
    store.dispose()


async def test_enter_opens_the_case_and_back_keeps_the_cursor(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 5)
        _screen, table = queue(app)
        await pilot.press("j", "j", "j", "j")
        await settle(pilot, lambda: table.current() is not None)
        ref = table.current().ref  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.sub_title == ref
        await pilot.press("escape")
        await settle(pilot)
        assert queue(app)[1].cursor == 4


async def test_colon_jumps_to_a_case_and_reports_unknown_refs(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        await pilot.press("colon")
        await settle(pilot)
        for ch in "ts-2026-000002":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.screen.sub_title == "TS-2026-000002"
        await pilot.press("escape", "colon")
        await settle(pilot)
        for ch in "TS-1999-1":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert any("TS-1999-1" in str(n.message) for n in app._notifications)


async def test_help_shows_the_current_keymap(url: str) -> None:
    app = make_app(url, settings=Settings(keymap={"queue.down": "n"}))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        _, table = queue(app)
        await pilot.press("n")
        assert table.cursor == 1
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = {row.id: row for row in app.screen.rows}
        assert rows["queue.down"].keys[0] == "n"


async def test_palette_lists_queue_actions_and_views(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "视图：已逾期" in titles
        assert any(t.startswith("分配") for t in titles)
        assert "排序：provider" in titles


HOSTILE = ["[@click=app.quit]点我[/]", "案由[/oops]", "[link=http://x]y[/link]",
           "\x1b[31m红色\x1b[0m", "[b]粗体"]


async def test_hostile_text_shows_literally_and_clicking_does_nothing(url: str) -> None:
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    with store.session() as session:
        provider_id = session.execute(text("SELECT min(id) FROM provider")).scalar_one()
    refs = []
    for name in HOSTILE:
        draft = cases.CaseDraft(
            title=name, provider_id=provider_id,
            complainant=cases.ComplainantDraft(name="王五", kind="merchant", merchant_name=name),
        )
        refs.append(cases.create_case(wb, draft).ref)
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        screen, table = queue(app)
        await pilot.press("slash")
        for ch in "ref:" + "|".join(refs):
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.press("7")
        await settle(pilot, lambda: table.total == 5 and table.row_at(0) is not None)
        lines = [table.render_line(y).text for y in range(table.total)]
        joined = "\n".join(lines)
        for shown in ("[@click=app.quit]点", "案由[/oops]", "[link=http://x]y[/", "[b]粗体"):
            assert shown in joined  # literally, no markup applied (truncated by the column)
        assert "\x1b" not in joined
        await pilot.click("#table", offset=(20, 0))
        await pilot.click("#table", offset=(20, 1))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, type(screen))


async def test_a_second_process_changing_the_database_shows_within_two_seconds(
        url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        _screen, table = await all_cases(pilot, app, url)
        await pilot.press("j", "j", "space")
        await settle(pilot)
        before, cursor, marks = table.total, table.cursor, dict(table.marks)
        script = (
            "import sys; sys.path.insert(0, '.');"
            "from tests.conftest import open_test_store;"
            "from tests.factories import new_case;"
            "from workbench.services.context import Workbench;"
            f"store = open_test_store({url!r});"
            "wb = Workbench(store=store, actor='other');"
            "new_case(wb, title='另一位经办人新建的案件')"
        )
        subprocess.run([sys.executable, "-c", script], check=True,
                       cwd=Path(__file__).resolve().parent.parent, timeout=60)
        started = time.monotonic()
        await settle(pilot, lambda: table.total == before + 1, timeout=5)
        assert time.monotonic() - started < 2.5
        assert table.cursor == cursor and table.marks == marks


async def test_theme_choice_is_remembered_in_the_config_file(url: str, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# my settings\nuser = "wang.li"\n', encoding="utf-8")
    app = make_app(url, config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        app.theme = "nord"
        await settle(pilot)
    text_out = config.read_text(encoding="utf-8")
    assert 'theme = "nord"' in text_out and "# my settings" in text_out


@pytest.mark.postgres
async def test_unreachable_postgres_shows_a_status_and_keys_still_work(
        pg_server, template: Path) -> None:  # type: ignore[no-untyped-def]
    """A server that goes away mid-session: a message, never a frozen or crashed screen."""
    from tests.pgserver import PostgresServer
    from workbench.demo import generate_demo

    server = PostgresServer().start()
    try:
        pg_url = server.create_database("queue_outage")
        store = open_test_store(pg_url)
        generate_demo(store, cases=60, seed=3, clock=FrozenClock.on(TODAY))
        store.dispose()
        app = make_app(pg_url)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot, lambda: queue(app)[1].total > 0)
            screen, table = queue(app)
            await pilot.press("7")
            await settle(pilot, lambda: table.total == 60)
            server.stop()
            await settle(pilot, lambda: bool(screen.problem), timeout=15)
            assert "数据库" in screen.problem
            await pilot.press("j", "j")
            assert table.cursor == 2
            assert app.is_running
    finally:
        server.stop()


async def test_unknown_keymap_ids_are_reported(url: str) -> None:
    app = make_app(url, settings=Settings(keymap={"queue.dwon": "n"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        assert any("queue.dwon" in str(n.message) for n in app._notifications)


def test_every_binding_has_an_id_and_no_ctrl_h_i_j_m() -> None:
    from textual.binding import Binding

    from workbench.tui.app import WorkbenchApp, known_binding_ids
    from workbench.tui.queue_screen import QueueScreen

    assert "queue.down" in known_binding_ids()
    for owner in (WorkbenchApp, QueueScreen):
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, binding
            keys = binding.key.split(",")
            assert not {"ctrl+h", "ctrl+i", "ctrl+j", "ctrl+m"} & set(keys)
            if any(k.startswith("ctrl+") for k in keys):
                assert any(len(k) == 1 for k in keys), binding  # a plain-letter twin


async def test_saved_view_names_with_markup_stay_text_in_the_palette(url: str) -> None:
    app = make_app(url, settings=Settings(views=[SavedView(name="[b]粗[/] [/x]", filter="")]))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        from textual.content import Content

        titles = [c.title for c in app.get_system_commands(app.screen)]
        shown = [Content.from_markup(t).plain for t in titles if "粗" in t]
        assert shown == ["视图：[b]粗[/] [/x]"]


async def test_bulk_refuses_a_case_changed_by_someone_else(url: str) -> None:
    """Marks remember the version seen; a colleague's change is refused, not overwritten."""
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        _screen, table = await all_cases(pilot, app, url)
        await pilot.press("space", "space")
        first, second = sorted(table.marks)
        other = Workbench(store=app.wb.store, actor="li.na", clock=FrozenClock.on(TODAY))
        case = cases.get_case(other, first)
        cases.edit_case(other, first, case.version, {"priority": "urgent"})
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")  # low
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, lambda: list(table.marks) == [first])
        assert any("李娜" in str(n.message) for n in app._notifications)
    store = open_test_store(url)
    with store.session() as session:
        assert session.get(Case, first).priority == "urgent"
        assert session.get(Case, second).priority == "low"
    store.dispose()


def _new_case_in(url: str, title: str) -> Case:
    from tests.factories import new_case

    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title=title)
    store.dispose()
    return case


async def _show_only(pilot, app, ref: str):  # type: ignore[no-untyped-def]
    """Filter the queue down to one case (all views) and put the cursor on it."""
    await settle(pilot, lambda: queue(app)[1].total > 0)
    _screen, table = queue(app)
    await pilot.press("slash")
    for ch in f"ref:{ref}":
        await pilot.press(ch)
    await pilot.press("enter", "7")
    await settle(pilot, lambda: table.total == 1 and table.current() is not None)
    return table


async def _escalate_current(pilot, app, table) -> None:  # type: ignore[no-untyped-def]
    from workbench.tui.escalate import StagePicker

    await pilot.press("e")
    await settle(pilot, lambda: isinstance(app.screen, StagePicker))


async def test_escalation_picker_shows_requirements_and_moves_the_case(url: str) -> None:
    from workbench.tui.escalate import StagePicker

    case = _new_case_in(url, "待升级的案件")
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await _show_only(pilot, app, case.ref)
        await _escalate_current(pilot, app, table)
        picker = app.screen
        assert isinstance(picker, StagePicker) and picker.stage_options is not None
        superior = next(o for o in picker.stage_options if o.stage.value == "superior")
        assert not superior.allowed_now  # skipping a rung needs a reason
        detail = picker.query_one("#picker-detail")
        await pilot.press("down")  # highlight the second option
        await settle(pilot)
        assert any(mark in str(detail.render()) for mark in "✓✎✗")  # ✎: the picker asks it
        await pilot.press("home", "enter")  # the first option: provider (one rung up)
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        await pilot.press("enter")  # no reason needed
        await settle(pilot, lambda: table.current() is not None
                     and table.current().stage == "provider")  # type: ignore[union-attr]
        # and the refusal path: superior without a provider contact cannot be chosen
        await _escalate_current(pilot, app, table)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StagePicker)
        assert "至少记录一次" in str(app.screen.query_one("#picker-detail").render())
        await pilot.press("escape")
        await settle(pilot)
        # undo the move to provider
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, lambda: table.current() is not None
                     and table.current().stage == "intake")  # type: ignore[union-attr]


async def test_bulk_escalation_reports_per_case(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        _screen, table = queue(app)
        await pilot.press("slash")
        for ch in "stage:intake|provider":
            await pilot.press(ch)
        await pilot.press("enter", "7")
        await settle(pilot, lambda: table.total >= 3 and table.current() is not None)
        await pilot.press("space", "space", "space")
        marked = dict(table.marks)
        await pilot.press("e")
        await settle(pilot)
        from workbench.tui.escalate import StagePicker

        assert isinstance(app.screen, StagePicker) and app.screen.stage_options is None
        await pilot.press("down", "down", "enter")  # superior
        await settle(pilot)
        await pilot.press("enter")  # no reason
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "3" in app.screen.question
        await pilot.press("y")
        await settle(pilot, lambda: any("件" in str(n.message) for n in app._notifications))
        summary = [str(n.message) for n in app._notifications][-1]
        assert summary.startswith(("已将", "未完成"))  # what moved, then what not
    store = open_test_store(url)
    with store.session() as session:
        stages = [session.get(Case, i).stage for i in marked]
    store.dispose()
    refused = summary.count("不能转到")
    assert stages.count("superior") + refused == 3


async def test_request_and_approve_media_in_the_tui(url: str) -> None:
    from workbench.tui.approvals import ApprovalsScreen

    case = _new_case_in(url, "需要曝光的案件")
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await _show_only(pilot, app, case.ref)
        await _escalate_current(pilot, app, table)
        options = [o.stage.value for o in app.screen.stage_options]  # type: ignore[attr-defined]
        for _ in range(options.index("media")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AskDialog) and "批准" in app.screen.title_text
        for ch in "监管无回复":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: any("审批申请" in str(n.message) for n in app._notifications))
    # a supervisor opens the approvals list and approves
    boss_app = make_app(url, user="li.na")
    store = open_test_store(url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE caseworker SET role = 'supervisor' WHERE login = 'li.na'"))
        # the demo's own pending requests are answered: this one is the only one left
        conn.execute(text("UPDATE approval_request SET status = 'denied' "
                          "WHERE status = 'pending' AND case_id != :id"), {"id": case.id})
    store.dispose()
    async with boss_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(boss_app)[1].total >= 0)
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(boss_app.screen, ApprovalsScreen)
                     and bool(boss_app.screen.pending))
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, lambda: any("已批准" in str(n.message)
                                        for n in boss_app._notifications))
    store = open_test_store(url)
    with store.engine.connect() as conn:
        status = conn.execute(text("SELECT status FROM approval_request WHERE case_id = :id"),
                              {"id": case.id}).scalar_one()
    store.dispose()
    assert status == "approved"


async def test_case_screen_shows_timeline_bodies_and_limitation(url: str) -> None:
    from datetime import date

    from tests.factories import new_case
    from workbench.tui.dialogs import ChecklistDialog

    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="时效将至")
    cases.edit_case(wb, case.id, case.version, {"harm_known_on": date(2023, 12, 20)})
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        app.open_case(case.id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        warning = str(app.screen.query_one("#case-warning").render())
        assert "诉讼时效" in warning and "24" in warning
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistDialog)
        await pilot.press("space", "enter")  # "none"
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None and app.screen.case.bodies_recorded)
        from tests.test_case_tui import screen_text

        timeline = screen_text(app.screen, "#case-timeline")
        assert "登记已受理机构" in timeline and "受理登记" in timeline
