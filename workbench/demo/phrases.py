"""What caseworkers write: reasons for moves and approvals, contact summaries, notes and
evidence titles."""

from __future__ import annotations

from typing import NamedTuple

from workbench.domain.categories import EvidenceKind
from workbench.domain.ladder import Outcome, Stage
from workbench.domain.vocabulary import ContactChannel

ESCALATE_REASONS: dict[Stage, tuple[str, ...]] = {
    Stage.PROVIDER: ("受理后转服务商协商处理", "投诉人同意先由服务商自行处理，已向其发送投诉函",
                     "材料齐全，向服务商正式发函"),
    Stage.SUPERIOR: ("服务商逾期未答复，向其收单机构反映", "服务商答复推诿，升级至上级机构",
                     "服务商拒绝退费，转持牌机构处理"),
    Stage.MEDIATION: ("上级机构答复未解决问题，进入消协调解", "双方分歧较大，申请调解",
                      "机构答复不认可，组织双方调解"),
    Stage.NATIONAL: ("涉及多地商户、金额较大，报送国家市场监督管理总局",
                     "调解未果且性质严重，向总局投诉举报"),
    Stage.INDUSTRY: ("涉嫌违规经营支付业务，向人民银行分支机构反映",
                     "收单银行不予处理，转金融监管部门", "向支付清算协会举报违规行为"),
    Stage.MEDIA: ("经负责人批准，向媒体提供情况说明", "同类投诉集中，经批准向媒体通报"),
    Stage.LEGAL: ("调解不成，支持投诉人提起诉讼", "经负责人批准，协助投诉人委托律师起诉"),
}
SKIP_REASONS: dict[Stage, tuple[str, ...]] = {
    Stage.MEDIATION: ("服务商即为持牌机构，无需再向上级机构反映，直接申请调解",
                      "上级机构明确不受理代理商纠纷，跳过该环节"),
    Stage.INDUSTRY: ("涉嫌跳码/二清等违规行为，直接向行业监管部门举报",
                     "属于支付业务违规，不适用消协调解，直接报行业监管"),
    Stage.MEDIA: ("同类投诉集中爆发，经负责人批准直接向媒体通报",),
    Stage.LEGAL: ("金额较大且证据充分，经负责人批准直接支持起诉",),
}
CLOSE_REASONS: dict[Outcome, tuple[str, ...]] = {
    Outcome.RESOLVED: ("服务商已全额退还，投诉人表示满意", "服务商恢复原费率并退还多收费用",
                       "调解成功，双方签署调解协议并已履行"),
    Outcome.PARTIALLY_RESOLVED: ("双方达成和解，服务商退还部分款项",
                                 "服务商同意退还押金，其余请求未获支持"),
    Outcome.WITHDRAWN: ("投诉人主动撤回投诉", "投诉人与服务商自行和解后撤诉",
                        "投诉人多次联系不上，视为撤回"),
    Outcome.REJECTED: ("属于商户经营纠纷，不属于生活消费，不予受理",
                       "超过三年投诉时效，不予受理", "证据不足且投诉人无法补充"),
    Outcome.REFERRED: ("已转交人民银行分支机构处理", "已告知投诉人向法院起诉",
                       "已移交属地市场监督管理局"),
}
# A close reason that says the complainant could not be reached: a mediation it ends is
# terminated on that ground (not as a withdrawal the complainant never made).
UNREACHABLE_REASON = CLOSE_REASONS[Outcome.WITHDRAWN][2]
# A case closed by a 调解协议 is closed on the day it is signed: its reason says what the
# agreement says (all or part of the requests), never that it was performed (the demo
# records no performance after the signing).
AGREED_REASONS: dict[Outcome, str] = {
    Outcome.RESOLVED: "调解成功，双方签署调解协议",
    Outcome.PARTIALLY_RESOLVED: "经调解，双方签署调解协议，服务商同意部分请求",
}

ANNOTATIONS: tuple[str, ...] = (
    "已核对交易明细，多扣金额与投诉人陈述一致。",
    "合同第{n}条约定了费率，未见单方调整条款。",
    "录音中客服承认未提前告知调整事项。",
    "建议下次跟进时要求服务商提供书面调整公告。",
    "投诉人补充了{n}张截图，待核实。",
    "该服务商近期同类投诉较多，注意归并处理。",
    "投诉人情绪较激动，沟通时注意方式。",
    "证据缺少签字页，已电话通知投诉人补交。",
    "工单号已与服务商核实无误。",
    "截图显示商户名称与实际经营场所不符，疑似跳码。",
    "服务商口头同意退费，但尚未书面确认。",
    "已提醒投诉人保留原始凭证，不要删除聊天记录。",
)
ANNOTATION_TAGS = (("核实",), ("待补证",), ("重点",), ("证据",), ("跟进",), ("重点", "跟进"), ())

