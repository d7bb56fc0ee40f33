"""Encryption at rest for personal data (ID numbers, phones, bank cards).

AES-256-GCM with a key derived (scrypt) from the database's passphrase and a per-database
salt. The cipher is installed once per process by `store.engine.open_store`; columns typed
`EncryptedStr` encrypt on write and decrypt on read, so no caller ever handles ciphertext.
"""

from __future__ import annotations

import base64
import os
from typing import Any
from weakref import WeakKeyDictionary

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator

from workbench.errors import SecretError
from workbench.i18n import _

PREFIX = "v1:"
CHECK_PLAINTEXT = "workbench-key-check"


class Cipher:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def from_passphrase(cls, passphrase: str, salt: bytes) -> Cipher:
        kdf = Scrypt(salt=salt, length=32, n=2**14, r=8, p=1)
        return cls(kdf.derive(passphrase.encode("utf-8")))

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), None)
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, token: str) -> str:
        if not token.startswith(PREFIX):
            raise SecretError(_("一项已保存的个人信息格式不对。"),
                              _("请运行 `workbench doctor`；数据库可能被手工改动过。"))
        raw = base64.b64decode(token[len(PREFIX):])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], None).decode("utf-8")
        except InvalidTag as exc:
            raise SecretError(_("数据口令打不开这个数据库。"),
                              _("请检查 WORKBENCH_DATA_KEY 或密钥环中的条目。")) from exc


# One cipher per engine. Column types only see the dialect, and each engine has its own
# dialect object, so two open databases with different keys never mix.
_ciphers: WeakKeyDictionary[Dialect, Cipher] = WeakKeyDictionary()


def install(dialect: Dialect, cipher: Cipher | None) -> None:
    """Make `cipher` the one `EncryptedStr` columns of this engine's dialect use."""
    if cipher is None:
        _ciphers.pop(dialect, None)
    else:
        _ciphers[dialect] = cipher


def cipher_for(dialect: Dialect) -> Cipher:
    cipher = _ciphers.get(dialect)
    if cipher is None:
        raise SecretError(_("个人信息已锁定：没有载入数据密钥。"),
                          _("请通过 workbench 打开数据库，以便取得密钥。"))
    return cipher


def new_salt() -> str:
    return base64.b64encode(os.urandom(16)).decode("ascii")


class EncryptedStr(TypeDecorator[str]):
    """A string column stored encrypted; empty strings stay empty (nothing to protect)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None or value == "":
            return value
        return cipher_for(dialect).encrypt(str(value))

    def process_result_value(self, value: Any, dialect: Any) -> str | None:
        if value is None or value == "":
            return value
        return cipher_for(dialect).decrypt(value)
