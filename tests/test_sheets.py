"""Spreadsheet-safe output: no cell from data runs as a formula in Excel or LibreOffice,
and no control character reaches a CSV or XLSX file (DESIGN §8)."""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from workbench.cli import app
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.services.register import Register, RegisterRow, write_xlsx
from workbench.sheet_safe import csv_cell, csv_row, set_xlsx_cell

FORMULAS = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_starts_like_a_formula_is_prefixed(text: str) -> None:
    cell = csv_cell(text)
    assert cell.startswith("'") and "\r" not in cell


def test_controls_are_removed_and_a_hidden_formula_is_caught() -> None:
    assert csv_cell("标题\x1b]52;c;aGVsbG8=\x07\u202e") == "标题]52;c;aGVsbG8="
    assert csv_cell("\x1b=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"  # ESC hid the =
    assert csv_cell("第一行\n第二行") == "第一行\n第二行"  # a multi-line cell stays one


def test_numbers_dates_and_plain_text_are_left_alone() -> None:
    assert csv_row([-12.5, 0, 3, date(2026, 1, 2), None, "退还押金", True]) == [
        -12.5, 0, 3, date(2026, 1, 2), "", "退还押金", True]


def test_xlsx_cells_are_text_with_the_quote_prefix(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    set_xlsx_cell(sheet.cell(1, 1), "=1+1\x1b[2J")
    set_xlsx_cell(sheet.cell(1, 2), -299)
    set_xlsx_cell(sheet.cell(1, 3), "普通\x07文字")
    book.save(tmp_path / "t.xlsx")
    back = load_workbook(tmp_path / "t.xlsx").active
    assert back is not None
    first, amount, plain = back.cell(1, 1), back.cell(1, 2), back.cell(1, 3)
    assert first.value == "=1+1[2J" and first.data_type == "s" and first.quotePrefix
    assert amount.value == -299 and amount.data_type == "n"
    assert plain.value == "普通文字" and not plain.quotePrefix
    with zipfile.ZipFile(tmp_path / "t.xlsx") as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


def test_register_xlsx_neutralises_an_addressee(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    row = RegisterRow(number=1, doc_no="示消协函〔2026〕1号", issued_on=TODAY,
                      kind="投诉函", case_ref="TS-2026-000001",
                      addressee="@SUM(1)\x1b]0;pwned\x07", created_by="-alice")
    path = write_xlsx(Register(2026, (row,), (), ()), tmp_path / "r.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.cell(2, 1).value == 1
    addressee, by = sheet.cell(2, 6), sheet.cell(2, 7)
    assert addressee.value == "@SUM(1)]0;pwned" and addressee.quotePrefix
    assert by.value == "-alice" and by.quotePrefix


def test_remind_csv_neutralises_titles(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    new_case(wb, title="=HYPERLINK(\"http://evil\",\"点我\")")
    new_case(wb, title="@SUM(A1)")
    store.dispose()
    report = tmp_path / "remind.csv"
    result = CliRunner().invoke(app, ["--db", url, "remind", "--days", "30", "--csv",
                                      str(report)])
    assert result.exit_code == 0, result.output
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    titles = sorted(r["title"] for r in rows)
    assert titles == ["'=HYPERLINK(\"http://evil\",\"点我\")", "'@SUM(A1)"]
    assert all(r["overdue"] in ("0", "1") for r in rows)  # numbers stay numbers
