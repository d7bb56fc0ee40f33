"""Real (fictional) files for the demo's evidence rows, so previews show something and
`workbench evidence verify` passes: deterministic chat and call logs, receipts, contract
excerpts, GB18030 transaction CSVs, PNGs, MP4 placeholders and one-page PDFs."""

from __future__ import annotations

import codecs
import hashlib
import os
import random
import struct
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlmodel import col

from workbench.demo.exhibit import Exhibit, case_exhibit
from workbench.domain.categories import EvidenceKind
from workbench.errors import RuleViolation
from workbench.filings.text import amount_in_words
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.store.blobs import BlobStore, StoredBlob
from workbench.store.models import Case, Evidence, Provider


@dataclass
class DemoEvidenceSummary:
    rows: int = 0  # rows that got a stored file
    blobs: int = 0  # distinct files written
    seconds: float = 0.0


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
# (the word a line needs the case to claim, "" for any; speaker; line)
_CHAT_LINES = (
    ("rate", "agent", "您好，我们这款POS机费率{agreed}，终身不涨，您放心用。"),
    ("押金", "agent", "押金{deposit}元，激活后交易达标就全额返还到您银行卡。"),
    ("流量卡", "me", "那流量卡要收费吗？"),
    ("流量卡", "agent", "第一年免费，以后也不会乱收费的。"),
    ("raised", "me", "我这个月到账怎么变成{charged}了？"),
    ("raised", "agent", "系统统一调整的，我帮您问一下公司。"),
    ("raised", "me", "当时你说永不上调的，聊天记录都在。"),
    ("", "me", "我反映的问题你们什么时候处理？"),
    ("", "agent", "这个我做不了主，您打客服电话吧。"),
    ("返现", "me", "返现{cashback}元什么时候到？已经达到条件了。"),
    ("返现", "agent", "在走流程，下个月一定到。"),
    ("服务费", "me", "{service}元服务费是什么时候扣的？没人通知我。"),
    ("服务费", "agent", "那是服务费，公司统一扣的。"),
    ("", "me", "已经等了很久了，一直没有答复。"),
    ("", "agent", "已经反映给公司了，请耐心等待。"),
)
_SHOPS = ("某某便利店", "示例餐饮店", "虚构建材行")
_SMS = (("服务费", "【{co}】尊敬的客户，您的终端服务费{service}元已扣除，如有疑问请致电客服。"),
        ("流量卡", "【{co}】您的流量卡年费{sim}元已扣收。"),
        ("raised", "【{co}】您的结算费率已调整为{charged}，即日起生效。"),
        ("", "【{co}】尊敬的客户，您的服务请求已受理，请耐心等待处理结果。"))


def _fits(need: str, case: Exhibit) -> bool:
    """A line that speaks of a sum or a rate only in a case that states it."""
    if need == "rate":
        return bool(case.agreed)
    if need == "raised":
        return bool(case.charged)
    return not need or bool(case.sum(need))


def _rng(kind: str, title: str, seed: str) -> random.Random:
    return random.Random(hashlib.sha256(f"demo|{kind}|{title}|{seed}".encode()).digest())


def _demo_day(r: random.Random, case: Exhibit, *, after_trouble: bool = True) -> date:
    """A day of the case's period (from the trouble, or the signing, to the day before
    the complaint); any day of 2025–26 for a case without dates."""
    draw = r.randrange(0, 540)
    return case.window(draw, after_trouble=after_trouble) or (
        date(2025, 1, 1) + timedelta(days=draw))


