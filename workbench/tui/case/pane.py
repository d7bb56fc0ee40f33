"""A tab that shows one renderable (a table of the case's contacts, filings, history)."""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class StaticPane(VerticalScroll):
    def __init__(self, static_id: str) -> None:
        super().__init__()
        self.static_id = static_id

    def compose(self) -> ComposeResult:
        yield Static(id=self.static_id)

    def put(self, renderable: RenderableType) -> None:
        self.query_one(f"#{self.static_id}", Static).update(renderable)
