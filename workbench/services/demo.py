"""Deterministic, fictional demo data for an empty database (`workbench demo`).

Everything is derived from `random.Random(seed)` and from the clock's day (a frozen one
in tests), so two runs with the same seed write the same rows; only the
AES-GCM nonces of the encrypted columns differ. All companies are invented (示例, 虚构,
某某 …); people, phone numbers and ID numbers are random but pass their check digits.

Speed matters: 100,000 cases (about 630,000 events, 1 GB) take about 41 s into a SQLite
file on a 2-core machine. Rows are precomputed as plain dicts, ids are assigned here
rather than read back (PostgreSQL's sequences are moved past them at the end), each chunk
of 2,000 cases goes to the driver's `executemany` once per table (`_BulkInsert`), events
are chained with `ChainWriter.rows`, case by case in time order, and FTS5 gets a larger
pending-term buffer while loading. Everything is written in one write transaction:
either all of it or nothing.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, pairwise
from typing import Any, TypeVar

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from workbench.domain.calendar import DueDate, WorkCalendar
from workbench.domain.categories import CHECKLISTS, Category, EvidenceKind
from workbench.domain.clock import CHINA, Clock
from workbench.domain.deadlines import RuleBook, due_for, load_rules
from workbench.domain.events import NewEvent
from workbench.domain.ladder import Outcome, Priority, Role, Stage, Status, rung
from workbench.domain.validators import make_bank_card, make_resident_id, make_uscc
from workbench.domain.vocabulary import EventKind
from workbench.errors import RuleViolation
from workbench.services.cases import REF_PREFIX
from workbench.store import search
from workbench.store.audit import ChainWriter
from workbench.store.engine import Store
from workbench.store.models import (
    Annotation,
    Case,
    CaseEvent,
    Caseworker,
    Complainant,
    Contact,
    Evidence,
    Holiday,
    Provider,
)

MEDIATION_RUNG = rung(Stage.MEDIATION)
WINDOW_DAYS = 548  # cases were opened over the last ~18 months
HISTORY_DAYS = 1800  # narrative dates (when the POS was signed up) reach further back
FUTURE_DAYS = 60  # follow-up dates may lie a little ahead of today
CHUNK = 2000  # cases per insert batch
BULK_FTS_HASHSIZE = 8 * 1024 * 1024
FTS5_DEFAULT_HASHSIZE = 1024 * 1024

OFFICE_START = 8 * 3600 + 40 * 60
OFFICE_END = 17 * 3600 + 40 * 60

T = TypeVar("T")


@dataclass
class DemoSummary:
    """What `generate_demo` wrote."""

    caseworkers: int = 0
    providers: int = 0
    complainants: int = 0
    cases: int = 0
    evidence: int = 0
    annotations: int = 0
    contacts: int = 0
    events: int = 0
    search_rows: int = 0
    seconds: float = 0.0


# --------------------------------------------------------------------------------------
# fixed pools (all companies fictional)
# --------------------------------------------------------------------------------------

CASEWORKERS: tuple[tuple[str, str, Role], ...] = (
    ("wang.li", "王丽", Role.CASEWORKER),
    ("chen.jing", "陈静", Role.CASEWORKER),
    ("zhang.wei", "张伟", Role.CASEWORKER),
    ("liu.yang", "刘洋", Role.CASEWORKER),
    ("li.na", "李娜", Role.CASEWORKER),
    ("zhao.min", "赵敏", Role.SUPERVISOR),
    ("sun.hao", "孙浩", Role.SUPERVISOR),
    ("zhou.qiang", "周强", Role.ADMIN),
)

FICTIONAL = ("示例", "虚构", "演示", "样例", "模拟", "某某")

BANKS: tuple[tuple[str, str], ...] = (
    ("示例银行股份有限公司", "示例银行"),
    ("虚构商业银行股份有限公司", "虚构银行"),
    ("演示农村商业银行股份有限公司", "演示农商行"),
    ("样例城市商业银行股份有限公司", "样例城商行"),
    ("模拟发展银行股份有限公司", "模拟发展银行"),
    ("某某银行股份有限公司", "某某银行"),
)
PI_WORDS = ("汇达", "嘉付", "瑞通", "融信", "恒付", "星联", "云收", "众汇", "安捷", "鼎付",
            "宏汇", "诚付", "博汇", "立付")
PI_FORMS = ("{}{}支付有限公司", "{}{}支付科技有限公司", "{}{}网络支付有限公司",
            "{}{}电子支付有限公司")
N_PAYMENT_INSTITUTIONS = 20
AGENT_WORDS = ("鑫达", "顺通", "佳汇", "永盛", "华信", "联拓", "金穗", "恒远", "启明", "优收",
               "旺铺", "同创", "卓越", "广源", "新程", "富邦", "锦程", "天瑞", "汇众", "宏图")
AGENT_TRADES = ("信息科技", "信息科技服务", "网络科技", "商务服务", "电子科技",
                "企业管理咨询", "科技发展")
BRANCHES = ("第一分公司", "第二分公司", "第三分公司", "{d}分公司", "{d}营业部")
N_AGENTS = 60
LONG_AGENT = ("深圳市某某信息科技服务有限公司第三分公司", "某某信息")

# (city, province prefix, telephone area code, districts with division codes)
CITIES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("北京市", "", "010", (("朝阳区", "110105"), ("海淀区", "110108"), ("丰台区", "110106"))),
    ("上海市", "", "021", (("浦东新区", "310115"), ("闵行区", "310112"), ("徐汇区", "310104"))),
    ("广州市", "广东省", "020", (("天河区", "440106"), ("白云区", "440111"),
                              ("番禺区", "440113"))),
    ("深圳市", "广东省", "0755", (("南山区", "440305"), ("福田区", "440304"),
                               ("宝安区", "440306"), ("龙岗区", "440307"))),
    ("杭州市", "浙江省", "0571", (("西湖区", "330106"), ("余杭区", "330110"),
                               ("萧山区", "330109"))),
    ("成都市", "四川省", "028", (("武侯区", "510107"), ("锦江区", "510104"),
                              ("成华区", "510108"))),
    ("武汉市", "湖北省", "027", (("武昌区", "420106"), ("洪山区", "420111"),
                              ("江汉区", "420103"))),
    ("长沙市", "湖南省", "0731", (("岳麓区", "430104"), ("雨花区", "430111"),
                               ("开福区", "430105"))),
    ("郑州市", "河南省", "0371", (("金水区", "410105"), ("二七区", "410103"),
                               ("中原区", "410102"))),
    ("西安市", "陕西省", "029", (("雁塔区", "610113"), ("未央区", "610112"),
                              ("碑林区", "610103"))),
    ("南京市", "江苏省", "025", (("玄武区", "320102"), ("鼓楼区", "320106"),
                              ("江宁区", "320115"))),
    ("合肥市", "安徽省", "0551", (("蜀山区", "340104"), ("包河区", "340111"),
                               ("庐阳区", "340103"))),
    ("重庆市", "", "023", (("渝中区", "500103"), ("江北区", "500105"), ("沙坪坝区", "500106"))),
    ("济南市", "山东省", "0531", (("历下区", "370102"), ("槐荫区", "370104"),
                               ("天桥区", "370105"))),
    ("福州市", "福建省", "0591", (("鼓楼区", "350102"), ("台江区", "350103"),
                               ("仓山区", "350104"))),
    ("南宁市", "广西壮族自治区", "0771", (("青秀区", "450103"), ("兴宁区", "450102"),
                                     ("西乡塘区", "450107"))),
)
ROADS = ("人民路", "建设路", "解放路", "中山路", "新华路", "文化路", "胜利街", "和平路",
         "青年路", "滨河路", "长江路", "光明街", "幸福路", "工业大道", "科技园路", "府前街")
ESTATES = ("阳光花园", "金色家园", "幸福里", "锦绣苑", "东方小区", "翠湖湾", "春江花园", "丽景苑")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
            "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩",
            "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
         "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东",
         "文静", "俊杰", "雪梅", "国庆", "春燕", "红梅", "玉兰", "浩然", "子轩", "雨涵",
         "建国", "丽娟", "德明", "金凤", "小龙", "佳怡", "振华", "美玲", "宏伟", "秋菊")
SHOP_WORDS = ("某某", "惠民", "家家乐", "好运来", "四季", "邻里", "鑫源", "百味", "福满", "阿{s}",
              "{s}记", "老{s}家")
SHOP_TYPES = (("便利店", "5411"), ("超市", "5411"), ("水果店", "5499"), ("面馆", "5812"),
              ("烧烤店", "5812"), ("早餐店", "5814"), ("理发店", "7230"), ("五金店", "5251"),
              ("服装店", "5651"), ("奶茶店", "5814"), ("烟酒店", "5993"), ("母婴店", "5641"),
              ("汽修店", "7538"), ("花店", "5992"), ("建材店", "5211"), ("农资店", "5261"))
MOBILE_PREFIXES = ("134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                   "157", "158", "159", "178", "182", "183", "187", "188", "130", "131",
                   "132", "155", "156", "166", "175", "176", "185", "186", "133", "153",
                   "173", "177", "180", "181", "189", "191", "199")
CARD_PREFIXES = ("621799", "622588", "623058", "621226", "622848", "625912")
POS_MODELS = (("QP-90智能POS", "QP9"), ("SK-200电签机", "SK2"), ("MP-70手持POS", "MP7"),
              ("虚构E3电签版", "E3X"), ("ZN-5大POS", "ZN5"), ("示例Mini蓝牙刷卡器", "MBT"))
STAFF = ("业务员小刘", "业务员小王", "业务员李某", "张经理", "陈主管", "业务员小赵", "渠道经理周某")
PLACES = ("在菜市场门口的地推摊位", "在微信朋友圈广告中", "在某短视频平台直播间",
          "在小区门口的宣传点", "在朋友转发的宣传海报上", "从业务员上门发放的传单上",
          "在某招聘网站的“兼职代理”广告中")
SLOGANS = ("费率终身0.38%，永不上调", "免费领取POS机，0押金0年费", "银联正规一清机，秒到账",
           "激活即返现，刷满就送", "央行牌照，一机一码，不跳码")
EXCUSES = ("请联系当初办理的业务员", "已经提交上级审核，请耐心等待", "系统自动处理，人工无法干预",
           "这属于代理商的问题，我们不负责")
# what customer service said, by primary category (mixed with the generic EXCUSES)
CATEGORY_EXCUSES: dict[Category, tuple[str, ...]] = {
    Category.FEE_INCREASE: ("费率调整是上级机构统一安排，代理商无权处理",
                            "调价已在APP公告，视为同意"),
    Category.DEPOSIT_FEES: ("协议里写了服务费条款，签了字就要认", "押金需交易达标后由系统自动返还"),
    Category.SIM_FEES: ("流量卡年费是运营商收取的", "系统自动扣费，无法退还"),
    Category.CASHBACK: ("该活动已结束，返现规则以最终解释为准", "返现由代理商发放，与公司无关"),
    Category.CODE_JUMPING: ("交易走的是优化通道，不影响使用", "商户信息以系统登记为准"),
    Category.SETTLEMENT: ("交易触发风控，需等待调查结果", "资金安全起见暂缓结算"),
    Category.SECONDARY_CLEARING: ("结算由合作方负责，公司不清楚",),
    Category.DATA_LEAK: ("公司严格保护客户信息，骚扰电话与公司无关",),
    Category.FALSE_ADVERTISING: ("业务员的个人承诺不代表公司",),
    Category.UNREACHABLE: ("近期来电较多，请耐心等待回电",),
    Category.DEVICE_FAULT: ("机具已过保修期，维修需自费", "是使用不当造成的故障"),
    Category.OTHER: ("按合同规定处理",),
}
FAKE_MCC = (("5311", "百货商店"), ("5812", "餐饮"), ("7011", "酒店住宿"), ("5999", "其他零售"),
            ("4121", "出租车"), ("5300", "批发俱乐部"))
FAULTS = ("读卡失败", "E05 通讯超时", "签购单打印不全", "密码键盘无响应", "频繁死机重启")

STAGES_OPEN: tuple[Stage, ...] = (Stage.INTAKE, Stage.PROVIDER, Stage.SUPERIOR,
                                   Stage.MEDIATION, Stage.NATIONAL, Stage.INDUSTRY,
                                   Stage.MEDIA, Stage.LEGAL)
# share of cases per current stage, in percent
STAGE_WEIGHTS: tuple[tuple[Stage, int], ...] = (
    (Stage.INTAKE, 13), (Stage.PROVIDER, 19), (Stage.SUPERIOR, 13), (Stage.MEDIATION, 15),
    (Stage.NATIONAL, 3), (Stage.INDUSTRY, 6), (Stage.MEDIA, 3), (Stage.LEGAL, 3),
    (Stage.CLOSED, 25),
)
# the stage a closed case was closed from
CLOSED_FROM: tuple[tuple[Stage, int], ...] = (
    (Stage.INTAKE, 8), (Stage.PROVIDER, 30), (Stage.SUPERIOR, 20), (Stage.MEDIATION, 24),
    (Stage.NATIONAL, 3), (Stage.INDUSTRY, 9), (Stage.MEDIA, 3), (Stage.LEGAL, 3),
)
OUTCOME_WEIGHTS: tuple[tuple[Outcome, int], ...] = (
    (Outcome.RESOLVED, 38), (Outcome.PARTIALLY_RESOLVED, 20), (Outcome.WITHDRAWN, 15),
    (Outcome.REJECTED, 12), (Outcome.REFERRED, 15),
)
PRIORITY_WEIGHTS: tuple[tuple[Priority, int], ...] = (
    (Priority.LOW, 15), (Priority.NORMAL, 58), (Priority.HIGH, 21), (Priority.URGENT, 6),
)
CATEGORY_WEIGHTS: tuple[tuple[Category, int], ...] = (
    (Category.FEE_INCREASE, 22), (Category.DEPOSIT_FEES, 14), (Category.SIM_FEES, 10),
    (Category.CASHBACK, 9), (Category.CODE_JUMPING, 8), (Category.SETTLEMENT, 10),
    (Category.SECONDARY_CLEARING, 3), (Category.DATA_LEAK, 5),
    (Category.FALSE_ADVERTISING, 8), (Category.UNREACHABLE, 5), (Category.DEVICE_FAULT, 4),
    (Category.OTHER, 2),
)
# days a case typically spends in a stage it has left (calendar days, min/max)
STAGE_DWELL: dict[Stage, tuple[int, int]] = {
    Stage.INTAKE: (1, 12), Stage.PROVIDER: (5, 50), Stage.SUPERIOR: (7, 60),
    Stage.MEDIATION: (20, 110), Stage.NATIONAL: (5, 30), Stage.INDUSTRY: (10, 60),
    Stage.MEDIA: (7, 40), Stage.LEGAL: (30, 150),
}
# how long an open case has been in its current stage: up to this many days
# (about 1.7 times the stage's deadline, so some are overdue and some are not)
STAGE_AGE: dict[Stage, int] = {
    Stage.INTAKE: 15, Stage.PROVIDER: 26, Stage.SUPERIOR: 26, Stage.MEDIATION: 100,
    Stage.NATIONAL: 15, Stage.INDUSTRY: 26, Stage.MEDIA: 24, Stage.LEGAL: 24,
}

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

CONTACT_CHANNELS = (("phone", 55), ("online", 20), ("email", 10), ("letter", 8), ("visit", 7))
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


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


class _Rand:
    """Fast draws on top of random.Random (weighted choice by bisect on cumulative weights)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.random = self.rng.random

    def num(self, low: int, high: int) -> int:
        """An int in [low, high]."""
        return low + int(self.random() * (high - low + 1))

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.random() < p


