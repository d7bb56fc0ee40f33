"""The header on every screen: who you are, your role, the database and 演示数据 on the
left (see `whoami`), where you are on the right: the screen's sub-title (the queue's view
and its count, the case's ref) or the screen's name."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.reactive import reactive
from textual.widget import Widget

from workbench.i18n import N_, _
from workbench.services.identity import Identity, whoami
from workbench.tui.text import clean
from workbench.tui.whoami import header_text

# where you are, by screen (class names are codes)
SCREEN_NAMES = {
    "QueueScreen": N_("案件队列"),
    "CaseScreen": N_("案件"),
    "IntakeScreen": N_("新建案件"),
    "ApprovalsScreen": N_("待审批"),
    "AccessScreen": N_("个人信息访问记录"),
    "PeopleScreen": N_("经办人"),
    "PatternsScreen": N_("规律预警"),
}
CONTEXT_STYLE = "bold"
MIN_GAP = 2


def screen_name(screen: object) -> str:
    return _(SCREEN_NAMES.get(type(screen).__name__, ""))


class AppHeader(Widget):
    """One line; the identity is read once per app, off the UI thread."""

    DEFAULT_CSS = "AppHeader { dock: top; height: 1; }"
    identity: reactive[Identity | None] = reactive(None, layout=False)
    context: reactive[str] = reactive("", layout=False)

    def on_mount(self) -> None:
        self.watch(self.screen, "sub_title", self._where, init=True)
        known = getattr(self.app, "identity", None)
        if known is not None:
            self.identity = known
        else:
            self._load()

    def _where(self, sub_title: str) -> None:
        self.context = clean(sub_title) or screen_name(self.screen)

    @work(thread=True, group="whoami")
    def _load(self) -> None:
        try:
            me = whoami(self.app.wb)  # type: ignore[attr-defined]
        except Exception:  # the screens report database problems; the line stays short
            return
        self.app.call_from_thread(self._loaded, me)

    def _loaded(self, me: Identity) -> None:
        self.app.identity = me  # type: ignore[attr-defined]
        self.identity = me

    def render(self) -> Text:
        width = self.size.width
        context = Text(self.context, style=CONTEXT_STYLE, end="")
        context.append(" ")
        if self.identity is None:
            left = Text(" ", end="")
        else:
            room = max(width - context.cell_len - MIN_GAP, width // 2)
            left = header_text(self.identity, room)
        gap = width - left.cell_len - context.cell_len
        if gap < MIN_GAP:
            context.truncate(max(0, width - left.cell_len - MIN_GAP), overflow="ellipsis")
            gap = width - left.cell_len - context.cell_len
        line = left.copy()
        line.append(" " * max(0, gap))
        line.append_text(context)
        return line
