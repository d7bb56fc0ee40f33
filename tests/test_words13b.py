"""Walk 13b's content and wording defects: the one-field edit keeps a wrong entry, the
evidence shows Chinese kinds, a caseworker's new case is theirs, the words read right."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import TextDialog


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
    case = new_case(wb, title="改正", phone="13912345678")
    store.dispose()
    assert case.id is not None
    return url, case.id


async def open_case(app, case_id: int, pilot) -> CaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.open_case(case_id)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    return app.screen  # type: ignore[no-any-return]


async def test_demand_edit_keeps_a_wrong_entry_open_with_the_error(url_and_case) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("end", "enter")  # 投诉请求
        await settle(pilot, lambda: isinstance(app.screen, TextDialog))
        dialog = app.screen
        area = dialog.query_one("TextArea")
        old = area.text  # type: ignore[attr-defined]
        assert area.cursor_location == area.document.end  # type: ignore[attr-defined]
        area.text = "退还押金 | 19x9"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is dialog
        assert area.text == "退还押金 | 19x9"  # type: ignore[attr-defined]
        error = str(dialog.query_one("#text-error").render())
        assert "第 1 行" in error and dialog.query_one("#text-error").display
        area.text = "退还押金 | 199"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot, lambda: screen.case is not None
                     and screen.case.demands != () and "199" in str(screen.case.demands))
        assert old != area.text


PNG = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR"
       + struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0) + b"\0\0\0\0")


def rendered(renderable: object) -> str:
    from rich.console import Console

    console = Console(width=100, record=True)
    console.print(renderable)
    return console.export_text()


def test_evidence_shows_a_chinese_file_kind_and_text_previews_show_details(
        url_and_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from workbench.services import cases, evidence
    from workbench.store.blobs import BlobStore
    from workbench.tui.case.evidence import evidence_label, evidence_record, preview_renderable
    from workbench.tui.intake_fields import SECTIONS

    url, case_id = url_and_case
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    blobs = BlobStore(tmp_path / "evidence")
    (tmp_path / "短信.txt").write_text("【示例银行】费率调整通知", encoding="utf-8")
    (tmp_path / "截图.png").write_bytes(PNG)
    rows = []
    for name, kind in (("短信.txt", "chat"), ("截图.png", "photo")):
        version = cases.get_case(wb, case_id).version
        rows.append(evidence.add_evidence(wb, blobs, case_id, version, tmp_path / name,
                                          kind=kind, title=name, source="服务商短信"))
    text_preview = evidence.preview(wb, blobs, rows[0].id)  # type: ignore[arg-type]
    image_preview = evidence.preview(wb, blobs, rows[1].id)  # type: ignore[arg-type]
    items = {item.id: item for item in evidence.evidence_for(wb, case_id)}
    store.dispose()
    for preview, kind in ((text_preview, "纯文本"), (image_preview, "PNG 图片")):
        labelled = dict(preview.labelled())
        assert labelled["文件类型"] == kind
        assert "校验值（SHA-256）" in labelled and "sha256" not in labelled
    shown = rendered(preview_renderable(text_preview))
    assert "【示例银行】费率调整通知" in shown and "服务商短信" in shown and "来源" in shown
    text_row = str(evidence_label(items[rows[0].id]))
    assert "纯文本" in text_row and "text/plain" not in text_row
    assert "PNG 图片" in str(evidence_label(items[rows[1].id]))
    record = dict(evidence_record(items[rows[0].id]))
    assert record["媒体类型"] == "text/plain" and "校验值（SHA-256）" in record
    labels = {f.name: f.label for s in SECTIONS for f in s.fields}
    assert labels["terminal_sn"] == "终端序列号"



def test_the_priority_header_is_spelt_out_when_the_screen_is_wide() -> None:
    from workbench.tui.queue_table import column_title, layout

    wide = dict((c.key, (c, w)) for c, w in layout(160))
    column, width = wide["priority"]
    assert column_title(column, width, "") == "优先级"
    assert column_title(column, width, "↑") == "优先级↑"
    assert column_title(column, 4, "") == "优先"
    assert sum(w + 1 for _c, w in layout(160)) + 2 <= 160


@pytest.mark.parametrize("width", [80, 120, 160])
def test_the_view_bar_keeps_counts_and_cuts_a_filter_inside_its_quotes(width: int) -> None:
    from rich.cells import cell_len

    from workbench.services.queue import BUILTIN_VIEWS
    from workbench.tui.viewbar import view_bar

    views = list(BUILTIN_VIEWS)
    counts = {0: 174, 1: 108, 2: 57, 3: 540, 4: 262, 5: 3, 6: 5000, 7: 195}
    typed = "provider:某某信息 cat:跳码 overdue 押金没有退还的那些案件"
    bar = view_bar(views, counts, 2, width, typed).plain
    assert cell_len(bar) <= width
    assert "57" in bar  # the current view's count always stays
    # every count stays where they leave the filter room; at 80 they would fill the bar,
    # and what is filtered matters more than the other views' counts
    assert ("174" in bar) == (width > 80)
    filtered = bar[bar.index("筛选"):]
    assert filtered.endswith(f"“{typed}”") or (
        filtered.endswith("…”") and cell_len(bar) >= width - 1)  # the width used
    short = view_bar(views, counts, 2, width, "provider:某某信息 cat:跳码").plain
    assert "“provider:某某信息 cat:跳码”" in short or (width == 80 and "“provider:" in short)
    assert cell_len(short) <= width


def test_the_words_read_as_chinese() -> None:
    from workbench.domain import events, ladder
    from workbench.services.views import NoteLine
    from workbench.tui import feedback
    from workbench.tui.case.evidence import notes_renderable

    assert events.describe("annotated", {"evidence_id": 7027, "evidence_title": "费率短信"}) \
        == "为证据 #7027「费率短信」添加批注"
    assert events.describe("annotated", {"evidence_id": 7027}) == "为证据 #7027 添加批注"
    assert events.describe("contact_logged", {"channel": "online",
                                              "counterpart": "某某信息在线客服"}) \
        == "联系某某信息在线客服"
    assert events.describe("contact_logged", {"channel": "phone", "counterpart": "客服"}) \
        == "通过电话联系客服"
    assert ladder.Body.NONE.label == "无（尚无机构受理）"
    note = NoteLine(1, None, "2026-12-02 09:47", "王丽", ("核实", "跟进"), "已电话联系")
    shown = notes_renderable([note]).plain
    assert "（核实、跟进）：已电话联系" in shown and "[" not in shown
    assert feedback.NOTE_SAVED == "已保存批注"


def _form(**changes: object):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from workbench.services.intake import IntakeForm

    form = IntakeForm(title="押金不退", name="张三", phone="13812345678", provider="示例汇达",
                      categories=["押金"], narrative="办理时收取押金299元，承诺三个月后退还。")
    return replace(form, **changes)


@pytest.mark.parametrize(("login", "assigned"), [("wang.li", True), ("zhao.min", False)])
def test_a_caseworker_s_new_case_is_theirs_and_facts_are_required(
        url_and_case, login: str, assigned: bool) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from workbench.services import cases, intake
    from workbench.store.models import CaseEvent

    url, _case_id = url_and_case
    store = open_test_store(url)
    wb = Workbench(store=store, actor=login, clock=FrozenClock.on(TODAY))
    with pytest.raises(intake.IntakeErrors) as refused:
        intake.register(wb, _form(narrative="  "), allow_duplicate=True)
    assert refused.value.errors["narrative"] == "事实与理由必填：写明投诉的事实和理由"
    done = intake.register(wb, _form(), allow_duplicate=True)
    case = cases.get_case(wb, done.id)
    with store.session() as session:
        kinds = list(session.execute(select(CaseEvent.kind).where(
            CaseEvent.case_id == done.id)).scalars())  # type: ignore[arg-type]
    store.dispose()
    assert (case.assignee_id is not None) is assigned
    assert ("assigned" in kinds) is assigned


def test_the_export_check_words_its_remedy_for_its_caller(url_and_case) -> None:  # type: ignore[no-untyped-def]
    from workbench.services import filings
    from workbench.tui.export import TUI_REMEDIES

    url, case_id = url_and_case
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    cli = filings.check_export(wb, case_id, "complaint_letter_superior")
    tui = filings.check_export(wb, case_id, "complaint_letter_superior", remedies=TUI_REMEDIES)
    store.dispose()
    said = [b for b in cli.blockers if "上级机构" in b]
    assert said and "--addressee" in said[0]
    shown = [b for b in tui.blockers if "上级机构" in b]
    assert shown and "--" not in shown[0] and "R" in shown[0]


async def test_a_blocked_preflight_offers_no_export_and_names_tui_keys(url_and_case) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Label

    from workbench.tui.export import PreflightDialog

    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, case_id, pilot)
        app.push_screen(PreflightDialog(case_id, "complaint_letter_superior", False))
        await settle(pilot, lambda: isinstance(app.screen, PreflightDialog)
                     and app.screen.checked is not None)
        dialog = app.screen
        lines = str(dialog.query_one("#preflight-lines", Label).content)
        assert "上级机构" in lines and "--addressee" not in lines and "队列按 R" in lines
        ids = {a.binding.id for a in dialog.active_bindings.values()}
        assert "preflight.go" not in ids and "preflight.back" in ids
