"""Evidence files, annotations and the per-category evidence checklist (DESIGN §3–§4).

A file is stored in the content-addressed `BlobStore` *before* its row is written: a
crash in between leaves at most an orphan blob, never a row without its file. Original
file names are display metadata only; the stored path is the content's SHA-256.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import random
import struct
import time
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.categories import (
    CATEGORY_LABELS,
    CHECKLISTS,
    EVIDENCE_LABELS,
    Category,
    EvidenceKind,
)
from workbench.errors import NotFound, RuleViolation
from workbench.services.cases import load_for_update, local_time, reindex
from workbench.services.context import Workbench
from workbench.services.views import EvidenceItem, NoteLine, evidence_item, note_line
from workbench.store.blobs import (
    DEFAULT_MAX_BYTES,
    PREVIEW_LIMIT,
    BlobStore,
    StoredBlob,
    human_size,
    printable,
)
from workbench.store.models import Annotation, Case, Evidence

MAX_TITLE = 300
MAX_SOURCE = 200
MAX_PROVES = 300
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
    "title": "标题", "kind": "种类", "original_name": "原文件名", "media_type": "文件类型",
    "size": "大小", "sha256": "sha256", "source": "来源", "obtained_on": "取得日期",
    "proves": "证明对象", "added": "添加", "problem": "问题", "encoding": "编码",
    "truncated": "截断", "note": "说明", "dimensions": "尺寸",
}


@dataclass(frozen=True, slots=True)
class Preview:
    kind: Literal["text", "metadata"]
    text: str = ""
    metadata: dict[str, str] = field(default_factory=dict)

    def labelled(self) -> list[tuple[str, str]]:
        """The metadata as (Chinese label, value) rows, for display."""
        return [(METADATA_LABELS.get(key, "其他"), value) for key, value in self.metadata.items()]


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    category: Category
    item_label: str
    satisfied: bool
    kinds: tuple[EvidenceKind, ...] = ()

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]


@dataclass
class DemoEvidenceSummary:
    rows: int = 0  # rows that got a stored file
    blobs: int = 0  # distinct files written
    seconds: float = 0.0


# --------------------------------------------------------------------------------------
# text clean-up
# --------------------------------------------------------------------------------------


def _one_line(text: str, limit: int) -> str:
    """No control characters at all (titles, sources, tags)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cc").strip()[:limit]


