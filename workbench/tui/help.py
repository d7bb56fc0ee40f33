"""`?`: the keys in force right now, read from the live bindings (so remaps show)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from workbench.tui.base import WorkbenchModal
from workbench.tui.text import plain


def keymap_table(screen: Screen[object]) -> Table:
    """Every active binding of `screen` (and the app), grouped by action."""
    table = Table(box=None, show_header=True, header_style="bold", expand=False)
    table.add_column("key")
    table.add_column("action")
    table.add_column("id", style="dim")
    seen: dict[str, tuple[list[str], str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        ident = binding.id or binding.action
        keys, description = seen.setdefault(ident, ([], binding.description or binding.action))
        keys.append(screen.app.get_key_display(binding) if binding.key == key else key)
    for ident, (keys, description) in sorted(seen.items()):
        # Rich tables parse markup in plain strings; keys and remapped names are text
        table.add_row(plain(", ".join(dict.fromkeys(keys))), plain(description), plain(ident))
    return table


class HelpScreen(WorkbenchModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box help-box"):
            yield Static("按键 Keys — remap any id in config.toml [keymap]", classes="dialog-title")
            yield Static(keymap_table(self.under))
