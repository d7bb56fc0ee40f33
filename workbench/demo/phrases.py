"""What caseworkers write: reasons for moves and approvals, contact summaries, notes and
evidence titles."""

from __future__ import annotations

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
CONTACT_SUMMARIES: dict[Stage, tuple[str, ...]] = {
    Stage.INTAKE: ("与投诉人电话核实投诉事项及证据", "通知投诉人补充交易明细和合同"),
    Stage.PROVIDER: ("致电服务商客服转达投诉，客服登记工单", "向服务商发送投诉函并电话确认收到",
                     "催问服务商处理进度"),
    Stage.SUPERIOR: ("向收单机构客服反映代理商违规问题", "向上级机构发送投诉函",
                     "跟进上级机构核查进度"),
    Stage.MEDIATION: ("组织投诉人与服务商电话调解", "通知双方到会调解", "与市场监管所沟通案情"),
    Stage.NATIONAL: ("通过全国12315平台提交投诉举报", "查询总局平台处理进度"),
    Stage.INDUSTRY: ("向人民银行分支机构反映情况", "向金融监管部门转办投诉",
                     "向支付清算协会提交举报材料"),
    Stage.MEDIA: ("向媒体热线提供情况说明", "与记者沟通采访安排"),
    Stage.LEGAL: ("与代理律师沟通起诉材料", "到法院立案庭咨询立案事宜"),
}
CONTACT_OUTCOMES = ("已受理，承诺{k}个工作日内答复", "对方称系统统一调整，拒绝退费",
                    "同意退还部分费用，需投诉人提供交易明细", "电话无人接听，已短信告知",
                    "对方要求投诉人先联系业务员", "已转相关部门核查", "对方同意协商，约定再次沟通",
                    "对方已确认收到材料")

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
EVIDENCE_SOURCES = ("投诉人提供", "投诉人提供", "投诉人提供", "服务商提供", "经办人调取")
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
