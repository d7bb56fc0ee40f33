"""Secrets through keyring, with honest fallbacks (DESIGN §7).

The secret that protects personal data at rest is a passphrase. Sources, in order:
the `WORKBENCH_DATA_KEY` environment variable, the system keyring (called with a
timeout, since a locked keyring over SSH can hang), then a masked prompt whose answer
stays in memory. We never install a plaintext keyring backend behind the user's back.
"""

from __future__ import annotations

import getpass
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from workbench.errors import SecretError
from workbench.i18n import _

T = TypeVar("T")

SERVICE = "pos-workbench"
ENV_DATA_KEY = "WORKBENCH_DATA_KEY"
# Demo databases hold only fictional people; they use a published passphrase so the
# quick start opens without questions. `workbench doctor` says so.
DEMO_PASSPHRASE = "demo-data-is-fictional"
MIN_NEW_PASSPHRASE = 12  # for a new real database; older ones keep opening with theirs


@dataclass(frozen=True, slots=True)
class Secret:
    value: str
    source: str  # "environment", "keyring", "prompt", "demo"


def _call_with_timeout(fn: Callable[[], T], timeout: float) -> T:
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)

    thread = threading.Thread(target=run, daemon=True, name="keyring")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(_("密钥环在 {timeout:g} 秒内没有响应").format(timeout=timeout))
    if error:
        raise error[0]
    return result[0]


def keyring_status(timeout: float = 3.0) -> tuple[bool, str]:
    """(usable, description) of the keyring backend, for `workbench doctor`."""
    try:
        import keyring
        from keyring.backends import fail

        backend = _call_with_timeout(keyring.get_keyring, timeout)
    except Exception as exc:
        return False, _("密钥环不可用：{error}").format(error=exc)
    if isinstance(backend, fail.Keyring):
        return False, _("没有密钥环后端（通过 SSH 登录、没有桌面会话时常见）")
    return True, f"{type(backend).__module__}.{type(backend).__name__}"


def keyring_get(account: str, timeout: float = 3.0) -> str | None:
    """A password from the keyring, or None when there is none or no usable backend."""
    try:
        import keyring

        return _call_with_timeout(lambda: keyring.get_password(SERVICE, account), timeout)
    except Exception:
        return None


def keyring_set(account: str, value: str, timeout: float = 3.0) -> bool:
    """Store a password; False (never an exception) when the keyring cannot take it."""
    try:
        import keyring

        _call_with_timeout(lambda: keyring.set_password(SERVICE, account, value), timeout)
    except Exception:
        return False
    return True


def data_passphrase(db_id: str, *, demo: bool, interactive: bool | None = None,
                    timeout: float = 3.0, creating: bool = False) -> Secret:
    """The passphrase protecting personal data of database `db_id`."""
    if demo:
        return Secret(DEMO_PASSPHRASE, "demo")
    env = os.environ.get(ENV_DATA_KEY)
    if env:
        if creating:
            _check_new(env, _("{variable} 中的口令").format(variable=ENV_DATA_KEY))
        return Secret(env, "environment")
    stored = keyring_get(f"data-key:{db_id}", timeout)
    if stored:
        return Secret(stored, "keyring")
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stderr.isatty()
    if not interactive:
        raise SecretError(
            _("没有找到保护个人信息的密钥。"),
            _("请设置 {variable}，或用 workbench key store 存入密钥环，或在终端中运行以便输入口令。"
              ).format(variable=ENV_DATA_KEY),
        )
    try:
        value = getpass.getpass(_("数据口令（个人信息用它加密）："))
        again = getpass.getpass(_("再输入一次口令：")) if creating else value
    except EOFError:
        raise SecretError(_("没有输入口令。"),
                          _("请在提示处输入口令，或设置 {variable}。").format(
                              variable=ENV_DATA_KEY)) from None
    if creating and again != value:
        raise SecretError(_("两次输入的口令不一致。"), _("请重新运行命令。"))
    if creating:
        _check_new(value, _("口令"))
    if len(value) < 8:
        raise SecretError(_("口令至少要 8 个字符。"), _("请重新运行命令。"))
    return Secret(value, "prompt")


def _check_new(value: str, what: str) -> None:
    """A new real database is protected only by its passphrase: refuse a short one."""
    if len(value) < MIN_NEW_PASSPHRASE:
        raise SecretError(_("{what}太短：新建的数据库至少需要 {minimum} 个字符（现在 {count} 个）。"
                            "未创建数据库。").format(
                              what=what, minimum=MIN_NEW_PASSPHRASE, count=len(value)),
                          _("换一个更长的口令（可用几个词组成的短句）后重试。"))
