"""The case screen: tabs, personal data reveal (audited), contacts, edits and conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.clock import FrozenClock
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.store.models import CaseEvent, Contact
from workbench.tui.case.contacts import ContactDialog
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import AskDialog, ConflictDialog, PickDialog, TextDialog


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def url_and_case(template: Path, tmp_path: Path) -> tuple[str, int]:
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="案件详情", phone="13912345678", id_number="11010519491231002X")
    store.dispose()
    assert case.id is not None
    return url, case.id


async def open_case(app, case_id: int, pilot) -> CaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.open_case(case_id)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    return app.screen  # type: ignore[no-any-return]


async def confirm_new_provider(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Answer intake's question before it registers a provider not yet registered."""
    await settle(pilot, lambda: isinstance(app.screen, PickDialog))
    assert app.screen.title_text.startswith("是否新建服务商")
    app.screen.dismiss("new")


def screen_text(screen: CaseScreen, selector: str, width: int = 160) -> str:
    """What a pane shows: a Static's text, or a list tab's rows (one line each)."""
    from rich.console import Console
    from textual.widgets import DataTable, Static

    widget = screen.query_one(selector)
    if isinstance(widget, DataTable):
        return "\n".join(" ".join(str(cell) for cell in widget.get_row_at(i))
                         for i in range(widget.row_count))
    assert isinstance(widget, Static)
    console = Console(width=width, record=True)
    console.print(widget.content)
    return console.export_text()


async def test_personal_data_is_masked_and_reveal_is_audited(url_and_case) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_case(app, case_id, pilot)
        fields = screen_text(screen, "#case-fields")
        assert "139****5678" in fields and "13912345678" not in fields
        assert "1949" not in fields
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")  # phone
        await settle(pilot)
        assert isinstance(app.screen, AskDialog) and "理由" in app.screen.title_text
        await pilot.press("enter")  # no reason: refused, still masked
        await settle(pilot, lambda: any("需要写明理由" in str(n.message)
                                        for n in app._notifications))
        assert "13912345678" not in screen_text(screen, "#case-fields")
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for ch in "核实身份":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: "13912345678" in screen_text(screen, "#case-fields"))
    store = open_test_store(url)
    with store.session() as session:
        events = session.execute(select(CaseEvent).where(CaseEvent.case_id == case_id)
                                 .where(CaseEvent.kind == "pii_revealed")).scalars().all()
    store.dispose()
    assert [(e.actor, e.payload["field"], e.payload["reason"]) for e in events] == [
        ("wang.li", "phone", "核实身份")]
    assert "13912345678" not in str(events[0].payload)


async def test_tabs_switch_with_number_keys(url_and_case) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import TabbedContent

    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_case(app, case_id, pilot)
        for key, tab in (("3", "timeline"), ("4", "contacts"), ("2", "evidence"),
                         ("5", "filings"), ("1", "overview")):
            await pilot.press(key)
            assert screen.query_one(TabbedContent).active == tab
        assert "受理登记" in screen_text(screen, "#case-timeline")


async def test_contact_dialog_keeps_input_on_error_and_saves(url_and_case) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_case(app, case_id, pilot)
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ContactDialog)
        dialog.query_one("#counterpart").value = "服务商客服"  # type: ignore[attr-defined]
        dialog.query_one("#next").value = "2026-13-01"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is dialog  # still open, the mistake named, nothing lost
        assert dialog.query_one("#counterpart").value == "服务商客服"  # type: ignore[attr-defined]
        dialog.query_one("#summary").value = "客服答应三日内回复 [b]x[/b]"  # type: ignore[attr-defined]
        dialog.query_one("#next").value = "2026-12-01"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and screen.view is not None and bool(screen.view.contacts))
        assert "[b]x[/b]" in screen_text(screen, "#case-contacts")
    store = open_test_store(url)
    with store.session() as session:
        contact = session.execute(select(Contact).where(Contact.case_id == case_id)).scalar_one()
    store.dispose()
    assert contact.next_follow_up is not None and contact.counterpart == "服务商客服"


