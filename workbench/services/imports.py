"""Import cases from a spreadsheet or a 12315 export (README › Import).

Each data row becomes an intake form, checked by the same `intake.check` as a case typed
in; its provider is matched against the registry (exactly, by short name or 统一社会信用代码,
or by a near name that is reported); then the row is created, already imported (its
external reference or content hash is known), a likely duplicate of an open case, or
refused with every reason. A dry run only reports; a real run writes each batch of rows in
one transaction, so a killed import loses nothing and running it again completes it.

A screen calls `import_file` in a worker: `progress(done, total)` is called after each
batch and `cancelled()` is asked between batches.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain import validators as v
from workbench.domain.vocabulary import ImportOutcome
from workbench.errors import RuleViolation, StorageError
from workbench.i18n import _
from workbench.imports.books import RefusedRow, write_errors
from workbench.imports.profiles import (
    Profile,
    all_profiles,
    load_profile,
)
from workbench.imports.rows import map_row
from workbench.os_reasons import os_reason
from workbench.services.cases import (
    REF_PREFIX,
    CaseDraft,
    Demand,
    _caseworker_id,
    insert_cases,
    next_ref,
)
from workbench.services.context import Workbench
from workbench.services.import_rows import PendingRow, header_cells, prepare_row, read_with_profile
from workbench.services.intake import duplicates_in, same_complaint
from workbench.services.providers import ProviderIndex, load_index
from workbench.store.audit import ChainWriter
from workbench.store.models import Case, CaseSource, Provider

BATCH = 200  # rows per transaction
AUTO_MATCH = 90.0  # a name this near a registered provider's is that provider
NEAR = 75.0  # nearer than this (but below AUTO_MATCH): refused, to be checked
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowResult:
    """One row's outcome (a dry run's: what a real run would do)."""

    sheet: str
    row: int
    outcome: ImportOutcome
    title: str = ""
    external_ref: str = ""
    provider_note: str = ""  # 将新建服务商 X / 匹配已登记服务商 Y（相似度 N）
    reasons: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()  # refs of the open cases it may duplicate
    case_ref: str = ""  # the case created, or the one it was imported as before

    @property
    def label(self) -> str:
        return self.outcome.label

    @property
    def detail(self) -> str:
        """What the table's last column says about the row."""
        if self.outcome is ImportOutcome.REFUSED:
            return "；".join(self.reasons)
        if self.outcome is ImportOutcome.DUPLICATE:
            return _("与未结案件 {refs} 疑似重复").format(refs="、".join(self.duplicates))
        if self.outcome is ImportOutcome.IMPORTED:
            return _("已导入为 {ref}").format(ref=self.case_ref) if self.case_ref \
                else "；".join(self.reasons)
        return "，".join(t for t in (self.case_ref, self.provider_note) if t)


@dataclass(frozen=True)
class ImportReport:
    file: str
    profile: str
    dry_run: bool
    rows: tuple[RowResult, ...]
    import_id: str = ""
    cancelled: bool = False
    errors_path: str = ""  # the errors workbook written ("" when none)
    total: int = 0  # data rows in the file (more than `rows` when cancelled)

    def count(self, outcome: ImportOutcome) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)

    @property
    def summary(self) -> str:
        """新建 N，已导入 N，疑似重复 N，拒绝 N (a dry run: what would be)."""
        text = _("新建 {created}，已导入 {imported}，疑似重复 {duplicates}，拒绝 {refused}").format(
            created=self.count(ImportOutcome.CREATE),
            imported=self.count(ImportOutcome.IMPORTED),
            duplicates=self.count(ImportOutcome.DUPLICATE),
            refused=self.count(ImportOutcome.REFUSED))
        if self.dry_run:
            text = _("试运行（未写入）：{text}").format(text=text)
        if self.cancelled:
            text += _("（已中止：已处理 {done}/{total} 行，再次导入可完成）").format(
                done=len(self.rows), total=self.total)
        return text


# --- providers ------------------------------------------------------------------------

