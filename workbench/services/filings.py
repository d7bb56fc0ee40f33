"""Exporting filings: fill a document from the case, number it, write it, record it.

The document is built and staged in a temp file inside the write transaction that takes
the next document number, and moved to its name only once that transaction committed: a
failed write consumes no number, a number always has its `Filing` row (with the file's
sha256) and `filing_exported` event, and a .docx under its name always has its row.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.ladder import Stage, stage_label
from workbench.domain.law.acceptance import load_policy
from workbench.domain.vocabulary import DisputeScope
from workbench.errors import NotFound, RuleViolation
from workbench.filings import documents as docs
from workbench.filings.binder import build_binder
from workbench.filings.papers import binder_heading, court_items
from workbench.filings.render import build_checked
from workbench.filings.style import AGREEMENT_SERIES, load_style
from workbench.filings.voice import load_voice
from workbench.i18n import N_, _
from workbench.os_reasons import os_reason
from workbench.private_files import private_dir
from workbench.services import addressees, preflight
from workbench.services.bulk import BulkResult, run_each
from workbench.services.context import Workbench
from workbench.services.escalation import approval_granted
from workbench.services.evidence import listed_evidence
from workbench.services.filing_data import (
    binder_items,
    cited_ids,
    filing_data,
    issued_day,
)
from workbench.services.groups import letter_case
from workbench.services.names import display_names
from workbench.services.register import backdated
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
    doc_no: str  # "" for a draft and for papers the association does not number
    draft: bool = False


FILING_KINDS: tuple[docs.FilingKind, ...] = tuple(docs.FilingKind)
# offered at every stage; "auto" picks the stage's own document before them
EVERY_STAGE = frozenset({docs.FilingKind.EVIDENCE_LIST, docs.FilingKind.EVIDENCE_BINDER})


def kinds_for(stage: str, decision: str = "", mediation: str = "", *, outcome: str = "",
              mediator: str | None = None, evidence: bool = True,
              scope: str = "") -> list[docs.FilingKind]:
    """The document kinds a case at `stage` may export (the evidence list always, but
    not for a case without `evidence`); a decision notice only once that decision is
    made (`decision`: the case's code), the mediation's end papers only once it ended
    that way (`mediation`: its result code). No 终止调解告知书 for a case closed as
    referred to another body (`outcome`), nor where no one mediated (`mediator`
    recorded as "": the case never entered a mediation). Nothing the acceptance policy
    bars beside another route of the same dispute (acceptance.toml ``[[bar]]``, see
    :func:`barred`): no 消费者投诉书 to a market bureau for a merchant's business dispute
    (`scope` business) nor while the association mediates it itself."""
    return [k for k in docs.kinds_for_stage(stage)
            if (k not in docs.NOTICE_DECISION or docs.NOTICE_DECISION[k] == decision)
            and (k not in MEDIATION_END or MEDIATION_END[k] == mediation)
            and (k is not docs.FilingKind.TERMINATION_NOTICE
                 or (outcome not in NO_TERMINATION_NOTICE and mediator != ""))
            and (evidence or k not in EVERY_STAGE)
            and not load_policy().barred(k, scope=scope or DisputeScope.CONSUMER.value,
                                         mediator=mediator)]


def barred(wb: Workbench, case: Case, kind: docs.FilingKind, on: date) -> list[str]:
    """Why the policy bars this paper for this case (the pre-flight's blockers; the same
    bars :func:`kinds_for` leaves out), each with the rule it rests on."""
    found = []
    for bar in load_policy().barred(kind, scope=case.scope or DisputeScope.CONSUMER.value,
                                    mediator=case.mediator):
        rule = "、".join(e.citation for e in bar.entries(wb.law, on)[:1])
        found.append(_("不宜出具{label}：{reason}（{rule}）").format(
                         label=kind.label, reason=bar.reason, rule=rule))
    return found


def offered_for(case: Case, *, evidence: bool = True) -> list[docs.FilingKind]:
    """The kinds :func:`kinds_for` offers this case, from its record (`evidence`: whether
    it has any)."""
    return kinds_for(case.stage, case.decision, case.mediation_result,
                     outcome=case.outcome or "", mediator=case.mediator, evidence=evidence,
                     scope=case.scope)


# Outcomes whose case was not ended by the mediation's termination: none gets the notice.
NO_TERMINATION_NOTICE = frozenset({"referred"})


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


def _press_approval(session: Session, case: Case) -> list[str]:
    """A press brief goes out only for a case a supervisor let onto the media rung."""
    assert case.id is not None
    if approval_granted(session, case.id, Stage.MEDIA) is not None:
        return []
    return [_("缺少负责人对进入「{stage_label}」阶段的批准：请先提交审批申请"
            "（workbench approvals request {ref} --to media），由负责人批准后再导出").format(
                stage_label=stage_label(Stage.MEDIA), ref=case.ref)]


def export(wb: Workbench, case_id: int, kind: docs.FilingKind | str, out_dir: Path, *,
           include_personal: bool = False, style_file: Path | None = None,
           addressee: str | None = None, draft: bool = False) -> Exported:
    """Write one filing of `kind` for a case into `out_dir` and record it.

    Personal data is masked unless `include_personal`; that choice is in the event. Only
    what the association issues takes a 文号 (:attr:`KindInfo.numbered`); a `draft` takes
    none, prints 草稿 on every page and is named "…（草稿）.docx".
    `addressee` names whom it goes to (default: the first of :func:`addressee_options`).
    The pre-flight's blockers refuse it (:class:`ExportBlocked`, with the whole list)."""
    try:
        kind = docs.FilingKind(kind)
    except ValueError:
        raise RuleViolation(_("没有这种文书：{kind!r}。").format(
                                kind=kind), _("可选：") + "、".join(
            k.value for k in docs.FilingKind)) from None
    try:
        style = load_style(style_file or wb.filings_style)
    except ValueError as exc:
        raise RuleViolation(_("文书样式文件有误：{exc}").format(
                                exc=exc), _("请修正文书样式文件。")) from exc
    try:
        private_dir(out_dir)
    except OSError as exc:
        raise RuleViolation(_("无法创建输出目录 {out_dir}：{strerror}").format(
                                out_dir=out_dir, strerror=os_reason(exc)),
                            _("请为 --out 选择一个可写的文件夹。")) from exc
    # a paper the complainant signs or a court reads carries their full data (audited)
    include_personal = include_personal or load_voice().of(kind).full_personal
    return _export(wb, case_id, kind, out_dir, style, include_personal, addressee, draft)


CRASH_ENV = "WORKBENCH_TEST_CRASH_AT"  # a test seam: die at a named point of an export


def crash_point(name: str) -> None:
    """End the process at once (no clean-up, as a kill would) if the test seam names
    this point; see tests/test_numbering.py."""
    if os.environ.get(CRASH_ENV) == name:
        os._exit(9)


def _export(wb: Workbench, case_id: int, kind: docs.FilingKind, out_dir: Path, style: Any,
            include_personal: bool, addressee: str | None, draft: bool) -> Exported:
    # Crash-safe order: number → build → temp file (fsynced) → row and event → COMMIT →
    # rename. A kill before the commit leaves only a temp file and uses no number; a kill
    # after it leaves a recorded filing whose file is still the temp (`sweep_temps`
    # moves it into place). Never a .docx under its name without its row.
    staged: Path | None = None
    try:
        with wb.store.write() as session:
            chain = wb.chain(session)  # the chain lock serialises exports: names, numbers
            case = session.get(Case, case_id)
            if case is None:
                raise NotFound(_("案件 #{case_id} 不存在。").format(
                                   case_id=case_id), _("请刷新列表。"))
            offered_kinds = offered_for(case)
            members = letter_case(session, case) if kind in docs.GROUP_KINDS else [case_id]
            if kind not in offered_kinds and kind not in docs.GROUP_KINDS:
                offered = "、".join(k.label for k in offered_kinds)
                raise RuleViolation(_("{ref} 处于「{stage_label}」阶段，"
                                    "不能出具{label}。").format(
                                        ref=case.ref, stage_label=stage_label(case.stage),
                                        label=kind.label), _("本阶段可出具：{offered}。").format(
                                                              offered=offered or _('无')))
            doc_no = ""
            if docs.KIND_INFO[kind].numbered and not draft:
                year = issued_day(session, wb, case, kind).year  # its own date's series
                series = style.letterhead.number_template(kind.value)  # 函, or the agreements'
                number = _next_number(session, series, year)
                doc_no = style.letterhead.doc_number(year, number, kind.value)
            data, checked = _prepared(session, wb, case, kind, doc_no, include_personal, style,
                                      addressee, draft=draft)
            if not checked.ok:
                raise ExportBlocked(case.ref, kind, checked)
            try:
                content = (_binder(wb, session, case, data)
                           if kind is docs.FilingKind.EVIDENCE_BINDER else checked.document)
                staged = docs.stage(content, out_dir, kind.info.suffix)
            except OSError as exc:
                raise RuleViolation(_("无法写入文书：{strerror}").format(
                                        strerror=os_reason(exc)),
                                    _("请检查 --out 目录和磁盘剩余空间。")) from exc
            target = _free_name(session, out_dir, f"{case.ref} {docs.KIND_INFO[kind].label}"
                                + (DRAFT_SUFFIX if draft else ""), kind.info.suffix)
            digest = docs.sha256_of(staged)
            filing = Filing(case_id=case_id, kind=kind.value, stage=case.stage, doc_no=doc_no,
                            file_name=str(target), sha256=digest, created_by=wb.actor,
                            created_at=wb.now(), draft=draft,
                            addressee=data.addressee.name if data.addressee else "",
                            addressee_kind=data.addressee.kind if data.addressee else "")
            session.add(filing)
            session.flush()
            exported = events.filing_exported(
                filing=filing.id, kind=kind.value, doc_no=doc_no, sha256=digest,
                file=target.name, full_personal_data=include_personal, draft=draft)
            for member in members:  # a group's letter: on every member's timeline
                chain.append(exported, wb.actor, case_id=member)
            chain.close()
            ref = case.ref
            crash_point("before_commit")
    except BaseException:
        if staged is not None:  # nothing recorded: no file left behind, no number used
            staged.unlink(missing_ok=True)
        raise
    crash_point("after_commit")
    try:
        docs.publish(staged, target)
    except OSError as exc:
        raise RuleViolation(
            _("文书已登记（{doc_no}），但未能保存为 {name}："
            "{strerror}；内容在临时文件 {temp} 中。").format(
                doc_no=doc_no or _('不编号'), name=target.name, strerror=os_reason(exc),
                temp=staged.name),
            _("腾出文件名或磁盘空间后运行 workbench filings sweep。")) from exc
    return Exported(ref, kind.value, target, digest, doc_no, draft)


DRAFT_SUFFIX = "（草稿）"


def _free_name(session: Session, out_dir: Path, stem: str, suffix: str = ".docx") -> Path:
    """The first "<stem>.docx", "<stem> (2).docx"… that is neither on disk nor claimed by
    a recorded filing whose file is not in place yet (called under the chain lock)."""
    for candidate in docs.candidate_names(out_dir, stem, suffix):
        if os.path.lexists(candidate):
            continue
        claimed = session.execute(select(col(Filing.id)).where(
            col(Filing.file_name) == str(candidate)).limit(1)).first()
        if claimed is None:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover - the names never run out


class ExportBlocked(RuleViolation):
    """The pre-flight found blockers: nothing was written, no number used."""

    def __init__(self, ref: str, kind: docs.FilingKind, checked: Checked) -> None:
        self.checked = checked
        super().__init__(_("{ref} 的{label}不能导出：").format(
                             ref=ref, label=kind.label) + "；".join(checked.blockers) + "。",
                         _("逐项处理后重新导出。"))


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
              include_personal: bool, style: Any, given: str | None, *, draft: bool = False,
              remedies: Mapping[str, str] | None = None) -> tuple[docs.FilingData, Checked]:
    """The filing's data, its document and every pre-flight finding (before and after
    layout)."""
    association = style.letterhead.name
    options = addressees.choices(session, case, kind, association=association,
                                 cited=cited_ids(session, wb, case))
    wanted = load_voice().of(kind).addressee
    chosen = addressees.chosen(options, given, wanted)
    data = filing_data(session, wb, case, kind, doc_no, include_personal, addressee=chosen,
                       association=association)
    data.draft = draft
    if kind is docs.FilingKind.EVIDENCE_BINDER:  # a PDF of the files: no text to check
        blockers = (*preflight.no_evidence(kind, data),
                    *(() if wb.blobs is not None else (_(NO_BLOBS),)))
        return data, Checked(None, blockers, tuple(preflight.evidence_off_case(kind, data)))
    entries = [wb.law.get(b[3], data.issued_on) for b in data.bases]  # as the paper cites
    first = preflight.before(kind, data, bases=entries,
                             placeholders=_placeholders(style, kind), remedies=remedies)
    built = build_checked(kind, data, style)
    second = preflight.after(kind, built.document, built.cited, data)
    found = preflight.merged(first, second)
    if kind is docs.FilingKind.PRESS_BRIEF:
        found = preflight.merged(preflight.Preflight(tuple(_press_approval(session, case)), ()),
                                 found)
    if docs.KIND_INFO[kind].numbered and not draft:  # a number against the dates
        late = backdated(session, style.letterhead.number_template(kind.value), data.issued_on,
                         agreements=kind.value in AGREEMENT_SERIES)
        found = preflight.merged(found, preflight.Preflight((), (late,) if late else ()))
    return data, Checked(built.document, found.blockers, found.warnings)


