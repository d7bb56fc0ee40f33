"""Complaint texts: title, 事实与理由 and 投诉请求 for each primary category, with the
sentences secondary categories add."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.demo.days import DayClock
from workbench.demo.draws import Rand
from workbench.demo.names import CITIES, FICTIONAL, SURNAMES, PersonInfo, ProviderInfo
from workbench.domain.categories import Category

STAFF = ("业务员小刘", "业务员小王", "业务员李某", "张经理", "陈主管", "业务员小赵", "渠道经理周某")
PLACES = ("在菜市场门口的地推摊位", "在微信朋友圈广告中", "在某短视频平台直播间",
          "在小区门口的宣传点", "在朋友转发的宣传海报上", "从业务员上门发放的传单上",
          "在某招聘网站的“兼职代理”广告中")
# {r0}: the rate the case was promised (the slogan's rate is the complaint's own)
SLOGANS = ("费率终身{r0}%，永不上调", "免费领取POS机，0押金0年费", "银联正规一清机，秒到账",
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


def yuan(fen: int) -> str:
    """Fen as yuan text for narratives: 12345 → "123.45", 30000 → "300"."""
    yuan, cents = divmod(fen, 100)
    return f"{yuan:,}" if cents == 0 else f"{yuan:,}.{cents:02d}"



def _rate(bp: int) -> str:
    """A rate in hundredths of a percent as text: 38 → "0.38", 50 → "0.5", 100 → "1"."""
    return f"{bp // 100}.{bp % 100:02d}".rstrip("0").rstrip(".")



# where a complaint states the rate it was promised and the rate it is charged (the
# sentences below write them so): the exhibits of its evidence show the same rates
_PROMISED = re.compile(r"(?:费率终身|“费率|约定贷记卡费率|由约定的|费率也由)(\d+(?:\.\d+)?)%")
_CHARGED = re.compile(r"(?:变为|被调整为|实际费率为)(\d+(?:\.\d+)?)%")


def stated_rates(narrative: str) -> tuple[str, str]:
    """The promised and the charged rate a complaint states ("0.6", "1.25"); "" for one it
    does not state."""
    promised, charged = _PROMISED.search(narrative), _CHARGED.search(narrative)
    return (promised.group(1) if promised else "", charged.group(1) if charged else "")


@dataclass
class Story:
    title: str
    narrative: str
    demands: list[dict[str, Any]]
    harm_day: int
    # the promised and the charged rate as the complaint states them ("0.6", "1.25"): the
    # evidence and its exhibits use the case's own rates, never a rate of their own
    rates: tuple[str, str] = ("", "")
    raised: bool = False  # the complaint says the rate was raised to the charged one


def _demand(text_: str, fen: int = 0) -> dict[str, Any]:
    return {"text": text_, "amount_fen": fen}


@dataclass
class _Ctx:
    """What the paragraphs of one complaint share."""

    provider: ProviderInfo
    staff: str
    r0: int  # promised rate, hundredths of a percent
    r1: int  # rate actually charged
    volume: int  # monthly turnover, yuan
    months: int
    day: int  # day index when the problem began
    until: int  # the day before the complaint: what the complainant counts up to
    # a merchant's story speaks of its shop (结算款, 本店); a consumer's of their own card,
    # so that no 生活消费 case reads as a business (domain/scope_words.toml)
    shop: bool = True


def story(r: Rand, clock: DayClock, primary: Category, categories: list[Category],
           person: PersonInfo, provider: ProviderInfo, superior: ProviderInfo | None,
           model: str, sn: str, day_opened: int) -> Story:
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
    staff, r0, r1, volume = (r.pick(STAFF), r.pick((38, 38, 38, 50, 55, 60)),
                             r.pick((63, 68, 78, 85, 100, 125)), r.num(8, 60) * 5000)
    shop = person.kind == "merchant"
    # a person swipes a tenth of a shop's turnover (the draw as before, scaled)
    x = _Ctx(provider, staff, r0, r1, volume if shop else volume // 10,
             max(1, (day_opened - issue_day) // 30), issue_day, day_opened - 1, shop)
    if person.kind == "merchant":
        who = (f"投诉人{person.name}系{person.merchant_name}（商户编号{person.merchant_no}）"
               "经营者。")
        subject = "投诉人"
    else:
        who, subject = "", f"投诉人{person.name}"

    # 1. how the POS was signed up
    opening = r.num(0, 2)
    # a 特约商户服务协议 is a merchant's contract; a person signs a POS service agreement
    contract = "特约商户服务协议" if person.kind == "merchant" else "POS机具服务协议"
    if opening == 0:
        intro = (f"{who}{cn[sign_day]}，{subject}经{provider.short}{x.staff}推荐办理了一台{model}"
                 f"（终端序列号{sn}），收单机构为{institution}。{x.staff}当时承诺"
                 f"“费率{_rate(x.r0)}%永不上调，不收押金和年费”。")
    elif opening == 1:
        intro = (f"{who}{cn[sign_day]}，{subject}{r.pick(PLACES)}看到“"
                 f"{r.pick(SLOGANS).format(r0=_rate(x.r0))}”的宣传，"
                 f"经{x.staff}向{provider.name}办理了{model}一台（终端序列号{sn}），"
                 f"收单机构为{institution}。")
    else:
        intro = (f"{who}{cn[sign_day]}，{subject}向{provider.name}申请安装{model}"
                 f"（终端序列号{sn}），签订《{contract}》，约定贷记卡费率"
                 f"{_rate(x.r0)}%，T+1结算，对接人为{x.staff}。")

    # 2. what went wrong
    title, issue, demands = _ISSUES[primary](r, clock, x)
    for category in categories[1:]:
        extra_text, extra_demand = _EXTRAS[category](r, x.r0, x.r1, x.shop)
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
    charged = _rate(x.r1)  # never one of the promised rates: stated only when raised
    return Story(title, narrative, demands, issue_day, (_rate(x.r0), charged),
                 f"{charged}%" in narrative)


_CLOSINGS = (
    "投诉人认为服务商侵害了其合法权益，请求贵会依法调解。",
    "投诉人已保留协议、交易记录等证据，请求督促服务商依法处理。",
    "投诉人多次协商无果，特向贵会投诉，请求依法受理并组织调解。",
)

_Issue = tuple[str, str, list[dict[str, Any]]]


def _fee_increase(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    # turnover (yuan) × Δrate (hundredths of a percent) × months, in fen
    extra_fen = x.volume * (x.r1 - x.r0) * x.months // 100
    # a per-transaction "秒到费" was drawn here; no request claims it, so the complaint
    # does not mention it (review round 5: an unclaimed fee) — drawn still, the later
    # draws stay the same
    r.pick((0, 0, 100, 200, 300))
    r0, r1 = _rate(x.r0), _rate(x.r1)
    title = r.pick((f"{x.provider.short}未经告知将POS机费率由{r0}%上调至{r1}%",
                    "POS机刷卡费率被擅自上调，要求退还多收手续费",
                    f"刷卡费率从{r0}%涨到{r1}%，客服推诿不处理"))
    issue = (f"{clock.cn[x.day]}起，投诉人发现每笔贷记卡交易的手续费由约定的{r0}%变为{r1}%"
             f"。以{'月均流水' if x.shop else '每月刷卡'}约{x.volume:,}元计算，至"
             f"{clock.cn[x.until]}累计多扣手续费约{yuan(extra_fen)}元。服务商事先未以任何方式告知，投诉人也从未签署费率变更确认。")
    return title, issue, [_demand(f"退还多收取的手续费{yuan(extra_fen)}元", extra_fen),
                          _demand(f"恢复原约定费率{r0}%，并书面说明调整依据")]


def _deposit(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    deposit = r.pick((9900, 19900, 29900, 39900, 49900))
    service = r.pick((3900, 6900, 9900))
    times = r.num(1, 6)
    title = r.pick((f"办理POS机被收取{yuan(deposit)}元押金，承诺的返还未兑现",
                    f"激活POS机被扣{yuan(deposit)}元“服务费”",
                    f"POS机押金{yuan(deposit)}元拒不退还"))
    issue = (f"{clock.cn[x.day]}机具激活时，系统从首笔交易中直接扣除{yuan(deposit)}元，"
             f"{x.staff}称这是“激活押金”，“交易满{r.num(5, 20)}万元即全额返还”。"
             f"投诉人此后累计交易已达{x.volume * x.months:,}元，远超约定标准，但押金至今未退还。"
             f"此外，服务商还以“会员服务费”名义先后{times}次各扣收{yuan(service)}元。")
    return title, issue, [_demand(f"退还激活押金{yuan(deposit)}元", deposit),
                          _demand(f"退还已扣收的服务费{yuan(service * times)}元",
                                  service * times)]


def _sim(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    fee = r.pick((4800, 6900, 9900, 12000))
    years = max(1, min(3, x.months // 12 + 1))
    title = r.pick((f"POS机被扣取流量卡年费{yuan(fee)}元", "未经同意扣收SIM卡服务费",
                    f"流量费每年{yuan(fee)}元，办理时从未告知"))
    paid, net = ("结算款", "店内") if x.shop else ("刷卡到账款", "家中")
    issue = (f"{clock.cn[x.day]}，投诉人的{paid}中被扣除{yuan(fee)}元，客服解释为“流量卡年费”。"
             f"办理时业务员从未提及流量费，协议中也无相关条款；投诉人平时通过{net}Wi-Fi联网，"
             f"根本没有使用流量卡。至今共被扣收{years}次，合计{yuan(fee * years)}元。")
    return title, issue, [_demand(f"退还已扣收的流量卡年费{yuan(fee * years)}元", fee * years),
                          _demand("停止扣收流量费并注销流量卡")]


def _cashback(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    cashback = r.pick((10000, 15000, 19900, 20000, 30000, 50000))
    threshold = r.pick((10000, 20000, 30000, 50000))
    title = r.pick((f"激活返现{yuan(cashback)}元至今未兑现", "POS机“刷满返现”承诺落空",
                    f"业务员承诺的激活返现{yuan(cashback)}元拒不支付"))
    issue = (f"{x.staff}承诺“激活后首月交易满{threshold:,}元即返现{yuan(cashback)}元，"
             f"{r.num(3, 10)}个工作日内到账”，并在微信中发送了活动规则截图。投诉人按要求于"
             f"{clock.cn[x.day]}完成激活，{'当月交易' if x.shop else '当月刷卡'}"
             f"{max(x.volume, threshold + x.volume // 10):,}元，已满足条件，但返现迟迟未到账。"
             f"{x.staff}先称“系统审核中”，后以“活动已结束”为由拒绝兑现，随后将投诉人微信拉黑。")
    return title, issue, [_demand(f"兑现激活返现{yuan(cashback)}元", cashback)]


def _code_jumping(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    mcc, mcc_name = r.pick(FAKE_MCC)
    cut = r.num(2, 30) * 100000
    loss = r.num(5, 80) * 1000
    trade = r.pick(("商贸", "餐饮", "酒店", "百货"))
    fake = f"{r.pick(CITIES)[0]}{r.pick(FICTIONAL)}{trade}有限公司"
    title = r.pick(("POS机交易商户名称被篡改（跳码）", f"刷卡显示为{mcc_name}类商户，疑似跳码",
                    "POS机跳码导致交易额度被下调"))
    own, took = ("本店", "收款") if x.shop else ("机具登记的商户", "交易")
    # the complainant's own card never passes its own POS (review round 6 D5: that reads
    # as 套现): the 跳码 shows in the terminal's settlement records, the harm is the
    # acquirer's risk limit on the terminal
    issue = (f"{clock.cn[x.day]}起，投诉人核对该POS机的结算明细时发现，机具受理的交易上送的商户名称"
             f"并非{own}，而是“{fake}”等外地商户，商户类别码显示为{mcc}（{mcc_name}）。收单机构"
             f"因此将该机具列为风险终端，单日{took}额度被下调至{yuan(cut)}元。投诉人询问服务商，"
             "对方称系“通道优化”，拒绝恢复。")
    return title, issue, [_demand("立即停止跳码，恢复真实商户信息"),
                          _demand(f"赔偿因跳码及{took}受限造成的损失{yuan(loss)}元", loss)]


def _settlement(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    amount = r.num(20, 3000) * 1000 + r.num(0, 99) * 100
    # counted from the case's own dates: no longer than up to the day before the complaint
    days = max(1, min(r.num(5, 90), x.until - x.day))
    title = r.pick((f"POS机交易款{yuan(amount)}元延迟到账{days}天",
                    f"结算资金被冻结{yuan(amount)}元，服务商不予解释",
                    f"T+1到账变成T+{days}，资金被扣留"))
    interest = amount * days * 31 // 36500 // 10  # about 3.1% a year
    took, into, proof = (("收款", "结算至尾号{}的结算账户", "购物小票和顾客身份证明") if x.shop
                         else ("刷卡", "到账至尾号{}的借记卡", "交易用途说明和身份证明"))
    issue = (f"{clock.cn[x.day]}，投诉人通过该机具{took}共{yuan(amount)}元，按协议应于次一工作日"
             f"{into.format(f'{r.num(0, 9999):04d}')}，但至{clock.cn[x.day + days]}仍未到账。"
             f"客服称该笔交易触发“风控调单”，要求投诉人提供{proof}，材料提交后又称“仍在审核中”，"
             "既不给出冻结依据，也不告知解冻时限。")
    return title, issue, [_demand(f"立即结算被冻结的交易款{yuan(amount)}元", amount),
                          _demand("赔偿资金占用期间的利息损失", interest)]


def _secondary(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    diff = r.num(300, 20000) * 100
    title = r.pick(("POS机结算款由个人账户转入，疑似“二清”",
                    "交易资金经第三方个人账户结算，到账金额短少"))
    paid = "结算款" if x.shop else "到账款项"
    issue = (f"{clock.cn[x.day]}起，投诉人发现每笔交易的{paid}并非由收单机构直接划入，而是由名为"
             f"“{r.pick(SURNAMES)}某”的个人账户或“{r.pick(FICTIONAL)}商务咨询中心”转入，且到账金额"
             f"与交易记录对不上，至{clock.cn[x.until]}累计差额{yuan(diff)}元。投诉人怀疑该服务商未取得"
             "支付业务许可证，从事资金二次清分。")
    return title, issue, [_demand(f"结清差额款项{yuan(diff)}元", diff),
                          _demand("请监管部门查处无证经营支付业务行为")]


def _data_leak(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    loss = r.pick((0, 50000, 100000, 200000))
    title = r.pick(("办理POS机后个人信息被泄露，频繁接到贷款推销电话",
                    f"{x.provider.short}泄露身份证和银行卡信息"))
    issue = (f"办理POS机时，{x.staff}要求投诉人提供身份证正反面照片、银行卡照片及手持身份证照片。"
             f"此后投诉人每天接到{r.num(3, 15)}个以上贷款、信用卡代还推销电话，对方能准确说出"
             f"投诉人的姓名、身份证号后四位和办理POS机的时间；{clock.cn[x.day]}，投诉人还收到"
             "以其名义申请网络贷款的审核短信。")
    demands = [_demand("删除投诉人的个人信息，并说明信息使用和流转情况")]
    if loss:
        demands.append(_demand(f"赔礼道歉并赔偿损失{yuan(loss)}元", loss))
    return title, issue, demands


def _false_ad(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    fee = r.pick((9900, 19900, 29800, 39900))
    title = r.pick(("业务员冒充银联工作人员推销POS机", "“一清机、费率终身不变”的宣传与实际不符",
                    "冒充银行客服以“POS机升级”为名收费"))
    # the one who took the fee is the provider's own staff (review round 6 D2: a suit
    # against the provider for a fee an unknown impostor took has no footing)
    issue = (f"{clock.cn[x.day]}，{x.provider.short}{x.staff}上门时自称“银联工作人员”，出示印有"
             f"银联标识的工作证，称旧机具“即将停用，须免费升级”，诱导投诉人办理新机具并向"
             f"{x.provider.short}缴纳{yuan(fee)}元“升级费”。宣传单上"
             f"写明“一清机、央行牌照、费率终身{_rate(x.r0)}%”，实际费率为{_rate(x.r1)}%，"
             "且收单机构与宣传不符。")
    return title, issue, [_demand(f"退还升级费{yuan(fee)}元", fee),
                          _demand("对虚假宣传、冒用银联名义的行为依法处理")]


def _unreachable(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    times = r.num(4, 20)
    title = r.pick((f"{x.provider.short}客服电话长期无人接听",
                    f"问题反映{times}次均被推诿，无人处理"))
    issue = (f"自{clock.cn[x.day]}起，投诉人因机具无法正常结算，先后{times}次拨打客服热线"
             f"{x.provider.hotline}，多次提示“坐席忙”或转接后自动挂断；接通后客服称问题属于代理商，"
             f"要求联系{x.staff}，而对方电话已停机。投诉人在线上提交的工单显示“已关闭”，"
             "但始终无人联系投诉人。")
    return title, issue, [_demand("明确答复并解决投诉人反映的问题"),
                          _demand("提供有效的联系方式和处理时限")]


def _device(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    price = r.pick((9900, 19900, 29900, 49900))
    loss = r.num(2, 30) * 10000
    title = r.pick(("新领POS机频繁故障无法刷卡",
                    f"POS机故障致收款失败，要求退还机具费{yuan(price)}元"))
    failed, hurt = ("顾客付款", "经营") if x.shop else ("刷卡交易", "使用")
    issue = (f"机具使用不久即频繁提示“{r.pick(FAULTS)}”等故障，{clock.cn[x.day]}"
             f"起多笔{failed}失败。投诉人联系服务商要求换机，对方要求自付{r.num(5, 20) * 10}元"
             f"维修费并寄回总部，维修期间无备用机，严重影响正常{hurt}。")
    lost = "经营损失" if x.shop else "损失"
    return title, issue, [_demand(f"免费更换机具或退还购机款{yuan(price)}元", price),
                          _demand(f"赔偿停机期间的{lost}{yuan(loss)}元", loss)]


def _other(r: Rand, clock: DayClock, x: _Ctx) -> _Issue:
    fee = r.pick((20000, 30000, 50000, 80000))
    title = r.pick(("POS机注销后仍被扣费", f"要求注销POS机被索要{yuan(fee)}元违约金"))
    issue = (f"投诉人于{clock.cn[x.day]}申请注销该机具并已寄回，但服务商以“未满合约期”为由要求支付"
             f"{yuan(fee)}元违约金，否则不予注销，注销前仍按月扣收服务费。")
    # the 违约金 was demanded, never taken: it is waived, not given back
    return title, issue, [_demand("无条件注销机具并停止扣费"),
                          _demand(f"免除违约金{yuan(fee)}元", fee)]


_ISSUES: dict[Category, Callable[[Rand, DayClock, _Ctx], _Issue]] = {
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


_Extra = Callable[[Rand, int, int, bool], tuple[str, dict[str, Any] | None]]


def _extra(sentence: str, demand: str = "", low: int = 0, high: int = 0, *,
           consumer: str = "") -> _Extra:
    """A secondary category: one more sentence (a consumer's own wording, if it differs
    from a shop's) and perhaps one more demand."""

    def make(r: Rand, r0: int, r1: int, shop: bool) -> tuple[str, dict[str, Any] | None]:
        amount = r.num(low, high) * 100 if high else 0
        said = sentence if shop or not consumer else consumer
        text_ = said.format(r0=_rate(r0), r1=_rate(r1), amount=yuan(amount))
        if not demand:
            return text_, None
        return text_, _demand(demand.format(amount=yuan(amount)), amount)

    return make


_EXTRAS: dict[Category, _Extra] = {
    Category.FEE_INCREASE: _extra("与此同时，机具费率也由{r0}%被调整为{r1}%，"
                                  "多扣手续费{amount}元。", "退还多扣手续费{amount}元", 50, 3000),
    Category.DEPOSIT_FEES: _extra("此前服务商还以“激活押金”名义扣收{amount}元，至今未退。",
                                  "退还押金{amount}元", 99, 399),
    Category.SIM_FEES: _extra("另有{amount}元“流量卡年费”在未告知的情况下被扣除。",
                              "退还流量卡年费{amount}元", 48, 99),
    Category.CASHBACK: _extra("办理时承诺的激活返现{amount}元也一直没有兑现。",
                              "兑现激活返现{amount}元", 100, 300),
    Category.CODE_JUMPING: _extra("投诉人还发现部分交易显示的商户名称与本店不符，疑似跳码。",
                                  "停止跳码，恢复真实商户信息",
                                  consumer="投诉人还发现部分交易显示的商户名称与机具登记的"
                                           "商户不符，疑似跳码。"),
    Category.SETTLEMENT: _extra("期间还有部分交易款延迟多日才到账。"),
    Category.SECONDARY_CLEARING: _extra("部分结算款由个人账户转入，疑似“二清”。",
                                        "说明资金结算路径",
                                        consumer="部分到账款项由个人账户转入，疑似“二清”。"),
    Category.DATA_LEAK: _extra("办理后投诉人频繁接到推销电话，怀疑个人信息被泄露。",
                               "删除投诉人的个人信息"),
    Category.FALSE_ADVERTISING: _extra("办理时的宣传单写着“费率终身{r0}%”，与实际情况明显不符。"),
    Category.UNREACHABLE: _extra("投诉人此后多次联系客服，均被以“由代理商负责”为由推诿。"),
    Category.DEVICE_FAULT: _extra("机具还经常出现读卡失败的故障，影响正常收款。",
                                  "免费维修或更换机具",
                                  consumer="机具还经常出现读卡失败的故障，影响正常使用。"),
    Category.OTHER: _extra("投诉人另有其他诉求，详见所附材料。"),
}
