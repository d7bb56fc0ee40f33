"""The context footer (k9s/lazygit style): the few keys that matter for what has focus,
in Chinese, from `keymap.KEY_HELP`; everything else is behind `?`.

Textual's own Footer shows every `show=True` binding with its English description and
runs off the right edge at 80 columns; this one reads the same live bindings (so focus,
disabled actions and [keymap] remaps count) and picks by rank.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.keys import REPLACED_KEYS, key_to_character
from textual.widgets import Footer, Input, Label, TextArea
from textual.widgets._footer import FooterKey

from workbench.i18n import N_, _
from workbench.tui.keymap import KEY_HELP, hint_labels, key_name

MAX_KEYS = 12
HELP_ID = "app.help"
# a focused text field swallows letters: these are what it answers to
FIELD_HINTS = (("enter", N_("完成")), ("escape", N_("返回")))


def typed(key: str) -> bool:
    """Whether `key` types a character (a text field takes it, whatever is bound)."""
    character = key_to_character(key)
    if character is None and key in REPLACED_KEYS:  # slash, minus…: Textual misses these
        character = unicodedata.lookup(REPLACED_KEYS[key].replace("_", " "))
    return character is not None and character.isprintable()


def footer_keys(bindings: Iterator[tuple[Binding, bool]],
                shows: Callable[[str], bool] | None = None,
                hint: dict[str, str] | None = None) -> list[tuple[Binding, bool, str]]:
    """(binding, enabled, label) of the bindings worth a place in the footer, best first,
    one per binding id (the first of its keys, or the one the dialog's key hint names,
    with the hint's word: `hint_labels`); `shows` (the screen's `footer_shows`)
    leaves out keys that mean nothing for what is on screen now."""
    hint = hint or {}
    chosen: dict[str, tuple[Binding, bool, str]] = {}
    for binding, enabled in bindings:
        info = KEY_HELP.get(binding.id or "")
        ident = binding.id or ""
        hinted = binding.key in hint
        if info is None or not info.short or (shows is not None and not shows(ident)):
            continue
        if ident not in chosen or (hinted and chosen[ident][0].key not in hint):
            chosen[ident] = (binding, enabled, hint[binding.key] if hinted else info.shown_short)
    ranked = sorted(chosen.values(), key=lambda item: KEY_HELP[item[0].id or ""].rank)
    return ranked[:MAX_KEYS]


class KeyFooter(Footer):
    """A footer of the focused widget's and the screen's most useful keys."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        field = isinstance(self.screen.focused, (Input, TextArea))
        hints = self.screen.query(".dialog-help.-keys").results(Label)
        keys = footer_keys(((a.binding, a.enabled) for a in active.values()
                            if not (field and typed(a.binding.key))),
                           getattr(self.screen, "footer_shows", None),
                           hint_labels(" · ".join(str(h.content) for h in hints)))
        room = self.app.size.width
        if field:
            shown = {binding.key for binding, _enabled, _label in keys}
            for key, label in FIELD_HINTS:
                if key not in shown and not (key == "enter" and isinstance(
                        self.screen.focused, TextArea)):
                    room -= _width(key_name(key, key), _(label))
                    yield FooterKey(key, key_name(key, key), _(label), "")
        fitted = _fit([(key_name(b.key, self.app.get_key_display(b)), b, enabled, label)
                       for b, enabled, label in keys], room)
        for display, binding, enabled, label in fitted:
            yield FooterKey(binding.key, display, label, binding.action,
                            disabled=not enabled).data_bind(compact=Footer.compact)


def _width(display: str, label: str) -> int:
    return cell_len(display) + cell_len(label) + 2  # a compact key: " k label"


def _fit(keys: list[tuple[str, Binding, bool, str]],
         room: int) -> list[tuple[str, Binding, bool, str]]:
    """The best-ranked keys that fit in `room` cells; `?` 帮助 always keeps its place."""
    helps = [key for key in keys if key[1].id == HELP_ID]
    room -= sum(_width(key[0], key[3]) for key in helps)
    out = []
    for key in keys:
        if key[1].id != HELP_ID and _width(key[0], key[3]) <= room:
            room -= _width(key[0], key[3])
            out.append(key)
    return out + helps
