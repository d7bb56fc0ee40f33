"""`D` on the case screen: the open cases that look like duplicates of this one; pick one,
see what will move into this case, confirm, give a reason — it is merged into this case
(services/case_merge.py decides and refuses, in the same words the CLI prints)."""

from __future__ import annotations

from typing import Any

from workbench.i18n import _
from workbench.services.case_merge import (
    DifferentComplainants,
    MergePlan,
    duplicate_candidates,
    merge_cases,
    plan_merge,
)
from workbench.tui.base import WorkbenchScreen
from workbench.tui.dialogs import AskDialog, ConfirmDialog, PickDialog
from workbench.tui.text import clean

Host = WorkbenchScreen[Any]


async def _plan(host: Host, keep: str, away: str) -> tuple[MergePlan, bool] | None:
    try:
        return await host.run_service_except((DifferentComplainants,), plan_merge, host.wb,
                                             keep, away), False
    except DifferentComplainants as refused:
        same = await host.app.push_screen_wait(ConfirmDialog(
            _("{message}\n是同一人吗（例如姓名录入有误）？y 是同一人 · n 取消").format(
                message=refused.message)))
        if not same:
            return None
    return await host.run_service(plan_merge, host.wb, keep, away,
                                  same_complainant=True), True


async def merge_duplicates(host: Host, ref: str) -> bool:
    """The whole flow; True when a case was merged into `ref`."""
    app = host.app
    found = await host.run_service(duplicate_candidates, host.wb, ref)
    if not found:
        app.notify(_("{ref} 没有疑似重复的未结案件。").format(ref=clean(ref)), markup=False)
        return False
    away = await app.push_screen_wait(PickDialog(
        _("{ref} 的疑似重复案件：选择一件并入本案").format(ref=clean(ref)),
        [(c.ref, f"{c.ref}  {c.title}  {c.assignee or _('未分配')}") for c in found]))
    if not away:
        return False
    planned = await _plan(host, ref, away)
    if planned is None:
        return False
    plan, same = planned
    if not await app.push_screen_wait(ConfirmDialog(
            "\n".join([*plan.lines(), _("确定合并？")]))):
        return False
    reason = await app.push_screen_wait(AskDialog(
        _("合并理由（必填）"), _("例如：同一投诉重复登记"), _("同一投诉重复登记"),
        required=_("合并需要理由；Esc 取消")))
    if reason is None:
        return False
    await host.run_service(merge_cases, host.wb, plan.keep_ref, plan.away_ref, reason,
                           same_complainant=same,
                           expected=(plan.keep_version, plan.away_version))
    app.notify(_("{away} 已并入 {keep}。").format(away=plan.away_ref, keep=plan.keep_ref),
               markup=False)
    return True