@dataclass
class _Registry:
    """The provider registry as the import sees it: the index, each provider's 统一社会信用
    代码, and the providers this import adds (a later row naming one finds it)."""

    index: ProviderIndex
    usccs: dict[str, tuple[int, str]]  # uscc → (id, name)
    uscc_of: dict[int, str]
    new: dict[str, int]  # name → id (0 in a dry run)

    @classmethod
    def load(cls, wb: Workbench) -> _Registry:
        with wb.store.session() as session:
            rows = session.execute(select(col(Provider.id), col(Provider.name),
                                          col(Provider.uscc))).all()
        return cls(load_index(wb), {u: (i, n) for i, n, u in rows if u},
                   {i: u for i, _n, u in rows}, {})

    def resolve(self, row: PendingRow) -> None:
        """Decide the row's provider, or add a reason it cannot be decided."""
        name, uscc = row.form.provider.strip(), row.form.provider_uscc.strip().upper()
        exact = self.index.registered(name)
        if exact is not None:
            row.provider_id, row.provider_name = exact.id, exact.name
            row.provider_note = _("已登记服务商 {name}").format(name=exact.name)
            return
        if uscc in self.usccs:
            pid, known = self.usccs[uscc]
            row.provider_id, row.provider_name = pid, known
            row.provider_note = _("按统一社会信用代码匹配已登记服务商 {name}").format(name=known)
            return
        row.provider_name = name
        if name in self.new:
            row.provider_id = self.new[name] or None
            row.new_provider = not self.new[name]
            row.provider_note = _("将新建服务商 {name}").format(name=name)
            return
        planned = process.extractOne(name, list(self.new), scorer=fuzz.WRatio,
                                     score_cutoff=AUTO_MATCH) if self.new else None
        if planned is not None and not uscc:  # a typo of a name new in this same file
            row.provider_name = planned[0]
            row.provider_id = self.new[planned[0]] or None
            row.new_provider = not self.new[planned[0]]
            row.provider_note = _("同本文件中将新建的服务商 {name}（相似度 {score:.0f}）").format(
                name=planned[0], score=planned[1])
            return
        near = self.index.suggest(name, 1)
        best = near[0] if near else None
        other_code = bool(best and uscc and self.uscc_of.get(best.id)
                          and self.uscc_of[best.id] != uscc)
        if best is not None and not other_code and best.score >= AUTO_MATCH:
            row.provider_id, row.provider_name = best.id, best.name
            row.provider_note = _("匹配已登记服务商 {name}（相似度 {score:.0f}）").format(
                name=best.name, score=best.score)
            return
        if best is not None and not other_code and best.score >= NEAR and not uscc:
            row.reasons.append(_("{column}：“{text}”与已登记的“{name}”相近（相似度 {score:.0f}），"
                                 "请改为已登记的名称；确为另一家服务商时请填写其统一社会信用代码")
                               .format(column=_where_provider(), text=name, name=best.name,
                                       score=best.score))
            return
        row.new_provider = True
        row.provider_note = _("将新建服务商 {name}").format(name=name)
        self.new[name] = 0

    def add(self, session: Session, chain: ChainWriter, wb: Workbench, row: PendingRow,
            address: str) -> int:
        """The row's provider id, adding the provider (once per import) when it is new."""
        name = row.provider_name or row.form.provider.strip()
        if row.provider_id:
            return row.provider_id
        if self.new.get(name):
            return self.new[name]
        uscc = v.uscc(row.form.provider_uscc) if row.form.provider_uscc.strip() else ""
        provider = Provider(name=name, uscc=uscc, address=address[:300],
                            kind="payment_institution")
        session.add(provider)
        session.flush()
        assert provider.id is not None
        chain.append(events.provider_added(provider.id, name), wb.actor)
        self.new[name] = provider.id
        if uscc:
            self.usccs[uscc] = (provider.id, name)
        return provider.id


def _where_provider() -> str:
    return _("服务商")


# --- the import -----------------------------------------------------------------------

