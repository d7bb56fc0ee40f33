"""Exporting filings: fill a document from the case, number it, write it, record it.

The document is built and written inside the write transaction that takes the next
document number, so a failed write consumes no number and a number always has its file
and its `Filing` row (with the file's sha256) and `filing_exported` event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.categories import Category
from workbench.domain.ladder import stage_label
from workbench.domain.law.bases import basis_for
from workbench.errors import NotFound, RuleViolation
from workbench.filings import documents as docs
from workbench.filings.binder import build_binder
from workbench.filings.render import build_checked
from workbench.filings.style import load_style
from workbench.filings.voice import load_voice
from workbench.services import addressees, preflight
from workbench.services.bulk import BulkResult, run_each
from workbench.services.context import Workbench
from workbench.services.evidence import listed_evidence
from workbench.services.filing_data import binder_items, filing_data, scope_of
from workbench.services.views import FilingLine, filing_line
from workbench.store.models import (
    Case,
    DocCounter,
    Filing,
)


@dataclass(frozen=True, slots=True)
class Exported:
    ref: str
    kind: str
    path: Path
    sha256: str
    doc_no: str


FILING_KINDS: tuple[docs.FilingKind, ...] = tuple(docs.FilingKind)
# offered at every stage; "auto" picks the stage's own document before them
EVERY_STAGE = frozenset({docs.FilingKind.EVIDENCE_LIST, docs.FilingKind.EVIDENCE_BINDER})


def kinds_for(stage: str, decision: str = "", mediation: str = "") -> list[docs.FilingKind]:
    """The document kinds a case at `stage` may export (the evidence list always); a
    decision notice only once that decision is made (`decision`: the case's code), the
    mediation's end papers only once it ended that way (`mediation`: its result code)."""
    return [k for k in docs.kinds_for_stage(stage)
            if (k not in docs.NOTICE_DECISION or docs.NOTICE_DECISION[k] == decision)
            and (k not in MEDIATION_END or MEDIATION_END[k] == mediation)]


# The papers of mediation's end, with the result each one belongs to.
MEDIATION_END: dict[docs.FilingKind, str] = {
    docs.FilingKind.MEDIATION_AGREEMENT: "agreed",
    docs.FilingKind.TERMINATION_NOTICE: "terminated",
}


def _next_number(session: Session, prefix: str, year: int) -> int:
    counter = session.execute(
        select(DocCounter).where(col(DocCounter.prefix) == prefix, col(DocCounter.year) == year)
        .with_for_update()).scalar_one_or_none()
    if counter is None:
        counter = DocCounter(prefix=prefix, year=year, last=0)
        session.add(counter)
    counter.last += 1
    session.flush()
    return counter.last


def export(wb: Workbench, case_id: int, kind: docs.FilingKind | str, out_dir: Path, *,
           include_personal: bool = False, style_file: Path | None = None,
           addressee: str | None = None) -> Exported:
    """Write one filing of `kind` for a case into `out_dir` and record it.

    Personal data is masked unless `include_personal`; that choice is in the event.
    `addressee` names whom it goes to (default: the first of :func:`addressee_options`).
    The pre-flight's blockers refuse it (:class:`ExportBlocked`, with the whole list)."""
    try:
        kind = docs.FilingKind(kind)
    except ValueError:
        raise RuleViolation(f"没有这种文书：{kind!r}。", "可选：" + "、".join(
            k.value for k in docs.FilingKind)) from None
    try:
        style = load_style(style_file or wb.filings_style)
    except ValueError as exc:
        raise RuleViolation(f"文书样式文件有误: {exc}", "Fix the filings style file.") from exc
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RuleViolation(f"无法创建输出目录 {out_dir}: {exc.strerror}",
                            "Choose a writable --out folder.") from exc
    # a paper the complainant signs or a court reads carries their full data (audited)
    include_personal = include_personal or load_voice().of(kind).full_personal
    written: list[Path] = []
    try:
        return _export(wb, case_id, kind, out_dir, style, include_personal, written,
                       addressee)
    except BaseException:
        for path in written:  # nothing recorded: no file left behind, no number used
            path.unlink(missing_ok=True)
        raise


def _export(wb: Workbench, case_id: int, kind: docs.FilingKind, out_dir: Path, style: Any,
            include_personal: bool, written: list[Path], addressee: str | None) -> Exported:
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"案件 #{case_id} 不存在。", "请刷新列表。")
        offered_kinds = kinds_for(case.stage, case.decision, case.mediation_result)
        if kind not in offered_kinds:
            offered = "、".join(k.label for k in offered_kinds)
            raise RuleViolation(f"{case.ref} 处于「{stage_label(case.stage)}」阶段，"
                                f"不能出具{kind.label}。", f"本阶段可出具：{offered or '无'}。")
        year = wb.today().year
        template = style.letterhead.doc_number_template
        number = _next_number(session, template, year)
        doc_no = style.letterhead.doc_number(year, number)
        data, checked = _prepared(session, wb, case, kind, doc_no, include_personal, style,
                                  addressee)
        if not checked.ok:
            raise ExportBlocked(case.ref, kind, checked)
        stem = f"{case.ref} {docs.KIND_INFO[kind].label}"
        try:
            if kind is docs.FilingKind.EVIDENCE_BINDER:
                path = docs.write_bytes(_binder(wb, session, case, data), out_dir, stem,
                                        kind.info.suffix)
            else:
                path = docs.write(checked.document, out_dir, stem)
            written.append(path)
        except OSError as exc:
            raise RuleViolation(f"无法写入文书: {exc.strerror or exc}",
                                "Check the --out folder and free disk space.") from exc
        digest = docs.sha256_of(path)
        filing = Filing(case_id=case_id, kind=kind.value, stage=case.stage, doc_no=doc_no,
                        file_name=str(path), sha256=digest, created_by=wb.actor,
                        created_at=wb.now(),
                        addressee=data.addressee.name if data.addressee else "",
                        addressee_kind=data.addressee.kind if data.addressee else "")
        session.add(filing)
        session.flush()
        chain.append(events.filing_exported(
            filing=filing.id, kind=kind.value, doc_no=doc_no, sha256=digest, file=path.name,
            full_personal_data=include_personal), wb.actor, case_id=case_id)
        chain.close()
        ref = case.ref
    return Exported(ref, kind.value, path, digest, doc_no)


