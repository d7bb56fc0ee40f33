"""The workbench's vocabulary, declared once: every code a user can see, with its label.

Codes stay English in the database, config and code; screens, CSV files, messages and
filings show the Chinese label. A member is declared as ``CODE = "code", "标签"`` and
reads back as the code (it is a ``str``) with ``.label`` beside it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self


class Coded(StrEnum):
    """A stored code with its Chinese label."""

    label: str

    def __new__(cls, code: str, label: str = "") -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def label_of(cls, code: object, default: str | None = None) -> str:
        """The label of a stored code; an unknown code shows as ``default`` (or itself)."""
        member = cls._value2member_map_.get(str(code))
        if member is not None:
            return member.label  # type: ignore[attr-defined]
        return str(code) if default is None else default

    @classmethod
    def choices(cls) -> list[tuple[str, Any]]:
        """(label, member) pairs for a picker, in declaration order."""
        return [(member.label, member) for member in cls]


class ComplainantKind(Coded):
    """Who complains: a consumer for 生活消费, or a merchant using a POS for business."""

    CONSUMER = "consumer", "消费者"
    MERCHANT = "merchant", "商户"


class ProviderKind(Coded):
    """What a provider in the registry is: a licensed payment institution, an acquiring
    bank, or an agent (外包服务机构) working under a licensed one."""

    PAYMENT_INSTITUTION = "payment_institution", "支付机构"
    ACQUIRING_BANK = "acquiring_bank", "收单银行"
    AGENT = "agent", "外包服务机构"


class ApprovalStatus(Coded):
    """A supervisor approval request for media or legal."""

    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    DENIED = "denied", "已驳回"
    USED = "used", "已执行"


class ContactChannel(Coded):
    """How a contact with a counterpart was made."""

    PHONE = "phone", "电话"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "在线客服"
    VISIT = "visit", "当面"
    LETTER = "letter", "信函"
    SMS = "sms", "短信"


class RequirementCode(Coded):
    """What a move on the ladder may need (see `domain.ladder.requirements`)."""

    SAME = "same", "不同于当前阶段"
    REOPEN = "reopen", "负责人重新打开"
    REASON = "reason", "书面理由"
    OUTCOME = "outcome", "结案结果"
    RECOVERED = "recovered", "挽回金额"
    PROVIDER_CONTACT = "provider_contact", "与服务商的联系记录"
    BODIES = "bodies", "已受理机构登记"
    NOT_HELD = "not_held", "未被消协、法院或仲裁机构受理"
    APPROVAL = "approval", "负责人批准"
    BUSINESS_SCOPE = ("business_scope",
                      "经营活动争议需说明理由（消协调解和市场监管投诉以生活消费为限）")


class PersonalField(Coded):
    """A complainant's personal data: encrypted at rest, masked on screen."""

    PHONE = "phone", "手机号"
    ID_NUMBER = "id_number", "身份证号"
    BANK_CARD = "bank_card", "银行卡号"


class ImportOutcome(Coded):
    """What an import does (or, in a dry run, would do) with one row."""

    CREATE = "create", "新建"
    IMPORTED = "imported", "已导入"
    DUPLICATE = "duplicate", "疑似重复"
    REFUSED = "refused", "拒绝"


class EventKind(Coded):
    """Every kind of entry in a case's history (the audit chain)."""

    CREATED = "created", "受理登记"
    FIELD_CHANGED = "field_changed", "修改"
    ASSIGNED = "assigned", "分配"
    STAGE_CHANGED = "stage_changed", "阶段变更"
    STAGE_CHANGE_UNDONE = "stage_change_undone", "撤销阶段变更"
    CONTACT_LOGGED = "contact_logged", "联系记录"
    EVIDENCE_ADDED = "evidence_added", "添加证据"
    EVIDENCE_CHANGED = "evidence_changed", "修改证据"
    ANNOTATED = "annotated", "批注"
    FILING_EXPORTED = "filing_exported", "导出文书"
    PII_REVEALED = "pii_revealed", "查看个人信息"
    BODIES_RECORDED = "bodies_recorded", "登记已受理机构"
    APPROVAL_REQUESTED = "approval_requested", "申请审批"
    APPROVAL_DECIDED = "approval_decided", "审批"
    CLOCK_PAUSED = "clock_paused", "暂停计时"
    CLOCK_RESUMED = "clock_resumed", "恢复计时"
    DEADLINE_EXTENDED = "deadline_extended", "延长期限"
    CASEWORKER_ADDED = "caseworker_added", "添加经办人"
    PROVIDER_ADDED = "provider_added", "添加服务商"
    HOLIDAYS_IMPORTED = "holidays_imported", "导入节假日"
    SCOPE_SET = "scope_set", "认定争议性质"
    ACCEPTED = "accepted", "受理"
    MATERIAL_REQUESTED = "material_requested", "通知补正"
    REFUSED = "refused", "不予受理"
    MEDIATION_AGREED = "mediation_agreed", "达成调解协议"
    MEDIATION_TERMINATED = "mediation_terminated", "终止调解"
    LITIGATION_SET = "litigation_set", "登记诉讼信息"
    PROVIDER_UPDATED = "provider_updated", "修改服务商资料"
    ROLE_CHANGED = "role_changed", "修改角色"
    CASEWORKER_DEACTIVATED = "caseworker_deactivated", "停用经办人"
    PROVIDER_MERGED = "provider_merged", "合并服务商"
    PROVIDER_ALIAS_ADDED = "provider_alias_added", "添加服务商别名"
    PROVIDER_ALIAS_REMOVED = "provider_alias_removed", "删除服务商别名"
    CASE_IMPORTED = "case_imported", "导入登记"
    IMPORT_RUN = "import_run", "批量导入"
    CASE_MERGED = "case_merged", "合并案件"
    GROUP_CREATED = "group_created", "成立共同投诉"
    GROUP_JOINED = "group_joined", "加入共同投诉"
    GROUP_LEFT = "group_left", "退出共同投诉"
    GROUP_ESCALATED = "group_escalated", "共同投诉转阶段"


