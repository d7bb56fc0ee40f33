"""What the caseworker is told after an action: one short line naming what was done and to
which case or how many ("已保存批注 · TS-2026-000759", "已分配 12 件给 周琦"). Every such
line is worded here, so the screens and flows only say which one.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.domain.clock import local_time
from workbench.domain.ladder import STAGE_INFO, Stage
from workbench.i18n import N_, _
from workbench.services.bulk import BulkResult
from workbench.services.escalation import LastMove
from workbench.services.four_eyes import MyRequest
from workbench.tui.text import clean

# msgids: shown with `_()` (the language is known only when they are shown)
NOTE_SAVED = N_("已保存批注")
EVIDENCE_SAVED = N_("已添加证据")
CONTACT_SAVED = N_("已记录联系")
DRAFT_KEPT = N_("草稿已保留，再按 a")


def done(what: str, ref: str) -> str:
    """`what` was done to the case `ref`: "已保存批注 · TS-2026-000759"."""
    return f"{what} · {clean(ref)}"


def field_saved(label: str) -> str:
    return _("已修改{label}").format(label=label)


def revealed(label: str) -> str:
    return _("已显示完整的{label}（已记入访问记录）").format(label=label)


def move(previous: Stage, to: Stage) -> str:
    """A move on the ladder in words: "升级到「上级机构」", "退回到「服务商」", "结案"."""
    if to is Stage.CLOSED:
        return _("结案")
    if previous is Stage.CLOSED:
        return _("重新打开到「{stage}」").format(stage=to.label)
    if STAGE_INFO[to].rung > STAGE_INFO[previous].rung:
        return _("升级到「{stage}」").format(stage=to.label)
    return _("退回到「{stage}」").format(stage=to.label)


def undo_question(ref: str, last: LastMove) -> str:
    """"撤销：TS-2026-000759 升级到「上级机构」（2026-12-01 09:12）？"."""
    return _("撤销：{ref} {move}（{at}）？").format(
        ref=clean(ref), move=move(last.previous, last.to), at=local_time(last.at))


def undone(ref: str, last: LastMove, now: Stage) -> str:
    return done(_("已撤销：{move}，回到「{stage}」").format(
        move=move(last.previous, last.to), stage=now.label), ref)


def nothing_to_undo(ref: str) -> str:
    return _("{ref} 没有可撤销的阶段变更。").format(ref=clean(ref))


# many cases at once: a headline for n cases done (one case is named after it by `bulk`),
# then the refusals follow
def assigned(name: str | None) -> Callable[[int], str]:
    if name:
        return lambda n: (_("已分配给 {name}").format(name=name) if n == 1
                          else _("已分配 {count} 件给 {name}").format(count=n, name=name))
    return lambda n: (_("已取消分配") if n == 1
                      else _("已取消 {count} 件的分配").format(count=n))


def priority_set(label: str) -> Callable[[int], str]:
    return lambda n: (_("已将优先级设为{priority}").format(priority=label) if n == 1
                      else _("已将 {count} 件的优先级设为{priority}").format(
                          count=n, priority=label))


def moved(stage: Stage) -> Callable[[int], str]:
    return lambda n: (_("已转到「{stage}」").format(stage=stage.label) if n == 1
                      else _("已将 {count} 件转到「{stage}」").format(count=n, stage=stage.label))


def bodies_recorded(n: int) -> str:
    return _("已记录受理机构") if n == 1 else _("已记录 {count} 件的受理机构").format(count=n)


def bulk(result: BulkResult, headline: Callable[[int], str]) -> str:
    """What a bulk action did: the headline for the cases done (naming the case when it
    was one), then the refusals and why."""
    head = ""
    if len(result.done) == 1:
        head = done(headline(1), result.done[0])
    elif result.done:
        head = headline(len(result.done))
    if not result.refused:
        return head
    if head:
        return _("{done}；{refusals}").format(done=head, refusals=result.refusals())
    return _("未完成：{refusals}").format(refusals=result.refusals())


# approvals ------------------------------------------------------------------------------
def approval_requested(ref: str, stage: Stage) -> str:
    return done(_("已提交审批申请：升级到「{stage}」；负责人决定后会通知你").format(
        stage=stage.label), ref)


def approval_decided(approve: bool, ref: str, to_label: str) -> str:
    text = _("已批准：升级到「{stage}」") if approve else _("已驳回：升级到「{stage}」")
    return done(text.format(stage=to_label), ref)


def decision_news(request: MyRequest) -> str:
    """"负责人 赵敏 已批准：TS-… 升级到「媒体」"; a refusal says why."""
    fields = {"by": request.decided_by, "ref": clean(request.ref), "stage": request.to_label,
              "note": request.note}
    if request.can_carry_out:
        text = _("{by} 已批准：{ref} 升级到「{stage}」 — 按 A 在「我的申请」中执行")
    elif request.note.strip():
        text = _("{by} 已驳回：{ref} 升级到「{stage}」；理由：{note}")
    else:
        text = _("{by} 已驳回：{ref} 升级到「{stage}」")
    return text.format(**fields)


def decisions_summary(approved: int, denied: int) -> str:
    """"3 项申请已处理：2 项批准，1 项驳回 · 按 A 查看": two lines of a toast at 80×24."""
    if approved and denied:
        text = _("{total} 项申请已处理：{approved} 项批准，{denied} 项驳回 · 按 A 查看")
    elif approved:
        text = _("{total} 项申请已处理：{approved} 项批准 · 按 A 查看")
    else:
        text = _("{total} 项申请已处理：{denied} 项驳回 · 按 A 查看")
    return text.format(total=approved + denied, approved=approved, denied=denied)


def nothing_to_carry_out(ref: str, status_label: str) -> str:
    return _("{ref}：申请{status}，没有可执行的批准。").format(ref=clean(ref), status=status_label)


def carried_out(ref: str, to_label: str) -> str:
    return done(_("已按批准升级到「{stage}」").format(stage=to_label), ref)