def _known(session: Session, source: str, rows: Sequence[PendingRow]) -> dict[tuple[str, str], str]:
    """Which of `rows` were imported before: their key → the case's ref."""
    refs = [r.external_ref for r in rows if r.external_ref]
    hashes = [r.mapped.content_hash for r in rows]
    found: dict[tuple[str, str], str] = {}
    for start in range(0, max(len(refs), len(hashes)), 500):
        chunk_refs, chunk_hashes = refs[start:start + 500], hashes[start:start + 500]
        query = select(col(CaseSource.external_ref), col(CaseSource.content_hash),
                       col(Case.ref)).join(Case, col(Case.id) == col(CaseSource.case_id))
        if chunk_refs:
            for ref, _h, case_ref in session.execute(query.where(
                    col(CaseSource.source) == source,
                    col(CaseSource.external_ref).in_(chunk_refs))).all():
                found[("ref", str(ref))] = case_ref
        if chunk_hashes:
            for _r, digest, case_ref in session.execute(query.where(
                    col(CaseSource.content_hash).in_(chunk_hashes))).all():
                found[("hash", digest)] = case_ref
    return found


def _already(row: PendingRow, known: dict[tuple[str, str], str]) -> str | None:
    """The ref of the case this row was imported as, if it was."""
    return known.get(row.key) or known.get(("hash", row.mapped.content_hash))


def _result(row: PendingRow, outcome: ImportOutcome, **extra: Any) -> RowResult:
    return RowResult(row.sheet, row.mapped.number, outcome, row.form.title,
                     row.external_ref or "", row.provider_note, tuple(row.reasons), **extra)


def _decide(session: Session, row: PendingRow, known: dict[tuple[str, str], str],
            seen: dict[tuple[str, str], int], allow_duplicates: bool) -> RowResult | None:
    """The row's outcome unless it is to be created (None)."""
    if row.reasons:
        return _result(row, ImportOutcome.REFUSED)
    before = _already(row, known)
    if before:
        return _result(row, ImportOutcome.IMPORTED, case_ref=before)
    if row.key in seen:
        row.reasons.append(_("与本文件第 {row} 行相同").format(row=seen[row.key]))
        return _result(row, ImportOutcome.IMPORTED)
    seen[row.key] = row.mapped.number
    if not allow_duplicates and row.checked is not None:
        refs = duplicates_in(session, row.checked.complainant, row.provider_name,
                             row.form.terminal_sn)
        if refs:
            return _result(row, ImportOutcome.DUPLICATE, duplicates=tuple(refs))
    return None


def errors_path_for(path: Path) -> Path:
    """Where the errors workbook goes by default: FILE.errors.xlsx beside the file."""
    return path.with_name(f"{path.stem}.errors.xlsx")


