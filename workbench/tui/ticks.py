"""Ticks you can read without colour: a ticked box shows `[x]`, an unticked one `[ ]`
(Textual draws `▐X▌` either way and only the colour differs). `TickList` is the list of
boxes (intake's 投诉类别, the checklist dialog); typing in it finds an option (typing 跳
highlights 跳码; space ticks it), so typed text never vanishes; `TickBox` is one box."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED, UNTICKED = "[x]", "[ ]"  # as wide as Textual's ▐X▌: the list's gutter is unchanged


class TickBox(Checkbox):
    """A checkbox showing [x] / [ ]."""

    @property
    def _button(self) -> Content:
        return Content.assemble((TICKED if self.value else UNTICKED,
                                 self.get_visual_style("toggle--button")))


class TickList(SelectionList[str]):
    """A selection list showing [x] / [ ]; printable keys (not space) find an option."""

    class Found(Message):
        """What has been typed to find an option, and the option's label ("" if none)."""

        def __init__(self, tick_list: TickList, query: str, label: str) -> None:
            super().__init__()
            self.tick_list, self.query, self.label = tick_list, query, label

        @property
        def control(self) -> TickList:
            return self.tick_list

    query_text = ""  # typed since the list got focus or since a key that was not text

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt; the box is drawn here
        index = self.scroll_offset.y + y
        try:
            option = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = option.value in self._selected
        component = "selection-list--button" + ("-selected" if ticked else "") + (
            "-highlighted" if self.highlighted == index else "")
        underlying = next(iter(line)).style or self.rich_style
        meta = Style(meta={"option": index})  # a click on the box ticks it
        return Strip([Segment(TICKED if ticked else UNTICKED,
                              self.get_component_rich_style(component) + meta),
                      Segment(" ", underlying), *line])

    def _find(self, query: str) -> int | None:
        for index, option in enumerate(self.options):
            if query.casefold() in str(option.prompt).casefold():
                return index
        return None

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return (character is not None and character.isprintable() and character != " ") \
            or super().check_consume_key(key, character)

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character is None or not character.isprintable() or character == " ":
            self.query_text = ""  # space ticks, arrows move: a new search starts after
            return
        event.stop()
        event.prevent_default()
        query = self.query_text + character
        index = self._find(query)
        if index is None and (alone := self._find(character)) is not None:
            query, index = character, alone  # a new word: found from this character
        # else nothing matches: the whole text typed stays on show, not silently dropped
        self.query_text = query
        if index is not None:
            self.highlighted = index
        label = "" if index is None else str(self.get_option_at_index(index).prompt)
        self.post_message(self.Found(self, query, label))

    def on_blur(self) -> None:
        self.query_text = ""
