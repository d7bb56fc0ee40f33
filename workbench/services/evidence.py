"""Evidence files, annotations and the per-category evidence checklist (DESIGN §3–§4).

A file is stored in the content-addressed `BlobStore` *before* its row is written: a
crash in between leaves at most an orphan blob, never a row without its file. Original
file names are display metadata only; the stored path is the content's SHA-256.
"""

from __future__ import annotations

import codecs
import os
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.categories import (
    BUSINESS_CHECKLIST,
    CATEGORY_LABELS,
    CHECKLISTS,
    EVIDENCE_LABELS,
    Category,
    EvidenceKind,
    original_label,
)
from workbench.domain.text_input import without_controls
from workbench.domain.vocabulary import DisputeScope, EvidenceField
from workbench.errors import NotFound, RuleViolation
from workbench.filings.binder import MAX_PAGES, page_count
from workbench.i18n import N_, _
from workbench.os_reasons import os_reason
from workbench.services.cases import load_for_update, local_time, reindex
from workbench.services.context import Workbench
from workbench.services.names import display_names, name_of
from workbench.services.views import (
    EvidenceItem,
    NoteLine,
    evidence_item,
    file_kind,
    note_line,
)
from workbench.store.blobs import (
    DEFAULT_MAX_BYTES,
    PREVIEW_LIMIT,
    BlobStore,
    human_size,
    printable,
)
from workbench.store.models import Annotation, Case, Evidence

MAX_TITLE = 300
MAX_SOURCE = 200
MAX_PROVES = 300
MAX_CARRIER = 30
MAX_DESCRIPTION = 20_000
MAX_ORIGINAL_NAME = 1000
MAX_BODY = 20_000
MAX_TAGS = 10
MAX_TAG = 30
VERIFY_BATCH = 2000

TEXT_SUFFIXES = frozenset({".txt", ".csv", ".tsv", ".json", ".log", ".md", ".xml", ".html",
                           ".htm", ".eml"})
TEXT_MEDIA = frozenset({"application/json", "application/xml", "application/csv",
                        "application/x-ndjson", "message/rfc822"})
UNKNOWN_MEDIA = frozenset({"", "application/octet-stream"})


# --------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvidenceProblem:
    evidence_id: int
    case_ref: str
    title: str
    sha256: str
    problem: str

    @property
    def message(self) -> str:
        return (f"{self.case_ref} evidence #{self.evidence_id} {self.title!r} "
                f"({self.sha256[:12] or '-'}…): {self.problem}")


# what the preview's metadata keys are called on screen
METADATA_LABELS: dict[str, str] = {
    "title": N_("标题"), "kind": N_("种类"), "original_name": N_("原文件名"),
    "media_type": N_("文件类型"), "size": N_("大小"), "sha256": N_("校验值（SHA-256）"),
    "source": N_("来源"),
    "obtained_on": N_("取得日期"),
    "proves": N_("证明对象"), "added": N_("添加"), "problem": N_("问题"), "encoding": N_("编码"),
    "truncated": N_("截断"), "note": N_("说明"), "dimensions": N_("尺寸"),
    "pages": N_("页数"), "original": N_("原件/复印件"),
}


@dataclass(frozen=True, slots=True)
class Preview:
    kind: Literal["text", "metadata"]
    text: str = ""
    metadata: dict[str, str] = field(default_factory=dict)

    def labelled(self) -> list[tuple[str, str]]:
        """The metadata as (Chinese label, value) rows, for display."""
        return [(_(METADATA_LABELS.get(key, N_("其他"))), value)
                for key, value in self.metadata.items()]


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    category: Category | None  # None: an item of the dispute's scope (a merchant's case)
    item_label: str
    satisfied: bool
    kinds: tuple[EvidenceKind, ...] = ()

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category] if self.category else DisputeScope.BUSINESS.label


# --------------------------------------------------------------------------------------
# text clean-up
# --------------------------------------------------------------------------------------


def _one_line(text: str, limit: int) -> str:
    """No control, escape or bidi characters, one line (titles, sources, tags)."""
    return without_controls(text).strip()[:limit]


def _multi_line(text: str) -> str:
    """Keep newlines and tabs; drop other control characters (escape sequences)."""
    return without_controls(text, multiline=True)


