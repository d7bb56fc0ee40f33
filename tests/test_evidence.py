"""Evidence files (content-addressed store), annotations, checklist, preview and demo
files — real files in tmp_path, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import socket
import stat
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import TODAY, _passphrase
from tests.factories import new_case
from workbench.demo import generate_demo, store_demo_evidence
from workbench.demo.files import demo_blob_bytes
from workbench.domain.categories import Category, EvidenceKind
from workbench.domain.clock import FrozenClock
from workbench.errors import ConflictError, NotFound, RuleViolation
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.services.evidence import (
    add_evidence,
    annotate,
    annotations_for,
    checklist,
    decode_text,
    display_name,
    evidence_for,
    normalise_tags,
    preview,
    verify_evidence,
)
from workbench.store import audit, search
from workbench.store.blobs import BlobStore, sniff_media_type
from workbench.store.engine import open_store
from workbench.store.models import Case, CaseEvent, Evidence

PNG_1x1 = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR"
           + struct.pack(">IIBBBBB", 640, 480, 8, 2, 0, 0, 0) + b"\0\0\0\0")


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "data" / "evidence")


def _file(folder: Path, name: str | bytes, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = os.path.join(os.fsencode(folder), os.fsencode(name))
    with open(path, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(path))


def _stored_files(blobs: BlobStore) -> list[Path]:
    if not blobs.root.exists():
        return []
    return sorted(p for p in blobs.root.rglob("*") if p.is_file())


def _events(wb: Workbench, kind: str) -> list[CaseEvent]:
    with wb.store.session() as session:
        return list(session.execute(
            select(CaseEvent).where(CaseEvent.kind == kind)).scalars())  # type: ignore[arg-type]


def _evidence_count(wb: Workbench) -> int:
    with wb.store.session() as session:
        return int(session.execute(select(func.count()).select_from(Evidence)).scalar_one())


def _add(wb: Workbench, blobs: BlobStore, case: Case, path: Path | str | bytes,
         **kw: object) -> Evidence:
    assert case.id is not None
    fresh = cases.get_case(wb, case.id)
    options: dict[str, object] = {"kind": EvidenceKind.RECEIPT, "title": "押金收据"}
    options.update(kw)
    return add_evidence(wb, blobs, case.id, fresh.version, path, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# adding and verifying
# --------------------------------------------------------------------------------------


def test_add_stores_a_read_only_content_addressed_copy(wb: Workbench, blobs: BlobStore,
                                                       tmp_path: Path) -> None:
    case = new_case(wb)
    source = _file(tmp_path / "in", "收据.txt", "今收到押金299元。\n".encode())
    row = add_evidence(wb, blobs, case.id, case.version, source, kind=EvidenceKind.RECEIPT,
                       title="  押金收据 ", source="投诉人提供", obtained_on=date(2026, 3, 1),
                       description="原件已核对", proves="退还多收手续费")
    import hashlib

    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert (row.sha256, row.size, row.title) == (digest, source.stat().st_size, "押金收据")
    assert row.media_type == "text/plain" and row.original_name == "收据.txt"
    assert (row.kind, row.added_by, row.proves) == ("receipt", "alice", "退还多收手续费")
    stored = blobs.root / digest[:2] / digest[2:]
    assert _stored_files(blobs) == [stored]
    assert stat.S_IMODE(stored.stat().st_mode) == 0o400  # owner-only (tests/test_private_files)
    assert stored.read_bytes() == source.read_bytes()
    source.unlink()  # the store keeps its own copy
    assert verify_evidence(wb, blobs) == []
    # one event naming the file; the case itself is not otherwise changed
    (event,) = _events(wb, "evidence_added")
    assert event.case_id == case.id and event.payload["sha256"] == digest
    assert event.payload["title"] == "押金收据" and event.payload["kind"] == "receipt"
    assert cases.get_case(wb, case.id).version == case.version
    with wb.store.session() as session:
        assert list(audit.verify(session)) == []
    assert [e.id for e in evidence_for(wb, case.id)] == [row.id]


def test_verify_names_each_altered_truncated_and_missing_file(
        wb: Workbench, blobs: BlobStore, tmp_path: Path) -> None:
    case = new_case(wb)
    rows = [_add(wb, blobs, case, _file(tmp_path / "in", f"f{i}.txt", f"证据{i}".encode() * 50),
                 title=f"证据 {i}") for i in range(4)]
    altered, truncated, missing, intact = rows
    path = blobs.path_for(altered.sha256)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01  # same size, one bit flipped
    path.write_bytes(bytes(data))
    with open(blobs.path_for(truncated.sha256), "r+b") as handle:
        handle.truncate(5)
    blobs.path_for(missing.sha256).unlink()

    problems = {p.evidence_id: p for p in verify_evidence(wb, blobs)}
    assert set(problems) == {altered.id, truncated.id, missing.id}
    assert "被改动过" in problems[altered.id].problem
    assert "大小不符" in problems[truncated.id].problem
    assert problems[missing.id].problem == "文件不见了"
    assert problems[missing.id].case_ref == case.ref
    assert problems[missing.id].title == "证据 2"
    assert case.ref in problems[altered.id].message
    assert intact.id not in problems


def test_identical_content_is_stored_once(wb: Workbench, blobs: BlobStore,
                                          tmp_path: Path) -> None:
    case = new_case(wb)
    first = _add(wb, blobs, case, _file(tmp_path / "a", "IMG_0001.png", PNG_1x1))
    second = _add(wb, blobs, case, _file(tmp_path / "b", "copy.png", PNG_1x1), title="副本")
    assert first.sha256 == second.sha256 and first.id != second.id
    assert len(_stored_files(blobs)) == 1
    assert [r.original_name for r in evidence_for(wb, case.id)] == ["IMG_0001.png", "copy.png"]
    # a damaged stored copy is replaced by the next identical upload
    blobs.path_for(first.sha256).chmod(0o644)
    blobs.path_for(first.sha256).write_bytes(b"junk")
    _add(wb, blobs, case, _file(tmp_path / "c", "again.png", PNG_1x1))
    assert verify_evidence(wb, blobs) == []


def test_fan_out_folders_take_the_root_folders_permissions(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "shared")
    blobs.root.mkdir()
    blobs.root.chmod(0o2770)  # a team folder: group-writable, setgid
    old = os.umask(0o022)
    try:
        blob = blobs.put(_file(tmp_path / "in", "x.txt", b"team"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(blob.path.parent.stat().st_mode) == 0o2770
    assert stat.S_IMODE(blob.path.stat().st_mode) == 0o440  # the team reads it, no one else


def test_stale_version_is_refused_before_anything_is_stored(
        wb: Workbench, blobs: BlobStore, tmp_path: Path) -> None:
    case = new_case(wb)
    cases.edit_case(wb, case.id, case.version, {"title": "别人改过的标题"})
    source = _file(tmp_path / "in", "x.txt", b"data")
    with pytest.raises(ConflictError, match="alice"):
        add_evidence(wb, blobs, case.id, case.version, source, kind="chat", title="聊天记录")
    with pytest.raises(ConflictError):
        annotate(wb, case.id, case.version, "一条批注")
    assert _stored_files(blobs) == [] and _evidence_count(wb) == 0
    assert _events(wb, "evidence_added") == [] and _events(wb, "annotated") == []


def test_bad_input_is_refused(wb: Workbench, blobs: BlobStore, tmp_path: Path) -> None:
    case = new_case(wb)
    source = _file(tmp_path / "in", "x.txt", b"data")
    with pytest.raises(RuleViolation, match="标题"):
        add_evidence(wb, blobs, case.id, case.version, source, kind="chat", title=" \n ")
    with pytest.raises(RuleViolation, match="证据类型") as info:
        add_evidence(wb, blobs, case.id, case.version, source, kind="selfie", title="t")
    assert "contract" in info.value.hint
    with pytest.raises(RuleViolation, match="今天之后"):
        add_evidence(wb, blobs, case.id, case.version, source, kind="chat", title="t",
                     obtained_on=date(2030, 1, 1))
    with pytest.raises(NotFound):
        add_evidence(wb, blobs, 999_999, 1, source, kind="chat", title="t")
    assert _stored_files(blobs) == [] and _evidence_count(wb) == 0


# --------------------------------------------------------------------------------------
# refusals: only regular, readable files within the size limit
# --------------------------------------------------------------------------------------


def _refused(wb: Workbench, blobs: BlobStore, case: Case, path: Path | str,
             match: str, error: type[Exception] = RuleViolation, **kw: object) -> None:
    with pytest.raises(error, match=match):
        _add(wb, blobs, case, path, **kw)
    leftovers = _stored_files(blobs)
    assert leftovers == [], leftovers  # no blob, no temporary file
    assert _evidence_count(wb) == 0


def test_refuses_directories_devices_fifos_sockets_and_missing_files(
        wb: Workbench, blobs: BlobStore, tmp_path: Path) -> None:
    case = new_case(wb)
    folder = tmp_path / "folder"
    folder.mkdir()
    _refused(wb, blobs, case, folder, "目录")
    (tmp_path / "link-to-folder").symlink_to(folder)
    _refused(wb, blobs, case, tmp_path / "link-to-folder", "目录")
    _refused(wb, blobs, case, "/dev/null", "字符设备")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    _refused(wb, blobs, case, fifo, "FIFO")  # refused at once, not blocked on open
    _refused(wb, blobs, case, tmp_path / "nope.txt", "找不到", NotFound)
    _refused(wb, blobs, case, tmp_path / "gone" / "x.txt", "找不到", NotFound)
    short = Path("/tmp") / f"wb-sock-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(short))
        _refused(wb, blobs, case, short, "套接字")
    finally:
        sock.close()
        short.unlink(missing_ok=True)


def test_refuses_a_file_over_the_limit(wb: Workbench, blobs: BlobStore,
                                       tmp_path: Path) -> None:
    case = new_case(wb)
    big = _file(tmp_path / "in", "big.bin", b"x" * 5000)
    _refused(wb, blobs, case, big, "太大", max_bytes=4999)
    row = _add(wb, blobs, case, big, max_bytes=5000)  # the limit itself is allowed
    assert row.size == 5000


def test_refuses_an_unreadable_file(wb: Workbench, blobs: BlobStore, tmp_path: Path) -> None:
    case = new_case(wb)
    if os.geteuid() != 0:
        locked = _file(tmp_path / "in", "locked.txt", b"secret")
        locked.chmod(0)
        _refused(wb, blobs, case, locked, "无法读取")
        return
    # root reads any file by its mode bits; a write-only sysctl refuses even root
    target = Path("/proc/sys/vm/drop_caches")
    try:
        open(target, "rb").close()
    except PermissionError:
        _refused(wb, blobs, case, target, "无法读取.*没有权限")
    except OSError:
        pytest.skip("running as root and /proc/sys/vm/drop_caches is unavailable: "
                    "no file here is unreadable for root")
    else:
        pytest.skip("running as root, and root can read /proc/sys/vm/drop_caches here")


def test_symlink_to_a_regular_file_is_followed(wb: Workbench, blobs: BlobStore,
                                               tmp_path: Path) -> None:
    case = new_case(wb)
    real = _file(tmp_path / "in", "real.txt", b"content")
    link = tmp_path / "in" / "link.txt"
    link.symlink_to(real)
    row = _add(wb, blobs, case, link)
    assert row.original_name == "link.txt" and blobs.path_for(row.sha256).read_bytes() == b"content"
    assert not blobs.path_for(row.sha256).is_symlink()


# --------------------------------------------------------------------------------------
# hostile file names are metadata only
# --------------------------------------------------------------------------------------


def test_hostile_names_are_kept_as_display_metadata_only(
        wb: Workbench, blobs: BlobStore, tmp_path: Path) -> None:
    case = new_case(wb)
    (tmp_path / "in" / "a" / "b").mkdir(parents=True)
    before = {p for p in tmp_path.rglob("*")}

    evil = _file(tmp_path / "in", "evil.txt", b"1")
    _file(tmp_path / "in", b"raw\xc3.txt", b"5")
    dotted = tmp_path / "in" / "a" / "b" / ".." / ".." / "evil.txt"
    names = {
        _add(wb, blobs, case, dotted).id: "evil.txt",
        _add(wb, blobs, case, _file(tmp_path / "in", "bad\nname\r\t\x1b[31m.txt", b"2")).id:
            "bad name [31m.txt",  # line breaks and tabs: a space each run
        _add(wb, blobs, case, _file(tmp_path / "in", "invoice\u202efdp.exe", b"3")).id:
            "invoicefdp.exe",
        _add(wb, blobs, case, _file(tmp_path / "in", b"\xff\xfe" + "证据.txt".encode(),
                                    b"4")).id: "\\xff\\xfe证据.txt",
        _add(wb, blobs, case, os.fsencode(tmp_path / "in") + b"/raw\xc3.txt").id:
            "raw\\xc3.txt",
    }
    long_name = "证" * 80 + ".txt"  # 244 bytes: near the file system's 255-byte limit
    long_id = _add(wb, blobs, case, _file(tmp_path / "in", long_name, b"6")).id
    names[long_id] = long_name

    stored = {r.id: r.original_name for r in evidence_for(wb, case.id)}
    assert stored == names
    for row in evidence_for(wb, case.id):
        path = blobs.path_for(row.sha256)
        assert path.parent.parent == blobs.root and path.read_bytes()
    # nothing was written anywhere but the store and the original files
    created = {p for p in tmp_path.rglob("*")} - before
    outside = [p for p in created if blobs.root not in p.parents and p != blobs.root
               and p.parent != tmp_path / "in" and p != tmp_path / "data"]
    assert outside == []
    assert evil.exists()
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("x" * 1500) == "x" * 1000
    assert display_name(b"/tmp/\x00\x07bell") == "bell"


# --------------------------------------------------------------------------------------
# media types and preview
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("head", "name", "expected"), [
    (PNG_1x1, "photo.txt", "image/png"),  # the content wins over the name
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a", "image/jpeg"),
    (b"GIF89a\x01\x00\x01\x00", "", "image/gif"),
    (b"%PDF-1.7\n", "scan.jpg", "application/pdf"),
    (b"\x00\x00\x00\x18ftypmp42", "clip", "video/mp4"),
    (b"\x00\x00\x00\x14ftypqt  ", "clip", "video/quicktime"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "", "image/webp"),
    (b"PK\x03\x04\x14\x00", "合同.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (b"PK\x03\x04\x14\x00", "archive", "application/zip"),
    (b"a,b\n1,2\n", "export.csv", "text/csv"),
    ("纯文本".encode("gb18030"), "noext", "text/plain"),
    (b"\x00\x01\x02\x03", "noext", "application/octet-stream"),
    (b"BMW dealership notes", "notes", "text/plain"),
], ids=["png-named-txt", "jpeg", "gif", "pdf-named-jpg", "mp4", "mov", "webp", "docx", "zip",
        "csv", "gb18030-text", "binary", "text-starting-BM"])
def test_media_type_from_content_first(head: bytes, name: str, expected: str) -> None:
    assert sniff_media_type(head, name) == expected


def test_preview_of_a_gb18030_text_and_of_a_png(wb: Workbench, blobs: BlobStore,
                                                tmp_path: Path) -> None:
    case = new_case(wb)
    text = "微信聊天记录\n业务员: 费率0.38%永不上调。\r\n我: 好的\x1b[2J\n"
    chat = _add(wb, blobs, case, _file(tmp_path / "in", "chat.txt", text.encode("gb18030")),
                kind="chat", title="聊天记录")
    shown = preview(wb, blobs, chat.id)
    assert shown.kind == "text" and shown.metadata["encoding"] == "gb18030"
    assert "费率0.38%永不上调" in shown.text and "\x1b" not in shown.text
    assert "\r" not in shown.text

    utf8_bom = _add(wb, blobs, case, _file(tmp_path / "in", "t.csv",
                                           b"\xef\xbb\xbf" + "交易,金额\n".encode()))
    shown = preview(wb, blobs, utf8_bom.id)
    assert shown.kind == "text" and shown.text.startswith("交易") and \
        shown.metadata["encoding"] == "utf-8-sig"

    photo = _add(wb, blobs, case, _file(tmp_path / "in", "IMG_1.jpg",
                                        demo_blob_bytes("photo", "机身照片", "1")),
                 kind="photo", title="照片")
    shown = preview(wb, blobs, photo.id)
    assert shown.kind == "metadata" and shown.text == ""
    assert photo.media_type == "image/png"  # by its bytes, not its .jpg name
    meta = shown.metadata
    assert meta["media_type"] == "PNG 图片" and meta["sha256"] == photo.sha256
    assert meta["original_name"] == "IMG_1.jpg" and meta["dimensions"] in {
        "160 × 120", "120 × 160", "200 × 150", "96 × 128"}
    assert str(photo.size) in meta["size"].replace(",", "")

    big = _add(wb, blobs, case, _file(tmp_path / "in", "long.txt", "长".encode() * 30_000))
    shown = preview(wb, blobs, big.id)
    assert shown.kind == "text" and len(shown.text) == 64 * 1024 // 3  # cut char dropped
    assert "truncated" in shown.metadata

    blobs.path_for(chat.sha256).unlink()
    shown = preview(wb, blobs, chat.id)
    assert shown.kind == "metadata" and "不见了" in shown.metadata["problem"]


def test_decode_text_tries_encodings_in_turn() -> None:
    assert decode_text("中文".encode()) == ("中文", "utf-8")
    assert decode_text("中文".encode("gb18030")) == ("中文", "gb18030")
    assert decode_text("中文".encode("utf-16")) == ("中文", "utf-16")
    assert decode_text(b"\x89PNG\r\n\x1a\n\x00\x00") is None


# --------------------------------------------------------------------------------------
# annotations
# --------------------------------------------------------------------------------------


def test_annotations_are_found_by_the_queue_text_search(wb: Workbench, blobs: BlobStore,
                                                        tmp_path: Path) -> None:
    case = new_case(wb)
    other = new_case(wb, narrative="另一件投诉。")
    row = _add(wb, blobs, case, _file(tmp_path / "in", "x.txt", b"x"), title="签购单原件")
    note = annotate(wb, case.id, case.version, "业务员承认口头承诺过返现\x1b[0m",
                    tags=[" 返现 ", "#返现", "重要", ""], evidence_id=row.id)
    assert note.body == "业务员承认口头承诺过返现[0m" and note.tags == ["返现", "重要"]
    assert note.author == "alice" and note.evidence_id == row.id
    case_note = annotate(wb, case.id, case.version, "等待服务商回电")
    assert [n.id for n in annotations_for(wb, case.id)] == [note.id, case_note.id]
    (event, _) = _events(wb, "annotated")
    assert event.payload["evidence_id"] == row.id and event.payload["tags"] == ["返现", "重要"]

    def found(query: str) -> list[int]:
        clause = search.text_filter(wb.store.dialect, query)
        with wb.store.session() as session:
            return list(session.execute(select(Case.id).where(clause)).scalars())

    assert found("口头承诺") == [case.id]
    assert found("等待服务商") == [case.id]
    assert found("签购单原件") == [case.id]  # evidence titles are indexed too
    assert other.id not in found("口头承诺")
    with wb.store.session() as session:
        assert list(audit.verify(session)) == []


def test_annotation_rules(wb: Workbench, blobs: BlobStore, tmp_path: Path) -> None:
    case = new_case(wb)
    other = new_case(wb)
    foreign = _add(wb, blobs, other, _file(tmp_path / "in", "x.txt", b"x"))
    with pytest.raises(RuleViolation, match="不属于"):
        annotate(wb, case.id, case.version, "批注", evidence_id=foreign.id)
    with pytest.raises(NotFound):
        annotate(wb, case.id, case.version, "批注", evidence_id=999_999)
    with pytest.raises(RuleViolation, match="不能为空"):
        annotate(wb, case.id, case.version, " \n\t ")
    with pytest.raises(RuleViolation, match="太长"):
        annotate(wb, case.id, case.version, "字" * 20_001)
    annotate(wb, case.id, case.version, "字" * 20_000)
    with pytest.raises(RuleViolation, match="标签太多"):
        normalise_tags([f"t{i}" for i in range(11)])
    with pytest.raises(RuleViolation, match="标签太长"):
        normalise_tags(["长" * 31])
    assert normalise_tags(["A", "a", "b\n", "长" * 30]) == ["A", "b", "长" * 30]


# --------------------------------------------------------------------------------------
# checklist
# --------------------------------------------------------------------------------------


def test_checklist_follows_categories_and_evidence_kinds(wb: Workbench, blobs: BlobStore,
                                                         tmp_path: Path) -> None:
    case = new_case(wb)  # 费率上调: contract + transaction records
    lines = checklist(wb, case.id)
    assert [(line.category, line.satisfied) for line in lines] == [
        (Category.FEE_INCREASE, False), (Category.FEE_INCREASE, False)]
    assert lines[0].item_label == "合同或签字的费率告知书"
    assert lines[0].category_label == "费率上调/乱收费"
    _add(wb, blobs, case, _file(tmp_path / "in", "c.txt", b"c"), kind="contract")
    assert [line.satisfied for line in checklist(wb, case.id)] == [True, False]

    fresh = cases.get_case(wb, case.id)
    cases.edit_case(wb, case.id, fresh.version,
                    {"categories": ["fee_increase", "unreachable"]})
    _add(wb, blobs, case, _file(tmp_path / "in", "t.txt", b"t"), kind="call")
    assert [(line.category.value, line.satisfied) for line in checklist(wb, case.id)] == [
        ("fee_increase", True), ("fee_increase", False), ("unreachable", True)]


# --------------------------------------------------------------------------------------
# demo files
# --------------------------------------------------------------------------------------


def _png_is_valid(data: bytes) -> bool:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    i, idat = 8, b""
    while i < len(data):
        (length,) = struct.unpack(">I", data[i:i + 4])
        tag, body = data[i + 4:i + 8], data[i + 8:i + 8 + length]
        (crc,) = struct.unpack(">I", data[i + 8 + length:i + 12 + length])
        assert zlib.crc32(tag + body) == crc, tag
        if tag == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        if tag == b"IDAT":
            idat += body
        i += 12 + length
    return len(zlib.decompress(idat)) == height * (1 + 3 * width)


def test_demo_bytes_are_deterministic_and_realistic() -> None:
    for kind in EvidenceKind:
        assert demo_blob_bytes(kind, "标题", "3") == demo_blob_bytes(kind, "标题", "3")
    assert demo_blob_bytes("chat", "标题", "1") != demo_blob_bytes("chat", "标题", "2")
    chat = demo_blob_bytes("chat", "与业务员的微信聊天记录", "1").decode("utf-8")
    assert "与业务员的微信聊天记录" in chat and "虚构" in chat
    csv = demo_blob_bytes("transaction", "3月交易明细", "1").decode("gb18030")
    assert csv.splitlines()[1].startswith("交易时间,")
    assert _png_is_valid(demo_blob_bytes("photo", "照片", "1"))
    assert demo_blob_bytes("other", "营业执照", "1").startswith(b"%PDF-1.4")
    assert demo_blob_bytes("other", "营业执照", "1").rstrip().endswith(b"%%EOF")
    assert sniff_media_type(demo_blob_bytes("video", "录像", "1")) == "video/mp4"


def test_demo_evidence_gets_real_files(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url, _passphrase, demo=True)
    try:
        generate_demo(store, cases=50, seed=1, clock=FrozenClock.on(TODAY))
        wb = Workbench(store=store, actor="demo", clock=FrozenClock.on(TODAY))
        blobs = BlobStore(tmp_path / "evidence")
        assert {p.problem for p in verify_evidence(wb, blobs)} == {"文件不见了"}
        summary = store_demo_evidence(wb, blobs)
        with store.session() as session:
            rows = list(session.execute(select(Evidence)).scalars())
        assert summary.rows == len(rows) > 0
        assert 0 < summary.blobs == len(_stored_files(blobs)) <= summary.rows
        assert verify_evidence(wb, blobs) == []
        by_kind = {r.kind: r for r in rows}
        if "chat" in by_kind:
            chat = by_kind["chat"]
            assert chat.media_type == "text/plain" and chat.original_name.endswith(".txt")
            assert preview(wb, blobs, chat.id).kind == "text"
        for row in rows:
            if row.kind in ("photo", "advertising"):
                assert row.media_type == "image/png" and row.original_name.endswith(".png")
        # idempotent: nothing is missing any more
        assert store_demo_evidence(wb, blobs).rows == 0
        with store.session() as session:
            assert list(audit.verify(session)) == []
    finally:
        store.dispose()


def test_demo_evidence_is_refused_on_a_real_database(wb: Workbench, blobs: BlobStore) -> None:
    new_case(wb)
    with pytest.raises(RuleViolation, match="演示"):
        store_demo_evidence(wb, blobs)
    assert _stored_files(blobs) == []
