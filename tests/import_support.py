"""Import files as the tests write them: real .xlsx (openpyxl) and .csv files in the
formats associations receive (a 12315 export with a merged title row, GBK CSV, …)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.domain import validators as v

HEADER_12315 = ["登记编号", "投诉人", "联系电话", "被投诉人", "被投诉人统一社会信用代码",
                "被投诉人地址", "诉求", "投诉内容", "涉及金额", "登记日期", "问题类别"]
PROVIDER = "示例汇达支付有限公司"
PROVIDER_USCC = v.make_uscc("91110108MA01ABCD0")


def row_12315(i: int, **changes: Any) -> list[Any]:
    """A valid 12315 row; `changes` by header name."""
    values: dict[str, Any] = {
        "登记编号": f"2026100900{i:04d}", "投诉人": f"投诉人{i}",
        "联系电话": f"139{i:08d}", "被投诉人": PROVIDER,
        "被投诉人统一社会信用代码": PROVIDER_USCC, "被投诉人地址": "北京市海淀区中关村大街1号",
        "诉求": "退款", "投诉内容": f"POS机费率被擅自上调（第{i}件）。",
        "涉及金额": "1,234.56元", "登记日期": "2026-10-09", "问题类别": "收费问题"}
    values.update(changes)
    return [values[h] for h in HEADER_12315]


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *,
               header: Sequence[str] = HEADER_12315, title: str = "全国12315平台投诉转办单",
               blank_rows: bool = True, sheet: str = "转办") -> Path:
    """A 12315-style workbook: a title merged across the header's width, a blank row, the
    header, then the rows (with a blank row between some)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    at = 1
    if title:
        ws.cell(row=1, column=1, value=title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        at = 3 if blank_rows else 2
    for column, name in enumerate(header, start=1):
        ws.cell(row=at, column=column, value=name)
    for n, values in enumerate(rows):
        at += 2 if blank_rows and n and n % 3 == 0 else 1
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=at, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a test's hostile "=…" text stays text in the file
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8",
              header: Sequence[str] = HEADER_12315, delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def excel_serial(day: datetime) -> int:
    return (day - datetime(1899, 12, 30)).days