class ExportBlocked(RuleViolation):
    """The pre-flight found blockers: nothing was written, no number used."""

    def __init__(self, ref: str, kind: docs.FilingKind, checked: Checked) -> None:
        self.checked = checked
        super().__init__(f"{ref} 的{kind.label}不能导出：" + "；".join(checked.blockers) + "。",
                         "逐项处理后重新导出。")


@dataclass(frozen=True, slots=True)
class Checked:
    """A filing laid out and checked, not yet written."""

    document: Any
    blockers: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.blockers


def _prepared(session: Session, wb: Workbench, case: Case, kind: docs.FilingKind, doc_no: str,
              include_personal: bool, style: Any, given: str | None,
              ) -> tuple[docs.FilingData, Checked]:
    """The filing's data, its document and every pre-flight finding (before and after
    layout)."""
    association = style.letterhead.name
    options = addressees.choices(session, case, kind, association=association)
    wanted = load_voice().of(kind).addressee
    chosen = addressees.chosen(options, given, wanted)
    data = filing_data(session, wb, case, kind, doc_no, include_personal, addressee=chosen,
                       association=association)
    if kind is docs.FilingKind.EVIDENCE_BINDER:  # a PDF of the files: no text to check
        blockers = () if wb.blobs is not None else (NO_BLOBS,)
        return data, Checked(None, blockers, ())
    entries = [e for c in case.categories if c in Category._value2member_map_
               for e in basis_for([Category(c)], scope_of(case), wb.law, wb.today())]
    first = preflight.before(kind, data, bases=entries,
                             placeholders=_placeholders(style))
    built = build_checked(kind, data, style)
    second = preflight.after(kind, built.document, built.cited, data)
    found = preflight.merged(first, second)
    return data, Checked(built.document, found.blockers, found.warnings)


