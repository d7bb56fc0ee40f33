"""Content-addressed, read-only storage for evidence files.

A file is copied (streamed, hashed on the way) into a temporary file inside the store's
root, then renamed atomically to `root/ab/cdef…` — its SHA-256 in hex, fanned out by the
first two characters — and made read-only. Identical content is stored once. The file's
original name is never used to build a path: it is metadata for the database only.

Only regular files are accepted. The source is checked twice: `os.stat` before opening
(so a FIFO is refused without blocking on it), and `os.fstat` on the opened descriptor
(so a path swapped for something else in between is caught too). Following a symlink to
a regular file is fine.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench import private_files
from workbench.domain.clock import process_started
from workbench.domain.text_input import without_controls
from workbench.errors import NotFound, RuleViolation, StorageError
from workbench.fsutil import fsync_directory
from workbench.i18n import _, pgettext
from workbench.os_reasons import os_reason

CHUNK = 1024 * 1024
PREVIEW_LIMIT = 64 * 1024
DEFAULT_MAX_BYTES = 200 * 2**20
TEMP_PREFIX = ".incoming-"
TEMP_GRACE_S = 600  # an import started this long before us may still be copying
_HEX64 = re.compile(r"[0-9a-f]{64}")

# bidirectional-text controls: a name like "invoice\u202efdp.exe" shows as "invoiceexe.pdf"

OOXML = {".docx", ".xlsx", ".pptx"}


@dataclass(frozen=True, slots=True)
class StoredBlob:
    sha256: str
    size: int
    media_type: str
    path: Path


def printable(name: str | bytes | os.PathLike[str] | os.PathLike[bytes],
              limit: int = 1000) -> str:
    """A file name or path as safe display text: undecodable bytes shown as `\\xff`,
    control and bidi-override characters removed, at most `limit` characters."""
    raw = os.fsencode(name)
    text = raw.decode("utf-8", "backslashreplace")
    return without_controls(text)[:limit]


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return pgettext("file kind", "目录")
    if stat.S_ISCHR(mode):
        return _("字符设备")
    if stat.S_ISBLK(mode):
        return _("块设备")
    if stat.S_ISFIFO(mode):
        return pgettext("file kind", "命名管道（FIFO）")
    if stat.S_ISSOCK(mode):
        return pgettext("file kind", "套接字（socket）")
    return _("特殊文件（不是普通文件）")


def _refuse_kind(shown: str, mode: int) -> RuleViolation:
    hint = (_("请逐个添加其中的文件。") if stat.S_ISDIR(mode)
            else _("证据必须是普通文件；请先把数据保存成文件。"))
    return RuleViolation(_("不能作为证据添加：{shown} 是{what}，不是普通文件。").format(
                             shown=shown, what=_what(mode)), hint)


def _os_refusal(shown: str, exc: OSError) -> RuleViolation | NotFound:
    reason = os_reason(exc)
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return NotFound(_("找不到证据文件 {shown}：{reason}。").format(
                            shown=shown, reason=reason), _("请检查路径。"))
    return RuleViolation(_("无法读取证据文件 {shown}：{reason}。").format(
                             shown=shown, reason=reason),
                         _("请确认文件存在且你有权读取。"))


def _too_large(shown: str, size: int | None, max_bytes: int) -> RuleViolation:
    what = f"{human_size(size)}" if size is not None else _("超过 {human_size}").format(
                                                              human_size=human_size(max_bytes))
    return RuleViolation(_("证据文件太大：{shown} ({what})，上限 {human_size}。").format(
                             shown=shown, what=what, human_size=human_size(max_bytes)),
                         _("请压缩或拆分文件，或请管理员调高证据大小上限。"))


def sniff_media_type(head: bytes, name: str | bytes = "") -> str:
    """The media type from the first bytes (magic numbers), else from the name's
    extension, else `text/plain` for text-looking content, else octet-stream."""
    suffix = os.path.splitext(os.fsdecode(name))[1].lower() if name else ""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return "video/quicktime"
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        if brand in (b"heic", b"heix", b"mif1", b"msf1"):
            return "image/heic"
        return "video/mp4"
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head.startswith(b"ID3"):
        return "audio/mpeg"
    if (head.startswith(b"BM") and len(head) >= 18 and head[6:10] == b"\0\0\0\0"
            and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 108, 124)):
        return "image/bmp"
    if head.startswith(b"PK\x03\x04"):
        if suffix in OOXML:
            guessed = mimetypes.guess_type("x" + suffix, strict=False)[0]
            if guessed:
                return guessed
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .doc/.xls
        guessed = mimetypes.guess_type("x" + suffix, strict=False)[0] if suffix else None
        return guessed or "application/x-ole-storage"
    if suffix:
        guessed = mimetypes.guess_type("x" + suffix, strict=False)[0]
        if guessed:
            return guessed
    if head and _looks_like_text(head):
        return "text/plain"
    return "application/octet-stream"


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            _decode_prefix(head, encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _decode_prefix(data: bytes, encoding: str) -> str:
    """Decode `data`, tolerating a multi-byte character cut off at its end."""
    import codecs

    return codecs.getincrementaldecoder(encoding)("strict").decode(data, final=False)


class BlobStore:
    """Files named by their SHA-256 under `root` (created on first write)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- paths -------------------------------------------------------------------------

    def path_for(self, sha256: str) -> Path:
        """Where the blob with this digest lives; ValueError for anything but 64 hex."""
        if not _HEX64.fullmatch(sha256):
            raise ValueError(_("不是 SHA-256 十六进制摘要：{sha256!r}").format(sha256=sha256))
        return self.root / sha256[:2] / sha256[2:]

    def exists(self, sha256: str) -> bool:
        try:
            return self.path_for(sha256).is_file()
        except ValueError:
            return False

    def digests(self) -> Iterator[str]:
        """Every digest stored (by name; contents are not checked)."""
        try:
            fans = list(os.scandir(self.root))
        except FileNotFoundError:
            return
        for fan in fans:
            if len(fan.name) != 2 or not fan.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(fan.path):
                digest = fan.name + entry.name
                if _HEX64.fullmatch(digest):
                    yield digest

    # -- writing -----------------------------------------------------------------------

    def put(self, source: Path | str | bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> StoredBlob:
        """Copy a regular file into the store. Refuses (RuleViolation) directories,
        devices, FIFOs, sockets, unreadable files and files larger than `max_bytes`;
        NotFound when the path does not exist."""
        shown = printable(source)
        try:
            before = os.stat(source)
        except OSError as exc:
            raise _os_refusal(shown, exc) from exc
        if not stat.S_ISREG(before.st_mode):
            raise _refuse_kind(shown, before.st_mode)
        if before.st_size > max_bytes:
            raise _too_large(shown, before.st_size, max_bytes)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
            | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(source, flags)
        except OSError as exc:
            raise _os_refusal(shown, exc) from exc
        with open(fd, "rb", buffering=0, closefd=True) as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):  # replaced after the first check
                raise _refuse_kind(shown, opened.st_mode)
            if opened.st_size > max_bytes:
                raise _too_large(shown, opened.st_size, max_bytes)

            def chunks() -> Iterator[bytes]:
                while True:
                    try:
                        chunk = handle.read(CHUNK)
                    except OSError as exc:
                        raise _os_refusal(shown, exc) from exc
                    if not chunk:
                        return
                    yield chunk

            return self._store(chunks(), max_bytes, os.fsencode(source), shown)

    def put_bytes(self, data: bytes, name: str = "", *, durable: bool = True) -> StoredBlob:
        """Store bytes held in memory (demo content); no size limit. `durable=False` (many
        files in a row): content already stored is not written again and nothing is synced
        until `sync()`, which the caller must call before recording the files."""
        if not durable:
            sha = hashlib.sha256(data).hexdigest()
            target = self.path_for(sha)
            if target.exists() and self.verify(sha, len(data)) is None:
                return StoredBlob(sha, len(data), sniff_media_type(data[:64], name.encode()),
                                  target)
        return self._store(iter((data,)), None, name.encode(), "(bytes)", durable=durable)

    def sync(self) -> None:
        """Flush the files stored with `durable=False` to disk: one sync for all of them."""
        os.sync()

    def _store(self, chunks: Iterable[bytes], max_bytes: int | None, name: bytes,
               shown: str, *, durable: bool = True) -> StoredBlob:
        try:
            private_files.private_dir(self.root)
            fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.root)
        except OSError as exc:
            raise StorageError(_("无法写入证据库 {root}：{strerror}").format(
                                   root=self.root, strerror=os_reason(exc)),
                               _("请让证据文件夹可写（或把数据目录设在可写的位置）。")) from exc
        temp = Path(temp_name)
        try:
            digest = hashlib.sha256()
            size = 0
            head = b""
            with open(fd, "wb", closefd=True) as out:
                for chunk in chunks:
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise _too_large(shown, None, max_bytes)
                    if len(head) < 64:
                        head += chunk[:64 - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                # 0400, or 0440 in a team's folder
                os.fchmod(out.fileno(), private_files.read_only_mode(self.root))
                if durable:
                    os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path_for(sha)
            self._fan_out_dir(target.parent)
            if target.exists() and self.verify(sha, size) is None:
                temp.unlink()  # the same content is already stored: keep it
            else:
                os.replace(temp, target)  # new, or repairs a damaged copy
                if durable:
                    fsync_directory(target.parent)
            return StoredBlob(sha, size, sniff_media_type(head, name), target)
        except OSError as exc:
            raise StorageError(_("写入证据库失败（{root}）：{strerror}").format(
                                   root=self.root, strerror=os_reason(exc)),
                               _("检查磁盘剩余空间和证据文件夹的权限。")) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()

    def _fan_out_dir(self, path: Path) -> None:
        """Create `root/ab` private (0700, or 2770 for a team: the `shared_group` setting
        or a group-writable root), whatever the umask."""
        try:
            path.mkdir()
        except FileExistsError:
            return
        with contextlib.suppress(OSError):
            private_files.secure(path, private_files.private_dir_mode(self.root))

    def temp_files(self, older_than: float) -> list[Path]:
        """The `.incoming-*` files an interrupted import left (modified before
        `older_than`, a time.time() value: younger ones may belong to a running import)."""
        found = []
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.root):
                with contextlib.suppress(OSError):
                    if entry.name.startswith(TEMP_PREFIX) and entry.is_file(
                            follow_symlinks=False) and entry.stat().st_mtime < older_than:
                        found.append(Path(entry.path))
        return sorted(found)

    def remove_temps(self, older_than: float | None = None) -> int:
        """Delete :meth:`temp_files` (default: those older than this process, less a grace
        period); returns how many were removed."""
        cutoff = process_started() - TEMP_GRACE_S if older_than is None else older_than
        removed = 0
        for path in self.temp_files(cutoff):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        return removed

    # -- reading -----------------------------------------------------------------------

    def verify(self, sha256: str, size: int) -> str | None:
        """None when the blob is present and intact, else what is wrong with it."""
        try:
            path = self.path_for(sha256)
        except ValueError:
            return _("记录的摘要无效（{digest}）").format(digest=repr(printable(sha256, 80)))
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return _("文件不见了")
        except OSError as exc:
            return _("无法读取（{error}）").format(error=os_reason(exc))
        if not stat.S_ISREG(info.st_mode):
            return _("不是普通文件")
        if info.st_size != size:
            return _("大小不符（存储的是 {stored} 字节，记录的是 {size}）").format(
                stored=info.st_size, size=size)
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
        except OSError as exc:
            return _("无法读取（{error}）").format(error=os_reason(exc))
        if digest.hexdigest() != sha256:
            return _("被改动过（内容与其 SHA-256 不再相符）")
        return None

    def read_preview(self, sha256: str, limit_bytes: int = PREVIEW_LIMIT) -> bytes:
        """The first `limit_bytes` of a blob (OSError if it is missing)."""
        with open(self.path_for(sha256), "rb") as handle:
            return handle.read(limit_bytes)
