"""The escalation ladder (DESIGN §2), declared once as data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


class Outcome(StrEnum):
    RESOLVED = "resolved"
    PARTIALLY_RESOLVED = "partially_resolved"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    REFERRED = "referred"


class Status(StrEnum):
    OPEN = "open"
    WAITING = "waiting"  # waiting on the counterpart of the current stage
    CLOSED = "closed"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Role(StrEnum):
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


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


STAGES: tuple[StageInfo, ...] = (
    StageInfo(Stage.INTAKE, 0, "受理登记", "intake & triage", "—", "受理登记表"),
    StageInfo(Stage.PROVIDER, 1, "服务商协商", "provider customer service",
              "服务商客服热线 / 在线客服", "投诉函"),
    StageInfo(Stage.SUPERIOR, 2, "上级机构", "superior institution",
              "持牌支付机构 / 收单银行", "投诉函"),
    StageInfo(Stage.MEDIATION, 3, "消协调解", "consumer association / market regulator",
              "消费者协会 / 市场监督管理局", "消费者投诉书 / 调解申请", administrative=True),
    StageInfo(Stage.NATIONAL, 4, "国家市场监管总局", "national regulator (SAMR)",
              "国家市场监督管理总局", "投诉举报信", administrative=True),
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

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.RESOLVED: "已解决",
    Outcome.PARTIALLY_RESOLVED: "部分解决",
    Outcome.WITHDRAWN: "撤回",
    Outcome.REJECTED: "不予受理/驳回",
    Outcome.REFERRED: "转交其他机构",
}

PRIORITY_LABELS: dict[Priority, str] = {
    Priority.LOW: "低",
    Priority.NORMAL: "普通",
    Priority.HIGH: "高",
    Priority.URGENT: "紧急",
}

STATUS_LABELS: dict[Status, str] = {
    Status.OPEN: "办理中",
    Status.WAITING: "等待答复",
    Status.CLOSED: "已结案",
}


def rung(stage: Stage) -> int:
    """Position of a stage on the ladder (intake is 0, closed is last)."""
    return STAGE_INFO[stage].rung


def stage_label(stage: Stage | str) -> str:
    """The Chinese label of a stage, for screens and filings."""
    return STAGE_INFO[Stage(stage)].label
