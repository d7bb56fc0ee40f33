"""A joint complaint's one letter to the provider (issue 14 item 3): the complainants'
table with masked names and phones, refs and amounts, the total in figures and 大写,
numbered like other letters, on every member's timeline; read back with python-docx and
rendered once with LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case, provider
from tests.test_filings import _office, _poppler, _to_pdf
from tests.test_groups import cases_id
from workbench.domain.clock import FrozenClock
from workbench.domain.vocabulary import EventKind
from workbench.errors import RuleViolation
from workbench.filings.documents import FilingKind
from workbench.filings.text import masked_person
from workbench.services import filings, groups
from workbench.services.context import Workbench
from workbench.store.models import CaseEvent, Filing

GROUP = FilingKind.GROUP_COMPLAINT_LETTER
PEOPLE = (("陈小明", "13812340001"), ("王芳", "13812340002"), ("欧阳娜娜", "13812340003"))


def three(wb: Workbench) -> list[str]:
    pid = provider(wb, "杭州示例汇通信息技术有限公司")
    return [new_case(wb, provider_id=pid, name=name, phone=phone).ref for name, phone in PEOPLE]


def every_text(path: Path) -> tuple[str, list[list[str]]]:
    document = docx.Document(str(path))
    text = "".join(p.text for p in document.paragraphs)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    return text, [[c.text for c in row.cells] for row in table.rows]


@pytest.mark.parametrize(("name", "masked"), [
    ("陈小明", "陈某某"), ("王芳", "王某"), ("欧阳娜娜", "欧阳某某"), ("欧阳修", "欧阳某"),
    ("李", "李某"), ("", "某")])
def test_names_in_the_list_are_masked(name: str, masked: str) -> None:
    assert masked_person(name) == masked


def test_one_letter_lists_every_member_and_the_total(wb: Workbench, tmp_path: Path) -> None:
    refs = three(wb)
    with pytest.raises(RuleViolation, match="不在任何共同投诉中"):
        filings.export(wb, cases_id(wb, refs[0]), GROUP, tmp_path)  # in no group
    groups.create_group(wb, "汇通费率", refs, representatives=[refs[1]])
    lead = groups.lead_case(wb, "汇通费率")
    done = filings.export(wb, lead, GROUP, tmp_path)
    assert done.ref == refs[1] and done.doc_no.endswith("号")
    assert done.path.name == f"{refs[1]} 投诉函（共同投诉）.docx"
    text, rows = every_text(done.path)
    assert rows[0] == ["序号", "投诉人", "联系电话", "案件编号", "请求金额（元）"]
    assert rows[1:] == [
        ["1", "王某（代表人）", "138****0002", refs[1], "123.45"],
        ["2", "陈某某", "138****0001", refs[0], "123.45"],
        ["3", "欧阳某某", "138****0003", refs[2], "123.45"],
        ["", "合计", "", "3件", "370.35"]]
    assert "以上3名投诉人请求金额合计人民币370.35元（大写：叁佰柒拾元叁角伍分）" in text
    assert "关于协调处理共同投诉" in text and "书面推选王某为代表人" in text
    assert "杭州示例汇通信息技术有限公司" in text
    for name, phone in PEOPLE:
        assert name not in text and phone not in text
    # one filing, on every member's timeline
    with wb.store.session() as session:
        assert len(session.execute(select(Filing)).scalars().all()) == 1
        on = session.execute(select(CaseEvent.case_id).where(
            CaseEvent.kind == EventKind.FILING_EXPORTED)).scalars().all()
        assert sorted(on) == sorted(groups.member_case_ids(wb, "汇通费率"))
    # numbered in the same series as the other letters
    second = filings.export(wb, lead, GROUP, tmp_path)
    assert int(re.findall(r"(\d+)号", second.doc_no)[0]) == int(
        re.findall(r"(\d+)号", done.doc_no)[0]) + 1


def test_the_group_letter_from_the_command_line(sqlite_url: str, tmp_path: Path) -> None:
    from workbench.cli import app

    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", sqlite_url, *args])

    assert run("people", "list").exit_code == 0
    store = open_test_store(sqlite_url)
    refs = three(Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY)))
    store.dispose()
    assert run("group", "new", "汇通费率", *refs).exit_code == 0
    exported = run("group", "export", "汇通费率", "--out", str(tmp_path / "a"))
    assert exported.exit_code == 0, exported.output
    by_export = run("export", "汇通费率", "--kind", "group_complaint_letter",
                    "--out", str(tmp_path / "b"))
    assert by_export.exit_code == 0 and "1 份已写入" in by_export.output, by_export.output
    assert len(list((tmp_path / "b").glob("*.docx"))) == 1


@pytest.mark.slow
def test_libreoffice_renders_the_group_letter(sqlite_url: str, tmp_path: Path) -> None:
    office = _office()
    from workbench.filings.style import demo_style_path

    store = open_test_store(sqlite_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY),
                   filings_style=demo_style_path())
    refs = three(wb)
    groups.create_group(wb, "汇通费率", refs)
    done = filings.export(wb, groups.lead_case(wb, "汇通费率"), GROUP, tmp_path)
    store.dispose()
    pdf = _to_pdf(office, done.path, tmp_path)
    squeezed = re.sub(r"\s+", "", _poppler("pdftotext", "-layout", str(pdf), "-"))
    assert "欧阳某某" in squeezed and "叁佰柒拾元叁角伍分" in squeezed
    assert refs[2] in squeezed