def display_name(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """The original file name to keep as metadata: the last path component as given,
    undecodable bytes shown as `\\xNN`, control and bidi characters removed."""
    base = os.path.basename(os.fsencode(path))
    return printable(base, MAX_ORIGINAL_NAME)


def _kind(kind: EvidenceKind | str) -> EvidenceKind:
    try:
        return EvidenceKind(kind)
    except ValueError:
        raise RuleViolation(_("未知的证据类型 {kind!r}。").format(kind=kind),
                            _("可选：") + ", ".join(k.value for k in EvidenceKind)) from None


def _too_long(what: str, limit: int) -> RuleViolation:
    return RuleViolation(_("{what}太长（最多 {limit} 个字符）。").format(
                             what=what, limit=limit), _("请缩短。"))


def _proves(text: str) -> str:
    proves = _one_line(text, MAX_PROVES + 1)
    if len(proves) > MAX_PROVES:
        raise _too_long(_("证明对象"), MAX_PROVES)
    return proves


def _pages(pages: int | None) -> int | None:
    if pages is not None and not 1 <= pages <= MAX_PAGES:
        raise RuleViolation(_("页数 {pages} 不在 1 到 {MAX_PAGES} 之间。").format(
                                pages=pages, MAX_PAGES=MAX_PAGES),
                            _("请填写该项的页数，或留空。"))
    return pages


def _carrier(text: str) -> str:
    carrier = _one_line(text, MAX_CARRIER + 1)
    if len(carrier) > MAX_CARRIER:
        raise _too_long(_("载体"), MAX_CARRIER)
    return carrier


# --------------------------------------------------------------------------------------
# evidence
# --------------------------------------------------------------------------------------


def add_evidence(wb: Workbench, blobs: BlobStore, case_id: int, expected_version: int,
                 path: Path | str | bytes, *, kind: EvidenceKind | str, title: str,
                 source: str = "", obtained_on: date | None = None, description: str = "",
                 proves: str = "", pages: int | None = None, original: bool = False,
                 carrier: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> Evidence:
    """Store a file and record it as evidence of a case (event `evidence_added`).

    `proves` is the fact the item proves (证明对象); `pages` its page count, counted from
    the file when not given (a PDF's pages, 1 for an image, unknown otherwise);
    `original`: 原件 rather than 复印件; `carrier`: 载体 (U盘, 光盘…; "" = paper)."""
    kind = _kind(kind)
    title = _one_line(title, MAX_TITLE + 1)
    if not title:
        raise RuleViolation(_("证据需要标题。"), _("请说明文件显示的内容，例如 押金收据。"))
    if len(title) > MAX_TITLE:
        raise _too_long(_("证据标题"), MAX_TITLE)
    source = _one_line(source, MAX_SOURCE + 1)
    if len(source) > MAX_SOURCE:
        raise _too_long(_("证据来源"), MAX_SOURCE)
    proves, pages, carrier = _proves(proves), _pages(pages), _carrier(carrier)
    description = _multi_line(description).strip()
    if len(description) > MAX_DESCRIPTION:
        raise _too_long(_("证据说明"), MAX_DESCRIPTION)
    if obtained_on is not None and obtained_on > wb.today():
        raise RuleViolation(_("取得日期 {obtained_on} 在今天之后。").format(
                                obtained_on=obtained_on), _("检查日期。"))
    original_name = display_name(path)

    # Refuse a stale edit before copying anything (the transaction checks again).
    with wb.store.session() as session:
        load_for_update(session, case_id, expected_version)
    blob = blobs.put(path, max_bytes)
    if pages is None:
        pages = page_count(blob.path, blob.media_type)

    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        now = chain.at
        row = Evidence(case_id=case_id, kind=kind.value, title=title, description=description,
                       source=source, obtained_on=obtained_on, original_name=original_name,
                       sha256=blob.sha256, size=blob.size, media_type=blob.media_type,
                       proves=proves, pages=pages, original=original, carrier=carrier,
                       added_by=wb.actor, added_at=now)
        session.add(row)
        session.flush()
        chain.append(events.evidence_added(
            evidence_id=row.id, kind=kind, title=title, sha256=blob.sha256, size=blob.size,
            media_type=blob.media_type), wb.actor, case_id=case_id, at=now)
        reindex(session, case)
        chain.close()
    return row


def set_evidence(wb: Workbench, case_id: int, expected_version: int, evidence_id: int, *,
                 proves: str | None = None, pages: int | None = None,
                 original: bool | None = None, carrier: str | None = None) -> dict[str, Any]:
    """Correct an item's 证明对象, 页数, 原件/复印件 or 载体 (None: leave as it is); one
    `evidence_changed` event names the fields changed with their old and new values.
    Returns the changes ({} when nothing differed: no event)."""
    wanted: dict[EvidenceField, Any] = {}
    if proves is not None:
        wanted[EvidenceField.PROVES] = _proves(proves)
    if pages is not None:
        wanted[EvidenceField.PAGES] = _pages(pages)
    if original is not None:
        wanted[EvidenceField.ORIGINAL] = original
    if carrier is not None:
        wanted[EvidenceField.CARRIER] = _carrier(carrier)
    if not wanted:
        raise RuleViolation(_("没有要修改的内容。"),
                            _("请给出 --proves、--pages、--original/--copy 或 --carrier。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        row = session.get(Evidence, evidence_id)
        if row is None or row.case_id != case_id:
            raise NotFound(_("案件 {ref} 没有证据 #{evidence_id}。").format(
                               ref=case.ref, evidence_id=evidence_id),
                           _("请用案件“证据”页上显示的证据编号。"))
        changes = {name: (getattr(row, name.value), value) for name, value in wanted.items()
                   if getattr(row, name.value) != value}
        if not changes:
            return {}
        for name, (_old, new) in changes.items():
            setattr(row, name.value, new)
        chain.append(events.evidence_changed(evidence_id=evidence_id, changes=changes),
                     wb.actor, case_id=case_id, at=chain.at)
        chain.close()
    return {str(name): new for name, (_old, new) in changes.items()}


def listed_evidence(session: Session, case_id: int) -> list[Evidence]:
    """A case's evidence in the order of its evidence list and binder (as recorded)."""
    return list(session.execute(select(Evidence).where(col(Evidence.case_id) == case_id)
                                .order_by(col(Evidence.id))).scalars())


def get_evidence(wb: Workbench, evidence_id: int) -> Evidence:
    with wb.store.session() as session:
        row = session.get(Evidence, evidence_id)
    if row is None:
        raise NotFound(_("证据 #{evidence_id} 不存在。").format(
                           evidence_id=evidence_id), _("请刷新案件。"))
    return row


def _require_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(_("案件 #{case_id} 不存在。").format(
                           case_id=case_id), _("请刷新案件列表。"))
    return case


def evidence_for(wb: Workbench, case_id: int) -> list[EvidenceItem]:
    """A case's evidence, oldest first, labelled."""
    with wb.store.session() as session:
        _require_case(session, case_id)
        rows = session.execute(
            select(Evidence).where(col(Evidence.case_id) == case_id)
            .order_by(col(Evidence.added_at), col(Evidence.id))).scalars().all()
        names = display_names(session, (row.added_by for row in rows))
    return [evidence_item(row, names) for row in rows]


def verify_evidence(wb: Workbench, blobs: BlobStore,
                    progress: Callable[[int], None] | None = None) -> list[EvidenceProblem]:
    """Re-hash the stored file of every evidence row; one problem per missing or altered
    file. Rows are read in batches (short read transactions); a blob shared by many rows
    is hashed once."""
    problems: list[EvidenceProblem] = []
    checked: dict[tuple[str, int], str | None] = {}
    last_id = 0
    done = 0
    while True:
        with wb.store.session() as session:
            batch = session.execute(
                select(col(Evidence.id), col(Case.ref), col(Evidence.title),
                       col(Evidence.sha256), col(Evidence.size))
                .join(Case, col(Case.id) == col(Evidence.case_id))
                .where(col(Evidence.id) > last_id)
                .order_by(col(Evidence.id)).limit(VERIFY_BATCH)).all()
        if not batch:
            break
        for evidence_id, ref, title, sha256, size in batch:
            key = (sha256, size)
            if key not in checked:
                checked[key] = (_("没有记录存储的文件") if not sha256
                                else blobs.verify(sha256, size))
            problem = checked[key]
            if problem is not None:
                problems.append(EvidenceProblem(evidence_id, ref, title, sha256, problem))
        last_id = batch[-1][0]
        done += len(batch)
        if progress is not None:
            progress(done)
    return problems


# --------------------------------------------------------------------------------------
# preview
# --------------------------------------------------------------------------------------


def is_text_like(media_type: str, name: str) -> bool:
    """Text preview for text media types, and for .txt/.csv/.json/… exports whose content
    did not reveal a binary type."""
    if media_type.startswith("text/") or media_type in TEXT_MEDIA:
        return True
    return media_type in UNKNOWN_MEDIA and os.path.splitext(name)[1].lower() in TEXT_SUFFIXES


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) trying UTF-16 (by BOM), UTF-8 (with or without BOM) and GB18030
    in turn; a character cut off at the end of `data` is dropped. None for binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates: Sequence[str] = ("utf-16",)
    elif b"\x00" in data:
        return None
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = codecs.getincrementaldecoder(encoding)("strict").decode(data, final=False)
        except UnicodeDecodeError:
            continue
        return text, encoding
    return None


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG, GIF or JPEG header, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_dimensions(data)
    return None


_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_dimensions(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # standalone markers
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        if marker in _SOF:
            if i + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return int(width), int(height)
        if marker == 0xDA or length < 2:  # start of scan: no frame header seen
            return None
        i += 2 + length
    return None


def _metadata(row: Evidence, blobs: BlobStore, added_by: str) -> dict[str, str]:
    meta = {
        "title": row.title,
        "kind": (EVIDENCE_LABELS[EvidenceKind(row.kind)]
                 if row.kind in EvidenceKind._value2member_map_ else row.kind),
        "original_name": row.original_name,
        "media_type": file_kind(row.media_type),
        "size": _("{size}（{count:,} 字节）").format(size=human_size(row.size), count=row.size),
        "sha256": row.sha256,
        "source": row.source,
        "obtained_on": row.obtained_on.isoformat() if row.obtained_on else "",
        "proves": row.proves,
        "pages": "" if row.pages is None else str(row.pages),
        "original": original_label(row.original, row.carrier),
        "added": f"{local_time(row.added_at)} {added_by}".strip(),
    }
    if not blobs.exists(row.sha256):
        meta["problem"] = _("存储的文件不见了")
    return {key: value for key, value in meta.items() if value}


def preview(wb: Workbench, blobs: BlobStore, evidence_id: int,
            limit_bytes: int = PREVIEW_LIMIT) -> Preview:
    """Text (the first 64 KiB, decoded) for text-like files; metadata otherwise."""
    row = get_evidence(wb, evidence_id)
    with wb.store.session() as session:
        added_by = name_of(display_names(session, [row.added_by]), row.added_by)
    meta = _metadata(row, blobs, added_by)
    if "problem" in meta:
        return Preview("metadata", "", meta)
    text_like = is_text_like(row.media_type, row.original_name)
    image = row.media_type in ("image/png", "image/jpeg", "image/gif")
    want = limit_bytes if text_like else 512 * 1024 if image else 0
    try:
        head = blobs.read_preview(row.sha256, want) if want else b""
    except OSError as exc:
        meta["problem"] = _("存储的文件无法读取（{error}）").format(error=os_reason(exc))
        return Preview("metadata", "", meta)
    if text_like:
        decoded = decode_text(head)
        if decoded is not None:
            text, encoding = decoded
            meta["encoding"] = encoding
            if row.size > limit_bytes:
                meta["truncated"] = _("只显示前 {shown}，全文 {size}").format(
                    shown=human_size(limit_bytes), size=human_size(row.size))
            return Preview("text", _multi_line(text), meta)
        meta["note"] = _("内容不是可识别编码的文本")
    if image:
        dims = image_dimensions(head)
        if dims is not None:
            meta["dimensions"] = f"{dims[0]} × {dims[1]}"
    return Preview("metadata", "", meta)


# --------------------------------------------------------------------------------------
# annotations
# --------------------------------------------------------------------------------------


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Stripped, without a leading '#', duplicates (ignoring case) dropped; at most 10
    tags of 30 characters."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in tags:
        tag = _one_line(str(raw), 1000).lstrip("#").strip()
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise RuleViolation(_("标签太长：{tag!r}（最多 {MAX_TAG} 个字符）。").format(
                                    tag=tag[:40], MAX_TAG=MAX_TAG),
                                _("请用简短的标签。"))
        if tag.casefold() in seen:
            continue
        seen.add(tag.casefold())
        result.append(tag)
    if len(result) > MAX_TAGS:
        raise RuleViolation(_("标签太多（{n} 个，最多 {MAX_TAGS} 个）。").format(
                                n=len(result), MAX_TAGS=MAX_TAGS),
                            _("请保留最有用的几项。"))
    return result


def annotate(wb: Workbench, case_id: int, expected_version: int, body: str,
             tags: Iterable[str] = (), evidence_id: int | None = None) -> Annotation:
    """A note on the case or on one of its pieces of evidence (event `annotated`); the
    case is re-indexed so the queue's text search finds the note."""
    body = _multi_line(body).strip()
    if not body:
        raise RuleViolation(_("批注内容不能为空。"), _("请写批注内容。"))
    if len(body) > MAX_BODY:
        raise _too_long(_("批注"), MAX_BODY)
    clean_tags = normalise_tags(tags)
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        evidence = None
        if evidence_id is not None:
            evidence = session.get(Evidence, evidence_id)
            if evidence is None:
                raise NotFound(_("证据 #{evidence_id} 不存在。").format(
                                   evidence_id=evidence_id), _("请刷新案件。"))
            if evidence.case_id != case_id:
                raise RuleViolation(_("证据 #{evidence_id} 不属于案件 {ref}。").format(
                                        evidence_id=evidence_id, ref=case.ref),
                                    _("只能批注本案件的证据。"))
        now = chain.at
        note = Annotation(case_id=case_id, evidence_id=evidence_id, body=body,
                          tags=clean_tags, author=wb.actor, created_at=now)
        session.add(note)
        session.flush()
        chain.append(events.annotated(annotation_id=note.id, evidence_id=evidence_id,
                                      tags=clean_tags, body=body,
                                      evidence_title=evidence.title if evidence else ""),
                     wb.actor, case_id=case_id, at=now)
        reindex(session, case)
        chain.close()
    return note


def annotations_for(wb: Workbench, case_id: int) -> list[NoteLine]:
    """A case's notes (on the case and on its evidence), oldest first."""
    with wb.store.session() as session:
        _require_case(session, case_id)
        rows = session.execute(
            select(Annotation).where(col(Annotation.case_id) == case_id)
            .order_by(col(Annotation.created_at), col(Annotation.id))).scalars().all()
        names = display_names(session, (row.author for row in rows))
    return [note_line(row, names) for row in rows]


# --------------------------------------------------------------------------------------
# checklist
# --------------------------------------------------------------------------------------


def checklist(wb: Workbench, case_id: int) -> list[ChecklistLine]:
    """Each checklist item of the case's categories, and whether its evidence has it."""
    with wb.store.session() as session:
        case = _require_case(session, case_id)
        have = {EvidenceKind(k) for k in session.execute(
            select(col(Evidence.kind)).where(col(Evidence.case_id) == case_id).distinct()
        ).scalars() if k in EvidenceKind._value2member_map_}
    categories = [Category(c) for c in case.categories if c in Category._value2member_map_]
    lines = []
    for category in dict.fromkeys(categories or [Category.OTHER]):
        for item in CHECKLISTS[category]:
            lines.append(ChecklistLine(category, item.label, bool(item.kinds & have),
                                       tuple(sorted(item.kinds))))
    if case.scope == DisputeScope.BUSINESS:  # argued under the contract, not consumer law
        lines += [ChecklistLine(None, item.label, bool(item.kinds & have),
                                tuple(sorted(item.kinds))) for item in BUSINESS_CHECKLIST]
    return lines


@dataclass(frozen=True, slots=True)
class EvidenceOverview:
    """What a case's evidence tab shows: the pieces, the checklist and the notes."""

    items: tuple[EvidenceItem, ...]
    checklist: tuple[ChecklistLine, ...]
    notes: tuple[NoteLine, ...]


def evidence_overview(wb: Workbench, case_id: int) -> EvidenceOverview:
    """A case's evidence, its checklist and its notes, labelled."""
    return EvidenceOverview(tuple(evidence_for(wb, case_id)), tuple(checklist(wb, case_id)),
                            tuple(annotations_for(wb, case_id)))