async def test_edit_conflict_between_two_app_instances(url_and_case) -> None:  # type: ignore[no-untyped-def]
    """Two caseworkers edit the same case; the second sees both values and chooses."""
    url, case_id = url_and_case
    first, second = make_app(url, user="wang.li"), make_app(url, user="li.na")
    async with first.run_test(size=(140, 40)) as p1, second.run_test(size=(140, 40)) as p2:
        s1 = await open_case(first, case_id, p1)
        s2 = await open_case(second, case_id, p2)
        # both type at once (an open case follows changes, so only typed text can be stale)
        for pilot, app, title in ((p1, first, "王丽改的标题"), (p2, second, "李娜改的标题")):
            await pilot.press("E")
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            await pilot.press("enter")  # title
            await settle(pilot)
            assert isinstance(app.screen, AskDialog)
            app.screen.query_one("Input").value = title  # type: ignore[attr-defined]
        for pilot in (p1, p2):
            await pilot.press("enter")
            await settle(pilot)
        assert s1.case is not None and s1.case.title == "王丽改的标题"
        assert isinstance(second.screen, ConflictDialog)
        assert second.screen.theirs == "王丽改的标题" and "王丽" in second.screen.message
        await p2.press("m")  # use mine
        await settle(p2, lambda: s2.case is not None and s2.case.title == "李娜改的标题")
    store = open_test_store(url)
    wb = Workbench(store=store, actor="x", clock=FrozenClock.on(TODAY))
    assert cases.get_case(wb, case_id).title == "李娜改的标题"
    store.dispose()


async def test_narrative_editor_saves_long_hostile_text(url_and_case) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    long_text = ("事实[@click=app.quit]经过[/]\x1b[31m" * 3000)[:100_000]
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_case(app, case_id, pilot)
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # narrative
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("TextArea").text = long_text  # type: ignore[attr-defined]
        await pilot.press("f2")
        shown_as = long_text.replace("\x1b", "\ufffd")  # the text box shows ESC as a mark
        await settle(pilot, lambda: screen.case is not None
                     and screen.case.narrative == shown_as)
        shown = screen_text(screen, "#case-narrative")
        assert "[@click=app.quit]经过[/]" in shown and "\x1b" not in shown
        assert app.is_running
    store = open_test_store(url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT length(narrative) FROM complaint_case WHERE id=:i"),
                            {"i": case_id}).scalar_one() == len(long_text)
    store.dispose()


async def test_intake_shows_every_mistake_keeps_a_draft_and_registers(
        url_and_case) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input, Label

    from workbench.tui.intake_screen import IntakeScreen

    url, _ = url_and_case
    app = make_app(url)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        screen.query_one("#title", Input).value = "押金不退 [b]!"
        screen.query_one("#name", Input).value = "赵六"
        screen.query_one("#phone", Input).value = "12345"
        screen.query_one("#provider", Input).value = "示例汇达支付有限公司"
        await pilot.press("f2")
        await settle(pilot)
        assert "✗" in str(screen.query_one("#err-phone", Label).content)
        assert "✗" in str(screen.query_one("#err-categories", Label).content)
        await pilot.press("escape")  # close, keeping the draft
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        app.screen.dismiss("keep")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.query_one("#phone", Input).value == "12345"
        screen.query_one("#phone", Input).value = "13912340000"
        screen.query_one("#categories").select("deposit_fees")  # type: ignore[attr-defined]
        screen.query_one("#narrative").text = "押金未退。"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await confirm_new_provider(app, pilot)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        assert app.screen.case.title == "押金不退 [b]!"  # type: ignore[union-attr]
        assert app.intake_draft is None


async def test_evidence_tab_add_preview_note_and_checklist(url_and_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input, OptionList, Static

    from workbench.tui.case.evidence import EvidenceDialog, NoteDialog

    url, case_id = url_and_case
    # (a name with a control character cannot be typed into a field: `evidence add` takes it)
    hostile = tmp_path / "..聊天记录 [b]x[@click=app.quit].txt"
    hostile.write_text("客服: 押金三个月后退还\n用户: 好的", encoding="gb18030")
    app = make_app(url)
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await open_case(app, case_id, pilot)
        await pilot.press("2", "a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog)
        dialog.query_one("#path", Input).value = str(tmp_path / "missing.txt")
        dialog.query_one("#title", Input).value = "与客服的聊天记录"
        await pilot.press("f2")
        await settle(pilot)
        assert any("missing.txt" in str(n.message) or "不存在" in str(n.message)
                   for n in app._notifications)
        await pilot.press("a")  # the draft reopens with what was typed
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog)
        assert dialog.query_one("#title", Input).value == "与客服的聊天记录"
        dialog.query_one("#path", Input).value = str(hostile)
        dialog.query_one("#kind").value = "chat"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot, lambda: screen.query_one("#evidence-list", OptionList)
                     .option_count >= 1 and screen.query_one("#evidence-list", OptionList)
                     .get_option_at_index(0).id is not None)
        listing = screen.query_one("#evidence-list", OptionList)
        listing.focus()
        listing.highlighted = 0
        await settle(pilot, lambda: "押金三个月后退还" in screen_text(screen, "#evidence-preview"))
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog) and "证据" in app.screen.target
        app.screen.query_one("TextArea").text = "客服承诺退押金, 关键证据"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot, lambda: "关键证据" in screen_text(screen, "#evidence-notes"))
        assert "✓" in screen_text(screen, "#evidence-checklist") or \
            "✗" in screen_text(screen, "#evidence-checklist")
        assert isinstance(screen.query_one("#evidence-preview"), Static)
    from workbench.domain.query import parse_filter
    from workbench.store import queue as q

    store = open_test_store(url)
    with store.session() as session:
        found = q.window(session, parse_filter("关键证据", TODAY), q.Scope(None, TODAY))
    store.dispose()
    assert [r.id for r in found] == [case_id]