CONTACT_CHANNELS = ((ContactChannel.PHONE, 55), (ContactChannel.ONLINE, 20),
                    (ContactChannel.EMAIL, 10), (ContactChannel.LETTER, 8),
                    (ContactChannel.VISIT, 7))
# What was done or said, as it follows "本会致电/致函/走访 + counterpart" in a filing's
# 处理经过 (filings.contacts): no channel in the words, so that none contradicts the channel
# drawn for the contact (a 信函 does not "致电"); as many per stage as before, so the draws
# pick the same positions.
CONTACT_SUMMARIES: dict[Stage, tuple[str, ...]] = {
    Stage.INTAKE: ("向投诉人核实投诉事项及证据", "告知投诉人补充交易明细和合同"),
    Stage.PROVIDER: ("转达投诉，要求其核实处理", "告知投诉事项，要求其限期书面答复",
                     "催问处理进度"),
    Stage.SUPERIOR: ("反映其合作代理商的违规问题", "转达投诉，要求其督促代理商处理",
                     "询问核查进度"),
    Stage.MEDIATION: ("商定投诉人与服务商的调解安排", "通知双方到会调解", "沟通案情"),
    Stage.NATIONAL: ("提交投诉举报", "查询处理进度"),
    Stage.INDUSTRY: ("反映服务商涉嫌违规的情况", "转办投诉", "提交举报材料"),
    Stage.MEDIA: ("提供情况说明", "沟通采访安排"),
    Stage.LEGAL: ("沟通起诉材料", "咨询立案事宜"),
}
# What the counterpart answered (printed after the summary: "…，对方已受理"); none names a
# channel either.
CONTACT_OUTCOMES = ("对方已受理，承诺{k}个工作日内答复", "对方称系统统一调整，拒绝退费",
                    "对方同意退还部分费用，但要求投诉人提供交易明细", "对方未予答复",
                    "对方要求投诉人先联系业务员", "对方称已转相关部门核查",
                    "对方同意协商，约定再次沟通", "对方确认收到材料")
# Words of an answer or a close that speak of one kind of remedy (a refund, the 押金, the
# old rate) said of a case whose requests claim none (review round 4/5: "对方同意退还部分
# 费用" about frozen funds): (the words the requests must hold, the wording instead by the
# remedy the requests do claim — "" for any other). Chosen after the draw, not drawn.
REMEDY_WORDS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    CONTACT_OUTCOMES[2]: (("退还",), {
        "结算": "对方同意核查后解冻结算，但要求投诉人提供交易明细",
        "兑现": "对方同意协商兑现返现，但要求投诉人提供交易明细",
        "": "对方同意协商处理，但要求投诉人提供交易明细"}),
    "服务商已全额退还，投诉人表示满意": (("退还",), {
        "结算": "服务商已解冻并结算全部交易款，投诉人表示满意",
        "兑现": "服务商已兑现全部返现，投诉人表示满意",
        "": "服务商已按投诉请求处理，投诉人表示满意"}),
    "服务商恢复原费率并退还多收费用": (("恢复原约定费率",), {
        "结算": "服务商已解冻并结算全部交易款，投诉人表示满意",
        "兑现": "服务商已兑现全部返现，投诉人表示满意",
        "退还": "服务商已全额退还，投诉人表示满意",
        "": "服务商已按投诉请求处理，投诉人表示满意"}),
    "双方达成和解，服务商退还部分款项": (("退还",), {
        "结算": "双方达成和解，服务商已结算部分交易款",
        "兑现": "双方达成和解，服务商兑现部分返现",
        "": "双方达成和解，服务商同意部分请求"}),
    "服务商同意退还押金，其余请求未获支持": (("押金",), {
        "": "服务商同意部分请求，其余请求未获支持"}),
}
# The mediation session a signed 调解协议 comes out of (review round 5: 030's only contact
# before its agreement is one phone call): the association meets both sides at the
# respondent's office on the signing day. Logged, never drawn.
MEDIATION_SESSION = ("组织投诉人与服务商现场调解", "双方达成调解协议")
# the failed calls to the complainant a close "多次联系不上" rests on (review round 6 D3)
UNREACHED_CALLS = (("了解调解意向", "电话无人接听"),
                   ("再次联系并发送短信", "电话无人接听，短信未回复"))

