"""`workbench accept`, `request-material`, `refuse`: messages in Chinese, typed grounds,
refusals as errors, and `--notice` writing the .docx."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from workbench.cli import app
from workbench.domain.clock import FrozenClock, SystemClock
from workbench.services import cases
from workbench.services.context import Workbench

runner = CliRunner()


@pytest.fixture
def three(tmp_path: Path) -> tuple[str, list[str]]:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    made = [new_case(wb, title=f"案件{i}") for i in range(3)]
    assert made[2].id is not None  # the third: a merchant's business dispute
    cases.set_scope(wb, made[2].id, made[2].version, "business", "商户为经营活动使用POS机")
    refs = [c.ref for c in made]
    store.dispose()
    return url, refs


def invoke(url: str, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", url, *args])


def stored(url: str, ref: str) -> cases.Case:
    store = open_test_store(url)
    try:
        return cases.find_case(Workbench(store=store, actor="t"), ref)
    finally:
        store.dispose()


def test_accept_with_notice(three: tuple[str, list[str]], tmp_path: Path) -> None:
    url, refs = three
    result = invoke(url, "accept", refs[0], "--note", "材料齐全", "--notice",
                    "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "已决定受理" in result.output and "服务商协商" in result.output
    assert "通知书" in result.output
    [docx] = (tmp_path / "out").glob("*.docx")
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "受理通知书" in text and "决定予以受理" in text
    assert stored(url, refs[0]).stage == "provider"


def test_request_material(three: tuple[str, list[str]], tmp_path: Path) -> None:
    url, refs = three
    by = SystemClock().today() + timedelta(days=14)  # the CLI runs on the real clock
    result = invoke(url, "request-material", refs[1], "--items", "交易流水", "--items", "合同",
                    "--by", by.isoformat(), "--notice", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "已通知补正：交易流水、合同" in result.output
    [docx] = (tmp_path / "out").glob("*.docx")
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "1. 交易流水" in text and f"{by.year}年{by.month}月{by.day}日" in text
    case = stored(url, refs[1])
    assert (case.decision, case.material_due_on) == ("material_requested", by)


def test_refuse_by_code_or_label_and_errors(three: tuple[str, list[str]]) -> None:
    url, refs = three
    bad = invoke(url, "refuse", refs[0], "--ground", "nonsense")
    assert bad.exit_code != 0 and "没有这个不予受理理由" in bad.output
    by_facts = invoke(url, "refuse", refs[0], "--ground", "limitation_passed")
    assert by_facts.exit_code != 0 and "没有登记知道权益受损的日期" in by_facts.output
    assert stored(url, refs[0]).decision == "pending"
    ok = invoke(url, "refuse", refs[2], "--ground",
                "不属于为生活消费需要购买、使用商品或者接受服务而发生的争议")
    assert ok.exit_code == 0, ok.output
    assert "决定不予受理" in ok.output and "人民法院" in ok.output  # the suggested route
    case = stored(url, refs[2])
    assert (case.stage, case.outcome, case.decision_ground) == ("closed", "rejected",
                                                                "not_consumption")
    again = invoke(url, "accept", refs[2])
    assert again.exit_code != 0 and "不在受理登记阶段" in again.output


def test_a_business_dispute_is_not_accepted_without_the_associations_rule(
        three: tuple[str, list[str]]) -> None:
    url, refs = three
    refused = invoke(url, "accept", refs[2])
    assert refused.exit_code != 0 and "没有受理这类争议的依据" in refused.output
    assert "--ground not_consumption" in refused.output
    assert stored(url, refs[2]).stage == "intake"


def test_refuse_outside_competence_needs_the_reason(three: tuple[str, list[str]],
                                                    tmp_path: Path) -> None:
    url, refs = three
    bare = invoke(url, "refuse", refs[0], "--ground", "outside_competence")
    assert bare.exit_code != 0 and "须写明具体理由" in bare.output
    ok = invoke(url, "refuse", refs[0], "--ground", "outside_competence", "--reason",
                "投诉事项系涉嫌诈骗的行为，应由公安机关处理", "--notice",
                "--out", str(tmp_path / "out"))
    assert ok.exit_code == 0, ok.output
    [docx] = (tmp_path / "out").glob("*.docx")
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "具体理由：投诉事项系涉嫌诈骗的行为，应由公安机关处理。" in text


def test_help_lists_the_grounds_with_labels() -> None:
    result = runner.invoke(app, ["refuse", "--help"])
    assert result.exit_code == 0
    flat = "".join(result.output.split())  # help wraps CJK text between characters
    assert "not_consumption" in flat and "没有明确的被投诉人" in flat
