"""Field limits declared once (the `max_length` of the SQLModel tables), enforced before
every flush on both backends: SQLite ignores VARCHAR lengths and PostgreSQL refuses NUL
with a raw driver error, so without this the two would accept different values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from workbench.errors import RuleViolation

# Chinese names of the fields a person types (others are shown by their column name).
FIELD_LABELS = {
    "title": "标题", "name": "名称", "short_name": "简称", "address": "地址",
    "hotline": "客服电话", "licence_no": "许可证号", "uscc": "统一社会信用代码",
    "terminal_sn": "终端序列号", "merchant_name": "商户名称", "merchant_no": "商户编号",
    "source": "证据来源", "proves": "证明对象", "original_name": "原文件名",
    "counterpart": "联系对象", "ticket_no": "工单号", "display_name": "姓名",
    "description": "说明", "narrative": "事实与理由", "summary": "内容", "body": "内容",
    "reason": "理由", "note": "备注",
}


def _label(table: str, column: str) -> str:
    label = FIELD_LABELS.get(column)
    return f"「{label}」（{table}.{column}）" if label else f"{table}.{column}"


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
            raise RuleViolation(f"{_label(table, column.name)} 含有不能保存的字符 {bad}。",
                                "请删去该字符后重试。")
        length = getattr(column.type, "length", None)  # String, and AutoString (a decorator)
        if isinstance(length, int) and len(value) > length:
            raise RuleViolation(f"{_label(table, column.name)} 太长：{len(value)} 个字符，"
                                f"最多 {length} 个。", "请缩短后重试（未保存任何内容）。")


@event.listens_for(Session, "before_flush")
def _check_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        check_row(obj)
