"""`?`: the keys in force on the screen below, grouped by purpose, in Chinese, with the
keys as remapped in config.toml [keymap]; `/` filters the rows as you type.

Rows come from the live bindings (so remaps, focus and actions the screen disables
count) and their words from `keymap.KEY_HELP`; a binding without an id of ours is the
framework's (Page Left, Copy text…) and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from workbench.i18n import N_, _
from workbench.tui.base import WorkbenchModal
from workbench.tui.header import screen_name
from workbench.tui.keymap import GROUPS, KEY_HELP, OTHER, key_name
from workbench.tui.text import SafeInput, plain

TITLE = N_("按键 · {screen}")
HINT = N_("/ 查找　j k 滚动　Esc 关闭　改键见 [keymap]")
FIND = N_("查找按键或操作（Enter 完成，Esc 返回）")
NOTHING = N_("没有符合的按键")
KEYS_HEADING = N_("按键")
ACTION_HEADING = N_("操作")
ID_HEADING = N_("编号")
WIDE = 100  # from this width on, each row shows its id for [keymap]


@dataclass(frozen=True, slots=True)
class HelpRow:
    group: str
    keys: tuple[str, ...]
    label: str
    id: str

    def matches(self, query: str) -> bool:
        needle = query.strip().casefold()
        return not needle or any(needle in part.casefold()
                                 for part in (*self.keys, self.label, _(self.group), self.id))


def help_rows(screen: Screen[object]) -> list[HelpRow]:
    """One row per binding id active on `screen`, its keys as bound now, by group."""
    keys: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        ident = active.binding.id or ""
        if ident in KEY_HELP:
            shown = key_name(key, screen.app.get_key_display(active.binding))
            keys.setdefault(ident, []).append(shown)
    label_of = getattr(screen, "binding_label", None)
    rows = []
    for ident, bound in keys.items():
        info = KEY_HELP[ident]
        label = (label_of(ident) if label_of else None) or info.shown_label
        rows.append(HelpRow(info.group, tuple(dict.fromkeys(bound)), label, ident))
    order = {group: index for index, group in enumerate(GROUPS)}
    return sorted(rows, key=lambda row: order.get(row.group, order[OTHER]))


def help_table(rows: list[HelpRow], wide: bool) -> Table | Text:
    if not rows:
        return Text(_(NOTHING), style="dim")
    table = Table(box=None, show_header=True, header_style="bold", expand=False,
                  padding=(0, 1))
    table.add_column(_(KEYS_HEADING), no_wrap=True, style="bold")
    table.add_column(_(ACTION_HEADING))
    if wide:
        table.add_column(_(ID_HEADING), style="dim", no_wrap=True)
    group = ""
    for row in rows:
        if row.group != group:
            group = row.group
            table.add_row(Text(_(group), style="bold underline"), end_section=False)
        # keys and labels may come from a config file or a saved view's name: text
        cells = [plain(" ".join(row.keys)), plain(row.label)]
        table.add_row(*cells, *([plain(row.id)] if wide else []))
    return table


class HelpScreen(WorkbenchModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", N_("关闭帮助"), id="help.close"),
        Binding("slash", "find", N_("查找按键或操作"), id="help.find"),
        Binding("j,down", "scroll(1)", N_("向下滚动"), id="help.down", show=False),
        Binding("k,up", "scroll(-1)", N_("向上滚动"), id="help.up", show=False),
        Binding("pagedown,space", "page(1)", N_("下翻一页"), id="help.page_down", show=False),
        Binding("pageup", "page(-1)", N_("上翻一页"), id="help.page_up", show=False),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under
        self.rows = help_rows(under)
        self.shown = self.rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box help-box"):
            title = Text(_(TITLE).format(screen=screen_name(self.under)), style="bold", end="")
            title.append("　" + _(HINT), style="dim")
            yield Static(title, classes="help-title")
            yield SafeInput(placeholder=_(FIND), id="help-find")
            with VerticalScroll(id="help-scroll"):
                yield Static(id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-find", Input).display = False
        self.show_rows()
        self.query_one("#help-scroll", VerticalScroll).focus()

    def show_rows(self) -> None:
        wide = self.app.size.width >= WIDE
        self.query_one("#help-keys", Static).update(help_table(self.shown, wide))

    @property
    def scroller(self) -> VerticalScroll:
        return self.query_one("#help-scroll", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self.scroller.scroll_relative(y=lines, animate=False, immediate=True)

    def action_page(self, pages: int) -> None:
        scroller = self.scroller
        scroller.scroll_relative(y=pages * max(1, scroller.size.height - 2), animate=False,
                                  immediate=True)

    def action_find(self) -> None:
        field = self.query_one("#help-find", Input)
        field.display = True
        field.focus()

    def action_close(self) -> None:
        """Esc in the search field leaves it (the help stays open); else close."""
        if self.focused is self.query_one("#help-find", Input):
            self.scroller.focus()
        else:
            self.dismiss(None)

    @on(Input.Changed, "#help-find")
    def _find(self, event: Input.Changed) -> None:
        self.shown = [row for row in self.rows if row.matches(event.value)]
        self.show_rows()

    @on(Input.Submitted, "#help-find")
    def _found(self) -> None:
        self.scroller.focus()