NO_BLOBS = N_("没有设置证据库，无法汇编证据文件（请在数据目录下打开工作台）")


def _binder(wb: Workbench, session: Session, case: Case, data: docs.FilingData) -> bytes:
    """The evidence binder's PDF: the case's evidence files in list order."""
    assert case.id is not None
    try:
        items = court_items(data, binder_items(wb, listed_evidence(session, case.id)))
        return build_binder(items,
                            case_ref=case.ref, case_title=case.title,
                            heading=binder_heading(data), issued_on=data.issued_on)
    except MemoryError as exc:
        raise RuleViolation(_("证据文件太大，无法汇编成一个 PDF。"),
                            _("请导出证据清单，并单独提交最大的文件。")) from exc


def _placeholders(style: Any, kind: docs.FilingKind) -> list[str]:
    from workbench.filings import style as house

    check = getattr(house, "placeholder_problems", None)
    return (list(check(style.letterhead)) if check else []) + house.series_problems(
        style.letterhead, kind.value)


def check_export(wb: Workbench, case_id: int, kind: docs.FilingKind | str, *,
                 include_personal: bool = False, style_file: Path | None = None,
                 addressee: str | None = None,
                 remedies: Mapping[str, str] | None = None) -> Checked:
    """The pre-flight of an export, without writing anything or taking a number;
    `remedies` words what to do about a blocker for the caller (see preflight.REMEDIES)."""
    kind = docs.FilingKind(kind)
    include_personal = include_personal or load_voice().of(kind).full_personal
    style = load_style(style_file or wb.filings_style)
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新列表。"))
        number = style.letterhead.doc_number(wb.today().year, 0, kind.value) \
            if docs.KIND_INFO[kind].numbered else ""
        checked = _prepared(session, wb, case, kind, number, include_personal, style,
                            addressee, remedies=remedies)[1]
        bars = barred(wb, case, kind, wb.today())
    return dataclasses.replace(checked, blockers=(*bars, *checked.blockers)) if bars \
        else checked


