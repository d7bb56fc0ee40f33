"""What the caseworker is told after an action: one short line naming what was done and to
which case or how many ("已保存备注 · TS-2026-000759", "已指派 12 件给 周琦"). Every such
line is worded here, so the screens and flows only say which one.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.domain.clock import local_time
from workbench.domain.ladder import STAGE_INFO, Stage
from workbench.services.bulk import BulkResult
from workbench.services.escalation import LastMove
from workbench.services.four_eyes import MyRequest
from workbench.tui.text import clean

NOTE_SAVED = "已保存备注"
EVIDENCE_SAVED = "已添加证据"
CONTACT_SAVED = "已记录联系"
DRAFT_KEPT = "草稿已保留, 再按 a"


def done(what: str, ref: str) -> str:
    """`what` was done to the case `ref`: "已保存备注 · TS-2026-000759"."""
    return f"{what} · {clean(ref)}"


def field_saved(label: str) -> str:
    return f"已修改{label}"


def revealed(label: str) -> str:
    return f"已显示完整的{label}（已记入访问记录）"


def move(previous: Stage, to: Stage) -> str:
    """A move on the ladder in words: "升级到「上级机构」", "退回到「服务商」", "结案"."""
    if to is Stage.CLOSED:
        return "结案"
    if previous is Stage.CLOSED:
        return f"重新打开到「{to.label}」"
    verb = "升级到" if STAGE_INFO[to].rung > STAGE_INFO[previous].rung else "退回到"
    return f"{verb}「{to.label}」"


def undo_question(ref: str, last: LastMove) -> str:
    """"撤销：TS-2026-000759 升级到「上级机构」（2026-12-01 09:12）？"."""
    return f"撤销：{clean(ref)} {move(last.previous, last.to)}（{local_time(last.at)}）？"


def undone(ref: str, last: LastMove, now: Stage) -> str:
    return done(f"已撤销：{move(last.previous, last.to)}，回到「{now.label}」", ref)


def nothing_to_undo(ref: str) -> str:
    return f"{clean(ref)} 没有可撤销的阶段变更。"


# many cases at once: a headline for n cases done (one case is named after it by `bulk`),
# then the refusals follow
def assigned(name: str | None) -> Callable[[int], str]:
    if name:
        return lambda n: f"已指派给 {name}" if n == 1 else f"已指派 {n} 件给 {name}"
    return lambda n: "已取消指派" if n == 1 else f"已取消 {n} 件的指派"


def priority_set(label: str) -> Callable[[int], str]:
    return lambda n: f"已将优先级设为{label}" if n == 1 else f"已将 {n} 件的优先级设为{label}"


def moved(stage: Stage) -> Callable[[int], str]:
    return lambda n: f"已转到「{stage.label}」" if n == 1 else f"已将 {n} 件转到「{stage.label}」"


def bodies_recorded(n: int) -> str:
    return "已记录受理机构" if n == 1 else f"已记录 {n} 件的受理机构"


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
    return f"{head}；{result.refusals()}" if head else f"未完成：{result.refusals()}"


# approvals ------------------------------------------------------------------------------
def approval_requested(ref: str, stage: Stage) -> str:
    return done(f"已提交审批申请：升级到「{stage.label}」；负责人决定后会通知你", ref)


def approval_decided(approve: bool, ref: str, to_label: str) -> str:
    return done(f"已{'批准' if approve else '驳回'}：升级到「{to_label}」", ref)


def decision_news(request: MyRequest) -> str:
    """"负责人 赵敏 已批准：TS-… 升级到「媒体」"; a refusal says why."""
    what = f"{clean(request.ref)} 升级到「{request.to_label}」"
    if request.can_carry_out:
        return f"{request.decided_by} 已批准：{what} — 按 A 在「我的申请」中执行"
    note = f"；理由：{request.note}" if request.note.strip() else ""
    return f"{request.decided_by} 已驳回：{what}{note}"


def decisions_summary(approved: int, denied: int) -> str:
    parts = [f"{n} 件{what}" for n, what in ((approved, "已批准"), (denied, "已驳回")) if n]
    return f"你的审批申请有了决定：{'、'.join(parts)} — 按 A 查看「我的申请」"


def nothing_to_carry_out(ref: str, status_label: str) -> str:
    return f"{clean(ref)}：申请{status_label}，没有可执行的批准。"


def carried_out(ref: str, to_label: str) -> str:
    return done(f"已按批准升级到「{to_label}」", ref)
