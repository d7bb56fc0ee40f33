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

from sqlalchemy import bindparam, func, select, update
from sqlmodel import col

from workbench.demo.stories import stated_rates
from workbench.domain.categories import EvidenceKind
from workbench.errors import RuleViolation
from workbench.services.context import Workbench
from workbench.store.blobs import BlobStore, StoredBlob
from workbench.store.models import Case, Evidence


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
_CHAT_LINES = (
    ("agent", "您好，我们这款POS机费率{agreed}，终身不涨，您放心用。"),
    ("agent", "押金299元，激活后刷满5万就全额返还到您银行卡。"),
    ("me", "那流量卡要收费吗？"),
    ("agent", "第一年免费，以后也不会乱收费的。"),
    ("me", "我这个月到账怎么变成{charged}了？"),
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
        "【{co}】您的结算费率已调整为{charged}，即日起生效。",
        "【{co}】您的交易资金正在风控审核中，预计3个工作日内到账。")


# said instead of a line naming a raised rate, in a case whose complaint states none
_UNRAISED = {"我这个月到账怎么变成{charged}了？": "我这个月的到账明细你帮我看一下。",
             "【{co}】您的结算费率已调整为{charged}，即日起生效。":
             "【{co}】您的交易款已结算，请注意查收。"}


@dataclass(frozen=True)
class Exhibit:
    """What an exhibit's content takes from its case (review round 5 N2: a March table
    at 0.63% for a complaint of 0.6% raised to 1.25% from November): the promised and
    the charged rate as its complaint states them ("0.6"; "" when not stated), the
    month a statement covers (its row's 取得日期) and the day the trouble began (a
    statement's earlier days are at the promised rate)."""

    agreed: str = ""
    charged: str = ""
    month: date | None = None
    began: date | None = None

    def say(self, line: str, agreed: str, charged: str) -> str:
        """A template line with the case's rates (the drawn ones where it states none)."""
        if "{charged}" in line and not self.charged and self.agreed:
            line = _UNRAISED[line]
        return line.replace("{agreed}", f"{self.agreed}%" if self.agreed else agreed) \
            .replace("{charged}", f"{self.charged}%" if self.charged else charged)

    def rate(self, drawn: str, on: date | None = None) -> str:
        """The rate a statement shows on a day: the charged one (from the day the trouble
        began), else the promised one."""
        raised = self.charged and (on is None or self.began is None or on >= self.began)
        stated = self.charged if raised else self.agreed
        return f"{stated}%" if stated else drawn


def _rng(kind: str, title: str, seed: str) -> random.Random:
    return random.Random(hashlib.sha256(f"demo|{kind}|{title}|{seed}".encode()).digest())


def _demo_day(r: random.Random) -> date:
    return date(2025, 1, 1) + timedelta(days=r.randrange(0, 540))


def _demo_time(r: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, r.randrange(8, 18), r.randrange(60),
                    r.randrange(60))


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _chat(r: random.Random, title: str, case: Exhibit) -> bytes:
    agent = r.choice(_AGENTS)
    moment = _demo_time(r, _demo_day(r))
    lines = [f"微信聊天记录导出 {_DEMO_NOTICE}", f"标题: {title}", f"对话对象: {agent}", ""]
    start = r.randrange(0, len(_CHAT_LINES) - 5)
    for who, text in _CHAT_LINES[start:start + r.randrange(5, 8)]:
        moment += timedelta(minutes=r.randrange(1, 40), seconds=r.randrange(60))
        lines += [f"{moment:%Y-%m-%d %H:%M:%S} {agent if who == 'agent' else '我'}",
                  f"  {case.say(text, '0.38%', '0.63%')}", ""]
    return "\n".join(lines).encode("utf-8")


def _call(r: random.Random, title: str, case: Exhibit) -> bytes:
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
            sms = case.say(r.choice(_SMS), "0.38%", "0.63%").format(co=company)
            lines.append(f"{moment:%Y-%m-%d %H:%M}  短信  {sms}")
    return "\n".join(lines).encode("utf-8")


def _receipt(r: random.Random, title: str, case: Exhibit) -> bytes:
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


def _transactions(r: random.Random, title: str, case: Exhibit) -> bytes:
    """A bank-style statement, GB18030-encoded as many Chinese exports are: of the case's
    month at its rate, when they are known."""
    drawn = r.choice(("0.60%", "0.63%", "0.68%"))
    day = _demo_day(r)
    if case.month is not None:  # within the month the statement is of
        day = case.month.replace(day=1)
    rows = [f"# {title} {_DEMO_NOTICE}",
            "交易时间,交易类型,交易金额(元),手续费(元),费率,商户名称,终端号"]
    terminal = f"T{r.randrange(10**7, 10**8)}"
    moments = []
    for _ in range(r.randrange(12, 25)):
        step = timedelta(days=r.randrange(0, 3))
        if case.month is None or (day + step).month == case.month.month:
            day += step
        moments.append(_demo_time(r, day))
    for moment in sorted(moments):
        rate = case.rate(drawn, moment.date())
        fen = r.randrange(1000, 2_000_000)
        fee = round(fen * float(rate[:-1]) / 100)
        rows.append(f"{moment:%Y-%m-%d %H:%M:%S},消费,{fen / 100:.2f},"
                    f"{fee / 100:.2f},{rate},{r.choice(_SHOPS)},{terminal}")
    return ("\r\n".join(rows) + "\r\n").encode("gb18030")


def _contract(r: random.Random, title: str, case: Exhibit) -> bytes:
    company = r.choice(_COMPANIES)
    drawn = r.choice(("0.38%", "0.50%", "0.55%"))
    rate = f"{case.agreed}%" if case.agreed else drawn
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
        raise RuleViolation("只能为演示数据库生成演示证据文件.",
                            "This database holds real data; add real files with "
                            "`workbench evidence add`.")
    started = time.perf_counter()
    present = set(blobs.digests())
    with wb.store.session() as session:
        rows = session.execute(select(
            col(Evidence.id), col(Evidence.kind), col(Evidence.title), col(Evidence.sha256),
            col(Evidence.original_name), col(Evidence.obtained_on), col(Case.narrative),
            col(Case.harm_known_on))
            .join(Case, col(Case.id) == col(Evidence.case_id))).all()
    stored: dict[tuple[str, str, int, Exhibit], StoredBlob] = {}
    # (sha256, size, media type, old suffix, new suffix) -> evidence ids
    groups: dict[tuple[str, int, str, str, str], list[int]] = defaultdict(list)
    summary = DemoEvidenceSummary()
    for evidence_id, kind, title, sha256, name, obtained_on, narrative, began in rows:
        if sha256 in present:
            continue
        if kind not in EvidenceKind._value2member_map_:
            kind = EvidenceKind.OTHER.value
        exhibit = Exhibit(*stated_rates(narrative or ""), obtained_on, began)
        key = (kind, title, _demo_bucket(sha256, evidence_id), exhibit)
        blob = stored.get(key)
        if blob is None:
            suffix = DEMO_SUFFIX[EvidenceKind(kind)]
            blob = blobs.put_bytes(demo_blob_bytes(kind, title, str(key[2]), exhibit),
                                   "demo" + suffix)
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