def addressee_options(wb: Workbench, case_id: int,
                      kind: docs.FilingKind | str) -> list[addressees.AddresseeChoice]:
    """Whom a filing of `kind` may go to, the default first."""
    style = load_style(wb.filings_style)
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新列表。"))
        return addressees.choices(session, case, docs.FilingKind(kind),
                                  cited=cited_ids(session, wb, case),
                                  association=style.letterhead.name)


def resolve_kind(wb: Workbench, case_id: int, kind: str) -> docs.FilingKind:
    """The kind to export ("auto": the first document the case's stage offers)."""
    if kind != "auto":
        try:
            return docs.FilingKind(kind)
        except ValueError:
            raise RuleViolation(_("没有这种文书：{kind!r}。").format(
                                    kind=kind), _("可选：") + "、".join(
                k.value for k in docs.FilingKind)) from None
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新列表。"))
        offered = offered_for(case)
    # the stage's own document first; the evidence list is offered everywhere
    main = [k for k in offered if k not in EVERY_STAGE]
    return (main or offered)[0]


@dataclass
class ExportBatch(BulkResult):
    """What a batch export did (as `BulkResult`) and the files it wrote, in case order."""

    paths: list[Path] = field(default_factory=list)


def export_many(wb: Workbench, case_ids: Iterable[int], kind: str, out_dir: Path, *,
                include_personal: bool = False, style_file: Path | None = None,
                progress: Callable[[int, int], None] | None = None,
                addressee: str | None = None, draft: bool = False) -> ExportBatch:
    """Export for each case (kind "auto": the first document its stage offers); one
    failure does not stop the others and is reported. `draft`: see :func:`export`."""
    paths: list[Path] = []

    def one(case_id: int) -> str:
        chosen = resolve_kind(wb, case_id, kind)
        exported = export(wb, case_id, chosen, out_dir, include_personal=include_personal,
                          style_file=style_file, addressee=addressee, draft=draft)
        paths.append(exported.path)
        return f"{exported.ref} → {exported.path.name}"

    result = run_each(wb, case_ids, one, progress=progress)
    return ExportBatch(**{f.name: getattr(result, f.name) for f in fields(result)},
                       paths=paths)


