"""The intake's provider field: registered providers near what is typed, in a list under
the field (↓↑ choose, Enter takes one); focus stays in the field."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.i18n import N_
from workbench.services.providers import ProviderIndex, ProviderMatch
from workbench.tui.text import SafeInput, plain


class ProviderChoices(OptionList, can_focus=False):
    """The suggestions; hidden while there are none."""

    def show(self, matches: list[ProviderMatch]) -> None:
        self.clear_options()
        for match in matches:
            short = f"（{match.short_name}）" if match.short_name else ""
            self.add_option(Option(plain(f"{match.name}{short}"), id=match.name))
        self.display = bool(matches)
        self.highlighted = None

    def hide(self) -> None:
        self.show([])

    @property
    def chosen(self) -> str | None:
        """The highlighted provider's name, if one is highlighted."""
        if not self.display or self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id


class ProviderInput(SafeInput):
    """Typing shows the registered providers near the text; ↓↑ move through them and
    Enter takes the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "choice(1)", N_("下一个相近"), id="intake.provider_next", show=False),
        Binding("up", "choice(-1)", N_("上一个相近"), id="intake.provider_prev", show=False),
    ]

    def __init__(self, choices: ProviderChoices, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.choices = choices
        self.index: ProviderIndex | None = None  # loaded by the screen

    def refresh_choices(self) -> None:
        if self.index is None or not self.has_focus:
            self.choices.hide()
            return
        text = self.value.strip()
        matches = self.index.suggest(text)
        if matches and matches[0].name == text:
            matches = []  # already a registered name
        self.choices.show(matches)

    def action_choice(self, step: int) -> None:
        choices = self.choices
        if not choices.display or not choices.option_count:
            return
        at = -1 if choices.highlighted is None and step > 0 else (choices.highlighted or 0)
        choices.highlighted = (at + step) % choices.option_count

    def take_choice(self) -> bool:
        """Put the highlighted provider's name in the field; False if none is."""
        name = self.choices.chosen
        if name is None:
            return False
        self.value = name
        self.cursor_position = len(name)
        self.choices.hide()
        return True
