"""`d`: the acceptance decision at intake — 受理, 通知补正 (items and a date) or 不予受理
(a ground picker showing each ground's label, what it cites and whether the facts allow it).
The service decides; a refusal is shown in the same words the CLI prints."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from workbench.domain.validators import ValidationError, parse_date
from workbench.i18n import N_, _
from workbench.services import acceptance
from workbench.tui.base import WorkbenchScreen
from workbench.tui.dialogs import AskDialog, PickDialog

Host = WorkbenchScreen[Any]

ACCEPT, MATERIAL, REFUSE = "accept", "material", "refuse"
CHOICES = [(ACCEPT, N_("受理 — 转入服务商协商")), (MATERIAL, N_("通知补正 — 列出材料和期限")),
           (REFUSE, N_("不予受理 — 选择理由（结案）"))]
_ITEM_SPLIT = re.compile(r"[、,，;；\n]+")


def decision_picker(ref: str) -> PickDialog:
    """Which decision (`d`'s first step, pushed from the key at once)."""
    return PickDialog(_("{ref}：受理决定").format(ref=ref),
                      [(value, _(label)) for value, label in CHOICES])


async def decide(host: Host, case_id: int, version: int, ref: str, choice: str | None) -> bool:
    """After the decision (`decision_picker`), what it needs; True if one was recorded."""
    app = host.app
    if choice is None:
        return False
    if choice == ACCEPT:
        note = await app.push_screen_wait(AskDialog(_("受理说明（可空）"), _("例：材料齐全")))
        if note is None:
            return False
        result = await host.run_service(acceptance.accept, host.wb, case_id, version, note)
    elif choice == MATERIAL:
        items = await app.push_screen_wait(AskDialog(_("需补正的材料（用、分隔）"),
                                                     _("例：交易流水、POS机办理合同")))
        if items is None:
            return False
        default = (host.wb.today() + timedelta(days=10)).isoformat()
        raw = await app.push_screen_wait(AskDialog(_("补正期限"), "YYYY-MM-DD", default))
        if raw is None:
            return False
        try:
            by = parse_date(raw, field=_("补正期限"))
        except ValidationError as error:
            host.show_error(str(error), title=_("补正期限"))
            return False
        result = await host.run_service(acceptance.request_material, host.wb, case_id, version,
                                        _ITEM_SPLIT.split(items), by)
    else:
        grounds = await host.run_service(acceptance.ground_options, host.wb, case_id)
        options = [(g.code, f"{'✓' if g.allowed else '✗'} {g.label}  〔{g.cites_text}〕"
                    + (f"  — {g.why_not}" if g.why_not else "")) for g in grounds]
        code = await app.push_screen_wait(PickDialog(
            _("不予受理理由（✗：记录不支持，不可选）"), options,
            unavailable=frozenset(g.code for g in grounds if not g.allowed)))
        if code is None:
            return False
        reason: str | None = ""
        if any(g.needs_reason for g in grounds if g.code == code):  # the notice states why
            reason = await app.push_screen_wait(AskDialog(
                _("具体理由（印在告知书上）"), _("例：该事项系涉嫌诈骗的行为，应由公安机关处理")))
            if reason is None:
                return False
        note = await app.push_screen_wait(AskDialog(_("说明（可空）")))
        if note is None:
            return False
        result = await host.run_service(acceptance.refuse, host.wb, case_id, version, code,
                                        note, reason or "")
    app.notify(result.message, markup=False,
               severity="warning" if result.late else "information")
    return True