async def test_intake_duplicate_warning_jumps_to_the_open_case(url_and_case) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    from workbench.services import intake
    from workbench.tui.intake_screen import IntakeScreen

    url, _ = url_and_case
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    existing = intake.submit(wb, intake.IntakeForm(
        title="第一次投诉", name="钱七", phone="13700001111", provider="示例重复支付有限公司",
        categories=["跳码"], narrative="跳码。"))
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        for ident, value in (("title", "又来投诉"), ("name", "钱七"), ("phone", "13700001111"),
                             ("provider", "示例重复支付有限公司")):
            screen.query_one(f"#{ident}", Input).value = value
        screen.query_one("#categories").select("code_jumping")  # type: ignore[attr-defined]
        screen.query_one("#narrative").text = "经过如上。"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        assert any(existing.ref in label for _, label in app.screen.options)  # type: ignore[attr-defined]
        await pilot.press("enter")  # open the existing case
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        assert app.screen.case.ref == existing.ref  # type: ignore[union-attr]
        assert app.intake_draft is not None  # what was typed is still there


HOSTILE_VALUES = ["[@click=app.quit]点我[/]", "案由[/oops]", "[link=http://x]y[/link]",
                  "\x1b[31m红\x1b[0m\x07", "‮反向文字", "[b]" + "长" * 300]


@pytest.mark.parametrize("hostile", HOSTILE_VALUES)
async def test_hostile_text_in_every_field_stays_text(template: Path, tmp_path: Path,
                                                      hostile: str) -> None:
    from workbench.services import intake
    from workbench.services.contacts import ContactDraft, log_contact

    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    hostile = hostile.replace("\x00", "")  # the store refuses NUL (tests/test_bounded_input)

    def fit(limit: int) -> str:  # each field within its declared length, as on PostgreSQL
        return hostile[:limit]

    case = intake.submit(wb, intake.IntakeForm(
        title=hostile, kind="merchant", name=fit(200), address=fit(300),
        merchant_name=fit(200), merchant_no=fit(40), provider="示例" + fit(190),
        provider_superior=fit(200), terminal_sn=fit(64), categories=["跳码"],
        narrative=((hostile + "\n") * 2000)[:100_000],
        demands=[(hostile, "1")]), allow_duplicate=True)
    log_contact(wb, case.id, case.version, ContactDraft(
        channel="phone", counterpart=fit(200), summary=hostile, ticket_no=fit(64),
        outcome=hostile))
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(app, case.id, pilot)
        for key in ("1", "2", "3", "4", "5"):
            await pilot.press(key)
            await settle(pilot)
        for selector in ("#case-fields", "#case-narrative", "#case-timeline", "#case-contacts"):
            shown = screen_text(screen, selector)
            assert "\x1b" not in shown and "\x00" not in shown
        if hostile.startswith("[@click"):
            assert hostile in screen_text(screen, "#case-fields")  # literally, not a link
        await pilot.click("#case-fields", offset=(20, 1))
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CaseScreen)


async def test_intake_draft_survives_a_new_session(url_and_case) -> None:  # type: ignore[no-untyped-def]
    """A killed process or dropped SSH link: the next `n` reopens what was typed."""
    from sqlalchemy import text as sql
    from textual.widgets import Input

    from workbench.tui.intake_screen import IntakeScreen

    url, _ = url_and_case
    app = make_app(url)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
        app.screen.query_one("#name", Input).value = "孙八"
        app.screen.query_one("#phone", Input).value = "13600002222"
        app.screen.autosave()  # what the 5-second timer does
        await settle(pilot)
    store = open_test_store(url)
    with store.engine.connect() as conn:
        raw = conn.execute(sql("SELECT payload FROM draft")).scalar_one()
    store.dispose()
    assert "13600002222" not in raw and raw.startswith("v1:")  # encrypted at rest
    again = make_app(url)  # a new process: nothing in memory
    async with again.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(again.screen, IntakeScreen))
        assert again.screen.query_one("#name", Input).value == "孙八"
        assert again.screen.query_one("#phone", Input).value == "13600002222"