NO_BLOBS = "没有设置证据库，无法汇编证据文件（请在数据目录下打开工作台）"


def _binder(wb: Workbench, session: Session, case: Case, data: docs.FilingData) -> bytes:
    """The evidence binder's PDF: the case's evidence files in list order."""
    assert case.id is not None
    try:
        return build_binder(binder_items(wb, listed_evidence(session, case.id)),
                            case_ref=case.ref, case_title=case.title,
                            submitter=data.complainant.name, issued_on=data.issued_on)
    except MemoryError as exc:
        raise RuleViolation("证据文件太大，无法汇编成一个 PDF。",
                            "请导出证据清单，并单独提交最大的文件。") from exc


def _placeholders(style: Any) -> list[str]:
    from workbench.filings import style as house

    check = getattr(house, "placeholder_problems", None)
    return list(check(style.letterhead)) if check else []


def check_export(wb: Workbench, case_id: int, kind: docs.FilingKind | str, *,
                 include_personal: bool = False, style_file: Path | None = None,
                 addressee: str | None = None) -> Checked:
    """The pre-flight of an export, without writing anything or taking a number."""
    kind = docs.FilingKind(kind)
    style = load_style(style_file or wb.filings_style)
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"案件 #{case_id} 不存在。", "请刷新列表。")
        number = style.letterhead.doc_number(wb.today().year, 0)
        return _prepared(session, wb, case, kind, number, include_personal, style,
                         addressee)[1]


def addressee_options(wb: Workbench, case_id: int,
                      kind: docs.FilingKind | str) -> list[addressees.AddresseeChoice]:
    """Whom a filing of `kind` may go to, the default first."""
    style = load_style(wb.filings_style)
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"案件 #{case_id} 不存在。", "请刷新列表。")
        return addressees.choices(session, case, docs.FilingKind(kind),
                                  association=style.letterhead.name)


def resolve_kind(wb: Workbench, case_id: int, kind: str) -> docs.FilingKind:
    """The kind to export ("auto": the first document the case's stage offers)."""
    if kind != "auto":
        try:
            return docs.FilingKind(kind)
        except ValueError:
            raise RuleViolation(f"没有这种文书：{kind!r}。", "可选：" + "、".join(
                k.value for k in docs.FilingKind)) from None
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"案件 #{case_id} 不存在。", "请刷新列表。")
        offered = kinds_for(case.stage, case.decision, case.mediation_result)
    # the stage's own document first; the evidence list is offered everywhere
    main = [k for k in offered if k not in EVERY_STAGE]
    return (main or offered)[0]


def export_many(wb: Workbench, case_ids: Iterable[int], kind: str, out_dir: Path, *,
                include_personal: bool = False, style_file: Path | None = None,
                progress: Callable[[int, int], None] | None = None,
                addressee: str | None = None) -> BulkResult:
    """Export for each case (kind "auto": the first document its stage offers); one
    failure does not stop the others and is reported."""

    def one(case_id: int) -> str:
        chosen = resolve_kind(wb, case_id, kind)
        exported = export(wb, case_id, chosen, out_dir, include_personal=include_personal,
                          style_file=style_file, addressee=addressee)
        return f"{exported.ref} → {exported.path.name}"

    return run_each(case_ids, one, progress=progress)


def filings_for(wb: Workbench, case_id: int) -> list[FilingLine]:
    """A case's exported filings, newest first, labelled."""
    with wb.store.session() as session:
        return [filing_line(row) for row in session.execute(
            select(Filing).where(col(Filing.case_id) == case_id)
            .order_by(col(Filing.id).desc())).scalars()]
