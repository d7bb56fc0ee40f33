"""The workbooks an import writes: the blank template (a header row from the template
profile and a 说明 sheet) and the errors workbook (each refused row's cells as read plus
a 错误原因 column, which the profile ignores, so the fixed file imports as it is).
Every cell goes through `sheet_safe`: no text from a file is ever a formula."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.domain.categories import CATEGORY_LABELS
from workbench.i18n import _
from workbench.imports.profiles import AMOUNT_FIELDS, DATE_FIELDS, Profile
from workbench.sheet_safe import set_xlsx_cell

REASON_HEADER = "错误原因"


def _put(ws: Any, row: int, values: Sequence[Any]) -> None:
    for at, value in enumerate(values, start=1):
        set_xlsx_cell(ws.cell(row=row, column=at), value)


def allowed_values(profile: Profile, name: str) -> str:
    """What a column accepts, for the 说明 sheet."""
    mapped = "、".join(profile.values.get(name, {}))
    if name == "categories":
        labels = "、".join(CATEGORY_LABELS.values())
        return labels + (_("；也可填：{mapped}").format(mapped=mapped) if mapped else "")
    if name in DATE_FIELDS:
        return _("2026-10-09、2026/10/9、2026年10月9日，或 Excel 日期")
    if name in AMOUNT_FIELDS:
        return _("1,234.56、1234.56元、¥1234（单位元；不接受大写）")
    if name == "priority":
        return "low、normal、high、urgent"
    return mapped


def write_template(profile: Profile, path: Path) -> Path:
    """The blank template: one sheet to fill (header row, widths), a 说明 sheet with each
    column's meaning, whether it is required, its allowed values and an example."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("登记表")
    _put(sheet, 1, [c.headers[0] for c in profile.columns])
    for at, column in enumerate(profile.columns, start=1):
        cell = sheet.cell(row=1, column=at)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        sheet.column_dimensions[cell.column_letter].width = max(12, 2 * len(column.headers[0]) + 4)
        if column.field in DATE_FIELDS:  # typed dates stay text: no locale surprises
            for row in range(2, 502):
                sheet.cell(row=row, column=at).number_format = "@"
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet(_("说明"))
    _put(help_sheet, 1, [_("列名"), _("必填"), _("说明"), _("可填的值"), _("示例")])
    for row, column in enumerate(profile.columns, start=2):
        _put(help_sheet, row, [column.headers[0], _("是") if column.required else "",
                               column.help, allowed_values(profile, column.field),
                               column.example])
    _put(help_sheet, len(profile.columns) + 3,
         [_("红色列名为必填列。同一文件可再次导入：已导入的行不会重复登记。")])
    for letter, width in zip("ABCDE", (22, 6, 60, 60, 24), strict=True):
        help_sheet.column_dimensions[letter].width = width
    book.save(path)
    return path


@dataclass(frozen=True)
class RefusedRow:
    cells: tuple[Any, ...]
    reasons: tuple[str, ...]


def write_errors(sheets: Sequence[tuple[str, Sequence[Any], Sequence[RefusedRow]]],
                 path: Path) -> Path:
    """The errors workbook: per sheet of the import (name, header as read, refused rows),
    each refused row's cells and its reasons in a last 错误原因 column."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, header, rows in sheets:
        sheet = book.create_sheet((name or _("错误"))[:31])
        width = len(header)
        _put(sheet, 1, [*header, REASON_HEADER])
        for number, row in enumerate(rows, start=2):
            cells = list(row.cells[:width]) + [None] * (width - len(row.cells))
            _put(sheet, number, [*cells, "；".join(row.reasons)])
    book.save(path)
    return path
