"""Where the data passphrase comes from, and that a hanging keyring cannot hang us."""

from __future__ import annotations

import time

import keyring
import pytest
from keyring.backend import KeyringBackend

from workbench import secrets
from workbench.errors import SecretError


class SlowKeyring(KeyringBackend):
    """A third-party boundary stand-in: a keyring that never answers in time."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(5)
        return "too-late"

    def set_password(self, service: str, username: str, password: str) -> None:
        time.sleep(5)

    def delete_password(self, service: str, username: str) -> None:
        pass


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def restore_keyring():  # type: ignore[no-untyped-def]
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(secrets.ENV_DATA_KEY, "from-env-123")
    secret = secrets.data_passphrase("db1", demo=False, interactive=False)
    assert (secret.value, secret.source) == ("from-env-123", "environment")


def test_demo_databases_use_the_published_passphrase() -> None:
    assert secrets.data_passphrase("db1", demo=True).source == "demo"


def test_hanging_keyring_times_out(monkeypatch: pytest.MonkeyPatch, restore_keyring) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(secrets.ENV_DATA_KEY, raising=False)
    keyring.set_keyring(SlowKeyring())
    started = time.monotonic()
    with pytest.raises(SecretError, match="WORKBENCH_DATA_KEY"):
        secrets.data_passphrase("db1", demo=False, interactive=False, timeout=0.2)
    assert time.monotonic() - started < 4  # did not wait for the 5 s keyring


def test_keyring_round_trip(monkeypatch: pytest.MonkeyPatch, restore_keyring) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(secrets.ENV_DATA_KEY, raising=False)
    keyring.set_keyring(MemoryKeyring())
    assert secrets.keyring_set("data-key:db1", "kept-in-keyring")
    secret = secrets.data_passphrase("db1", demo=False, interactive=False)
    assert (secret.value, secret.source) == ("kept-in-keyring", "keyring")
    assert secrets.keyring_status()[0] is True


def test_no_backend_is_reported_not_raised(restore_keyring) -> None:  # type: ignore[no-untyped-def]
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    usable, text = secrets.keyring_status()
    assert usable is False and "没有密钥环后端" in text
    assert secrets.keyring_get("x") is None
    assert secrets.keyring_set("x", "y") is False