EVIDENCE_TEMPLATES: dict[EvidenceKind, tuple[tuple[str, str, str], ...]] = {
    # (title, media type, original file name pattern)
    EvidenceKind.CONTRACT: (("POS机服务协议(签字页)", "application/pdf", "服务协议扫描件.pdf"),
                            ("特约商户受理协议", "application/pdf", "特约商户协议.pdf"),
                            ("费率告知书", "image/jpeg", "IMG_{stamp}.jpg")),
    EvidenceKind.RECEIPT: (("押金收据", "image/jpeg", "IMG_{stamp}.jpg"),
                           ("激活费转账凭证", "image/png", "Screenshot_{stamp}.png"),
                           ("服务费扣款凭证", "image/jpeg", "微信图片_{stamp}.jpg")),
    EvidenceKind.TRANSACTION: (("{month}月交易明细", "application/vnd.ms-excel",
                                "交易明细_{ym}.xls"),
                               ("结算账户流水", "application/pdf", "账户流水_{ym}.pdf"),
                               ("手续费扣款记录", "image/png", "Screenshot_{stamp}.png")),
    EvidenceKind.CHAT: (("与业务员的微信聊天记录", "image/png", "微信截图_{stamp}.png"),
                        ("在线客服对话截图", "image/png", "Screenshot_{stamp}.png")),
    EvidenceKind.CALL: (("客服热线通话录音", "audio/mp4", "录音_{stamp}.m4a"),
                        ("服务商扣费短信截图", "image/png", "Screenshot_{stamp}.png"),
                        ("催收/推销来电记录", "image/jpeg", "IMG_{stamp}.jpg")),
    EvidenceKind.PHOTO: (("POS机机身及序列号照片", "image/jpeg", "IMG_{stamp}.jpg"),
                         ("签购单照片", "image/jpeg", "IMG_{stamp}.jpg"),
                         ("故障提示屏幕照片", "image/jpeg", "IMG_{stamp}.jpg")),
    EvidenceKind.VIDEO: (("刷卡过程录像", "video/mp4", "VID_{stamp}.mp4"),
                         ("店内监控视频片段", "video/mp4", "监控_{stamp}.mp4")),
    EvidenceKind.ADVERTISING: (("朋友圈宣传海报", "image/jpeg", "微信图片_{stamp}.jpg"),
                               ("业务员提供的宣传单页", "image/jpeg", "IMG_{stamp}.jpg")),
    EvidenceKind.OTHER: (("营业执照复印件", "application/pdf", "营业执照.pdf"),
                         ("情况说明(投诉人手写)", "image/jpeg", "IMG_{stamp}.jpg")),
}


class EvidenceForm(NamedTuple):
    """What the evidence list says of a demo item besides its title."""

    # 证明对象: the fact it proves — {month}: the month obtained (never before the trouble
    # began); {since}: the year and month it began; {r0}, {r1}: the case's promised and
    # charged rate (the complaint's own, review round 5 N2); {deposit}, {cashback}: the
    # sums its requests claim ("299元"; "" when they claim none)
    facts: tuple[str, ...]
    pages: tuple[int, int] | None  # 页数 drawn from this range; None: not on paper
    original: bool  # 原件 rather than 复印件
    carrier: str = ""  # 载体 of an original that is not paper