async def test_every_event_kind_shows_in_chinese_in_the_timeline(url_and_case) -> None:  # type: ignore[no-untyped-def]
    """Each kind of history entry, written by the builders the services use, reads as
    Chinese on the timeline tab; no stored code reaches the screen."""
    import re

    from tests.test_vocabulary import CJK, SAMPLES, VOCABULARIES
    from workbench.domain.vocabulary import EventKind

    url, case_id = url_and_case
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    with store.write() as session:
        chain = wb.chain(session)
        for event in SAMPLES.values():
            chain.append(event, "zhao.qi", case_id=case_id)
        chain.close()
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_case(app, case_id, pilot)
        await pilot.press("3")
        await settle(pilot)
        assert screen.view is not None
        assert {line.kind for line in screen.view.events} >= set(EventKind)
        shown = screen_text(screen, "#case-timeline")
    lines = [line.split("zhao.qi", 1)[1].strip() for line in shown.splitlines()
             if "zhao.qi" in line]
    assert len(lines) == len(EventKind)
    raw_codes = {c.value for v in VOCABULARIES for c in v if "_" in c.value or len(c.value) > 3}
    raw_codes |= {"complaint_letter_provider", "None", "True", "False"}
    for line in lines:
        assert CJK.search(line), line
        leaked = [code for code in raw_codes if re.search(rf"\b{code}\b", line)]
        assert leaked == [], line


async def test_intake_scope_follows_the_kind_and_the_overview_shows_it(
        url_and_case) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from textual.widgets import Input, Label, Select

    from workbench.tui.intake_screen import IntakeScreen

    url, _ = url_and_case
    app = make_app(url)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.query_one("#scope", Select).value == "consumer"
        screen.query_one("#kind", Select).value = "merchant"
        await settle(pilot, lambda: screen.query_one("#scope", Select).value == "business")
        assert "经营活动" in screen.query_one("#scope_reason", Input).value
        screen.query_one("#scope_reason", Input).value = ""
        screen.query_one("#title", Input).value = "费率被擅自上调"
        screen.query_one("#name", Input).value = "钱七"
        screen.query_one("#merchant_name", Input).value = "钱记水果"
        screen.query_one("#provider", Input).value = "示例汇达支付有限公司"
        screen.query_one("#harm_known_on", Input).value = "2026-03-02"
        screen.query_one("#categories").select("fee_increase")  # type: ignore[attr-defined]
        screen.query_one("#narrative").text = "经过如上。"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot)
        assert "✗" in str(screen.query_one("#err-scope_reason", Label).content)
        screen.query_one("#scope_reason", Input).value = "商户经营使用POS"
        await pilot.press("f2")
        await confirm_new_provider(app, pilot)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        case_screen = app.screen
        assert isinstance(case_screen, CaseScreen)
        fields = screen_text(case_screen, "#case-fields")
        assert "经营活动" in fields and "商户经营使用POS" in fields
        left = (date(2029, 3, 2) - TODAY).days
        warning = screen_text(case_screen, "#case-warning")
        assert "诉讼时效：自 2026-03-02（知道权益受损）起算" in warning.replace("\n", "")
        assert f"剩余 {left} 天" in warning.replace("\n", "")


async def test_access_log_screen_for_supervisors_only(url_and_case) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    from workbench.tui.access import AccessScreen

    url, case_id = url_and_case
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    cases.reveal_personal_data(wb, case_id, "id_number", "核对起诉材料")
    ref = cases.get_case(wb, case_id).ref
    store.dispose()
    app = make_app(url)  # wang.li: a caseworker
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.action_access_log()
        await settle(pilot, lambda: any("只有负责人和管理员" in str(n.message)
                                        for n in app._notifications))
        await settle(pilot, lambda: not isinstance(app.screen, AccessScreen))
    boss = make_app(url, user="li.na")
    store = open_test_store(url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE caseworker SET role = 'supervisor' WHERE login = 'li.na'"))
    store.dispose()
    async with boss.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        command = next(c for c in boss.get_system_commands(boss.screen)
                       if c.title == "个人信息访问记录")  # in the ctrl+p palette
        command.callback()
        await settle(pilot, lambda: isinstance(boss.screen, AccessScreen)
                     and boss.screen.query_one(DataTable).row_count > 0)
        table = boss.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
    assert ["wang.li", ref, "查看", "身份证号", "核对起诉材料"] in [r[1:] for r in rows]