def filings_for(wb: Workbench, case_id: int) -> list[FilingLine]:
    """A case's exported filings, newest first, labelled."""
    with wb.store.session() as session:
        rows = session.execute(select(Filing).where(col(Filing.case_id) == case_id)
                               .order_by(col(Filing.id).desc())).scalars().all()
        names = display_names(session, (row.created_by for row in rows))
    return [filing_line(row, names) for row in rows]


SWEEP_GRACE_S = 300  # an export takes seconds: a younger temp may be another's in flight


@dataclass(frozen=True, slots=True)
class Sweep:
    """What :func:`sweep_temps` did with the temp files an interrupted export left."""

    recovered: tuple[Path, ...] = ()  # recorded filings moved to their names at last
    removed: tuple[Path, ...] = ()  # exports that never committed: nothing recorded
    stuck: tuple[str, ...] = ()  # problems left for a person (Chinese, one a line)

    @property
    def message(self) -> str:
        """One Chinese line for the caseworker; "" when there was nothing to do."""
        parts = []
        if self.recovered:
            parts.append(_("恢复 {n} 份已登记但未保存完的文书").format(n=len(self.recovered)))
        if self.removed:
            parts.append(_("清除 {n} 个未完成导出的临时文件").format(n=len(self.removed)))
        parts += list(self.stuck)
        return "；".join(parts)


