"""One data row of an import file mapped through a profile: cells to text, dates (text
in the profile's formats, Excel serial numbers, datetime cells) to YYYY-MM-DD, amounts
(`1,234.56元`, `¥1234`, numbers) to text intake parses; 大写 amounts refused. What a
cell cannot be is an error for that field; the row keeps every cell as it was."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from workbench.domain.validators import ValidationError, parse_date
from workbench.i18n import _
from workbench.imports.profiles import (
    AMOUNT_FIELDS,
    DATE_FIELDS,
    LIST_FIELDS,
    Header,
    Profile,
)

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug kept)
SERIAL_RANGE = (20_000, 80_000)  # 1954–2119: a bare number in a date column is a serial
CAPITAL_DIGITS = re.compile("[零壹贰叁肆伍陆柒捌玖拾佰仟萬億]")


@dataclass(frozen=True)
class MappedRow:
    """A data row: its number, its cells as read, the fields it fills (text, as intake
    reads them) and what could not be read, by field."""

    number: int
    cells: tuple[Any, ...]
    values: Mapping[str, str]
    categories: tuple[str, ...]
    errors: Mapping[str, str]

    @property
    def content_hash(self) -> str:
        """What identifies the row when it has no external reference: its fields' values
        (not its cells or position, so a fixed row from the errors workbook matches)."""
        data = {**self.values, "categories": list(self.categories)}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious `.0`, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    return str(value).strip()


def date_text(value: Any, formats: Sequence[str]) -> str:
    """A date cell as YYYY-MM-DD; ValidationError for anything else."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value))
    text = cell_text(value)
    if text.isdigit() and len(text) == 5:
        return _serial(float(text))
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return parse_date(text).isoformat()


def _serial(number: float) -> str:
    if not SERIAL_RANGE[0] <= number < SERIAL_RANGE[1]:
        message = _("{number:g} 不是日期（Excel 日期序号应在 {low}–{high} 之间）")
        raise ValidationError("date", message.format(number=number, low=SERIAL_RANGE[0],
                                                     high=SERIAL_RANGE[1]), "format")
    return (EXCEL_EPOCH + timedelta(days=int(number))).isoformat()


def amount_text(value: Any) -> str:
    """An amount cell as the text intake parses (yuan); 大写 refused with a message."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return cell_text(value)
    text = cell_text(value)
    if CAPITAL_DIGITS.search(text):
        message = _("金额请用阿拉伯数字填写（如 1234.56），不接受大写金额“{text}”")
        raise ValidationError("amount", message.format(text=text), "format")
    return text


def _mapped(profile: Profile, name: str, text: str) -> str:
    table = profile.values.get(name)
    if not table:
        return text
    return table.get(text, text)


def map_row(profile: Profile, header: Header, number: int, cells: tuple[Any, ...]
            ) -> MappedRow:
    """The fields row `number` fills, through the profile's value maps and formats."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    categories: tuple[str, ...] = ()
    for name, at in header.columns.items():
        raw = cells[at] if at < len(cells) else None
        try:
            if name in DATE_FIELDS:
                values[name] = date_text(raw, profile.date_formats) \
                    if cell_text(raw) else ""
            elif name in AMOUNT_FIELDS:
                values[name] = amount_text(raw)
            elif name in LIST_FIELDS:
                parts = re.split(f"[{re.escape(profile.list_separators)}]", cell_text(raw)) \
                    if profile.list_separators else [cell_text(raw)]
                categories = tuple(_mapped(profile, name, p.strip()) for p in parts
                                   if p.strip())
            else:
                values[name] = _mapped(profile, name, cell_text(raw))
        except ValidationError as exc:
            errors[name] = exc.message
            values[name] = cell_text(raw)
    return MappedRow(number, cells, values, categories, errors)