def _demo_time(r: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, r.randrange(8, 18), r.randrange(60),
                    r.randrange(60))


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _chat(r: random.Random, title: str, case: Exhibit) -> bytes:
    agent = r.choice(_AGENTS)
    moment = _demo_time(r, _demo_day(r, case))
    lines = [f"微信聊天记录导出 {_DEMO_NOTICE}", f"标题: {title}", f"对话对象: {agent}", ""]
    pool = [(who, text) for need, who, text in _CHAT_LINES if _fits(need, case)]
    count = min(len(pool), r.randrange(5, 8))
    start = r.randrange(0, len(pool) - count + 1)
    for who, text in pool[start:start + count]:
        moment += timedelta(minutes=r.randrange(1, 40), seconds=r.randrange(60))
        lines += [f"{moment:%Y-%m-%d %H:%M:%S} {agent if who == 'agent' else '我'}",
                  f"  {case.say(text, '0.38%', '0.63%')}", ""]
    return "\n".join(lines).encode("utf-8")


def _call(r: random.Random, title: str, case: Exhibit) -> bytes:
    company = case.provider or r.choice(_COMPANIES)
    day = _demo_day(r, case)
    lines = [f"通讯记录 {_DEMO_NOTICE}", f"标题: {title}", ""]
    sms = [text for need, text in _SMS if _fits(need, case)]
    for _step in range(r.randrange(4, 9)):
        step = timedelta(days=r.randrange(0, 9))
        if case.until is None or day + step <= case.until:
            day += step
        moment = _demo_time(r, day)
        if r.random() < 0.5:
            minutes, seconds = r.randrange(0, 15), r.randrange(60)
            lines.append(f"{moment:%Y-%m-%d %H:%M}  {r.choice(('呼出', '来电'))}  "
                         f"400-{r.randrange(100, 999)}-{r.randrange(1000, 9999)}  "
                         f"通话 {minutes}分{seconds:02d}秒")
        else:
            said = case.say(r.choice(sms), "0.38%", "0.63%").format(co=company)
            lines.append(f"{moment:%Y-%m-%d %H:%M}  短信  {said}")
    return "\n".join(lines).encode("utf-8")


# a receipt's title → what it was paid for, the word the case names its sum with
_RECEIPTS = {"押金收据": "押金", "服务费扣款凭证": "服务费", "激活费转账凭证": "激活费"}


def _receipt(r: random.Random, title: str, case: Exhibit) -> bytes:
    """A receipt for the case's own sum, on the day it was paid: a 押金 when the machine
    was activated, a 服务费 within the trouble."""
    drawn = r.choice((99, 199, 299, 399))
    what = _RECEIPTS.get(title, "押金")
    stated = case.sum(what) or case.sum("升级费") or case.sum("流量卡")
    fen = round(float(stated) * 100) if stated else drawn * 100
    day = _demo_day(r, case, after_trouble=what != "押金")
    if what == "押金" and case.began is not None:
        day = case.began  # taken from the first transaction (the complaint says so)
    text = (f"收  据  {_DEMO_NOTICE}\n标题: {title}\nNo. {r.randrange(10**6, 10**7)}\n"
            f"日期: {_cn_date(day)}\n"
            f"今收到 {case.merchant or '某某商户'} 交来 POS机{what}\n"
            f"人民币(大写) {amount_in_words(fen)}  ¥{fen / 100:.2f}\n"
            f"收款单位: {case.provider or r.choice(_COMPANIES)} (盖章)\n"
            f"经手人: {r.choice(_AGENTS)}\n")
    return text.encode("utf-8")