class _Weighted:
    def __init__(self, pairs: Sequence[tuple[Any, int | float]]) -> None:
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def draw(self, r: _Rand) -> Any:
        return self.items[bisect(self.cum, r.random() * self.total)]


def _yuan(fen: int) -> str:
    """Fen as yuan text for narratives: 12345 → "123.45", 30000 → "300"."""
    yuan, cents = divmod(fen, 100)
    return f"{yuan:,}" if cents == 0 else f"{yuan:,}.{cents:02d}"


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _rate(bp: int) -> str:
    """A rate in hundredths of a percent as text: 38 → "0.38", 50 → "0.5", 100 → "1"."""
    return f"{bp // 100}.{bp % 100:02d}".rstrip("0").rstrip(".")


@dataclass
class _ProviderInfo:
    id: int
    name: str
    short: str
    kind: str
    hotline: str
    superior: int | None


@dataclass
class _PersonInfo:
    id: int
    name: str
    kind: str
    merchant_name: str
    merchant_no: str
    city: int


class _Clock:
    """Day indices and seconds → UTC datetimes; working days; memoised deadlines.

    Day index 0 is `today - HISTORY_DAYS`; `self.today` is the index of `today`. A moment
    is `day * 86400 + seconds after local (Asia/Shanghai) midnight`.
    """

    def __init__(self, today: date, calendar: WorkCalendar, rules: RuleBook) -> None:
        self.today = HISTORY_DAYS
        self.first = today - timedelta(days=HISTORY_DAYS)
        self.days = [self.first + timedelta(days=i)
                     for i in range(HISTORY_DAYS + FUTURE_DAYS + 1)]
        self.midnight = [datetime(d.year, d.month, d.day, tzinfo=CHINA).astimezone(UTC)
                         for d in self.days]
        self.iso = [d.isoformat() for d in self.days]
        self.ymd = [f"{d:%Y%m%d}" for d in self.days]
        self.cn = [_cn_date(d) for d in self.days]
        self.calendar = calendar
        self.rules = rules
        back: list[int] = []
        last = 0
        for i, d in enumerate(self.days):
            if calendar.is_working_day(d):
                last = i
            back.append(last)
        self.workday_back = back
        self._due: dict[tuple[Stage, int], DueDate | None] = {}

    def at(self, moment: int) -> datetime:
        day, sec = divmod(moment, 86400)
        return self.midnight[day] + timedelta(seconds=sec)

    def due(self, stage: Stage, day: int) -> DueDate | None:
        key = (stage, day)
        if key not in self._due:
            self._due[key] = due_for(stage, self.days[day], self.calendar, self.rules)
        return self._due[key]


