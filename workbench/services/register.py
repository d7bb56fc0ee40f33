"""The 发文登记: the documents the association issued in a year, by 文号, for the record
book and for a spreadsheet (`workbench filings register`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain.clock import at_local, local_day
from workbench.filings import documents as docs
from workbench.filings.style import AGREEMENT_SERIES, load_style
from workbench.private_files import open_private_file
from workbench.services.context import Workbench
from workbench.services.views import filing_kind_label
from workbench.store.models import Case, Filing, Provider


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One issued document, labelled."""

    number: int | None  # the n of the 文号; None if it does not read as the template
    doc_no: str
    issued_on: date
    kind: str  # label, e.g. 投诉函（致服务商）
    case_ref: str
    addressee: str  # "" when not recorded
    created_by: str


@dataclass(frozen=True, slots=True)
class Register:
    year: int
    rows: tuple[RegisterRow, ...]
    gaps: tuple[int, ...]  # numbers from 1 to the highest that no filing has
    repeats: tuple[int, ...]  # numbers more than one filing has

    @property
    def warning(self) -> str:
        """A Chinese warning line when the sequence is not 1, 2, 3… exactly; else ""."""
        parts = []
        if self.gaps:
            parts.append(f"缺号 {_numbers(self.gaps)}")
        if self.repeats:
            parts.append(f"重号 {_numbers(self.repeats)}")
        return f"警告：{self.year} 年文号不连续：{'；'.join(parts)}。" if parts else ""


REGISTER_COLUMNS = ("序号", "文号", "日期", "文书", "案件编号", "主送", "经办人")


def register(wb: Workbench, year: int, *, style_file: Path | None = None) -> Register:
    """The year's numbered filings in 文号 order (drafts and unnumbered papers are not
    issued documents, and the 调解协议书 have a series of their own), with any gap or
    repeat in the sequence."""
    start, end = at_local(date(year, 1, 1), 0), at_local(date(year + 1, 1, 1), 0)
    number_of = _number_reader(load_style(style_file).letterhead.doc_number_template, year)
    with wb.store.session() as session:
        found = session.execute(
            select(Filing, col(Case.ref), col(Provider.name), col(Provider.superior_id))
            .join(Case, col(Case.id) == col(Filing.case_id))
            .join(Provider, col(Provider.id) == col(Case.provider_id))
            .where(col(Filing.created_at) >= start, col(Filing.created_at) < end,
                   col(Filing.doc_no) != "", col(Filing.draft).is_(False),
                   # the 函 series: the agreements are numbered in their own
                   col(Filing.kind).notin_(sorted(AGREEMENT_SERIES)))).all()
        superiors = _names(session, {s for *_, s in found if s})
    rows = [RegisterRow(
        number=number_of(filing.doc_no), doc_no=filing.doc_no,
        issued_on=local_day(filing.created_at), kind=filing_kind_label(filing.kind),
        case_ref=ref, addressee=addressee_of(filing, provider, superiors.get(superior, "")),
        created_by=filing.created_by) for filing, ref, provider, superior in found]
    rows.sort(key=lambda r: (r.number is None, r.number or 0, r.issued_on, r.doc_no))
    numbers = [r.number for r in rows if r.number is not None]
    gaps = tuple(sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers)))
    repeats = tuple(sorted({n for n in numbers if numbers.count(n) > 1}))
    return Register(year, tuple(rows), gaps, repeats)


def addressee_of(filing: Filing, provider: str, superior: str) -> str:
    """Whom a filing was sent to: the addressee it records, else (a filing exported before
    addressees were recorded) the provider for a letter to the provider, its superior for
    one to the superior."""
    if filing.addressee:
        return filing.addressee
    if filing.kind == docs.FilingKind.COMPLAINT_LETTER_PROVIDER:
        return provider
    if filing.kind == docs.FilingKind.COMPLAINT_LETTER_SUPERIOR:
        return superior
    return ""


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {pid: name for pid, name in session.execute(
        select(col(Provider.id), col(Provider.name)).where(col(Provider.id).in_(ids))).all()
        if pid is not None}


def _number_reader(template: str, year: int) -> Callable[[str], int | None]:
    """n from a 文号 made by `template` for `year` (else the last run of digits)."""
    literal = [re.escape(part) for part in re.split(r"\{year\}|\{n\}", template)]
    fields = re.findall(r"\{(year|n)\}", template)
    pattern = literal[0] + "".join(
        (str(year) if name == "year" else r"(\d+)") + text
        for name, text in zip(fields, literal[1:], strict=True))
    exact = re.compile(pattern.replace(r"\{\{", "{").replace(r"\}\}", "}") + "$")

    def number_of(doc_no: str) -> int | None:
        match = exact.match(doc_no)
        if match and match.groups():
            return int(match.group(1))
        digits = re.findall(r"\d+", doc_no)
        return int(digits[-1]) if digits else None

    return number_of


def _numbers(values: tuple[int, ...]) -> str:
    shown = "、".join(str(v) for v in values[:20])
    return shown + (f" 等 {len(values)} 个" if len(values) > 20 else "")


def write_xlsx(report: Register, path: Path) -> Path:
    """The register as a spreadsheet. Every cell from data is text, never a formula: text a
    spreadsheet would run (= + - @, tab or CR first) is also marked as typed text."""
    from openpyxl import Workbook  # lazily: 0.2 s to import

    from workbench.sheet_safe import set_xlsx_cell

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{report.year}年发文登记"
    for column, title in enumerate(REGISTER_COLUMNS, start=1):
        set_xlsx_cell(sheet.cell(1, column), title)
    for line, row in enumerate(report.rows, start=2):
        set_xlsx_cell(sheet.cell(line, 1), row.number)
        for column, value in enumerate((row.doc_no, row.issued_on.isoformat(), row.kind,
                                        row.case_ref, row.addressee, row.created_by), start=2):
            set_xlsx_cell(sheet.cell(line, column), value)
    for letter, width in zip("ABCDEFG", (6, 22, 12, 20, 18, 30, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_private_file(path) as handle:  # personal data: 0600 (0660 for the team)
        book.save(handle)
    return path
