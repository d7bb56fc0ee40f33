"""The admin's holiday table: the official 放假安排 for years chinesecalendar does not know."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from workbench.bounded_read import SETTINGS_LIMIT, InputFileError, read_bounded_text
from workbench.domain import events
from workbench.domain.validators import ValidationError, parse_date
from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.store.models import Holiday

WORKING_WORDS = {"1", "true", "yes", "working", "work", "班", "上班", "调休上班"}
REST_WORDS = {"0", "false", "no", "rest", "holiday", "休", "放假", "休息"}


@dataclass(frozen=True, slots=True)
class HolidayRow:
    day: date
    working: bool
    name: str


def parse_holiday_csv(text: str, source: str = "file") -> list[HolidayRow]:
    """Rows `date,kind,name` where kind is working/rest (or 班/休); '#' lines are comments."""
    rows: list[HolidayRow] = []
    for number, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not fields or not fields[0].strip() or fields[0].lstrip().startswith("#"):
            continue
        if fields[0].strip().lower() == "date":
            continue  # header
        try:
            day = parse_date(fields[0])
        except ValidationError as exc:
            raise RuleViolation(_("{source} 第 {number} 行：{message}").format(
                                    source=source, number=number, message=exc.message),
                                _("第一列请用 YYYY-MM-DD 格式。")) from exc
        kind = fields[1].strip().lower() if len(fields) > 1 else "rest"
        if kind not in WORKING_WORDS | REST_WORDS:
            raise RuleViolation(_("{source} 第 {number} 行：无法识别 {kind!r}").format(
                                    source=source, number=number, kind=kind),
                                _("第二列为 'rest'（休）或 'working'（班）。"))
        name = fields[2].strip()[:60] if len(fields) > 2 else ""
        rows.append(HolidayRow(day, kind in WORKING_WORDS, name))
    if not rows:
        raise RuleViolation(_("{source} 没有任何日期。").format(source=source),
                            _("每天一行：2027-01-01,rest，元旦"))
    return rows


def import_holidays(wb: Workbench, path: Path) -> int:
    """Replace the table's entries for the days in `path`; returns how many were written."""
    try:
        text = read_bounded_text(path, SETTINGS_LIMIT, _("节假日文件"), encoding="utf-8-sig")
    except InputFileError as exc:
        raise RuleViolation(exc.message, exc.hint) from exc
    rows = parse_holiday_csv(text, str(path))
    with wb.store.write() as session:
        chain = wb.chain(session)
        for row in rows:
            session.merge(Holiday(day=row.day, working=row.working, name=row.name))
        years = sorted({r.day.year for r in rows})
        chain.append(events.holidays_imported(len(rows), years), wb.actor)
        chain.close()
    return len(rows)


def list_holidays(wb: Workbench) -> list[HolidayRow]:
    with wb.store.session() as session:
        rows = session.execute(select(Holiday).order_by(col(Holiday.day))).scalars()
        return [HolidayRow(h.day, h.working, h.name) for h in rows]