# --------------------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------------------


def generate_demo(store: Store, *, cases: int, seed: int, actor: str = "demo",
                  clock: Clock,
                  progress: Callable[[int, int], None] | None = None,
                  rules: RuleBook | None = None) -> DemoSummary:
    """Fill an empty database with `cases` fictional cases and everything around them.

    Refuses (RuleViolation) when the database already holds cases. Deterministic for a
    `seed` and the clock's day. `progress(done, total)` is called after each
    chunk with `total == cases`.
    """
    if cases < 0:
        raise RuleViolation("案件数量不能为负数.", "Give --cases a positive number.")
    started = time.perf_counter()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of short-lived dicts: the cyclic GC only costs time here
    try:
        with store.write() as session:
            case_table = Case.__table__  # type: ignore[attr-defined]
            if session.execute(select(case_table.c.id).limit(1)).first() is not None:
                raise RuleViolation("数据库中已有案件, 演示数据只能写入空数据库.",
                                    "Give --db a new file (or an empty database) for the demo.")
            generator = _Generator(session, store.dialect, cases=cases, seed=seed, actor=actor,
                                   today=clock.today(), progress=progress,
                                   rules=rules or load_rules())
            summary = generator.run()
    finally:
        if gc_was_enabled:
            gc.enable()
    store.analyze()  # fresh statistics, so the queue's queries pick the right indexes
    summary.seconds = time.perf_counter() - started
    return summary


