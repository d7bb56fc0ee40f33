"""Reading a file the user named, safely: a regular file, under a size cap (a leaf module).

`/dev/zero` must not fill memory and a FIFO must not hang the program: the file is
opened with O_NONBLOCK (so opening a FIFO returns at once), checked with fstat on the
open descriptor (so a path swapped in between is caught), and read to at most the cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.os_reasons import os_reason

KIB = 1024
MIB = 1024 * KIB
SETTINGS_LIMIT = 1 * MIB  # config, style, intake TOML, holidays
RULES_LIMIT = 4 * MIB  # deadline rules, law register overrides


class InputFileError(RuleViolation):
    """A file the user named cannot be read as asked (what, where, why, what to do)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("文件夹")
    if stat.S_ISFIFO(mode):
        return _("命名管道（FIFO）")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("设备文件")
    if stat.S_ISSOCK(mode):
        return _("套接字")
    return _("特殊文件")


def _size(limit: int) -> str:
    return f"{limit // MIB} MB" if limit >= MIB else f"{limit // KIB} KB"


def read_bounded(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; InputFileError
    (naming `what`, e.g. "配置文件") for anything else."""
    shown = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputFileError(_("{what} {shown} 不存在。").format(
            what=what, shown=shown), _("请检查路径。")) from None
    except OSError as exc:
        raise InputFileError(_("无法读取{what} {shown}：{reason}").format(
            what=what, shown=shown, reason=os_reason(exc)),
            _("请检查路径和文件权限。")) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise InputFileError(_("{what} {shown} 是{kind}，不是普通文件。").format(
            what=what, shown=shown, kind=_kind(info.st_mode)), _("请指定一个普通文件。"))
    with open(fd, "rb", buffering=0, closefd=True) as handle:
        too_large = InputFileError(_("{what} {shown} 太大（上限 {limit}）。").format(
            what=what, shown=shown, limit=_size(limit)), _("请确认选对了文件。"))
        if info.st_size > limit:
            raise too_large
        try:
            data = handle.read(limit + 1)  # it may have grown since fstat
        except OSError as exc:
            raise InputFileError(_("无法读取{what} {shown}：{reason}").format(
                what=what, shown=shown, reason=os_reason(exc)), _("请检查文件。")) from None
    if data is None or len(data) > limit:
        raise too_large
    return data


def read_bounded_text(path: Path | str, limit: int, what: str,
                      encoding: str = "utf-8") -> str:
    """:func:`read_bounded`, decoded; undecodable text and NUL characters are refused."""
    data = read_bounded(path, limit, what)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputFileError(_("{what} {path} 不是 UTF-8 文本（第 {byte} 字节）。").format(
            what=what, path=os.fspath(path), byte=exc.start), _("请另存为 UTF-8 编码。")) from None
    if "\x00" in text:
        raise InputFileError(_("{what} {path} 含有 NUL 字符，不是文本文件。").format(
            what=what, path=os.fspath(path)), _("请确认选对了文件。"))
    return text