def import_file(wb: Workbench, path: Path, *, profile: str | Profile | None = None,
                dry_run: bool = False, encoding: str | None = None,
                assign: str | None = None, priority: str | None = None,
                errors: Path | None = None, allow_duplicates: bool = False,
                batch: int = BATCH, progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import the rows of `path` (see the module's docstring); a dry run writes nothing.
    `profile`: a profile, its name or a .toml path; None: the first that fits the file.

    A real run writes refused and likely-duplicate rows to the errors workbook (`errors`,
    default FILE.errors.xlsx) and records one `import_run` event."""
    named = load_profile(profile) if isinstance(profile, str) else profile
    if priority is not None and priority not in ("low", "normal", "high", "urgent"):
        raise RuleViolation(_("优先级应为 low, normal, high 或 urgent"), _("请改正 --priority。"))
    if assign:
        with wb.store.session() as session:
            _caseworker_id(session, assign)  # a wrong login is refused before anything
    chosen, sheets = read_with_profile(path, named, encoding)
    today = wb.today()
    rows: list[PendingRow] = []
    headers: dict[str, list[Any]] = {}
    for sheet, header in sheets:
        headers[sheet.name] = header_cells(chosen, sheet, header)
        for number, cells in sheet.rows[header.row_index + 1:]:
            mapped = map_row(chosen, header, number, cells)
            rows.append(prepare_row(chosen, sheet.name, mapped, today, priority))
    registry = _Registry.load(wb)
    for row in rows:
        if not row.reasons:
            registry.resolve(row)
    import_id = uuid.uuid4().hex
    results: list[RowResult] = []
    seen: dict[tuple[str, str], int] = {}
    would_create: Earlier = {}  # a dry run: the rows it would create, for later rows
    stopped = False
    for start in range(0, len(rows), batch):
        if cancelled is not None and cancelled():
            stopped = True
            break
        chunk = rows[start:start + batch]
        if dry_run:
            with wb.store.session() as session:
                known = _known(session, chosen.source, chunk)
                for row in chunk:
                    decided = _decide(session, row, known, seen, allow_duplicates)
                    if decided is None and not allow_duplicates:
                        decided = _earlier_duplicate(row, would_create)
                    if decided is None:
                        _remember(would_create, row,
                                  _("本文件第 {row} 行").format(row=row.mapped.number))
                    results.append(decided or _result(row, ImportOutcome.CREATE))
        else:
            results.extend(_write_batch(wb, chosen, path, import_id, chunk, registry, seen,
                                        allow_duplicates, assign))
        if progress is not None:
            progress(min(start + batch, len(rows)), len(rows))
    report = ImportReport(path.name, chosen.name, dry_run, tuple(results), import_id,
                          stopped, total=len(rows))
    if dry_run:
        return report
    written = _write_errors(path, errors, headers, rows, results)
    report = replace(report, errors_path=str(written) if written else "")
    with wb.store.write() as session:
        chain = wb.chain(session)
        chain.append(events.import_run(
            file=path.name, profile=chosen.name, import_id=import_id,
            created=report.count(ImportOutcome.CREATE),
            imported=report.count(ImportOutcome.IMPORTED),
            duplicates=report.count(ImportOutcome.DUPLICATE),
            refused=report.count(ImportOutcome.REFUSED), cancelled=stopped), wb.actor)
        chain.close()
    return report


def _write_batch(wb: Workbench, profile: Profile, path: Path, import_id: str,
                 chunk: Sequence[PendingRow], registry: _Registry,
                 seen: dict[tuple[str, str], int], allow_duplicates: bool,
                 assign: str | None) -> list[RowResult]:
    """One batch in one transaction, holding the chain lock from the start: what another
    process imported meanwhile is seen here, and the unique keys stop what it did not."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        known = _known(session, profile.source, chunk)
        # the batch's cases are written together: nothing is flushed while rows are decided
        with session.no_autoflush:
            results = _write_rows(wb, session, chain, profile, path, import_id, chunk,
                                  known, registry, seen, allow_duplicates, assign)
        chain.close()
    return results


def _write_rows(wb: Workbench, session: Session, chain: ChainWriter, profile: Profile,
                path: Path, import_id: str, chunk: Sequence[PendingRow],
                known: dict[tuple[str, str], str], registry: _Registry,
                seen: dict[tuple[str, str], int], allow_duplicates: bool,
                assign: str | None) -> list[RowResult]:
    """Each row decided, then the batch's cases written at once (`insert_cases`); a row
    that repeats a complainant of this batch is a likely duplicate as of a case before."""
    results: list[RowResult | None] = []
    year = wb.today().year
    number = int(next_ref(session, year).rsplit("-", 1)[1])  # once per batch, not per case
    drafts: list[tuple[CaseDraft, str | None]] = []
    creating: list[tuple[int, PendingRow]] = []  # (its place in results, the row)
    earlier: Earlier = {}  # this batch's (earlier batches are committed: duplicates_in)
    for row in chunk:
        decided = _decide(session, row, known, seen, allow_duplicates)
        if decided is None and not allow_duplicates:
            decided = _earlier_duplicate(row, earlier)
        if decided is not None:
            results.append(decided)
            continue
        assert row.checked is not None
        checked = row.checked
        provider_id = registry.add(session, chain, wb, row,
                                   row.mapped.values.get("provider_address", ""))
        drafts.append((CaseDraft(
            title=row.form.title.strip(), complainant=checked.complainant,
            provider_id=provider_id, categories=checked.categories,
            narrative=row.form.narrative, demands=[Demand(d.text, d.amount_fen)
                                                   for d in checked.demands],
            terminal_sn=row.form.terminal_sn.strip(), harm_known_on=checked.harm_known_on,
            priority=checked.priority, assignee=assign, scope=checked.scope,
            scope_reason=checked.scope_reason), f"{REF_PREFIX}-{year}-{number:06d}"))
        _remember(earlier, row, f"{REF_PREFIX}-{year}-{number:06d}")
        number += 1
        creating.append((len(results), row))
        results.append(None)
    cases = insert_cases(wb, session, chain, drafts) if drafts else []
    for (at, row), case in zip(creating, cases, strict=True):
        assert case.id is not None
        session.add(CaseSource(
            case_id=case.id, source=profile.source, file_name=path.name[:500],
            sheet=row.sheet[:100], row_number=row.mapped.number,
            external_ref=row.external_ref, content_hash=row.mapped.content_hash,
            import_id=import_id, registered_on=row.registered_on))
        chain.append(events.case_imported(
            file=path.name, sheet=row.sheet, row=row.mapped.number,
            external_ref=row.external_ref, import_id=import_id), wb.actor,
            case_id=case.id)
        results[at] = _result(row, ImportOutcome.CREATE, case_ref=case.ref)
    return [r for r in results if r is not None]


Earlier = dict[tuple[str, str], list[tuple["PendingRow", str]]]
"""The rows this run creates (or would create), by complainant name and provider, each
with its ref (a dry run: the file's row) — what a later row of the file may duplicate."""


def _earlier_duplicate(row: PendingRow, earlier: Earlier) -> RowResult | None:
    """The row as a likely duplicate of a case this run creates before it."""
    if row.checked is None:
        return None
    person = row.checked.complainant
    refs = [ref for other, ref in earlier.get((person.name, row.provider_name), [])
            if other.checked is not None
            and same_complaint(person, row.form.terminal_sn, other.checked.complainant,
                               other.form.terminal_sn)]
    return _result(row, ImportOutcome.DUPLICATE, duplicates=tuple(refs)) if refs else None


def _remember(earlier: Earlier, row: PendingRow, ref: str) -> None:
    if row.checked is not None:
        earlier.setdefault((row.checked.complainant.name, row.provider_name), []).append(
            (row, ref))


def _write_errors(path: Path, errors: Path | None, headers: dict[str, list[Any]],
                  rows: Iterable[PendingRow], results: Sequence[RowResult]) -> Path | None:
    """The errors workbook of the refused and likely-duplicate rows (None when none)."""
    bad = {(r.sheet, r.row): r for r in results
           if r.outcome in (ImportOutcome.REFUSED, ImportOutcome.DUPLICATE)}
    if not bad:
        return None
    by_sheet: dict[str, list[RefusedRow]] = {}
    for row in rows:
        result = bad.get((row.sheet, row.mapped.number))
        if result is None:
            continue
        reasons = result.reasons if result.outcome is ImportOutcome.REFUSED else (
            _("疑似重复：与未结案件 {refs} 相同（确认不是重复后用 --allow-duplicates 导入）")
            .format(refs="、".join(result.duplicates)),)
        by_sheet.setdefault(row.sheet, []).append(RefusedRow(row.mapped.cells, reasons))
    target = errors or errors_path_for(path)
    try:
        return write_errors([(name, headers[name], refused)
                             for name, refused in by_sheet.items()], target)
    except OSError as exc:
        raise StorageError(_("无法写入错误清单 {path}：{reason}").format(
            path=target, reason=os_reason(exc)),
            _("请用 --errors 指定一个可写的路径，再导入一次（已导入的行不会重复）。")) from exc


@dataclass(frozen=True)
class ProfileInfo:
    """A profile as listed: its name, label, where it comes from, its columns."""

    name: str
    label: str
    origin: str
    shipped: bool
    columns: tuple[str, ...]
    required: tuple[str, ...]


def profiles() -> list[ProfileInfo]:
    """The shipped profiles and the user's (README › Import › Profiles)."""
    return [ProfileInfo(p.name, p.label, p.origin, p.shipped,
                        tuple(c.headers[0] for c in p.columns),
                        tuple(c.headers[0] for c in p.columns if c.required))
            for p in all_profiles()]


def write_template(path: Path, profile: str = "template") -> Path:
    """The blank template an association fills (header row and a 说明 sheet)."""
    from workbench.imports.books import write_template as write

    try:
        return write(load_profile(profile), path)
    except OSError as exc:
        raise StorageError(_("无法写入 {path}：{reason}").format(
            path=path, reason=os_reason(exc)), _("请换一个可写的路径。")) from exc
