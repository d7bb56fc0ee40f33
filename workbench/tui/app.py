"""The workbench App: thin; screens own their behaviour."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from workbench.config import LoadedSettings, styles_dir
from workbench.services.cases import case_count
from workbench.services.context import Workbench


class WorkbenchApp(App[None]):
    TITLE = "POS 投诉案件工作台"
    CSS_PATH = str(styles_dir() / "app.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit", id="app.quit")]

    def __init__(self, wb: Workbench, loaded: LoadedSettings | None = None) -> None:
        super().__init__()
        self.wb = wb
        self.loaded = loaded

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{case_count(self.wb):,} cases", id="count", markup=False)
        yield Footer()


def run(wb: Workbench, loaded: LoadedSettings) -> None:
    WorkbenchApp(wb, loaded).run()
