"""Exporting filings from cases: numbering, masking, records, batch, TUI."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from tests.factories import evidence, new_case
from workbench.domain.clock import FrozenClock
from workbench.errors import RuleViolation
from workbench.services import filings, litigation
from workbench.services.context import Workbench
from workbench.store.models import Case, CaseEvent, Filing


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts).replace("\u2060", "")  # as read: no word joiners


def at_stage(wb: Workbench, case_id: int, stage: str) -> None:
    from sqlalchemy import text

    with wb.store.engine.begin() as conn:
        conn.execute(text("UPDATE complaint_case SET stage = :s WHERE id = :i"),
                     {"s": stage, "i": case_id})


def test_export_numbers_records_and_masks(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb, id_number="11010519491231002X", phone="13912345678")
    at_stage(wb, case.id, "provider")
    evidence(wb, case.id, tmp_path / "files")
    first = filings.export(wb, case.id, "complaint_letter_provider", tmp_path)
    second = filings.export(wb, case.id, "evidence_list", tmp_path)  # the complainant's
    third = filings.export(wb, case.id, "complaint_letter_provider", tmp_path)
    assert first.doc_no.endswith("〔2026〕1号") and third.doc_no.endswith("〔2026〕2号")
    assert second.doc_no == ""  # not the association's paper: no number used
    assert first.path.exists() and first.path.parent == tmp_path
    body = text_of(first.path)
    assert "11010519491231002X" not in body and "13912345678" not in body
    assert "TS-2026-000001" in body and "壹佰贰拾叁元肆角伍分" in body
    with wb.store.session() as session:
        rows = session.execute(select(Filing).order_by(Filing.id)).scalars().all()
        events = session.execute(select(CaseEvent).where(CaseEvent.kind == "filing_exported")
                                 ).scalars().all()
    assert [r.sha256 for r in rows] == [first.sha256, second.sha256, third.sha256]
    assert filings.docs.sha256_of(first.path) == rows[0].sha256
    assert [e.payload["personal_data"] for e in events] == ["masked"] * 3


def test_including_personal_data_is_audited(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb, id_number="11010519491231002X")
    with pytest.raises(RuleViolation, match="不能出具"):
        filings.export(wb, case.id, "civil_complaint", tmp_path)  # not at the legal stage
    at_stage(wb, case.id, "legal")
    with pytest.raises(RuleViolation, match="缺少原告的民族") as refused:
        filings.export(wb, case.id, "civil_complaint", tmp_path)
    assert "缺少合同签订情况" in str(refused.value)
    assert not list(tmp_path.glob("*.docx"))
    with wb.store.session() as session:
        version = session.get(Case, case.id).version
    litigation.set_litigation(wb, case.id, version, {
        "contract": "2025年3月原告与被告签订《特约商户服务协议》，约定费率0.38%。",
        "performance": "原告使用机具收款，被告按月结算。"}, ethnicity="汉族",
        address="北京市朝阳区建国路2号")
    exported = filings.export(wb, case.id, "civil_complaint", tmp_path)
    assert "11010519491231002X" in text_of(exported.path)  # a court paper: always full
    with wb.store.session() as session:
        event = session.execute(select(CaseEvent).where(CaseEvent.kind == "filing_exported")
                                ).scalar_one()
    assert event.payload["personal_data"] == "full"


def test_a_failed_write_consumes_no_number(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)
    at_stage(wb, case.id, "provider")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(RuleViolation):
        filings.export(wb, case.id, "complaint_letter_provider", blocker)
    ok = filings.export(wb, case.id, "complaint_letter_provider", tmp_path)
    assert ok.doc_no.endswith("〔2026〕1号")


def test_batch_export_reports_failures_and_goes_on(wb: Workbench, tmp_path: Path) -> None:
    a, b = new_case(wb), new_case(wb)
    for case in (a, b):  # at intake, "auto" is the evidence list
        evidence(wb, case.id, tmp_path / "files" / case.ref)
    seen: list[int] = []
    result = filings.export_many(wb, [a.id, 999_999, b.id], "auto", tmp_path,
                                 progress=lambda n, _t: seen.append(n))
    assert len(result.done) == 2 and result.refused[0][0] == "未知案件"
    assert seen == [1, 2, 3]
    assert len(list(tmp_path.glob("*.docx"))) == 2


def test_no_evidence_list_or_binder_for_a_case_without_evidence(wb: Workbench,
                                                                 tmp_path: Path) -> None:
    from workbench.store.blobs import BlobStore

    wb.blobs = BlobStore(tmp_path / "blobs")
    case = new_case(wb)
    for kind, label in (("evidence_list", "证据清单"), ("evidence_binder", "证据材料汇编")):
        with pytest.raises(filings.ExportBlocked, match=f"本案尚无证据，不能出具{label}"):
            filings.export(wb, case.id, kind, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    with wb.store.session() as session:
        assert session.execute(select(Filing)).first() is None
    # the kinds are not offered to a case without evidence, and are once it has some
    assert "evidence_list" not in filings.kinds_for("provider", evidence=False)
    assert "evidence_binder" not in filings.kinds_for("provider", evidence=False)
    evidence(wb, case.id, tmp_path / "files")
    assert filings.export(wb, case.id, "evidence_list", tmp_path / "out").path.exists()


def test_evidence_of_another_category_is_warned_not_blocked(wb: Workbench,
                                                            tmp_path: Path) -> None:
    case = new_case(wb)  # 费率上调/乱收费
    at_stage(wb, case.id, "provider")
    evidence(wb, case.id, tmp_path / "a", title="费率告知书",
             proves="服务商自3月起将刷卡费率由0.38%上调至0.6%")  # fits
    evidence(wb, case.id, tmp_path / "b", title="流量卡扣费短信",
             proves="服务商扣收流量卡年费99元")  # 乱收费 covers it
    evidence(wb, case.id, tmp_path / "c", title="微信聊天记录",
             proves="业务员承诺激活后返现，至今未兑现")  # another case's
    checked = filings.check_export(wb, case.id, "evidence_list")
    assert checked.ok
    off = [w for w in checked.warnings if "与本案投诉类别不符" in w]
    assert off == ["证据3（微信聊天记录）的证明对象与本案投诉类别不符（涉及“激活返现未兑现”）："
                   "请核对该证据是否属于本案"]
    letter = filings.check_export(wb, case.id, "complaint_letter_provider")
    assert off[0] in letter.warnings and letter.ok


def test_category_words_are_data() -> None:
    from workbench.domain.categories import (
        Category,
        categories_named,
        category_words,
        foreign_categories,
    )

    assert set(category_words()) == set(Category) - {Category.OTHER}
    assert categories_named("6月结算款被扣除流量卡年费") == {Category.SIM_FEES}
    assert categories_named("客服sim卡") == {Category.SIM_FEES}
    assert categories_named("双方约定费率为0.38%") == frozenset()
    assert foreign_categories("费率由0.38%上调至0.6%", [Category.SIM_FEES]) == {
        Category.FEE_INCREASE}
    assert foreign_categories("费率由0.38%上调至0.6%", [Category.OTHER]) == frozenset()
    assert foreign_categories("扣收流量卡年费", [Category.FEE_INCREASE]) == frozenset()
    # a 客服 who stonewalls is part of any dispute
    assert foreign_categories("客服推诿未予处理", [Category.DATA_LEAK]) == frozenset()


def test_export_never_overwrites(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)
    evidence(wb, case.id, tmp_path / "files")
    one = filings.export(wb, case.id, "evidence_list", tmp_path)
    two = filings.export(wb, case.id, "evidence_list", tmp_path)
    assert one.path != two.path and one.path.exists() and two.path.exists()


@pytest.mark.parametrize("draft", [False, True])
async def test_x_in_the_case_screen_exports_with_progress(tmp_path: Path, draft: bool) -> None:
    from textual.widgets import Checkbox, Label

    from tests.conftest import TODAY, open_test_store
    from tests.tui_support import make_app, settle
    from workbench.tui.case_screen import CaseScreen
    from workbench.tui.dialogs import PickDialog
    from workbench.tui.export import ExportOptions, ExportProgress, PreflightDialog

    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    made = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(made)
    evidence(made, case.id, tmp_path / "files")  # the evidence list is the first kind
    store.dispose()
    app = make_app(url)
    app.wb.filings_dir = tmp_path / "out"
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_case(case.id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")  # the first kind the stage offers
        await settle(pilot)
        assert isinstance(app.screen, ExportOptions)  # masked or full personal data, draft
        box = app.screen.query_one("#export-draft", Checkbox)
        assert str(box.label) == "草稿（不编号）" and not box.value
        if draft:
            await pilot.press("d")
            await settle(pilot, lambda: box.value)
        await pilot.press("enter")  # masked
        await settle(pilot, lambda: isinstance(app.screen, PreflightDialog))
        assert "Enter 导出" in str(app.screen.query_one("#preflight-keys", Label).content)
        await pilot.press("enter")  # nothing blocks
        await settle(pilot, lambda: isinstance(app.screen, ExportProgress)
                     and "完成" in str(app.screen.query_one("#export-title").content))
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.view is not None and bool(app.screen.view.filings))
        assert app.screen.view is not None and app.screen.view.filings[0].draft is draft
    [written] = (tmp_path / "out").glob("*.docx")
    assert written.stem.endswith("（草稿）") is draft


async def test_the_export_dialog_picks_the_addressee_and_shows_the_blockers(
        tmp_path: Path) -> None:
    """A court paper for a case without its litigation details: the court is picked from
    the presumed one, the blockers are listed, Enter writes nothing."""
    from textual.widgets import Label

    from tests.conftest import TODAY, open_test_store
    from tests.tui_support import make_app, settle
    from workbench.filings.documents import FilingKind
    from workbench.tui.case_screen import CaseScreen
    from workbench.tui.dialogs import PickDialog
    from workbench.tui.export import ExportOptions, PreflightDialog

    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb)
    at_stage(wb, case.id, "legal")
    with wb.store.write() as session:  # a court recorded, and one presumed from the address
        session.get(Case, case.id).litigation = {"court": "北京市朝阳区人民法院（东区）"}
    store.dispose()
    app = make_app(url)
    app.wb.filings_dir = tmp_path / "out"
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_case(case.id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        kinds = [value for value, _ in app.screen.options]
        assert FilingKind.CIVIL_COMPLAINT.value in kinds
        for _ in range(kinds.index(FilingKind.CIVIL_COMPLAINT.value)):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ExportOptions))
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog)
                     and app.screen.title_text == "收件单位")
        courts = [label for _, label in app.screen.options]
        assert courts == ["北京市朝阳区人民法院（东区）",
                          "北京市朝阳区人民法院（按被告住所地推定）"]
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, PreflightDialog))
        text = str(app.screen.query_one("#preflight-lines", Label).content)
        assert "收件单位：北京市朝阳区人民法院（东区）" in text
        assert "✗ 民事起诉状缺少原告的民族" in text
        assert "不能导出" in str(app.screen.query_one("#preflight-keys", Label).content)
        await pilot.press("enter")  # refused: the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, PreflightDialog)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
    assert not list((tmp_path / "out").glob("*.docx"))