def temp_files(out_dir: Path, *, older_than: float | None = None) -> list[Path]:
    """The `.filing-*.tmp` files in `out_dir` (default: those older than this process,
    less a grace period, which no export still running can own)."""
    from workbench.domain.clock import process_started

    cutoff = process_started() - SWEEP_GRACE_S if older_than is None else older_than
    found = []
    for path in sorted(out_dir.glob(docs.TEMP_GLOB)):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                found.append(path)
        except OSError:  # removed meanwhile
            continue
    return found


def sweep_temps(wb: Workbench, out_dir: Path, *, older_than: float | None = None) -> Sweep:
    """Finish or undo the exports a kill interrupted in `out_dir` (run at start-up).

    A temp file whose content a recorded filing has (same sha256) and whose name is still
    free is moved to that name: the export had committed. A temp file no filing has is
    deleted: its transaction never committed, so it used no number."""
    temps = temp_files(out_dir, older_than=older_than)
    if not temps:
        return Sweep()
    digests = {path: docs.sha256_of(path) for path in temps}
    with wb.store.session() as session:
        rows = session.execute(select(Filing).where(
            col(Filing.sha256).in_(set(digests.values())))).scalars().all()
    waiting = [row for row in rows if not os.path.lexists(row.file_name)]
    recovered: list[Path] = []
    removed: list[Path] = []
    stuck: list[str] = []
    for temp, digest in digests.items():
        row = next((r for r in waiting if r.sha256 == digest), None)
        try:
            if row is None:  # never committed, or already in place (a kill after the link)
                temp.unlink(missing_ok=True)
                removed.append(temp)
                continue
            waiting.remove(row)
            docs.publish(temp, Path(row.file_name))
            recovered.append(Path(row.file_name))
        except OSError as exc:
            stuck.append(_("临时文件 {name} 未能处理：{strerror}").format(
                             name=temp.name, strerror=os_reason(exc)))
    return Sweep(tuple(recovered), tuple(removed), tuple(stuck))