def _multi_line(text: str) -> str:
    """Keep newlines and tabs; drop other control characters (escape sequences)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def display_name(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """The original file name to keep as metadata: the last path component as given,
    undecodable bytes shown as `\\xNN`, control and bidi characters removed."""
    base = os.path.basename(os.fsencode(path))
    return printable(base, MAX_ORIGINAL_NAME)


def _kind(kind: EvidenceKind | str) -> EvidenceKind:
    try:
        return EvidenceKind(kind)
    except ValueError:
        raise RuleViolation(f"未知的证据类型 {kind!r}.",
                            "One of: " + ", ".join(k.value for k in EvidenceKind)) from None


def _too_long(what: str, limit: int) -> RuleViolation:
    return RuleViolation(f"{what}太长 (最多 {limit} 个字符).", "Shorten it.")


# --------------------------------------------------------------------------------------
# evidence
# --------------------------------------------------------------------------------------


def add_evidence(wb: Workbench, blobs: BlobStore, case_id: int, expected_version: int,
                 path: Path | str | bytes, *, kind: EvidenceKind | str, title: str,
                 source: str = "", obtained_on: date | None = None, description: str = "",
                 proves: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> Evidence:
    """Store a file and record it as evidence of a case (event `evidence_added`)."""
    kind = _kind(kind)
    title = _one_line(title, MAX_TITLE + 1)
    if not title:
        raise RuleViolation("证据需要标题.", "Say what the file shows, e.g. 押金收据.")
    if len(title) > MAX_TITLE:
        raise _too_long("证据标题", MAX_TITLE)
    source = _one_line(source, MAX_SOURCE + 1)
    if len(source) > MAX_SOURCE:
        raise _too_long("证据来源", MAX_SOURCE)
    proves = _one_line(proves, MAX_PROVES + 1)
    if len(proves) > MAX_PROVES:
        raise _too_long("证明事项", MAX_PROVES)
    description = _multi_line(description).strip()
    if len(description) > MAX_DESCRIPTION:
        raise _too_long("证据说明", MAX_DESCRIPTION)
    if obtained_on is not None and obtained_on > wb.today():
        raise RuleViolation(f"取得日期 {obtained_on} 在今天之后.", "Check the date.")
    original_name = display_name(path)

    # Refuse a stale edit before copying anything (the transaction checks again).
    with wb.store.session() as session:
        load_for_update(session, case_id, expected_version)
    blob = blobs.put(path, max_bytes)

    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        now = chain.at
        row = Evidence(case_id=case_id, kind=kind.value, title=title, description=description,
                       source=source, obtained_on=obtained_on, original_name=original_name,
                       sha256=blob.sha256, size=blob.size, media_type=blob.media_type,
                       proves=proves, added_by=wb.actor, added_at=now)
        session.add(row)
        session.flush()
        chain.append(events.evidence_added(
            evidence_id=row.id, kind=kind, title=title, sha256=blob.sha256, size=blob.size,
            media_type=blob.media_type), wb.actor, case_id=case_id, at=now)
        reindex(session, case)
        chain.close()
    return row


def get_evidence(wb: Workbench, evidence_id: int) -> Evidence:
    with wb.store.session() as session:
        row = session.get(Evidence, evidence_id)
    if row is None:
        raise NotFound(f"证据 #{evidence_id} 不存在.", "Refresh the case.")
    return row


def _require_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"案件 #{case_id} 不存在.", "Refresh the queue.")
    return case


def evidence_for(wb: Workbench, case_id: int) -> list[EvidenceItem]:
    """A case's evidence, oldest first, labelled."""
    with wb.store.session() as session:
        _require_case(session, case_id)
        return [evidence_item(row) for row in session.execute(
            select(Evidence).where(col(Evidence.case_id) == case_id)
            .order_by(col(Evidence.added_at), col(Evidence.id))).scalars()]


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
                checked[key] = ("no stored file recorded" if not sha256
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


def _metadata(row: Evidence, blobs: BlobStore) -> dict[str, str]:
    meta = {
        "title": row.title,
        "kind": (EVIDENCE_LABELS[EvidenceKind(row.kind)]
                 if row.kind in EvidenceKind._value2member_map_ else row.kind),
        "original_name": row.original_name,
        "media_type": row.media_type or "(unknown)",
        "size": f"{human_size(row.size)} ({row.size:,} bytes)",
        "sha256": row.sha256,
        "source": row.source,
        "obtained_on": row.obtained_on.isoformat() if row.obtained_on else "",
        "proves": row.proves,
        "added": f"{local_time(row.added_at)} {row.added_by}".strip(),
    }
    if not blobs.exists(row.sha256):
        meta["problem"] = "stored file is missing"
    return {key: value for key, value in meta.items() if value}


def preview(wb: Workbench, blobs: BlobStore, evidence_id: int,
            limit_bytes: int = PREVIEW_LIMIT) -> Preview:
    """Text (the first 64 KiB, decoded) for text-like files; metadata otherwise."""
    row = get_evidence(wb, evidence_id)
    meta = _metadata(row, blobs)
    if "problem" in meta:
        return Preview("metadata", "", meta)
    text_like = is_text_like(row.media_type, row.original_name)
    image = row.media_type in ("image/png", "image/jpeg", "image/gif")
    want = limit_bytes if text_like else 512 * 1024 if image else 0
    try:
        head = blobs.read_preview(row.sha256, want) if want else b""
    except OSError as exc:
        meta["problem"] = f"stored file is unreadable ({exc.strerror})"
        return Preview("metadata", "", meta)
    if text_like:
        decoded = decode_text(head)
        if decoded is not None:
            text, encoding = decoded
            meta["encoding"] = encoding
            if row.size > limit_bytes:
                meta["truncated"] = f"first {human_size(limit_bytes)} of {human_size(row.size)}"
            return Preview("text", _multi_line(text), meta)
        meta["note"] = "content is not text in a known encoding"
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
            raise RuleViolation(f"标签太长: {tag[:40]!r} (最多 {MAX_TAG} 个字符).",
                                "Use short tags.")
        if tag.casefold() in seen:
            continue
        seen.add(tag.casefold())
        result.append(tag)
    if len(result) > MAX_TAGS:
        raise RuleViolation(f"标签太多 ({len(result)} 个, 最多 {MAX_TAGS} 个).",
                            "Keep the most useful ones.")
    return result


def annotate(wb: Workbench, case_id: int, expected_version: int, body: str,
             tags: Iterable[str] = (), evidence_id: int | None = None) -> Annotation:
    """A note on the case or on one of its pieces of evidence (event `annotated`); the
    case is re-indexed so the queue's text search finds the note."""
    body = _multi_line(body).strip()
    if not body:
        raise RuleViolation("批注内容不能为空.", "Write the note.")
    if len(body) > MAX_BODY:
        raise _too_long("批注", MAX_BODY)
    clean_tags = normalise_tags(tags)
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        if evidence_id is not None:
            evidence = session.get(Evidence, evidence_id)
            if evidence is None:
                raise NotFound(f"证据 #{evidence_id} 不存在.", "Refresh the case.")
            if evidence.case_id != case_id:
                raise RuleViolation(f"证据 #{evidence_id} 不属于案件 {case.ref}.",
                                    "Annotate evidence of this case only.")
        now = chain.at
        note = Annotation(case_id=case_id, evidence_id=evidence_id, body=body,
                          tags=clean_tags, author=wb.actor, created_at=now)
        session.add(note)
        session.flush()
        chain.append(events.annotated(annotation_id=note.id, evidence_id=evidence_id,
                                      tags=clean_tags, body=body),
                     wb.actor, case_id=case_id, at=now)
        reindex(session, case)
        chain.close()
    return note


def annotations_for(wb: Workbench, case_id: int) -> list[NoteLine]:
    """A case's notes (on the case and on its evidence), oldest first."""
    with wb.store.session() as session:
        _require_case(session, case_id)
        return [note_line(row) for row in session.execute(
            select(Annotation).where(col(Annotation.case_id) == case_id)
            .order_by(col(Annotation.created_at), col(Annotation.id))).scalars()]


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


# --------------------------------------------------------------------------------------
# demo files
# --------------------------------------------------------------------------------------

DEMO_VARIANTS = 6  # distinct files per (kind, title): a few hundred blobs in all

DEMO_SUFFIX: dict[EvidenceKind, str] = {
    EvidenceKind.CONTRACT: ".txt", EvidenceKind.RECEIPT: ".txt",
    EvidenceKind.TRANSACTION: ".csv", EvidenceKind.CHAT: ".txt", EvidenceKind.CALL: ".txt",
    EvidenceKind.PHOTO: ".png", EvidenceKind.VIDEO: ".mp4",
    EvidenceKind.ADVERTISING: ".png", EvidenceKind.OTHER: ".pdf",
}

_DEMO_NOTICE = "(演示数据, 人物与机构均为虚构)"
_AGENTS = ("李经理", "王专员", "赵主管", "小刘(业务员)", "陈经理")
_COMPANIES = ("示例支付有限公司", "虚构数科服务有限公司", "某某商务科技有限公司")
_CHAT_LINES = (
    ("agent", "您好，我们这款POS机费率0.38%，终身不涨，您放心用。"),
    ("agent", "押金299元，激活后刷满5万就全额返还到您银行卡。"),
    ("me", "那流量卡要收费吗？"),
    ("agent", "第一年免费，以后也不会乱收费的。"),
    ("me", "我这个月到账怎么变成0.63%了？"),
    ("agent", "系统统一调整的，我帮您问一下公司。"),
    ("me", "当时你说永不上调的，聊天记录都在。"),
    ("agent", "这个我做不了主，您打客服电话吧。"),
    ("me", "返现什么时候到？已经刷满两个月了。"),
    ("agent", "在走流程，下个月一定到。"),
    ("me", "99元服务费是什么时候扣的？没人通知我。"),
    ("agent", "那是年费，合同里有写的。"),
)
_SHOPS = ("某某便利店", "示例餐饮店", "虚构建材行")
_SMS = ("【{co}】尊敬的商户，您的终端服务费99.00元已扣除，如有疑问请致电客服。",
        "【{co}】您的流量卡年费69.00元将于次月自动扣收。",
        "【{co}】您的结算费率已调整为0.63%，即日起生效。",
        "【{co}】您的交易资金正在风控审核中，预计3个工作日内到账。")


def _rng(kind: str, title: str, seed: str) -> random.Random:
    return random.Random(hashlib.sha256(f"demo|{kind}|{title}|{seed}".encode()).digest())


def _demo_day(r: random.Random) -> date:
    return date(2025, 1, 1) + timedelta(days=r.randrange(0, 540))


def _demo_time(r: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, r.randrange(8, 18), r.randrange(60),
                    r.randrange(60))


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _chat(r: random.Random, title: str) -> bytes:
    agent = r.choice(_AGENTS)
    moment = _demo_time(r, _demo_day(r))
    lines = [f"微信聊天记录导出 {_DEMO_NOTICE}", f"标题: {title}", f"对话对象: {agent}", ""]
    start = r.randrange(0, len(_CHAT_LINES) - 5)
    for who, text in _CHAT_LINES[start:start + r.randrange(5, 8)]:
        moment += timedelta(minutes=r.randrange(1, 40), seconds=r.randrange(60))
        lines += [f"{moment:%Y-%m-%d %H:%M:%S} {agent if who == 'agent' else '我'}",
                  f"  {text}", ""]
    return "\n".join(lines).encode("utf-8")


def _call(r: random.Random, title: str) -> bytes:
    company = r.choice(_COMPANIES)
    day = _demo_day(r)
    lines = [f"通讯记录 {_DEMO_NOTICE}", f"标题: {title}", ""]
    for _ in range(r.randrange(4, 9)):
        day += timedelta(days=r.randrange(0, 9))
        moment = _demo_time(r, day)
        if r.random() < 0.5:
            minutes, seconds = r.randrange(0, 15), r.randrange(60)
            lines.append(f"{moment:%Y-%m-%d %H:%M}  {r.choice(('呼出', '来电'))}  "
                         f"400-{r.randrange(100, 999)}-{r.randrange(1000, 9999)}  "
                         f"通话 {minutes}分{seconds:02d}秒")
        else:
            lines.append(f"{moment:%Y-%m-%d %H:%M}  短信  {r.choice(_SMS).format(co=company)}")
    return "\n".join(lines).encode("utf-8")


def _receipt(r: random.Random, title: str) -> bytes:
    amount = r.choice((99, 199, 299, 399))
    words = {99: "玖拾玖", 199: "壹佰玖拾玖", 299: "贰佰玖拾玖", 399: "叁佰玖拾玖"}[amount]
    day = _demo_day(r)
    text = (f"收  据  {_DEMO_NOTICE}\n标题: {title}\nNo. {r.randrange(10**6, 10**7)}\n"
            f"日期: {_cn_date(day)}\n"
            f"今收到 某某商户 交来 POS机{r.choice(('押金', '激活费', '服务费'))}\n"
            f"人民币(大写) {words}元整  ¥{amount}.00\n"
            f"收款单位: {r.choice(_COMPANIES)} 区域代理 (盖章)\n"
            f"经手人: {r.choice(_AGENTS)}\n")
    return text.encode("utf-8")


def _transactions(r: random.Random, title: str) -> bytes:
    """A bank-style statement, GB18030-encoded as many Chinese exports are."""
    rate = r.choice(("0.60%", "0.63%", "0.68%"))
    day = _demo_day(r)
    rows = [f"# {title} {_DEMO_NOTICE}",
            "交易时间,交易类型,交易金额(元),手续费(元),费率,商户名称,终端号"]
    terminal = f"T{r.randrange(10**7, 10**8)}"
    moments = []
    for _ in range(r.randrange(12, 25)):
        day += timedelta(days=r.randrange(0, 3))
        moments.append(_demo_time(r, day))
    for moment in sorted(moments):
        fen = r.randrange(1000, 2_000_000)
        fee = round(fen * float(rate[:-1]) / 100)
        rows.append(f"{moment:%Y-%m-%d %H:%M:%S},消费,{fen / 100:.2f},"
                    f"{fee / 100:.2f},{rate},{r.choice(_SHOPS)},{terminal}")
    return ("\r\n".join(rows) + "\r\n").encode("gb18030")


def _contract(r: random.Random, title: str) -> bytes:
    company = r.choice(_COMPANIES)
    rate = r.choice(("0.38%", "0.50%", "0.55%"))
    text = (f"{title}(节选) {_DEMO_NOTICE}\n\n甲方: {company}\n乙方: 特约商户\n\n"
            f"第三条 服务费率\n  乙方借记卡及信用卡交易手续费率为{rate}，"
            f"甲方调整费率应提前三十日书面通知乙方。\n\n"
            f"第五条 押金与返还\n  乙方缴纳机具押金{r.choice((99, 199, 299))}元，"
            f"自激活之日起九十日内交易满{r.choice((3, 5, 10))}万元的，押金全额退还。\n\n"
            f"第九条 争议解决\n  双方协商不成的，可向甲方所在地人民法院起诉。\n\n"
            f"签订日期: {_cn_date(_demo_day(r))}\n")
    return text.encode("utf-8")


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(
        ">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def demo_png(width: int, height: int, rgb: tuple[int, int, int], title: str) -> bytes:
    """A small valid RGB PNG (a shaded card with a band), with the title in an iTXt chunk."""
    red, green, blue = rgb
    rows = []
    for y in range(height):
        shade = 0.7 + 0.3 * y / max(1, height - 1)
        band = height // 3 <= y < height // 3 + max(2, height // 8)
        pixel = (bytes((255, 255, 255)) if band
                 else bytes((int(red * shade), int(green * shade), int(blue * shade))))
        rows.append(b"\x00" + pixel * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    text = b"Title\x00\x00\x00\x00\x00" + title.encode("utf-8")
    comment = b"Comment\x00\x00\x00\x00\x00" + _DEMO_NOTICE.encode("utf-8")
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"iTXt", text) + _png_chunk(b"iTXt", comment)
            + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _png_chunk(b"IEND", b""))


def _image(r: random.Random, title: str) -> bytes:
    width, height = r.choice(((160, 120), (120, 160), (200, 150), (96, 128)))
    rgb = (r.randrange(60, 230), r.randrange(60, 230), r.randrange(60, 230))
    return demo_png(width, height, rgb, title)


def _box(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", 8 + len(data)) + kind + data


def _video(r: random.Random, title: str) -> bytes:
    """An ISO-BMFF placeholder (ftyp, a free box holding the title, an empty mdat): it is
    recognised as video/mp4 but holds no frames."""
    ftyp = _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
    note = f"{title} {_DEMO_NOTICE} #{r.randrange(10**6)}".encode()
    return ftyp + _box(b"free", note) + _box(b"mdat", b"")


def demo_pdf(lines: Sequence[str], title: str) -> bytes:
    """A one-page PDF with ASCII `lines` in Helvetica and a Unicode document title."""
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 14 Tf 50 780 Td 18 TL " + " ".join(
        f"({esc(line)}) '" for line in lines) + " ET"
    title_hex = (codecs.BOM_UTF16_BE + title.encode("utf-16-be")).hex().upper()
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title <{title_hex}> /Producer (workbench demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _other(r: random.Random, title: str) -> bytes:
    return demo_pdf(["DEMO EVIDENCE - fictional document",
                     f"Reference copy no. {r.randrange(10**5, 10**6)}",
                     "All people and companies in this file are invented."], title)


_DEMO_MAKERS: dict[EvidenceKind, Callable[[random.Random, str], bytes]] = {
    EvidenceKind.CONTRACT: _contract, EvidenceKind.RECEIPT: _receipt,
    EvidenceKind.TRANSACTION: _transactions, EvidenceKind.CHAT: _chat,
    EvidenceKind.CALL: _call, EvidenceKind.PHOTO: _image, EvidenceKind.VIDEO: _video,
    EvidenceKind.ADVERTISING: _image, EvidenceKind.OTHER: _other,
}


def demo_blob_bytes(kind: str, title: str, seed: str) -> bytes:
    """Deterministic, small, realistic file content for a demo evidence row: a Chinese
    chat or call log, a receipt, a contract excerpt (.txt), a GB18030 transaction CSV, a
    PNG (photos, advertising), an MP4 placeholder (video) or a one-page PDF (other)."""
    evidence_kind = EvidenceKind(kind) if kind in EvidenceKind._value2member_map_ \
        else EvidenceKind.OTHER
    return _DEMO_MAKERS[evidence_kind](_rng(evidence_kind.value, title, seed), title)


def _demo_bucket(row_sha: str, row_id: int) -> int:
    try:
        return int(row_sha[:8], 16) % DEMO_VARIANTS
    except ValueError:
        return row_id % DEMO_VARIANTS


def store_demo_evidence(wb: Workbench, blobs: BlobStore) -> DemoEvidenceSummary:
    """Give every demo evidence row whose file is missing a real stored file: demo bytes
    for its kind and title; the row's sha256, size and media type (and its original
    name's extension) are updated to match. Demo databases only; no events."""
    if not wb.store.demo:
        raise RuleViolation("只能为演示数据库生成演示证据文件.",
                            "This database holds real data; add real files with "
                            "`workbench evidence add`.")
    started = time.perf_counter()
    present = set(blobs.digests())
    with wb.store.session() as session:
        rows = session.execute(select(
            col(Evidence.id), col(Evidence.kind), col(Evidence.title), col(Evidence.sha256),
            col(Evidence.original_name))).all()
    stored: dict[tuple[str, str, int], StoredBlob] = {}
    # (sha256, size, media type, old suffix, new suffix) -> evidence ids
    groups: dict[tuple[str, int, str, str, str], list[int]] = defaultdict(list)
    summary = DemoEvidenceSummary()
    for evidence_id, kind, title, sha256, name in rows:
        if sha256 in present:
            continue
        if kind not in EvidenceKind._value2member_map_:
            kind = EvidenceKind.OTHER.value
        key = (kind, title, _demo_bucket(sha256, evidence_id))
        blob = stored.get(key)
        if blob is None:
            suffix = DEMO_SUFFIX[EvidenceKind(kind)]
            blob = blobs.put_bytes(demo_blob_bytes(kind, title, str(key[2])), "demo" + suffix)
            stored[key] = blob
        new_suffix = DEMO_SUFFIX[EvidenceKind(kind)]
        old_suffix = os.path.splitext(name)[1]
        if old_suffix.lower() == new_suffix:
            old_suffix = new_suffix = ""
        groups[(blob.sha256, blob.size, blob.media_type, old_suffix, new_suffix)].append(
            evidence_id)
        summary.rows += 1
    summary.blobs = len({blob.sha256 for blob in stored.values()})
    if groups:
        table = Evidence.__table__  # type: ignore[attr-defined]
        with wb.store.write() as session:
            for (sha256, size, media, old_suffix, new_suffix), ids in groups.items():
                values: dict[str, Any] = {"sha256": sha256, "size": size, "media_type": media}
                if new_suffix:
                    name_col = table.c.original_name
                    stem = func.substr(name_col, 1, func.length(name_col) - len(old_suffix))
                    values["original_name"] = stem.concat(new_suffix)
                statement = update(table).where(
                    table.c.id.in_(bindparam("ids", expanding=True))).values(**values)
                for start in range(0, len(ids), 900):  # old SQLite: at most 999 parameters
                    session.execute(statement, {"ids": ids[start:start + 900]})
    summary.seconds = time.perf_counter() - started
    return summary