class _Generator:
    def __init__(self, session: Session, dialect: str, *, cases: int, seed: int, actor: str,
                 today: date, progress: Callable[[int, int], None] | None,
                 rules: RuleBook) -> None:
        self.session = session
        self.conn: Connection = session.connection()
        self._writers: dict[str, _BulkInsert] = {}
        self.dialect = dialect
        self.n = cases
        self.r = _Rand(seed)
        self.seed = seed
        self.actor = actor
        self.progress = progress
        holidays = {h.day: h.working for h in session.execute(select(Holiday)).scalars()}
        self.clock = _Clock(today, WorkCalendar(holidays), rules)
        self.summary = DemoSummary()
        self.chain = ChainWriter(session, self.clock.at(self.clock.today * 86400))
        # events waiting to be chained, in order: (case id, kind, actor, payload, time)
        self.events: list[tuple[int, str, str, dict[str, Any], datetime]] = []

    # -- ids ---------------------------------------------------------------------------

    def _next_id(self, table: Any) -> int:
        value = self.conn.execute(select(func.max(table.c.id))).scalar()
        return int(value or 0) + 1

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        writer = self._writers.get(table.name)
        if writer is None:
            writer = self._writers[table.name] = _BulkInsert(self.conn, table)
        writer.run(rows)

    def _fix_sequences(self) -> None:
        """PostgreSQL serial sequences do not move when ids are given explicitly."""
        if self.dialect != "postgresql":
            return
        for table in ("caseworker", "provider", "complainant", "complaint_case", "evidence",
                      "annotation", "contact"):
            self.conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))

    # -- run ---------------------------------------------------------------------------

    def run(self) -> DemoSummary:
        with self._bulk_load():
            self._caseworkers()
            self._providers()
            self._cases()
            self._fix_sequences()
            self.chain.close()
        return self.summary

    @contextlib.contextmanager
    def _bulk_load(self) -> Iterator[None]:
        """SQLite: a bigger FTS5 pending-term buffer while loading (about 30% faster).

        FTS5 keeps `hashsize` in the index's config table; its default (1 MiB) makes a bulk
        load flush and merge small segments over and over. The old value is put back.
        """
        if self.dialect != "sqlite":
            yield
            return
        conn = self.conn
        setting = "INSERT INTO case_fts(case_fts, rank) VALUES ('hashsize', ?)"
        try:
            row = conn.exec_driver_sql(
                "SELECT v FROM case_fts_config WHERE k = 'hashsize'").first()
            conn.exec_driver_sql(setting, (BULK_FTS_HASHSIZE,))
        except DBAPIError:  # an SQLite without the option: load at the default speed
            yield
            return
        yield
        conn.exec_driver_sql(setting, (int(row[0]) if row else FTS5_DEFAULT_HASHSIZE,))

    # -- people and providers ----------------------------------------------------------

    def _caseworkers(self) -> None:
        table = Caseworker.__table__  # type: ignore[attr-defined]
        existing = {row.login: row.id for row in self.conn.execute(
            select(table.c.login, table.c.id))}
        wanted = list(CASEWORKERS)
        if self.actor not in {login for login, _, _ in wanted}:
            wanted.append((self.actor, self.actor, Role.CASEWORKER))
        next_id = self._next_id(table)
        rows = []
        self.logins: dict[str, int] = {}
        moment = (self.clock.today - WINDOW_DAYS - 30) * 86400 + OFFICE_START
        for login, display, role in wanted:
            if login in existing:
                self.logins[login] = existing[login]
                continue
            rows.append({"id": next_id, "login": login, "display_name": display,
                         "role": role.value, "active": True})
            self.logins[login] = next_id
            self.events.append((0, "caseworker_added", self.actor,
                                {"login": login, "role": role.value}, self.clock.at(moment)))
            next_id += 1
        if rows:
            self._insert(table, rows)
            self._write_events()
        self.summary.caseworkers = len(rows)
        self.workers = [login for login, _, role in wanted if role is Role.CASEWORKER]
        self.supervisors = [login for login, _, role in wanted if role is Role.SUPERVISOR]
        # who gets cases: caseworkers mostly, supervisors a few of the heavy ones
        self.assignees = _Weighted([(w, 10) for w in self.workers]
                                   + [(s, 3) for s in self.supervisors])

    def _providers(self) -> None:
        r = self.r
        table = Provider.__table__  # type: ignore[attr-defined]
        next_id = self._next_id(table)
        rows: list[dict[str, Any]] = []
        banks: list[_ProviderInfo] = []
        institutions: list[_ProviderInfo] = []
        agents: list[_ProviderInfo] = []
        used_uscc: set[str] = set()

        def add(name: str, short: str, kind: str, superior: int | None,
                licence: str, out: list[_ProviderInfo],
                where: tuple[str, str, str, tuple[tuple[str, str], ...]] | None = None) -> None:
            nonlocal next_id
            city, province, _area, districts = where or r.pick(CITIES)
            district, region = r.pick(districts)
            while True:
                body = "91" + region + "".join(r.pick(_USCC_BODY) for _ in range(9))
                code = make_uscc(body)
                if code not in used_uscc:
                    used_uscc.add(code)
                    break
            hotline = f"400-{r.num(600, 899)}-{r.num(0, 9999):04d}"
            address = f"{province}{city}{district}{r.pick(ROADS)}{r.num(1, 999)}号"
            if kind != "agent":
                address += f"{r.pick(FICTIONAL)}大厦{r.num(2, 38)}层"
            rows.append({"id": next_id, "name": name, "short_name": short, "kind": kind,
                         "uscc": code, "licence_no": licence, "address": address,
                         "hotline": hotline, "superior_id": superior})
            out.append(_ProviderInfo(next_id, name, short, kind, hotline, superior))
            next_id += 1

        for name, short in BANKS:
            add(name, short, "acquiring_bank", None,
                f"B{r.num(100, 999):04d}H{r.num(10**9, 10**10 - 1)}", banks)
        names: list[tuple[str, str]] = []
        for prefix in FICTIONAL:
            for word in PI_WORDS:
                names.append((r.pick(PI_FORMS).format(prefix, word), prefix + word))
        r.rng.shuffle(names)
        for name, short in names[:N_PAYMENT_INSTITUTIONS]:
            add(name, short, "payment_institution", r.pick(banks).id,
                f"Z20{r.num(10**10, 10**11 - 1)}", institutions)
        seen: set[str] = set()
        add(LONG_AGENT[0], LONG_AGENT[1], "agent", r.pick(institutions).id, "", agents,
            CITIES[3])
        seen.add(LONG_AGENT[0])
        while len(agents) < N_AGENTS:
            city = r.pick(CITIES)
            prefix, word, trade = r.pick(FICTIONAL), r.pick(AGENT_WORDS), r.pick(AGENT_TRADES)
            name = f"{city[0]}{prefix}{word}{trade}有限公司"
            if r.chance(0.25):
                name += r.pick(BRANCHES).format(d=r.pick(city[3])[0])
            if name in seen:
                continue
            seen.add(name)
            add(name, prefix + word, "agent", r.pick(institutions).id, "", agents, city)
        self._insert(table, rows)
        self.summary.providers = len(rows)
        self.by_id = {p.id: p for p in banks + institutions + agents}
        # complaints concentrate on a few providers: Zipf-like weights
        self.provider_pick = _Weighted(
            [(p, 6 / (i + 1) ** 0.8) for i, p in enumerate(agents)]
            + [(p, 3 / (i + 1) ** 0.8) for i, p in enumerate(institutions)]
            + [(p, 1.0) for p in banks])

    # -- cases -------------------------------------------------------------------------

    def _skeletons(self) -> list[tuple[int, int, Stage, Stage, list[tuple[Stage, int, str]],
                                       Outcome | None]]:
        """(opened moment, draw order, current stage, last open stage, path, outcome) per case,
        sorted by opening time so that ids and refs follow it."""
        r, clock = self.r, self.clock
        stage_w = _Weighted(STAGE_WEIGHTS)
        closed_w = _Weighted(CLOSED_FROM)
        outcome_w = _Weighted(OUTCOME_WEIGHTS)
        today, first = clock.today, clock.today - WINDOW_DAYS
        all_stages = [*STAGES_OPEN, Stage.CLOSED]
        all_outcomes = list(Outcome)
        out = []
        for i in range(self.n):
            # the first cases cover every stage and outcome, whatever the size
            stage: Stage = all_stages[i] if i < len(all_stages) else stage_w.draw(r)
            outcome: Outcome | None = None
            if stage is Stage.CLOSED:
                last: Stage = closed_w.draw(r)
                outcome = outcome_w.draw(r)
                if last is Stage.INTAKE:
                    outcome = r.pick((Outcome.WITHDRAWN, Outcome.REJECTED, Outcome.REFERRED))
            else:
                last = stage
            if len(all_stages) <= i < len(all_stages) + len(all_outcomes):
                stage, last = Stage.CLOSED, Stage.PROVIDER
                outcome = all_outcomes[i - len(all_stages)]
            path = self._path(last)
            # some cases move briskly, others drag on (extensions, unreachable parties)
            slow = 0.6 + 3.4 * r.random() ** 2
            durations = [int(r.num(*STAGE_DWELL[s]) * slow) for s, _ in path[:-1]]
            if stage is Stage.CLOSED:
                # closed cases were opened evenly over the window and closed since
                durations.append(int(r.num(*STAGE_DWELL[last]) * slow))
                opened = r.num(first, today - 3)
                total = sum(durations)
                if opened + total > today:
                    durations = [d * (today - opened) // total for d in durations]
            else:
                if r.chance(0.15):  # the backlog: stuck in this stage for a long time
                    end = today - r.num(STAGE_AGE[last], STAGE_AGE[last] * 5)
                else:
                    end = today - r.num(0, STAGE_AGE[last])
                total = sum(durations)
                if end - total < first:
                    room = max(0, end - first)
                    durations = [d * room // total for d in durations] if total else durations
                opened = end - sum(durations)
            days = [opened]
            for d in durations:
                days.append(days[-1] + d)
            # days[k] is when path[k] was entered; days[-1] is the closing day for closed
            # cases (and `end` for open ones, which is the current stage's entry)
            if stage is not Stage.CLOSED:
                days = days[:len(path)]
            moments = self._moments(days)
            full = [(s, m, reason) for (s, reason), m in zip(path, moments, strict=False)]
            if stage is Stage.CLOSED:
                full.append((Stage.CLOSED, moments[-1], ""))
            out.append((moments[0], i, stage, last, full, outcome))
        out.sort(key=lambda t: (t[0], t[1]))
        return out

    def _moments(self, days: list[int]) -> list[int]:
        """Strictly increasing moments, in office hours on working days where possible."""
        r, back = self.r, self.clock.workday_back
        result: list[int] = []
        prev = -1
        for day in days:
            day = back[day]
            moment = day * 86400 + r.num(OFFICE_START, OFFICE_END - 3600)
            if moment <= prev:
                moment = prev + r.num(600, 5400)
            result.append(moment)
            prev = moment
        return result

    def _path(self, last: Stage) -> list[tuple[Stage, str]]:
        """The rungs a case climbed to reach `last`, each with the reason for entering it."""
        r = self.r
        s = [Stage.INTAKE]
        if last is Stage.INTAKE:
            pass
        elif last is Stage.PROVIDER:
            s += [Stage.PROVIDER]
        elif last is Stage.SUPERIOR:
            s += [Stage.PROVIDER, Stage.SUPERIOR]
        else:
            base = [Stage.PROVIDER, Stage.SUPERIOR, Stage.MEDIATION] if r.chance(0.75) \
                else [Stage.PROVIDER, Stage.MEDIATION]
            if last is Stage.MEDIATION:
                s += base
            elif last is Stage.NATIONAL:
                s += [*base, Stage.NATIONAL]
            elif last is Stage.INDUSTRY:
                x = r.random()
                s += ([*base, Stage.INDUSTRY] if x < 0.5 else
                      [*base, Stage.NATIONAL, Stage.INDUSTRY] if x < 0.7 else
                      [Stage.PROVIDER, Stage.SUPERIOR, Stage.INDUSTRY])
            else:  # media, legal
                x = r.random()
                s += ([*base, last] if x < 0.55 else
                      [*base, Stage.INDUSTRY, last] if x < 0.85 else
                      [Stage.PROVIDER, Stage.SUPERIOR, last])
        path: list[tuple[Stage, str]] = [(Stage.INTAKE, "")]
        for before, after in pairwise(s):
            skipped = rung(after) - rung(before) > 1 and after in SKIP_REASONS
            reasons = SKIP_REASONS[after] if skipped else ESCALATE_REASONS[after]
            path.append((after, r.pick(reasons)))
        return path

    def _cases(self) -> None:
        skeletons = self._skeletons()
        case_t = Case.__table__  # type: ignore[attr-defined]
        person_t = Complainant.__table__  # type: ignore[attr-defined]
        evidence_t = Evidence.__table__  # type: ignore[attr-defined]
        note_t = Annotation.__table__  # type: ignore[attr-defined]
        contact_t = Contact.__table__  # type: ignore[attr-defined]
        self.case_id = self._next_id(case_t)
        self.person_id = self._next_id(person_t)
        self.evidence_id = self._next_id(evidence_t)
        self.note_id = self._next_id(note_t)
        self.contact_id = self._next_id(contact_t)
        self.people: list[_PersonInfo] = []
        self.ref_numbers: dict[int, int] = {}
        self.category_w = _Weighted(CATEGORY_WEIGHTS)
        self.priority_w = _Weighted(PRIORITY_WEIGHTS)
        self.channel_w = _Weighted(CONTACT_CHANNELS)
        sql = text(search.insert_many_sql(self.dialect))
        for start in range(0, len(skeletons), CHUNK):
            batch: dict[str, list[dict[str, Any]]] = {
                "people": [], "cases": [], "evidence": [], "notes": [], "contacts": [],
                "search": []}
            for skeleton in skeletons[start:start + CHUNK]:
                self._case(skeleton, batch)
            self._insert(person_t, batch["people"])
            self._insert(case_t, batch["cases"])
            self._insert(evidence_t, batch["evidence"])
            self._insert(note_t, batch["notes"])
            self._insert(contact_t, batch["contacts"])
            if batch["search"]:
                self.conn.execute(sql, batch["search"])
            self._write_events()
            self.summary.complainants += len(batch["people"])
            self.summary.cases += len(batch["cases"])
            self.summary.evidence += len(batch["evidence"])
            self.summary.annotations += len(batch["notes"])
            self.summary.contacts += len(batch["contacts"])
            self.summary.search_rows += len(batch["search"])
            if self.progress is not None:
                self.progress(start + len(batch["cases"]), self.n)

    def _person(self, batch: dict[str, list[dict[str, Any]]]) -> _PersonInfo:
        r = self.r
        city_i = int(r.random() * len(CITIES))
        city, province, _area, districts = CITIES[city_i]
        district, region = r.pick(districts)
        surname = r.pick(SURNAMES)
        name = surname + r.pick(GIVEN)
        merchant = r.chance(0.55)
        birth = self.clock.first - timedelta(days=r.num(365 * 18, 365 * 60))
        id_number = make_resident_id(region, birth, r.num(0, 999))
        phone = r.pick(MOBILE_PREFIXES) + f"{r.num(0, 99999999):08d}"
        card = ""
        if r.chance(0.4):
            card = make_bank_card(r.pick(CARD_PREFIXES), 19 if r.chance(0.7) else 16,
                                  r.num(0, 10**9 - 1))
        merchant_name = merchant_no = ""
        kind = "consumer"
        road = r.pick(ROADS)
        if merchant:
            kind = "merchant"
            shop, mcc = r.pick(SHOP_TYPES)
            merchant_name = r.pick(SHOP_WORDS).format(s=surname) + shop
            merchant_no = f"8{region[:3]}{mcc}{r.num(0, 9999999):07d}"
            address = f"{province}{city}{district}{road}{r.num(1, 999)}号"
        else:
            address = (f"{province}{city}{district}{road}{r.num(1, 999)}号{r.pick(ESTATES)}"
                       f"{r.num(1, 30)}栋{r.num(1, 28)}{r.num(1, 4):02d}室")
        person = _PersonInfo(self.person_id, name, kind, merchant_name, merchant_no, city_i)
        batch["people"].append({
            "id": self.person_id, "kind": kind, "name": name, "phone": phone,
            "id_number": id_number, "bank_card": card, "address": address,
            "merchant_name": merchant_name, "merchant_no": merchant_no})
        self.person_id += 1
        self.people.append(person)
        return person

    def _case(self, skeleton: tuple[int, int, Stage, Stage, list[tuple[Stage, int, str]],
                                    Outcome | None],
              batch: dict[str, list[dict[str, Any]]]) -> None:
        r, clock = self.r, self.clock
        opened, draw, stage, last, path, outcome = skeleton
        case_id = self.case_id
        self.case_id += 1
        closed = stage is Stage.CLOSED
        now = clock.today * 86400 + OFFICE_END
        end_moment = path[-1][1] if closed else now

        # who complains about whom
        if self.people and r.chance(0.12):
            person = self.people[int(r.random() * len(self.people))]
        else:
            person = self._person(batch)
        provider: _ProviderInfo = self.provider_pick.draw(r)
        superior = self.by_id[provider.superior] if provider.superior else None

        # categories: the first ones cover every category, then weighted
        primary: Category = (_CATEGORIES[draw] if draw < len(_CATEGORIES)
                             else self.category_w.draw(r))
        categories = [primary]
        for _ in range(0 if r.chance(0.45) else (1 if r.chance(0.75) else 2)):
            extra: Category = self.category_w.draw(r)
            if extra not in categories and extra is not Category.OTHER:
                categories.append(extra)
        priority: Priority = (_PRIORITIES[draw % len(_PRIORITIES)] if draw < 12
                              else self.priority_w.draw(r))

        # assignee: most cases have one; new intake cases often wait for one
        assignee: str | None
        if draw < len(self.workers) + len(self.supervisors):
            assignee = (self.workers + self.supervisors)[draw]
        elif r.chance(0.4 if stage is Stage.INTAKE else 0.02 if closed else 0.05):
            assignee = None
        else:
            assignee = self.assignees.draw(r)
        creator = assignee if assignee and r.chance(0.55) else r.pick(self.workers)
        owner = assignee or creator
        supervisor = r.pick(self.supervisors)

        day_opened = opened // 86400
        year = clock.days[day_opened].year
        number = self.ref_numbers.get(year, 0) + 1
        self.ref_numbers[year] = number
        ref = f"{REF_PREFIX}-{year}-{number:06d}"
        model, sn_prefix = r.pick(POS_MODELS)
        sn = f"{sn_prefix}{r.num(10**9, 10**10 - 1)}"
        story = _story(r, clock, primary, categories, person, provider, superior, model, sn,
                       day_opened)
        demands = story.demands
        claimed = sum(d["amount_fen"] for d in demands)

        # events of this case: (moment, order, kind, actor, payload, time)
        at = clock.at
        opened_at = at(opened)
        events: list[tuple[int, int, str, str, dict[str, Any], datetime]] = []
        intake_due = clock.due(Stage.INTAKE, day_opened)
        events.append((opened, 0, "created", creator, {
            "ref": ref, "title": story.title, "stage": Stage.INTAKE.value,
            "due_on": intake_due.day.isoformat() if intake_due else None,
            "due_estimated": bool(intake_due and intake_due.estimated),
            "categories": [c.value for c in categories],
            "assignee": assignee if creator == assignee else None}, opened_at))
        if assignee and creator != assignee:
            moment = opened + r.num(300, 3000)
            events.append((moment, 1, "assigned", supervisor, {"from": None, "to": assignee},
                           at(moment)))
        for (before, _m, _x), (after, moment, reason) in pairwise(path):
            if after is Stage.CLOSED:
                continue
            due = clock.due(after, moment // 86400)
            payload: dict[str, Any] = {
                "from": before.value, "to": after.value, "reason": reason,
                "due_on": due.day.isoformat() if due else None}
            if after in (Stage.MEDIA, Stage.LEGAL):
                payload["approved_by"] = supervisor
            events.append((moment, 2, "stage_changed", owner, payload, at(moment)))

        # contacts: at least one with the provider before the case left that rung
        contacts = batch["contacts"]
        n_contacts = r.pick(_CONTACT_COUNTS) if len(path) > 1 else 0
        provider_left = len(path) > 2  # escalated or closed after the provider rung
        intervals = []
        for j, (s, moment, _x) in enumerate(path):
            if s in (Stage.CLOSED, Stage.INTAKE):
                continue
            upto = path[j + 1][1] if j + 1 < len(path) else end_moment
            intervals.append((s, moment, upto))
        if provider_left and n_contacts == 0:
            n_contacts = 1
        follow_up: int | None = None  # next follow-up of the latest contact in the current stage
        last_contact = -1
        for c in range(n_contacts):
            if not intervals:
                break
            s, lo, hi = intervals[0] if (c == 0 and provider_left) else r.pick(intervals)
            moment = _between(r, clock, lo, hi)
            channel: str = self.channel_w.draw(r)
            counterpart, ticket = _counterpart(r, clock, s, provider, superior, person, moment,
                                               channel)
            next_day = (moment // 86400 + r.num(3, 12)) if r.chance(0.75) else None
            if moment > last_contact:
                last_contact = moment
                follow_up = next_day if s is stage else None
            when = at(moment)
            contacts.append({
                "id": self.contact_id, "case_id": case_id, "at": when,
                "channel": channel, "counterpart": counterpart, "counterpart_stage": s.value,
                "ticket_no": ticket, "summary": r.pick(CONTACT_SUMMARIES[s]),
                "outcome": r.pick(CONTACT_OUTCOMES).format(k=r.num(3, 15)),
                "next_follow_up": clock.days[next_day] if next_day is not None else None,
                "logged_by": owner})
            events.append((moment, 3, "contact_logged", owner, {
                "contact_id": self.contact_id, "channel": channel, "counterpart": counterpart,
                "ticket_no": ticket,
                "next_follow_up": clock.iso[next_day] if next_day is not None else None}, when))
            self.contact_id += 1

        # evidence: mostly what the category's checklist asks for
        evidence_rows = batch["evidence"]
        n_evidence = r.pick(_EVIDENCE_COUNTS)
        wanted = _WANTED_KINDS[primary]
        evidence_titles: list[str] = []
        evidence_list: list[tuple[int, int]] = []
        for e in range(n_evidence):
            kind: EvidenceKind = (wanted[int(r.random() * len(wanted))] if r.chance(0.8)
                                  else r.pick(_EVIDENCE_KINDS))
            title, media, pattern = r.pick(EVIDENCE_TEMPLATES[kind])
            moment = opened + r.num(120, 3600) * (e + 1)
            if moment >= end_moment or r.chance(0.4):
                moment = _between(r, clock, opened, end_moment)
            obtained = day_opened - r.num(0, 120)
            obtained_date = clock.days[obtained]
            title = title.format(month=obtained_date.month)
            ymd = clock.ymd[obtained]
            name = pattern.format(stamp=f"{ymd}_{r.num(80000, 215959):06d}", ym=ymd[:6])
            when = at(moment)
            digest = hashlib.sha256(
                f"demo:{self.seed}:{ref}:{e}:{title}".encode()).hexdigest()
            size = (r.num(2_000_000, 60_000_000) if media.startswith("video")
                    else r.num(200_000, 8_000_000) if media.startswith("audio")
                    else r.num(40_000, 3_500_000))
            proves = demands[int(r.random() * len(demands))]["text"] if demands else ""
            evidence_rows.append({
                "id": self.evidence_id, "case_id": case_id, "kind": kind.value, "title": title,
                "description": r.pick(EVIDENCE_DESCRIPTIONS).format(n=r.num(2, 12)),
                "source": r.pick(EVIDENCE_SOURCES), "obtained_on": obtained_date,
                "original_name": name, "sha256": digest, "size": size, "media_type": media,
                "proves": proves, "added_by": owner, "added_at": when})
            events.append((moment, 4, "evidence_added", owner, {
                "evidence_id": self.evidence_id, "kind": kind.value, "title": title,
                "sha256": digest}, when))
            evidence_titles.append(title)
            evidence_list.append((self.evidence_id, moment))
            self.evidence_id += 1

        # annotations: some on a piece of evidence
        notes = batch["notes"]
        bodies: list[str] = []
        for _ in range(r.pick(_NOTE_COUNTS)):
            on_evidence = evidence_list and r.chance(0.5)
            if on_evidence:
                evidence_id, since = r.pick(evidence_list)
            else:
                evidence_id, since = None, opened
            moment = _between(r, clock, since, max(since + 120, end_moment))
            body = r.pick(ANNOTATIONS).format(n=r.num(2, 9))
            bodies.append(body)
            notes.append({"id": self.note_id, "case_id": case_id, "evidence_id": evidence_id,
                          "body": body, "tags": list(r.pick(ANNOTATION_TAGS)),
                          "author": r.pick((owner, owner, supervisor)),
                          "created_at": at(moment)})
            self.note_id += 1

        # where the case stands now
        current_entry = path[-1][1]
        recovered = 0
        closed_at = None
        stage_due: DueDate | None = None
        follow_up_on: date | None = None
        if closed:
            assert outcome is not None
            status = Status.CLOSED
            if outcome is Outcome.RESOLVED:
                recovered = claimed
            elif outcome is Outcome.PARTIALLY_RESOLVED:
                recovered = claimed * r.num(25, 80) // 100
            closed_at = at(current_entry)
            events.append((current_entry, 5, "stage_changed", r.pick((owner, owner, supervisor)), {
                "from": last.value, "to": Stage.CLOSED.value, "outcome": outcome.value,
                "recovered_fen": recovered,
                "reason": r.pick(CLOSE_REASONS[outcome])}, closed_at))
        else:
            status = (Status.OPEN if stage is Stage.INTAKE or r.chance(0.45)
                      else Status.WAITING)
            stage_due = clock.due(stage, current_entry // 86400)
            if follow_up is not None and r.chance(0.8):
                follow_up_on = clock.days[follow_up]
        stage_due_on = stage_due.day if stage_due else None
        due_on = stage_due_on
        estimated = bool(stage_due and stage_due.estimated)
        if follow_up_on is not None and (due_on is None or follow_up_on < due_on):
            due_on, estimated = follow_up_on, False

        events.sort(key=_event_order)
        last_event = events[-1]
        self.events.extend([(case_id, kind_name, who, payload, when)
                            for _m, _o, kind_name, who, payload, when in events])

        batch["cases"].append({
            "id": case_id, "ref": ref, "title": story.title, "complainant_id": person.id,
            "provider_id": provider.id, "terminal_sn": sn,
            "categories": [c.value for c in categories], "primary_category": primary.value,
            "narrative": story.narrative, "demands": demands, "amount_claimed_fen": claimed,
            "amount_recovered_fen": recovered, "stage": stage.value, "status": status.value,
            "outcome": outcome.value if outcome else None, "priority": priority.value,
            "assignee_id": self.logins[assignee] if assignee else None,
            "harm_known_on": clock.days[story.harm_day],
            "opened_at": opened_at,
            "stage_entered_at": closed_at if closed else at(current_entry),
            "stage_due_on": stage_due_on, "follow_up_on": follow_up_on, "due_on": due_on,
            "due_estimated": estimated, "closed_at": closed_at,
            # reaching an administrative rung meant declaring who else holds the dispute
            "held_by": ["none"] if rung(last if closed else stage) >= MEDIATION_RUNG else [],
            "bodies_recorded": rung(last if closed else stage) >= MEDIATION_RUNG,
            "paused_since": None, "extra_days": 0,
            # as migration 0007 decides for older cases: past intake means accepted
            "decision": "pending" if stage is Stage.INTAKE else "accepted",
            "decision_on": None, "decision_ground": "", "material_items": [],
            "material_due_on": None,
            "updated_at": last_event[5], "updated_by": last_event[3], "version": 1})
        batch["search"].append({"id": case_id, **search.build_document(
            [ref, story.title, sn, person.name, person.merchant_name, provider.name,
             provider.short],
            [story.narrative, *bodies, *evidence_titles])})

    # -- audit chain -------------------------------------------------------------------

    def _write_events(self) -> None:
        """Chain the pending events (case by case, each case's in time order) and insert them."""
        rows_for = self.chain.rows
        rows = [rows_for(NewEvent(EventKind(kind), payload), who, case_id or None, when)
                for case_id, kind, who, payload, when in self.events]
        self._insert(CaseEvent.__table__, rows)  # type: ignore[attr-defined]
        self.summary.events += len(rows)
        self.events.clear()


class _BulkInsert:
    """`INSERT INTO table` for many rows: SQLAlchemy Core compiles the statement and the
    columns' own types convert the values (EncryptedStr encrypts, UTCDateTime, JSON, Date …),
    then the rows go to the driver's executemany in one call.

    The same as `connection.execute(insert(table), rows)`, minus the per-row bookkeeping of
    SQLAlchemy's generic execution path (about 7% of the demo's run time).
    """

    def __init__(self, conn: Connection, table: Any) -> None:
        dialect = conn.dialect
        compiled = insert(table).compile(dialect=dialect)
        self.conn = conn
        self.sql = compiled.string
        self.positional = bool(compiled.positional)
        names = list(compiled.positiontup or ()) if self.positional else list(compiled.binds)
        self.columns: list[tuple[str, Callable[[Any], Any] | None]] = [
            (name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in names]

    def run(self, rows: list[dict[str, Any]]) -> None:
        columns = self.columns
        params: list[Any]
        if self.positional:
            params = [tuple([convert(row[name]) if convert else row[name]
                             for name, convert in columns]) for row in rows]
        else:
            params = [{name: convert(row[name]) if convert else row[name]
                       for name, convert in columns} for row in rows]
        self.conn.exec_driver_sql(self.sql, params)


def _event_order(event: tuple[int, int, str, str, dict[str, Any], datetime]) -> tuple[int, int]:
    return event[0], event[1]


_USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_EVIDENCE_KINDS = tuple(EvidenceKind)
_CATEGORIES = tuple(Category)
_EVIDENCE_COUNTS = (0, 0, 0, 1, 1, 1, 2, 2, 3, 4)  # 0–4 per case
_CONTACT_COUNTS = (0, 0, 0, 1, 1, 1, 2, 2, 3, 4)
_NOTE_COUNTS = (0, 0, 0, 1, 1, 1, 2, 2, 3)
_PRIORITIES = tuple(Priority)
# evidence kinds each category's checklist asks for, in a fixed order
_WANTED_KINDS: dict[Category, tuple[EvidenceKind, ...]] = {
    category: tuple(kind for item in items for kind in sorted(item.kinds))
    for category, items in CHECKLISTS.items()}


def _between(r: _Rand, clock: _Clock, lo: int, hi: int) -> int:
    """A moment strictly between `lo` and `hi`, in office hours on a working day if it can."""
    if hi - lo < 240:
        return lo + max(1, (hi - lo) // 2)
    day_lo, day_hi = lo // 86400, hi // 86400
    day = clock.workday_back[r.num(day_lo, day_hi)]
    moment = day * 86400 + r.num(OFFICE_START, OFFICE_END)
    if moment <= lo or moment >= hi:
        moment = lo + r.num(60, hi - lo - 60)
    return moment


def _ticket(r: _Rand, clock: _Clock, moment: int, prefix: str = "GD") -> str:
    return f"{prefix}{clock.ymd[moment // 86400]}{r.num(0, 9999):04d}"


def _counterpart(r: _Rand, clock: _Clock, stage: Stage, provider: _ProviderInfo,
                 superior: _ProviderInfo | None, person: _PersonInfo, moment: int,
                 channel: str) -> tuple[str, str]:
    city = CITIES[person.city][0]
    if stage is Stage.PROVIDER:
        who = (f"{provider.short}客服热线 {provider.hotline}" if channel == "phone"
               else f"{provider.short}在线客服" if channel == "online" else provider.name)
        return who, _ticket(r, clock, moment) if channel in ("phone", "online") else ""
    if stage is Stage.SUPERIOR:
        target = superior or provider
        who = (f"{target.short}客服热线 {target.hotline}" if channel == "phone"
               else f"{target.name}消费者权益保护部")
        return who, _ticket(r, clock, moment, "KF") if channel != "letter" else ""
    if stage is Stage.MEDIATION:
        who = r.pick((f"{city}消费者协会", f"{city}市场监督管理局", f"{city}消费者协会调解室"))
        return who, ""
    if stage is Stage.NATIONAL:
        number = f"{clock.ymd[moment // 86400]}{r.num(0, 99999999):08d}"
        return "国家市场监督管理总局(全国12315平台)", number
    if stage is Stage.INDUSTRY:
        who = r.pick((f"中国人民银行{city}分行(12363)", f"国家金融监督管理总局{city}监管局(12378)",
                      "中国支付清算协会", "中国银联客户服务中心(95516)"))
        return who, _ticket(r, clock, moment, "JB") if r.chance(0.6) else ""
    if stage is Stage.MEDIA:
        return r.pick(_MEDIA), ""
    return r.pick((f"{city}某某律师事务所", f"{city}某区人民法院立案庭", f"{city}仲裁委员会")), ""


_MEDIA = ("某某都市报新闻热线", "虚构电视台《民生帮办》栏目", "示例新闻客户端爆料平台")


# --------------------------------------------------------------------------------------
# complaint texts
# --------------------------------------------------------------------------------------


@dataclass
class _Story:
    title: str
    narrative: str
    demands: list[dict[str, Any]]
    harm_day: int


def _demand(text_: str, fen: int = 0) -> dict[str, Any]:
    return {"text": text_, "amount_fen": fen}


@dataclass
class _Ctx:
    """What the paragraphs of one complaint share."""

    provider: _ProviderInfo
    staff: str
    r0: int  # promised rate, hundredths of a percent
    r1: int  # rate actually charged
    volume: int  # monthly turnover, yuan
    months: int
    day: int  # day index when the problem began


def _story(r: _Rand, clock: _Clock, primary: Category, categories: list[Category],
           person: _PersonInfo, provider: _ProviderInfo, superior: _ProviderInfo | None,
           model: str, sn: str, day_opened: int) -> _Story:
    """Title, 事实与理由 and 投诉请求 for one case."""
    sign_day = day_opened - r.num(60, 720) if r.chance(0.97) else day_opened - r.num(900, 1180)
    if primary in (Category.CASHBACK, Category.DEPOSIT_FEES):  # activation soon after signing
        issue_day = sign_day + r.num(2, 15)
    else:
        issue_day = sign_day + r.num(20, max(21, day_opened - sign_day - 10))
    issue_day = min(issue_day, day_opened - 3)
    call1 = min(day_opened - 2, issue_day + r.num(1, 20))
    call2 = min(day_opened - 1, call1 + r.num(3, 25))
    cn = clock.cn
    institution = superior.name if provider.kind == "agent" and superior else provider.name
    x = _Ctx(provider, r.pick(STAFF), r.pick((38, 38, 38, 50, 55, 60)),
             r.pick((63, 68, 78, 85, 100, 125)), r.num(8, 60) * 5000,
             max(1, (day_opened - issue_day) // 30), issue_day)
    if person.kind == "merchant":
        who = (f"投诉人{person.name}系{person.merchant_name}（商户编号{person.merchant_no}）"
               "经营者。")
        subject = "投诉人"
    else:
        who, subject = "", f"投诉人{person.name}"

    # 1. how the POS was signed up
    opening = r.num(0, 2)
    if opening == 0:
        intro = (f"{who}{cn[sign_day]}，{subject}经{provider.short}{x.staff}推荐办理了一台{model}"
                 f"（终端序列号{sn}），收单机构为{institution}。{x.staff}当时承诺"
                 f"“费率{_rate(x.r0)}%永不上调，不收押金和年费”。")
    elif opening == 1:
        intro = (f"{who}{cn[sign_day]}，{subject}{r.pick(PLACES)}看到“{r.pick(SLOGANS)}”的宣传，"
                 f"经{x.staff}向{provider.name}办理了{model}一台（终端序列号{sn}），"
                 f"收单机构为{institution}。")
    else:
        intro = (f"{who}{cn[sign_day]}，{subject}向{provider.name}申请安装{model}"
                 f"（终端序列号{sn}），签订《特约商户服务协议》，约定贷记卡费率"
                 f"{_rate(x.r0)}%，T+1结算，对接人为{x.staff}。")

    # 2. what went wrong
    title, issue, demands = _ISSUES[primary](r, clock, x)
    for category in categories[1:]:
        extra_text, extra_demand = _EXTRAS[category](r, x.r0, x.r1)
        issue += extra_text
        if extra_demand:
            demands.append(extra_demand)

    # 3. what the complainant already tried
    ticket = f"GD{clock.ymd[call1]}{r.num(0, 9999):04d}"
    excuse = r.pick(CATEGORY_EXCUSES[primary] if r.chance(0.6) else EXCUSES)
    if r.chance(0.8):
        tried = (f"投诉人于{cn[call1]}拨打{provider.short}客服热线{provider.hotline}反映，"
                 f"工单号{ticket}，客服承诺{r.num(3, 7)}个工作日内回复，但逾期未复；"
                 f"{cn[call2]}再次致电，客服称“{excuse}”。")
    else:
        tried = (f"投诉人多次联系{x.staff}，对方称“{excuse}”，{cn[call2]}后电话不接、微信不回；"
                 f"在{provider.short}公众号的留言（编号{ticket}）也无人处理。")
    narrative = "\n\n".join((intro, issue, tried + r.pick(_CLOSINGS)))
    return _Story(title, narrative, demands, issue_day)


_CLOSINGS = (
    "投诉人认为服务商侵害了其合法权益，请求贵会依法调解。",
    "投诉人已保留协议、交易记录等证据，请求督促服务商依法处理。",
    "投诉人多次协商无果，特向贵会投诉，请求依法受理并组织调解。",
)

_Issue = tuple[str, str, list[dict[str, Any]]]


def _fee_increase(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    # turnover (yuan) × Δrate (hundredths of a percent) × months, in fen
    extra_fen = x.volume * (x.r1 - x.r0) * x.months // 100
    per_txn = r.pick((0, 0, 100, 200, 300))
    r0, r1 = _rate(x.r0), _rate(x.r1)
    title = r.pick((f"{x.provider.short}未经告知将POS机费率由{r0}%上调至{r1}%",
                    "POS机刷卡费率被擅自上调，要求退还多收手续费",
                    f"刷卡费率从{r0}%涨到{r1}%，客服推诿不处理"))
    issue = (f"{clock.cn[x.day]}起，投诉人发现每笔贷记卡交易的手续费由约定的{r0}%变为{r1}%"
             + (f"，另有每笔{_yuan(per_txn)}元的“秒到费”被自动扣除" if per_txn else "")
             + f"。以月均流水约{x.volume:,}元计算，{x.months}个月来累计多扣手续费约"
             f"{_yuan(extra_fen)}元。服务商事先未以任何方式告知，投诉人也从未签署费率变更确认。")
    return title, issue, [_demand(f"退还多收取的手续费{_yuan(extra_fen)}元", extra_fen),
                          _demand(f"恢复原约定费率{r0}%，并书面说明调整依据")]


def _deposit(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    deposit = r.pick((9900, 19900, 29900, 39900, 49900))
    service = r.pick((3900, 6900, 9900))
    times = r.num(1, 6)
    title = r.pick((f"办理POS机被收取{_yuan(deposit)}元押金，承诺的返还未兑现",
                    f"激活POS机被扣{_yuan(deposit)}元“服务费”",
                    f"POS机押金{_yuan(deposit)}元拒不退还"))
    issue = (f"{clock.cn[x.day]}机具激活时，系统从首笔交易中直接扣除{_yuan(deposit)}元，"
             f"{x.staff}称这是“激活押金”，“交易满{r.num(5, 20)}万元即全额返还”。"
             f"投诉人此后累计交易已达{x.volume * x.months:,}元，远超约定标准，但押金至今未退还。"
             f"此外，服务商还以“会员服务费”名义先后{times}次各扣收{_yuan(service)}元。")
    return title, issue, [_demand(f"退还激活押金{_yuan(deposit)}元", deposit),
                          _demand(f"退还已扣收的服务费{_yuan(service * times)}元",
                                  service * times)]


def _sim(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    fee = r.pick((4800, 6900, 9900, 12000))
    years = max(1, min(3, x.months // 12 + 1))
    title = r.pick((f"POS机被扣取流量卡年费{_yuan(fee)}元", "未经同意扣收SIM卡服务费",
                    f"流量费每年{_yuan(fee)}元，办理时从未告知"))
    issue = (f"{clock.cn[x.day]}，投诉人的结算款中被扣除{_yuan(fee)}元，客服解释为“流量卡年费”。"
             "办理时业务员从未提及流量费，协议中也无相关条款；投诉人平时通过店内Wi-Fi联网，"
             f"根本没有使用流量卡。至今共被扣收{years}次，合计{_yuan(fee * years)}元。")
    return title, issue, [_demand(f"退还已扣收的流量卡年费{_yuan(fee * years)}元", fee * years),
                          _demand("停止扣收流量费并注销流量卡")]


def _cashback(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    cashback = r.pick((10000, 15000, 19900, 20000, 30000, 50000))
    threshold = r.pick((10000, 20000, 30000, 50000))
    title = r.pick((f"激活返现{_yuan(cashback)}元至今未兑现", "POS机“刷满返现”承诺落空",
                    f"业务员承诺的激活返现{_yuan(cashback)}元拒不支付"))
    issue = (f"{x.staff}承诺“激活后首月交易满{threshold:,}元即返现{_yuan(cashback)}元，"
             f"{r.num(3, 10)}个工作日内到账”，并在微信中发送了活动规则截图。投诉人按要求于"
             f"{clock.cn[x.day]}完成激活，当月交易{x.volume:,}元，已满足条件，但返现迟迟未到账。"
             f"{x.staff}先称“系统审核中”，后以“活动已结束”为由拒绝兑现，随后将投诉人微信拉黑。")
    return title, issue, [_demand(f"兑现激活返现{_yuan(cashback)}元", cashback)]


def _code_jumping(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    mcc, mcc_name = r.pick(FAKE_MCC)
    cut = r.num(2, 30) * 100000
    loss = r.num(5, 80) * 1000
    trade = r.pick(("商贸", "餐饮", "酒店", "百货"))
    fake = f"{r.pick(CITIES)[0]}{r.pick(FICTIONAL)}{trade}有限公司"
    title = r.pick(("POS机交易商户名称被篡改（跳码）", f"刷卡显示为{mcc_name}类商户，疑似跳码",
                    "POS机跳码导致信用卡被降额"))
    issue = (f"{clock.cn[x.day]}起，投诉人核对信用卡账单时发现，通过该POS机的交易显示的商户名称"
             f"并非本店，而是“{fake}”等外地商户，商户类别码显示为{mcc}（{mcc_name}）。发卡行因此"
             f"认定交易存在异常，将投诉人的信用卡额度下调{_yuan(cut)}元。投诉人询问服务商，"
             "对方称系“通道优化”，拒绝恢复。")
    return title, issue, [_demand("立即停止跳码，恢复真实商户信息"),
                          _demand(f"赔偿因降额及积分损失造成的损失{_yuan(loss)}元", loss)]


def _settlement(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    amount = r.num(20, 3000) * 1000 + r.num(0, 99) * 100
    days = r.num(5, 90)
    title = r.pick((f"POS机交易款{_yuan(amount)}元延迟到账{days}天",
                    f"结算资金被冻结{_yuan(amount)}元，服务商不予解释",
                    f"T+1到账变成T+{days}，资金被扣留"))
    interest = amount * days * 31 // 36500 // 10  # about 3.1% a year
    issue = (f"{clock.cn[x.day]}，投诉人通过该机具收款共{_yuan(amount)}元，按协议应于次一工作日"
             f"结算至尾号{r.num(0, 9999):04d}的结算账户，但过了{days}天仍未到账。客服称该笔交易"
             "触发“风控调单”，要求投诉人提供购物小票和顾客身份证明，材料提交后又称“仍在审核中”，"
             "既不给出冻结依据，也不告知解冻时限。")
    return title, issue, [_demand(f"立即结算被冻结的交易款{_yuan(amount)}元", amount),
                          _demand("赔偿资金占用期间的利息损失", interest)]


def _secondary(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    diff = r.num(300, 20000) * 100
    title = r.pick(("POS机结算款由个人账户转入，疑似“二清”",
                    "交易资金经第三方个人账户结算，到账金额短少"))
    issue = (f"{clock.cn[x.day]}起，投诉人发现每笔交易的结算款并非由收单机构直接划入，而是由名为"
             f"“{r.pick(SURNAMES)}某”的个人账户或“{r.pick(FICTIONAL)}商务咨询中心”转入，且到账金额"
             f"与交易流水对不上，{x.months}个月累计差额{_yuan(diff)}元。投诉人怀疑该服务商未取得"
             "支付业务许可证，从事资金二次清分。")
    return title, issue, [_demand(f"结清差额款项{_yuan(diff)}元", diff),
                          _demand("请监管部门查处无证经营支付业务行为")]


def _data_leak(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    loss = r.pick((0, 50000, 100000, 200000))
    title = r.pick(("办理POS机后个人信息被泄露，频繁接到贷款推销电话",
                    f"{x.provider.short}泄露身份证和银行卡信息"))
    issue = (f"办理POS机时，{x.staff}要求投诉人提供身份证正反面照片、银行卡照片及手持身份证照片。"
             f"此后投诉人每天接到{r.num(3, 15)}个以上贷款、信用卡代还推销电话，对方能准确说出"
             f"投诉人的姓名、身份证号后四位和办理POS机的时间；{clock.cn[x.day]}，投诉人还收到"
             "以其名义申请网络贷款的审核短信。")
    demands = [_demand("删除投诉人的个人信息，并说明信息使用和流转情况")]
    if loss:
        demands.append(_demand(f"赔礼道歉并赔偿损失{_yuan(loss)}元", loss))
    return title, issue, demands


def _false_ad(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    fee = r.pick((9900, 19900, 29800, 39900))
    title = r.pick(("业务员冒充银联工作人员推销POS机", "“一清机、费率终身不变”的宣传与实际不符",
                    "冒充银行客服以“POS机升级”为名收费"))
    issue = (f"{clock.cn[x.day]}，一名男子自称“银联工作人员”，出示印有银联标识的工作证，称旧机具"
             f"“即将停用，须免费升级”，诱导投诉人办理新机具并缴纳{_yuan(fee)}元“升级费”。宣传单上"
             f"写明“一清机、央行牌照、费率终身{_rate(x.r0)}%”，实际费率为{_rate(x.r1)}%，"
             "且收单机构与宣传不符。")
    return title, issue, [_demand(f"退还升级费{_yuan(fee)}元", fee),
                          _demand("对虚假宣传、冒用银联名义的行为依法处理")]


def _unreachable(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    times = r.num(4, 20)
    title = r.pick((f"{x.provider.short}客服电话长期无人接听",
                    f"问题反映{times}次均被推诿，无人处理"))
    issue = (f"自{clock.cn[x.day]}起，投诉人因机具无法正常结算，先后{times}次拨打客服热线"
             f"{x.provider.hotline}，多次提示“坐席忙”或转接后自动挂断；接通后客服称问题属于代理商，"
             f"要求联系{x.staff}，而对方电话已停机。投诉人在线上提交的工单显示“已关闭”，"
             "但始终无人联系投诉人。")
    return title, issue, [_demand("明确答复并解决投诉人反映的问题"),
                          _demand("提供有效的联系方式和处理时限")]


def _device(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    price = r.pick((9900, 19900, 29900, 49900))
    loss = r.num(2, 30) * 10000
    title = r.pick(("新领POS机频繁故障无法刷卡",
                    f"POS机故障致收款失败，要求退还机具费{_yuan(price)}元"))
    issue = (f"机具使用不久即频繁提示“{r.pick(FAULTS)}”等故障，{clock.cn[x.day]}"
             f"起多笔顾客付款失败。投诉人联系服务商要求换机，对方要求自付{r.num(5, 20) * 10}元"
             "维修费并寄回总部，维修期间无备用机，严重影响正常经营。")
    return title, issue, [_demand(f"免费更换机具或退还购机款{_yuan(price)}元", price),
                          _demand(f"赔偿停机期间的经营损失{_yuan(loss)}元", loss)]


def _other(r: _Rand, clock: _Clock, x: _Ctx) -> _Issue:
    fee = r.pick((20000, 30000, 50000, 80000))
    title = r.pick(("POS机注销后仍被扣费", f"要求注销POS机被索要{_yuan(fee)}元违约金"))
    issue = (f"投诉人于{clock.cn[x.day]}申请注销该机具并已寄回，但服务商以“未满合约期”为由要求支付"
             f"{_yuan(fee)}元违约金，否则不予注销，注销前仍按月扣收服务费。")
    return title, issue, [_demand("无条件注销机具并停止扣费"),
                          _demand(f"退还注销申请后扣收的费用{_yuan(fee)}元", fee)]


_ISSUES: dict[Category, Callable[[_Rand, _Clock, _Ctx], _Issue]] = {
    Category.FEE_INCREASE: _fee_increase,
    Category.DEPOSIT_FEES: _deposit,
    Category.SIM_FEES: _sim,
    Category.CASHBACK: _cashback,
    Category.CODE_JUMPING: _code_jumping,
    Category.SETTLEMENT: _settlement,
    Category.SECONDARY_CLEARING: _secondary,
    Category.DATA_LEAK: _data_leak,
    Category.FALSE_ADVERTISING: _false_ad,
    Category.UNREACHABLE: _unreachable,
    Category.DEVICE_FAULT: _device,
    Category.OTHER: _other,
}


def _extra(sentence: str, demand: str = "", low: int = 0, high: int = 0
           ) -> Callable[[_Rand, int, int], tuple[str, dict[str, Any] | None]]:
    """A secondary category: one more sentence and perhaps one more demand."""

    def make(r: _Rand, r0: int, r1: int) -> tuple[str, dict[str, Any] | None]:
        amount = r.num(low, high) * 100 if high else 0
        text_ = sentence.format(r0=_rate(r0), r1=_rate(r1), amount=_yuan(amount))
        if not demand:
            return text_, None
        return text_, _demand(demand.format(amount=_yuan(amount)), amount)

    return make


_EXTRAS: dict[Category, Callable[[_Rand, int, int], tuple[str, dict[str, Any] | None]]] = {
    Category.FEE_INCREASE: _extra("与此同时，机具费率也由{r0}%被调整为{r1}%，"
                                  "多扣手续费{amount}元。", "退还多扣手续费{amount}元", 50, 3000),
    Category.DEPOSIT_FEES: _extra("此前服务商还以“激活押金”名义扣收{amount}元，至今未退。",
                                  "退还押金{amount}元", 99, 399),
    Category.SIM_FEES: _extra("另有{amount}元“流量卡年费”在未告知的情况下被扣除。",
                              "退还流量卡年费{amount}元", 48, 99),
    Category.CASHBACK: _extra("办理时承诺的激活返现{amount}元也一直没有兑现。",
                              "兑现激活返现{amount}元", 100, 300),
    Category.CODE_JUMPING: _extra("投诉人还发现部分交易显示的商户名称与本店不符，疑似跳码。",
                                  "停止跳码，恢复真实商户信息"),
    Category.SETTLEMENT: _extra("期间还有一笔{amount}元的交易款延迟多日才到账。"),
    Category.SECONDARY_CLEARING: _extra("部分结算款由个人账户转入，疑似“二清”。",
                                        "说明资金结算路径"),
    Category.DATA_LEAK: _extra("办理后投诉人频繁接到推销电话，怀疑个人信息被泄露。",
                               "删除投诉人的个人信息"),
    Category.FALSE_ADVERTISING: _extra("办理时的宣传单写着“费率终身{r0}%”，与实际情况明显不符。"),
    Category.UNREACHABLE: _extra("投诉人此后多次联系客服，均被以“由代理商负责”为由推诿。"),
    Category.DEVICE_FAULT: _extra("机具还经常出现读卡失败的故障，影响正常收款。",
                                  "免费维修或更换机具"),
    Category.OTHER: _extra("投诉人另有其他诉求，详见所附材料。"),
}
