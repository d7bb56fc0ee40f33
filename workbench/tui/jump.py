"""`:` goes to a case by its ref or part of it, from the queue and from a case."""

from __future__ import annotations

from workbench.i18n import _
from workbench.services import queue as queue_service
from workbench.tui.base import ServiceCalls
from workbench.tui.dialogs import AskDialog, PickDialog
from workbench.tui.text import clean


class JumpToCase(ServiceCalls):
    """For a screen with a `colon` binding to `jump`."""

    def action_jump(self) -> None:
        self.open_dialog(AskDialog(_("跳转到案件：编号或其中一段（如 759 即今年的 000759）"),
                                   f"TS-{self.wb.today().year}-000123 / 123"), self._jump)

    async def _jump(self, typed: str | None) -> None:
        if not typed or not typed.strip():
            return
        found = await self.run_service(queue_service.find_refs, self.wb, typed)
        if not found:
            self.show_error(_("没有编号含「{typed}」的案件。").format(
                typed=clean(typed.strip())))
            return
        chosen: str | None = str(found[0].id)
        if len(found) > 1:
            title = (_("{count} 件以上案件的编号含 {typed}：选择一件")
                     if len(found) == queue_service.MAX_REF_MATCHES
                     else _("{count} 件案件的编号含 {typed}：选择一件"))
            chosen = await self.app.push_screen_wait(PickDialog(
                title.format(count=len(found), typed=clean(typed.strip())),
                [(str(m.id), f"{m.ref}  {m.title}") for m in found]))
        if chosen:
            note = next((m.note for m in found if str(m.id) == chosen and m.note), "")
            if note:
                self.app.notify(clean(note), markup=False)
            self.go_to_case(int(chosen))

    def go_to_case(self, case_id: int) -> None:
        self.wbapp.open_case(case_id)
