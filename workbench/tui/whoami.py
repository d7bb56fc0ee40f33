"""The orientation bar at the top of the queue: who you are, your role and the database,
with 演示 on a demo database (DESIGN §7)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.widgets import Static

from workbench.services.identity import Identity, whoami
from workbench.tui.text import plain


def header_text(me: Identity) -> Text:
    """`王丽（wang.li）· 经办人 · 数据库 demo.db · 演示` (and who acts, when an admin acts
    as someone)."""
    text = Text(" ", end="")
    text.append_text(plain(f"{me.name}（{me.login}）", "bold"))
    if me.acting:
        text.append_text(plain(f"（由 {me.real} 代为操作）"))
    text.append(f" · {me.role_label} · 数据库 ")
    text.append_text(plain(me.database))
    if me.demo:
        text.append(" 演示 ", style="reverse bold")
    return text


class WhoAmI(Static):
    """Filled once, off the UI thread (one small read)."""

    DEFAULT_CSS = "WhoAmI { height: 1; }"

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, group="whoami")
    def _load(self) -> None:
        try:
            me = whoami(self.app.wb)  # type: ignore[attr-defined]
        except Exception:  # the queue reports database problems; the bar just stays empty
            return
        self.app.call_from_thread(self.update, header_text(me))
