"""Field limits declared once (the `max_length` of the SQLModel tables), enforced before
every flush on both backends: SQLite ignores VARCHAR lengths and PostgreSQL refuses NUL
with a raw driver error, so without this the two would accept different values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from workbench.errors import RuleViolation
from workbench.i18n import N_, _

# Chinese names of the fields a person types (others are shown by their column name).
FIELD_LABELS = {
    "title": N_("标题"), "name": N_("名称"), "short_name": N_("简称"), "address": N_("地址"),
    "hotline": N_("客服电话"), "licence_no": N_("许可证号"), "uscc": N_("统一社会信用代码"),
    "terminal_sn": N_("终端序列号"), "merchant_name": N_("商户名称"),
    "merchant_no": N_("商户编号"),
    "source": N_("证据来源"), "proves": N_("证明对象"), "original_name": N_("原文件名"),
    "counterpart": N_("联系对象"), "ticket_no": N_("工单号"), "display_name": N_("姓名"),
    "description": N_("说明"), "narrative": N_("事实与理由"), "summary": N_("内容"),
    "body": N_("内容"), "reason": N_("理由"), "note": N_("备注"),
}


def _label(table: str, column: str) -> str:
    label = FIELD_LABELS.get(column)
    return f"「{_(label)}」（{table}.{column}）" if label else f"{table}.{column}"


def _bad_character(value: str) -> str | None:
    if "\x00" in value:
        return "NUL"
    for ch in value:
        if "\ud800" <= ch <= "\udfff":
            return f"U+{ord(ch):04X}"
    return None


def check_row(obj: Any) -> None:
    """Refuse a row whose text is longer than its column allows or holds NUL or a lone
    surrogate (RuleViolation naming the field)."""
    mapper = inspect(obj).mapper
    table = mapper.local_table.name
    for attr in mapper.column_attrs:
        value = getattr(obj, attr.key, None)
        if not isinstance(value, str):
            continue
        column = attr.columns[0]
        bad = _bad_character(value)
        if bad is not None:
            raise RuleViolation(_("{field} 含有不能保存的字符 {character}。").format(
                field=_label(table, column.name), character=bad), _("请删去该字符后重试。"))
        length = getattr(column.type, "length", None)  # String, and AutoString (a decorator)
        if isinstance(length, int) and len(value) > length:
            raise RuleViolation(_("{field} 太长：{count} 个字符，最多 {limit} 个。").format(
                field=_label(table, column.name), count=len(value), limit=length),
                _("请缩短后重试（未保存任何内容）。"))


@event.listens_for(Session, "before_flush")
def _check_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        check_row(obj)
