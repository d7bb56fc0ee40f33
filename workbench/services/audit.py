"""The history's checks and its anchors: `audit verify`, `audit anchor`, and the access log
of personal data (个人信息保护法 arts. 51, 54) for supervisors and admins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from workbench.config import LoadedSettings
from workbench.domain.ladder import Role
from workbench.domain.vocabulary import EventKind, PersonalField
from workbench.errors import RuleViolation
from workbench.i18n import N_, _
from workbench.os_reasons import os_reason
from workbench.services.context import Workbench
from workbench.services.database import open_workbench
from workbench.services.escalation import role_of
from workbench.store import anchors, audit
from workbench.store.engine import require_existing
from workbench.store.models import Case, CaseEvent, Meta
from workbench.store.replay import replay_cases

# what a problem is about: the chain itself, an anchor, or a case row its events contradict
CHAIN, ANCHOR, REPLAY = "chain", "anchor", "replay"


@dataclass(frozen=True, slots=True)
class VerifySummary:
    events: int  # events the chain head counts
    anchors: int  # anchors of this database checked
    problems: int
    anchor_file: Path


def verify_history(loaded: LoadedSettings,
                   report: Callable[[str, str], None]) -> VerifySummary:
    """Check the hash chain, the chain against every anchor, and every case row against
    its events' replay; ``report(kind, message)`` is called for each problem as it is
    found (streamed: a million cases need no more memory than a thousand)."""
    require_existing(loaded.settings.database_url())
    # anyone who can read the database may check it: no registered identity needed
    wb = open_workbench(loaded, migrate=False, need_key=False, identify=False)
    assert wb.anchors is not None
    found = checked = 0
    try:
        with wb.store.snapshot() as session:  # events written meanwhile are not "added"
            for problem in audit.verify(session):
                found += 1
                report(CHAIN, problem.message)
            for item in anchors.check(session, wb.anchors):
                found += 1
                report(ANCHOR, item.message)
            checked = sum(1 for a in wb.anchors.anchors() if isinstance(a, anchors.Anchor))
            for mismatch in replay_cases(session):
                found += 1
                report(REPLAY, mismatch.message)
            head = session.get(Meta, audit.HEAD_KEY)
    finally:
        wb.store.dispose()
    count = int(head.value.split(":", 1)[0]) if head else 0
    return VerifySummary(count, checked, found, wb.anchors.path)


def anchor_now(loaded: LoadedSettings) -> anchors.Anchor:
    """Append the chain head (event count, last seq and hash, now) to the anchor file."""
    require_existing(loaded.settings.database_url())
    wb = open_workbench(loaded, migrate=False, need_key=False)
    assert wb.anchors is not None
    try:
        with wb.store.snapshot() as session:
            head = session.get(Meta, audit.HEAD_KEY)
            count = int(session.execute(select(func.count()).select_from(CaseEvent))
                        .scalar_one())
    finally:
        wb.store.dispose()
    seq, _sep, digest = (head.value if head else audit.GENESIS_HEAD).partition(":")
    anchor = anchors.Anchor(db=wb.store.db_id, count=count, seq=int(seq), hash=digest,
                            at=wb.now().astimezone(UTC).isoformat())
    try:
        wb.anchors.append(anchor)
    except OSError as exc:
        from workbench.errors import StorageError

        raise StorageError(_("无法写入锚点文件 {path}：{strerror}").format(
                               path=wb.anchors.path, strerror=os_reason(exc)),
                           _("检查该文件及其目录的权限，或在配置中用 audit_anchor_file "
                           "指定可写的路径。")) from exc
    return anchor


# --- the access log ---------------------------------------------------------------------

ALL_PERSONAL = N_("全部（身份证号、手机号、银行卡号等）")


@dataclass(frozen=True, slots=True)
class Access:
    """One reveal or export of a complainant's personal data."""

    at: datetime
    actor: str
    ref: str
    action: str  # 查看 | 导出
    fields: str  # which personal data, in Chinese
    reason: str


def access_log(wb: Workbench, since: datetime, until: datetime | None = None,
               user: str | None = None) -> list[Access]:
    """Who revealed or exported whose personal data, when and why (oldest first).
    Supervisors and admins only."""
    with wb.store.session() as session:
        if role_of(session, wb.actor) not in (Role.SUPERVISOR, Role.ADMIN):
            raise RuleViolation(
                _("{actor} 不能查看个人信息访问记录：只有负责人和管理员可以。").format(
                    actor=wb.actor),
                                _("请负责人或管理员查看。"))
        query = (select(CaseEvent, col(Case.ref))
                 .outerjoin(Case, col(Case.id) == col(CaseEvent.case_id))
                 .where(col(CaseEvent.kind).in_((EventKind.PII_REVEALED.value,
                                                 EventKind.FILING_EXPORTED.value)),
                        col(CaseEvent.at) >= since)
                 .order_by(col(CaseEvent.seq)))
        if until is not None:
            query = query.where(col(CaseEvent.at) < until)
        if user:
            query = query.where(col(CaseEvent.actor) == user)
        rows = session.execute(query).all()
    return [entry for event, ref in rows
            if (entry := _access(event, ref or f"#{event.case_id}")) is not None]


def _access(event: CaseEvent, ref: str) -> Access | None:
    p: dict[str, Any] = event.payload or {}
    if event.kind == EventKind.PII_REVEALED:
        return Access(event.at, event.actor, ref, _("查看"),
                      PersonalField.label_of(p.get("field"), _("个人信息")),
                      str(p.get("reason") or _("（未记录理由）")))
    if p.get("personal_data") != "full":
        return None  # a masked filing carries no personal data in full
    what = _("导出文书 {kind} {doc_no}").format(
               kind=p.get('kind') or '', doc_no=p.get('doc_no') or '').strip()
    return Access(event.at, event.actor, ref, _("导出"), _(ALL_PERSONAL),
                  str(p.get("reason") or what))


ACCESS_COLUMNS = (N_("时间"), N_("操作人"), N_("案件"), N_("操作"), N_("个人信息"), N_("理由"))


def access_cells(entry: Access) -> tuple[str, ...]:
    from workbench.domain.clock import local_time

    return (local_time(entry.at), entry.actor, entry.ref, entry.action, entry.fields,
            entry.reason)


def write_access_xlsx(entries: list[Access], path: Path) -> Path:
    """The access log as a spreadsheet, private to the team (0600, or 0660 with a
    shared group); no cell can run as a formula (workbench.sheet_safe)."""
    from openpyxl import Workbook  # lazily: 0.2 s to import

    from workbench.private_files import open_private_file
    from workbench.sheet_safe import set_xlsx_cell

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("个人信息访问记录")
    rows = [tuple(_(c) for c in ACCESS_COLUMNS), *(access_cells(entry) for entry in entries)]
    for line, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            set_xlsx_cell(sheet.cell(line, column), value)
    for letter, width in zip("ABCDEF", (18, 14, 18, 8, 30, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_private_file(path) as handle:
        book.save(handle)
    return path

