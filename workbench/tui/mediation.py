"""`M` at stage mediation: end the mediation — 达成协议 (terms, amounts, deadline; the case
is closed) or 终止调解 (a ground with the article it cites, then the next step). The
services decide and refuse in the same words the CLI prints."""

from __future__ import annotations

from typing import Any

from workbench.domain.ladder import Stage
from workbench.domain.validators import ValidationError, parse_date, yuan_to_fen
from workbench.i18n import _
from workbench.services import mediation
from workbench.tui.base import WorkbenchScreen
from workbench.tui.dialogs import AskDialog, PickDialog

Host = WorkbenchScreen[Any]
AGREE, TERMINATE, STAY = "agree", "terminate", "stay"


async def _amount(host: Host, title: str) -> int | None:
    raw = await host.app.push_screen_wait(AskDialog(title, "0", "0"))
    if raw is None:
        return None
    try:
        return yuan_to_fen(raw)
    except ValidationError as exc:
        host.show_error(exc.message)
        return None


async def _agree(host: Host, case_id: int, version: int, ref: str) -> bool:
    app = host.app
    terms = await app.push_screen_wait(AskDialog(_("{ref} 调解协议内容（必填）").format(
                                                 ref=ref), _("双方约定的内容")))
    if terms is None:
        return False
    recovered = await _amount(host, _("挽回金额（元，如 500.00）"))
    if recovered is None:
        return False
    punitive = await _amount(host, _("其中加倍赔偿（元，没有则 0）"))
    if punitive is None:
        return False
    raw = await app.push_screen_wait(AskDialog(_("履行期限（如 2026-12-10，可留空）"),
                                               "YYYY-MM-DD"))
    if raw is None:
        return False
    day = None
    if raw.strip():
        try:
            day = parse_date(raw)
        except ValidationError as exc:
            host.show_error(exc.message)
            return False
    end = await host.run_service(mediation.record_agreement, host.wb, case_id, version, terms,
                                 recovered, punitive, day)
    app.notify(_("{ref}：{result_label}，已结案 ({outcome_label})").format(
        ref=end.ref, result_label=end.result_label, outcome_label=end.outcome_label), markup=False)
    return True


async def _terminate(host: Host, case_id: int, version: int, ref: str) -> bool:
    app, wb = host.app, host.wb
    choices = await host.run_service(mediation.termination_choices, wb, case_id)
    picked = await app.push_screen_wait(PickDialog(_("{ref} 终止调解理由").format(ref=ref), [
        (c.code, f"{'✓' if c.allowed else '✗'} {c.label} ({c.cited})"
                 + (f" — {c.why_not}" if c.why_not else "")) for c in choices]))
    if picked is None:
        return False
    note = await app.push_screen_wait(AskDialog(_("说明（可留空）")))
    if note is None:
        return False
    step = await app.push_screen_wait(PickDialog(_("下一步"), [
        (STAY, _("暂留调解阶段（稍后再转）")),
        (Stage.INDUSTRY.value, _("转入{label}").format(label=Stage.INDUSTRY.label)),
        (Stage.LEGAL.value, _("转入{label}（需负责人批准；可出具支持起诉意见书）").format(
                            label=Stage.LEGAL.label))]))
    if step is None:
        return False
    next_stage = None if step == STAY else Stage(step)
    end = await host.run_service(mediation.terminate, wb, case_id, version, picked, note,
                                 next_stage)
    text = _("{ref}：终止调解 — {ground_label}；请于 {notify_by} 前告知双方").format(
           ref=end.ref, ground_label=end.ground_label, notify_by=end.notify_by)
    if end.still_needed:
        host.show_error(_("{text}\n未转入下一阶段：{still_needed}").format(
                        text=text, still_needed=end.still_needed), title=_("已终止调解"))
    else:
        app.notify(_("{text}；当前阶段 {stage_label}").format(
                   text=text, stage_label=end.stage_label), markup=False, timeout=10)
    return True


async def end_mediation(host: Host, case_id: int, version: int, stage: str, ref: str) -> bool:
    """`M`: agreement or termination; True if the case changed."""
    if stage != Stage.MEDIATION.value:
        host.show_error(_("{ref} 不在「{label}」阶段，不能结束调解。").format(
                        ref=ref, label=Stage.MEDIATION.label))
        return False
    how = await host.app.push_screen_wait(PickDialog(_("结束调解：{ref}").format(ref=ref), [
        (AGREE, _("达成协议（结案）")), (TERMINATE, _("终止调解"))]))
    if how == AGREE:
        return await _agree(host, case_id, version, ref)
    if how == TERMINATE:
        return await _terminate(host, case_id, version, ref)
    return False
