"""The 发文登记: the documents the association issued in a year, by 文号, for the record
book and for a spreadsheet (`workbench filings register`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain.clock import at_local, local_day
from workbench.filings import documents as docs
from workbench.filings.style import AGREEMENT_SERIES, load_style
from workbench.filings.text import figure_date
from workbench.i18n import _
from workbench.private_files import open_private_file
from workbench.services.context import Workbench
from workbench.services.names import display_names, name_of
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
            parts.append(_("缺号 {numbers}").format(numbers=_numbers(self.gaps)))
        if self.repeats:
            parts.append(_("重号 {numbers}").format(numbers=_numbers(self.repeats)))
        return _("警告：{year} 年文号不连续：{items}。").format(
                   year=self.year, items='；'.join(parts)) if parts else ""


REGISTER_COLUMNS = ("序号", "文号", "日期", "文书", "案件编号", "主送", "经办人")


def register(wb: Workbench, year: int, *, style_file: Path | None = None) -> Register:
    """The year's numbered filings in 文号 order (drafts and unnumbered papers are not
    issued documents, and the 调解协议书 have a series of their own), with any gap or
    repeat in the sequence. A filing belongs to the year its 文号 names (the year of the
    paper's date, not of the export), and is listed with the paper's date."""
    template = load_style(style_file or wb.filings_style).letterhead.doc_number_template
    number_of = _number_reader(template, year)
    with wb.store.session() as session:
        papers = {filing.id: day for filing, day in issued_papers(session, template, year)}
        found = session.execute(
            select(Filing, col(Case.ref), col(Provider.name), col(Provider.superior_id))
            .join(Case, col(Case.id) == col(Filing.case_id))
            .join(Provider, col(Provider.id) == col(Case.provider_id))
            .where(col(Filing.id).in_(list(papers)))).all()
        superiors = _names(session, {s for *_, s in found if s})
        people = display_names(session, (filing.created_by for filing, *_ in found))
    rows = [RegisterRow(
        number=number_of(filing.doc_no), doc_no=filing.doc_no,
        issued_on=papers[filing.id], kind=filing_kind_label(filing.kind),
        case_ref=ref, addressee=addressee_of(filing, provider, superiors.get(superior, "")),
        created_by=name_of(people, filing.created_by))
        for filing, ref, provider, superior in found]
    rows.sort(key=lambda r: (r.number is None, r.number or 0, r.issued_on, r.doc_no))
    numbers = [r.number for r in rows if r.number is not None]
    gaps = tuple(sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers)))
    repeats = tuple(sorted({n for n in numbers if numbers.count(n) > 1}))
    return Register(year, tuple(rows), gaps, repeats)


def issued_papers(session: Session, template: str, year: int, *,
                  agreements: bool = False) -> list[tuple[Filing, date]]:
    """The numbered, issued (not draft) filings of `year` in the series `template` makes,
    each with the date its paper bears (``filing_data.dated_on``): those whose 文号 is the
    template's for that year, and those whose 文号 the template did not make (written by
    an older template) exported that year. `agreements`: the 调解协议书 series, else every
    other kind (the 函 series). The database narrows by the 文号's fixed text and the
    export year, so one check reads the year's papers only, not every filing."""
    from workbench.services.filing_data import dated_on

    ours, any_year = series(template, year), series(template, None)
    start, end = at_local(date(year, 1, 1), 0), at_local(date(year + 1, 1, 1), 0)
    kinds = sorted(AGREEMENT_SERIES)
    found = session.execute(
        select(Filing, Case).join(Case, col(Case.id) == col(Filing.case_id))
        .where(col(Filing.doc_no) != "", col(Filing.draft).is_(False),
               col(Filing.kind).in_(kinds) if agreements else col(Filing.kind).notin_(kinds),
               or_(col(Filing.doc_no).like(_like(template, year), escape="\\"),
                   and_(col(Filing.created_at) >= start, col(Filing.created_at) < end)))).all()
    return [(filing, dated_on(session, case, docs.FilingKind(filing.kind),
                              local_day(filing.created_at)))
            for filing, case in found
            if ours.match(filing.doc_no) or (not any_year.match(filing.doc_no)
                                             and local_day(filing.created_at).year == year)]


def _like(template: str, year: int) -> str:
    """A LIKE pattern for the 文号 `template` makes in `year` (n: any digits)."""
    escaped = template.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("{year}", str(year)).replace("{n}", "%")


def backdated(session: Session, template: str, issued_on: date, *,
              agreements: bool = False) -> str:
    """A warning when a paper dated `issued_on` would take the next 文号 of its year while
    a paper of that series already numbered is dated later (a back-dated paper: the
    numbers would run against the dates); "" when the numbers keep to the dates."""
    later = [(day, filing.doc_no) for filing, day in
             issued_papers(session, template, issued_on.year, agreements=agreements)
             if day > issued_on]
    if not later:
        return ""
    day, doc_no = max(later)
    return (_("本文书日期为{issued_on}，早于已编号的{doc_no}（{day}）："
            "新取的文号将排在日期较晚的文书之后，文号与日期顺序不符。请按日期先后导出文书；"
            "确需补发的，先以草稿导出（--draft）核对，发出后在发文登记中注明补发").format(
                issued_on=figure_date(issued_on), doc_no=doc_no, day=figure_date(day)))


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


def series(template: str, year: int | None) -> re.Pattern[str]:
    """The 文号 `template` makes for `year` (None: for any year), n in the last group."""
    literal = [re.escape(part) for part in re.split(r"\{year\}|\{n\}", template)]
    fields = re.findall(r"\{(year|n)\}", template)
    pattern = literal[0] + "".join(
        (r"\d{4}" if name == "year" and year is None else str(year) if name == "year"
         else r"(\d+)") + text
        for name, text in zip(fields, literal[1:], strict=True))
    return re.compile(pattern.replace(r"\{\{", "{").replace(r"\}\}", "}") + "$")


def _number_reader(template: str, year: int) -> Callable[[str], int | None]:
    """n from a 文号 made by `template` for `year` (else the last run of digits)."""
    exact = series(template, year)

    def number_of(doc_no: str) -> int | None:
        match = exact.match(doc_no)
        if match and match.groups():
            return int(match.group(1))
        digits = re.findall(r"\d+", doc_no)
        return int(digits[-1]) if digits else None

    return number_of


def _numbers(values: tuple[int, ...]) -> str:
    shown = "、".join(str(v) for v in values[:20])
    return shown + (_(" 等 {n} 个").format(n=len(values)) if len(values) > 20 else "")


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
