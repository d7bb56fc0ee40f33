"""Spreadsheet-safe cells: text from data never runs as a formula (a leaf module).

A spreadsheet treats a cell that begins with = + - @ (or a tab or CR, which some strip
first) as a formula, so a title like `=HYPERLINK(...)` or `@SUM(...)` would run when a
caseworker opens a CSV or XLSX export. Every writer passes its cells here: text loses its
control characters and, if it starts like a formula, is marked as typed text — a leading
`'` in CSV, the cell's quote-prefix flag in XLSX (how Excel stores a typed `'`).
Numbers, dates and booleans stay what they are: a negative amount is a number, not text.
"""

from __future__ import annotations

from typing import Any

from workbench.terminal_text import replace_controls

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> tuple[str, bool]:
    """The text without control characters, and whether it starts like a formula."""
    starts_like_formula = value.startswith(FORMULA_STARTS)
    text = replace_controls(value, "", one_line=False)
    return text, starts_like_formula or text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV cell: numbers as they are, text without controls and prefixed with `'` when
    a spreadsheet would take it for a formula; None is an empty cell."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text, formula = _text(value)
    return "'" + text if formula else text


def csv_row(values: Any) -> list[Any]:
    """Every cell of a CSV row through `csv_cell`."""
    return [csv_cell(value) for value in values]


def set_xlsx_cell(cell: Any, value: Any) -> None:
    """Put `value` into an openpyxl cell: a number stays a number; text is stored as a
    string (never parsed as a formula), without controls, quote-prefixed when it starts
    like a formula."""
    if not isinstance(value, str):
        cell.value = value
        return
    text, formula = _text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl takes any text that starts with "=" for a formula
    if formula:
        cell.quotePrefix = True
