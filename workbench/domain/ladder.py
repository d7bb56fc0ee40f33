"""The escalation ladder (DESIGN §2), declared once as data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workbench.domain.vocabulary import Coded, DisputeScope, RequirementCode

R = RequirementCode


class Stage(StrEnum):
    INTAKE = "intake"
    PROVIDER = "provider"
    SUPERIOR = "superior"
    MEDIATION = "mediation"
    NATIONAL = "national"
    INDUSTRY = "industry"
    MEDIA = "media"
    LEGAL = "legal"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The Chinese label (from the ladder table below)."""
        return STAGE_INFO[self].label


class Outcome(Coded):
    RESOLVED = "resolved", "已解决"
    PARTIALLY_RESOLVED = "partially_resolved", "部分解决"
    WITHDRAWN = "withdrawn", "撤回"
    REJECTED = "rejected", "不予受理/驳回"
    REFERRED = "referred", "转交其他机构"
    MERGED = "merged", "已并入其他案件"  # set only by merging duplicates, never chosen


# what a caseworker may choose when closing a case (a merge closes the merged-away one)
CLOSING_OUTCOMES: tuple[Outcome, ...] = tuple(o for o in Outcome if o is not Outcome.MERGED)


class Status(Coded):
    OPEN = "open", "办理中"
    WAITING = "waiting", "等待答复"  # waiting on the counterpart of the current stage
    CLOSED = "closed", "已结案"


class Priority(Coded):
    LOW = "low", "低"
    NORMAL = "normal", "普通"
    HIGH = "high", "高"
    URGENT = "urgent", "紧急"


class Role(Coded):
    CASEWORKER = "caseworker", "经办人"
    SUPERVISOR = "supervisor", "负责人"
    ADMIN = "admin", "管理员"


@dataclass(frozen=True, slots=True)
class StageInfo:
    stage: Stage
    rung: int
    label: str  # Chinese label shown to caseworkers
    english: str
    counterpart: str
    filing: str
    administrative: bool = False  # an administrative body: record who already holds the dispute
    needs_approval: bool = False  # supervisor approval before entering
    short: str = ""  # the label in a narrow column (at most 4 CJK characters); "" = label

    @property
    def short_label(self) -> str:
        return self.short or self.label


STAGES: tuple[StageInfo, ...] = (
    StageInfo(Stage.INTAKE, 0, "受理登记", "intake & triage", "—", "受理登记表"),
    StageInfo(Stage.PROVIDER, 1, "服务商协商", "provider customer service",
              "服务商客服热线 / 在线客服", "投诉函", short="服务商"),
    StageInfo(Stage.SUPERIOR, 2, "上级机构", "superior institution",
              "持牌支付机构 / 收单银行", "投诉函"),
    StageInfo(Stage.MEDIATION, 3, "消协调解", "consumer association / market regulator",
              "消费者协会 / 市场监督管理局", "消费者投诉书 / 调解申请", administrative=True),
    StageInfo(Stage.NATIONAL, 4, "国家市场监管总局", "national regulator (SAMR)",
              "国家市场监督管理总局", "投诉举报信", administrative=True, short="市监总局"),
    StageInfo(Stage.INDUSTRY, 5, "行业监管", "industry regulators",
              "人民银行分支机构 / 金融监管总局 / 支付清算协会 / 中国银联",
              "投诉信 / 举报信 / 情况反映", administrative=True),
    StageInfo(Stage.MEDIA, 6, "媒体曝光", "media and social platforms", "媒体 / 微博 / 微信",
              "情况说明", needs_approval=True),
    StageInfo(Stage.LEGAL, 7, "法律途径", "legal route", "人民法院 / 仲裁机构",
              "民事起诉状 / 支持起诉意见书", needs_approval=True),
    StageInfo(Stage.CLOSED, 8, "结案", "closed", "—", "结案报告"),
)

STAGE_INFO: dict[Stage, StageInfo] = {info.stage: info for info in STAGES}

OPEN_STAGES: tuple[Stage, ...] = tuple(s.stage for s in STAGES if s.stage is not Stage.CLOSED)

OUTCOME_LABELS: dict[Outcome, str] = {member: member.label for member in Outcome}

PRIORITY_LABELS: dict[Priority, str] = {member: member.label for member in Priority}

STATUS_LABELS: dict[Status, str] = {member: member.label for member in Status}


def rung(stage: Stage) -> int:
    """Position of a stage on the ladder (intake is 0, closed is last)."""
    return STAGE_INFO[stage].rung


def stage_label(stage: Stage | str) -> str:
    """The Chinese label of a stage, for screens and filings."""
    return STAGE_INFO[Stage(stage)].label


def stage_short_label(stage: Stage | str) -> str:
    """The stage's label for a narrow column (服务商协商 → 服务商)."""
    return STAGE_INFO[Stage(stage)].short_label


# --- moving along the ladder ---------------------------------------------------------

class Body(Coded):
    """Bodies that may already hold a dispute (recorded before an administrative rung)."""

    NONE = "none", "无（尚无机构受理）"
    CONSUMER_ASSOCIATION = "consumer_association", "消费者协会"
    MARKET_REGULATOR = "market_regulator", "市场监督管理部门"
    FINANCIAL_REGULATOR = "financial_regulator", "人民银行/金融监管部门"
    COURT = "court", "人民法院"
    ARBITRATION = "arbitration", "仲裁机构"