def _transactions(r: random.Random, title: str, case: Exhibit) -> bytes:
    """A bank-style statement, GB18030-encoded as many Chinese exports are: of the case's
    month (a "N月交易明细" its row's; another statement the month the trouble began), at
    its rate, on its terminal and merchant, adding up to its monthly turnover."""
    drawn = r.choice(("0.60%", "0.63%", "0.68%"))
    shop = r.choice(_SHOPS)
    day = _demo_day(r, case)
    month = case.month if title[:1].isdigit() else (case.began or case.month)
    if month is not None:  # within the month the statement is of
        day = month.replace(day=1)
        if case.signed and case.signed > day:
            day = case.signed
    rows = [f"# {title} {_DEMO_NOTICE}",
            "交易时间,交易类型,交易金额(元),手续费(元),费率,商户名称,终端号"]
    terminal = f"T{r.randrange(10**7, 10**8)}"
    moments = []
    for _step in range(r.randrange(12, 25)):
        step = timedelta(days=r.randrange(0, 3))
        within = month is None or (day + step).month == month.month
        if within and (case.until is None or day + step <= case.until):
            day += step
        moments.append(_demo_time(r, day))
    amounts = [r.randrange(1000, 2_000_000) for _ in moments]
    if case.volume:  # the month's turnover as the complaint states it, over the days shown
        covered = (max(moments) - min(moments)).days + 1
        target = case.volume * 100 * min(30, covered) // 30
        total = sum(amounts)
        amounts = [max(100, fen * target // total) for fen in amounts]
    for moment, fen in zip(sorted(moments), amounts, strict=True):
        rate = case.rate(drawn, moment.date())
        fee = round(fen * float(rate[:-1]) / 100)
        rows.append(f"{moment:%Y-%m-%d %H:%M:%S},消费,{fen / 100:.2f},"
                    f"{fee / 100:.2f},{rate},{case.merchant or shop},"
                    f"{case.terminal or terminal}")
    return ("\r\n".join(rows) + "\r\n").encode("gb18030")


def _contract(r: random.Random, title: str, case: Exhibit) -> bytes:
    company = case.provider or r.choice(_COMPANIES)
    drawn = r.choice(("0.38%", "0.50%", "0.55%"))
    rate = f"{case.agreed}%" if case.agreed else drawn
    deposit, threshold = r.choice((99, 199, 299)), r.choice((3, 5, 10))
    if case.sum("押金"):
        fifth = (f"第五条 押金与返还\n  乙方缴纳机具押金{case.sum('押金')}元，自激活之日起"
                 f"交易满{case.sum('达标') or threshold}万元的，押金全额退还。")
    elif case.signed is None:  # a file of no case (previews, tests)
        fifth = (f"第五条 押金与返还\n  乙方缴纳机具押金{deposit}元，自激活之日起九十日内"
                 f"交易满{threshold}万元的，押金全额退还。")
    else:
        device = f"（终端序列号{case.terminal}）" if case.terminal else ""
        fifth = f"第五条 机具\n  甲方向乙方提供POS机具一台{device}，用于受理银行卡交易。"
    signed = case.signed or _demo_day(r, case)
    text = (f"{title}(节选) {_DEMO_NOTICE}\n\n甲方: {company}\n"
            f"乙方: {case.merchant or '特约商户'}\n\n"
            f"第三条 交易手续费率\n  乙方借记卡及信用卡交易手续费率为{rate}，"
            f"甲方调整费率应提前三十日书面通知乙方。\n\n{fifth}\n\n"
            f"第九条 争议解决\n  双方协商不成的，可向甲方所在地人民法院起诉。\n\n"
            f"签订日期: {_cn_date(signed)}\n")
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


def _image(r: random.Random, title: str, case: Exhibit) -> bytes:
    width, height = r.choice(((160, 120), (120, 160), (200, 150), (96, 128)))
    rgb = (r.randrange(60, 230), r.randrange(60, 230), r.randrange(60, 230))
    return demo_png(width, height, rgb, title)


def _box(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", 8 + len(data)) + kind + data


def _video(r: random.Random, title: str, case: Exhibit) -> bytes:
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


def _other(r: random.Random, title: str, case: Exhibit) -> bytes:
    return demo_pdf(["DEMO EVIDENCE - fictional document",
                     f"Reference copy no. {r.randrange(10**5, 10**6)}",
                     "All people and companies in this file are invented."], title)


_DEMO_MAKERS: dict[EvidenceKind, Callable[[random.Random, str, Exhibit], bytes]] = {
    EvidenceKind.CONTRACT: _contract, EvidenceKind.RECEIPT: _receipt,
    EvidenceKind.TRANSACTION: _transactions, EvidenceKind.CHAT: _chat,
    EvidenceKind.CALL: _call, EvidenceKind.PHOTO: _image, EvidenceKind.VIDEO: _video,
    EvidenceKind.ADVERTISING: _image, EvidenceKind.OTHER: _other,
}


def demo_blob_bytes(kind: str, title: str, seed: str, case: Exhibit | None = None) -> bytes:
    """Deterministic, small, realistic file content for a demo evidence row: a Chinese
    chat or call log, a receipt, a contract excerpt (.txt), a GB18030 transaction CSV, a
    PNG (photos, advertising), an MP4 placeholder (video) or a one-page PDF (other). With
    `case`, rates and the statement's month are the case's own."""
    evidence_kind = EvidenceKind(kind) if kind in EvidenceKind._value2member_map_ \
        else EvidenceKind.OTHER
    return _DEMO_MAKERS[evidence_kind](_rng(evidence_kind.value, title, seed), title,
                                       case or Exhibit())


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
        raise RuleViolation(_("只能为演示数据库生成演示证据文件。"),
                            _("这个数据库存有真实数据；请用 `workbench evidence add` "
                              "添加真实文件。"))
    started = time.perf_counter()
    present = set(blobs.digests())
    with wb.store.session() as session:
        rows = session.execute(select(
            col(Evidence.id), col(Evidence.kind), col(Evidence.title), col(Evidence.sha256),
            col(Evidence.original_name), col(Evidence.obtained_on), col(Case.narrative),
            col(Case.harm_known_on), col(Evidence.case_id), col(Case.opened_at),
            col(Case.terminal_sn), col(Provider.name))
            .join(Case, col(Case.id) == col(Evidence.case_id))
            .join(Provider, col(Provider.id) == col(Case.provider_id))).all()
        proves: dict[int, str] = defaultdict(str)
        for case_id, fact in session.execute(select(col(Evidence.case_id),
                                                    col(Evidence.proves))):
            proves[case_id] += fact + " "
    stored: dict[tuple[str, str, int, Exhibit], StoredBlob] = {}
    updates: list[dict[str, Any]] = []  # one per evidence row, for one executemany
    summary = DemoEvidenceSummary()
    for (evidence_id, kind, title, sha256, name, obtained_on, narrative, began, case_id,
         opened_at, terminal, provider) in rows:
        if sha256 in present:
            continue
        if kind not in EvidenceKind._value2member_map_:
            kind = EvidenceKind.OTHER.value
        exhibit = case_exhibit(narrative or "", proves[case_id], month=obtained_on,
                               began=began, opened=opened_at.date(), provider=provider,
                               terminal=terminal)
        key = (kind, title, _demo_bucket(sha256, evidence_id), exhibit)
        blob = stored.get(key)
        if blob is None:
            suffix = DEMO_SUFFIX[EvidenceKind(kind)]
            # one sync for all the files (below), not two per file
            blob = blobs.put_bytes(demo_blob_bytes(kind, title, str(key[2]), exhibit),
                                   "demo" + suffix, durable=False)
            stored[key] = blob
        new_suffix = DEMO_SUFFIX[EvidenceKind(kind)]
        stem, old_suffix = os.path.splitext(name)
        updates.append({"row": evidence_id, "sha": blob.sha256, "bytes": blob.size,
                        "media": blob.media_type,
                        "name": name if old_suffix.lower() == new_suffix else stem + new_suffix})
        summary.rows += 1
    summary.blobs = len({blob.sha256 for blob in stored.values()})
    if updates:
        blobs.sync()  # the files are on disk before any row names them
        table = Evidence.__table__  # type: ignore[attr-defined]
        with wb.store.write() as session:
            session.execute(update(table).where(table.c.id == bindparam("row")).values(
                sha256=bindparam("sha"), size=bindparam("bytes"),
                media_type=bindparam("media"), original_name=bindparam("name")), updates)
    summary.seconds = time.perf_counter() - started
    return summary