# keyed by the title templates above
EVIDENCE_FORMS: dict[str, EvidenceForm] = {
    "POS机服务协议(签字页)": EvidenceForm((
        "投诉人与服务商签订POS机服务协议，协议约定的刷卡费率为{r0}%",
        "服务协议未约定服务商可以单方调整费率",
        "服务协议签字页载明押金可在解约时退还"), (4, 8), True),
    "特约商户受理协议": EvidenceForm((
        "投诉人与收单机构之间存在特约商户受理关系，约定费率为{r0}%",
        "受理协议约定费率调整须提前30日书面通知商户"), (6, 12), False),
    "费率告知书": EvidenceForm((
        "服务商办理POS机时书面告知的刷卡费率为{r0}%且长期不变",
        "服务商告知书未提及流量卡年费和服务费"), (1, 1), True),
    "押金收据": EvidenceForm((
        "投诉人向服务商业务员交纳POS机押金{deposit}",
        "服务商收取押金时承诺交易满额后全额退还"), (1, 1), True),
    "激活费转账凭证": EvidenceForm((
        "投诉人向服务商业务员转账支付激活费",
        "激活费由业务员个人账户收取，服务商未开具票据"), (1, 1), False),
    "服务费扣款凭证": EvidenceForm((
        "服务商在投诉人不知情的情况下从结算款中扣除服务费",
        "服务商自{since}起每月扣除服务费"), (1, 2), False),
    "{month}月交易明细": EvidenceForm((
        "服务商自{since}起将刷卡费率由{r0}%上调至{r1}%",
        "{month}月各笔交易均按上调后的{r1}%费率扣收手续费",
        "{month}月结算款被扣除流量卡年费"), (2, 6), False),
    "结算账户流水": EvidenceForm((
        "自{since}起结算款到账延迟，部分款项被暂扣",
        "结算账户{month}月收到的款项少于刷卡交易金额"), (2, 5), False),
    "手续费扣款记录": EvidenceForm((
        "服务商按{r1}%的费率扣收手续费，高于约定的{r0}%",
        "服务商自{since}起按上调后的费率扣收手续费"), (1, 2), False),
    "与业务员的微信聊天记录": EvidenceForm((
        "业务员承诺激活后返现，至今未兑现",
        "业务员承认费率已被上调并答应退还多收部分",
        "业务员承诺押金在使用满三个月后退还"), (2, 8), False),
    "在线客服对话截图": EvidenceForm((
        "服务商客服承认扣收服务费并答应核实处理",
        "投诉人多次联系客服要求退费，客服推诿未予处理"), (1, 4), False),
    "客服热线通话录音": EvidenceForm((
        "服务商客服在通话中承认未通知即调整费率",
        "投诉人于{month}月致电客服要求退还押金遭拒"), None, True, "U盘"),
    "服务商扣费短信截图": EvidenceForm((
        "服务商以短信通知扣收流量卡年费，事前未经投诉人同意",
        "服务商于{month}月发送扣费短信，扣收服务费"), (1, 2), False),
    "催收/推销来电记录": EvidenceForm((
        "服务商人员多次来电推销升级服务并催缴费用",), (1, 1), False),
    "POS机机身及序列号照片": EvidenceForm((
        "投诉人使用的POS机终端序列号与投诉所涉机具一致",
        "POS机机身标注的服务商名称与签约主体不一致"), (1, 2), False),
    "签购单照片": EvidenceForm((
        "签购单显示的商户名称与投诉人的商户名称不符",
        "签购单显示交易经由其他商户编号结算"), (1, 3), False),
    "故障提示屏幕照片": EvidenceForm((
        "POS机在保修期内多次出现故障提示无法正常使用",), (1, 2), False),
    "刷卡过程录像": EvidenceForm((
        "刷卡时机具显示的商户名称与投诉人的商户名称不符",
        "POS机刷卡后未打印签购单且交易显示失败"), None, True, "U盘"),
    "店内监控视频片段": EvidenceForm((
        "业务员上门办理POS机时口头承诺免押金、费率永久不变",), None, True, "光盘"),
    "朋友圈宣传海报": EvidenceForm((
        "服务商宣传“费率{r0}%永不上调、激活即返现”",
        "宣传海报使用银联标识，冒充银联官方推广"), (1, 1), False),
    "业务员提供的宣传单页": EvidenceForm((
        "业务员以“免费领取POS机”为名推广并收取押金",
        "宣传单页承诺激活后返现{cashback}"), (1, 2), True),
    "营业执照复印件": EvidenceForm((
        "投诉人为依法登记的个体工商户，以其字号办理POS机",), (1, 1), False),
    "情况说明(投诉人手写)": EvidenceForm((
        "投诉人办理和使用POS机的经过及与服务商交涉的情况",), (1, 3), True),
}
# 来源 as the complainant's own papers can state it (not the association's "经办人调取")
EVIDENCE_SOURCES = ("投诉人提供", "投诉人提供", "投诉人提供", "服务商提供", "消费者协会调取")
EVIDENCE_DESCRIPTIONS = ("原件已核对", "复印件，投诉人签字确认", "截图共{n}页", "", "",
                         "投诉人手机导出")

# a caseworker asks a supervisor before media or legal; the supervisor answers
APPROVAL_REASONS: dict[Stage, tuple[str, ...]] = {
    Stage.MEDIA: ("同类投诉集中，服务商拒不整改，申请向媒体提供情况说明",
                  "涉及商户众多，监管答复后仍未解决，申请媒体曝光",
                  "服务商长期推诿，投诉人同意公开，申请向媒体通报"),
    Stage.LEGAL: ("调解不成，投诉人有起诉意愿，申请支持起诉",
                  "金额较大且证据充分，申请协助委托律师起诉",
                  "服务商拒绝履行承诺，申请走法律途径"),
}
APPROVAL_NOTES = ("同意，注意核实事实、保护投诉人个人信息", "同意", "同意，材料由负责人复核后发出",
                  "同意，按程序办理")
DENIAL_NOTES = ("证据尚不充分，请先补充交易明细", "监管部门仍在处理，暂缓",
                "请先组织一次调解再申请")