BODY_LABELS: dict[Body, str] = {member: member.label for member in Body}

# A regulator refuses a dispute that one of these already accepted (SAMR complaint rule).
REGULATOR_STAGES = frozenset({Stage.NATIONAL, Stage.INDUSTRY})
BLOCKS_REGULATORS = frozenset({Body.CONSUMER_ASSOCIATION, Body.COURT, Body.ARBITRATION})
OUTCOMES_WITH_MONEY = frozenset({Outcome.RESOLVED, Outcome.PARTIALLY_RESOLVED})
# 消协 mediation and 市场监管 complaints are for 生活消费: a merchant's business dispute goes
# there only with a written reason; the industry rungs and the civil route suit it.
CONSUMER_ONLY_STAGES = frozenset({Stage.MEDIATION, Stage.NATIONAL})


@dataclass(frozen=True, slots=True)
class MoveFacts:
    """What the services know about a case when a move is asked for."""

    current: Stage
    target: Stage
    reason: str = ""
    provider_contacts: int = 0
    approved: bool = False  # a supervisor approved this target (media, legal)
    actor_role: Role = Role.CASEWORKER
    outcome: Outcome | None = None
    recovered_fen: int | None = None
    bodies_recorded: bool = False
    bodies: frozenset[Body] = frozenset()
    scope: DisputeScope = DisputeScope.CONSUMER


@dataclass(frozen=True, slots=True)
class Requirement:
    """One condition of a move, met or not, in words a caseworker understands."""

    code: RequirementCode
    text: str
    met: bool


def requirements(facts: MoveFacts) -> list[Requirement]:
    """Every condition the ladder puts on this move (DESIGN §2), each marked met or not."""
    cur, to = facts.current, facts.target
    reqs: list[Requirement] = []
    if cur is Stage.CLOSED:
        reqs.append(Requirement(R.REOPEN, "重新打开已结案件需要负责人 (supervisor)",
                                facts.actor_role in (Role.SUPERVISOR, Role.ADMIN)))
        reqs.append(Requirement(R.REASON, "重新打开需要书面理由", bool(facts.reason.strip())))
        reqs += _target_requirements(facts)  # reopening into a rung still needs what it needs
        return reqs
    if to is Stage.CLOSED:
        reqs.append(Requirement(R.OUTCOME, "结案需要结果 (outcome)", facts.outcome is not None))
        if facts.outcome is Outcome.MERGED:
            reqs.append(Requirement(
                R.OUTCOME, "「已并入其他案件」只由合并案件设定 (workbench merge)", False))
        if facts.outcome in OUTCOMES_WITH_MONEY:
            reqs.append(Requirement(R.RECOVERED, "已解决/部分解决需填写挽回金额 (可为 0)",
                                    facts.recovered_fen is not None
                                    and facts.recovered_fen >= 0))
        return reqs
    step = rung(to) - rung(cur)
    if step > 1:
        reqs.append(Requirement(R.REASON, f"越级（跳过 {step - 1} 级）需要书面理由",
                                bool(facts.reason.strip())))
    elif step < 0:
        reqs.append(Requirement(R.REASON, "退回较低阶段需要书面理由", bool(facts.reason.strip())))
    if cur is Stage.PROVIDER and step > 0:
        reqs.append(Requirement(R.PROVIDER_CONTACT,
                                "离开服务商协商前至少记录一次与服务商的联系",
                                facts.provider_contacts > 0))
    reqs += _target_requirements(facts)
    return reqs


def _target_requirements(facts: MoveFacts) -> list[Requirement]:
    """What entering the target rung itself needs, wherever the case comes from."""
    to = facts.target
    reqs: list[Requirement] = []
    if STAGE_INFO[to].administrative:
        reqs.append(Requirement(R.BODIES, "登记已受理该争议的机构（无则选“无”）",
                                facts.bodies_recorded))
        if to in REGULATOR_STAGES:
            holders = sorted(BODY_LABELS[b] for b in facts.bodies & BLOCKS_REGULATORS)
            reqs.append(Requirement(
                R.NOT_HELD, "监管部门不受理已由消协、法院或仲裁机构受理的争议"
                + (f" (已受理: {'、'.join(holders)})" if holders else ""), not holders))
    if to in CONSUMER_ONLY_STAGES and facts.scope is DisputeScope.BUSINESS:
        reqs.append(Requirement(
            R.BUSINESS_SCOPE, f"{R.BUSINESS_SCOPE.label}：经营活动争议宜走"
            f"{STAGE_INFO[Stage.INDUSTRY].label}或{STAGE_INFO[Stage.LEGAL].label}",
            bool(facts.reason.strip())))
    if STAGE_INFO[to].needs_approval:
        reqs.append(Requirement(R.APPROVAL, f"进入{STAGE_INFO[to].label}需要负责人批准",
                                facts.approved))
    return reqs


def refusals(facts: MoveFacts) -> list[Requirement]:
    """The requirements of a move that are not met (empty: the move is allowed)."""
    if facts.current is facts.target:
        return [Requirement(R.SAME, f"案件已在{stage_label(facts.target)}阶段", False)]
    return [r for r in requirements(facts) if not r.met]
