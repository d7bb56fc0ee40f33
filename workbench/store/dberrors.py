"""Database errors in words a caseworker can act on (what is wrong, what to do)."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from workbench.errors import StorageError
from workbench.i18n import _


def describe_url(url: str) -> str:
    """The URL without its password, safe to print."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return _("（无效的数据库 URL）")


def translate_operational_error(exc: DBAPIError, url: str) -> StorageError:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    where = describe_url(url)
    if "readonly" in text or "read-only" in text:
        return StorageError(_("数据库只读，无法写入：{where}").format(where=where),
                            _("请让当前用户对数据库文件及其目录有写权限。"))
    if "unable to open database file" in text:
        return StorageError(_("无法打开数据库文件：{where}").format(where=where),
                            _("请检查目录是否存在、当前用户是否可写。"))
    if "lock timeout" in text or "LockNotAvailable" in type(exc.orig).__name__:
        return StorageError(_("数据库忙，请稍后重试：{where}").format(where=where),
                            _("另一位同事正在写入同一记录；几秒后再试一次。"))
    if "locked" in text or "busy" in text:
        return StorageError(_("数据库正忙（被锁定）：{where}").format(where=where),
                            _("另一个进程正在进行较长的写入；请稍后再试。"))
    if "disk I/O error" in text or "malformed" in text or "not a database" in text:
        return StorageError(_("数据库文件损坏或不是数据库：{where}（{error}）").format(
            where=where, error=text), _("请从备份恢复，或用 --db 指向另一个文件。"))
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if any(word in text.lower() for word in (
            "connect", "refused", "timeout", "timed out", "authentication", "no route",
            "name or service", "server closed", "terminating connection")):
        return StorageError(_("无法连接数据库 {where}：{error}").format(where=where, error=first),
                            _("请检查地址、服务器是否在运行，以及你的登录凭据。"))
    if "disk" in text.lower() and "full" in text.lower():
        return StorageError(_("磁盘已满，无法写入 {where}。").format(where=where),
                            _("请释放磁盘空间后重试。"))
    return StorageError(_("数据库错误（{where}）：{error}").format(where=where, error=first),
                        _("请重试；问题持续时运行 `workbench doctor`。"))