# Fields a caseworker may edit in place, with their labels (the timeline says which changed).
class CaseField(Coded):
    TITLE = "title", "标题"
    NARRATIVE = "narrative", "事实与理由"
    TERMINAL_SN = "terminal_sn", "终端序列号"
    PRIORITY = "priority", "优先级"
    CATEGORIES = "categories", "投诉类别"
    DEMANDS = "demands", "投诉请求"
    HARM_KNOWN_ON = "harm_known_on", "知道受损日期"
    MEDIATOR = "mediator", "调解方式"
    COMPLAINANT_NAME = "complainant_name", "投诉人姓名"
    PHONE = "phone", "手机号"
    ID_NUMBER = "id_number", "身份证号"
    PROVIDER = "provider", "服务商"


# What an evidence correction may change (`workbench evidence set`), with its label.
class EvidenceField(Coded):
    PROVES = "proves", "证明对象"
    PAGES = "pages", "页数"
    ORIGINAL = "original", "原件/复印件"
    CARRIER = "carrier", "载体"


class DisputeScope(Coded):
    """Whether the dispute is about 生活消费 (consumer law) or a merchant's business
    (contract law and the payment rules; a 消协 or 市场监管 may refuse it as a complaint)."""

    CONSUMER = "consumer", "生活消费"
    BUSINESS = "business", "经营活动"


class Decision(Coded):
    """The acceptance decision every case starts with (受理 / 补正 / 不予受理)."""

    PENDING = "pending", "待决定"
    MATERIAL_REQUESTED = "material_requested", "待补正"
    ACCEPTED = "accepted", "已受理"
    REFUSED = "refused", "不予受理"


class Mediator(Coded):
    """Who mediates: the association itself, or on a market regulator's delegation."""

    ASSOCIATION = "association", "消协自行调解"
    DELEGATED = "delegated", "市场监管部门委托调解"


class IndustryBody(Coded):
    """The industry body a case is sent to at the industry rung."""

    PBOC_BRANCH = "pboc_branch", "中国人民银行分支机构"
    NFRA_OFFICE = "nfra_office", "国家金融监督管理总局派出机构"
    PCAC = "pcac", "中国支付清算协会"
    UNIONPAY = "unionpay", "中国银联"


class AddresseeKind(Coded):
    """Whom a filing is addressed to (stored on the filing with the name printed)."""

    PROVIDER = "provider", "被投诉服务商"
    SUPERIOR = "superior", "上级机构（收单机构）"
    MARKET_BUREAU = "market_bureau", "市场监督管理局"
    REGULATOR = "regulator", "金融监管机构"
    INDUSTRY = "industry", "行业组织"
    MEDIA = "media", "新闻媒体"
    COURT = "court", "人民法院"
    ASSOCIATION = "association", "消费者协会"
    COMPLAINANT = "complainant", "投诉人"
    PARTIES = "parties", "双方当事人"
    FILE = "file", "本会存档"


class LitigationKey(Coded):
    """What a court paper needs beyond the complaint, kept on the case (`case.litigation`)."""

    COURT = "court", "受诉人民法院"
    AGENT = "agent", "委托诉讼代理人"
    CONTRACT = "contract", "合同签订情况"
    PERFORMANCE = "performance", "合同履行情况"
    MEDIATION = "mediation", "是否愿意先行调解"
    E_SERVICE = "e_service", "电子送达方式"
    CLAUSE = "clause", "涉案合同条款"  # where and what: 《POS机服务协议》第8条：……
    MERCHANT_USCC = "merchant_uscc", "字号的统一社会信用代码"  # a 个体工商户 plaintiff's
    BUSINESS_PLACE = "business_place", "经营场所"
