"""Database errors in words a caseworker can act on (what is wrong, what to do)."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from workbench.errors import StorageError


def describe_url(url: str) -> str:
    """The URL without its password, safe to print."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(invalid database URL)"


def translate_operational_error(exc: DBAPIError, url: str) -> StorageError:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    where = describe_url(url)
    if "readonly" in text or "read-only" in text:
        return StorageError(f"数据库只读,无法写入: {where}",
                            "Make the database file and its folder writable for this user.")
    if "unable to open database file" in text:
        return StorageError(f"无法打开数据库文件: {where}",
                            "Check that the folder exists and is writable for this user.")
    if "lock timeout" in text or "LockNotAvailable" in type(exc.orig).__name__:
        return StorageError(f"数据库忙，请稍后重试：{where}",
                            "另一位同事正在写入同一记录；几秒后再试一次。")
    if "locked" in text or "busy" in text:
        return StorageError(f"数据库正忙 (locked) : {where}",
                            "Another process holds a long write; try again in a moment.")
    if "disk I/O error" in text or "malformed" in text or "not a database" in text:
        return StorageError(f"数据库文件损坏或不是数据库: {where} ({text})",
                            "Restore from a backup or point --db at another file.")
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if any(word in text.lower() for word in (
            "connect", "refused", "timeout", "timed out", "authentication", "no route",
            "name or service", "server closed", "terminating connection")):
        return StorageError(f"无法连接数据库 {where}: {first}",
                            "Check the address, that the server runs, and your credentials.")
    if "disk" in text.lower() and "full" in text.lower():
        return StorageError(f"磁盘已满, 无法写入 {where}.", "Free disk space and try again.")
    return StorageError(f"数据库错误 ({where}): {first}",
                        "Try again; if it persists, run `workbench doctor`.")
