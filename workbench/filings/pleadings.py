"""The court papers (issue 11 item 7): the 民事起诉状 after the SPC 民事起诉状示范文本 (in the
plaintiff's voice, to be signed and fingerprinted by them) and the association's 支持起诉意见书.
Both plead the same civil bases (``domain.law.bases.civil_bases``: private law first, no
payment rule) and the same defendants: a 分公司 with its head company (review round 2 §9).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from workbench.domain.law.bases import civil_bases
from workbench.domain.organisations import head_company
from workbench.domain.validators import resident_id_facts
from workbench.filings.documents import (
    BLANK,
    CHECKED,
    UNCHECKED,
    Demand,
    FilingData,
    FilingKind,
    Provider,
)
from workbench.filings.layout import Writer, clause, money, representative_title, wording
from workbench.filings.letters import support_heading, support_reasoning
from workbench.filings.text import clause_sentence, figure_date, rule_sentence
from workbench.filings.voice import load_voice

SUPPORT_SUIT = ("civpro.art15", "cpl.art37.p1.item7")  # the association supports a suit
BREACH_LIABILITY = "civil_code.art577"
BRANCH_LIABILITY = "civil_code.art74.p2"  # a branch's liability is its head company's (第二款)
# the plaintiff submits every item it lists: its own 证据清单 says so
PLAINTIFF_SOURCE = "原告提供"
COURT_ASKS = ("判令", "请求", "确认", "依法")  # a demand already worded for a court
# what the association files with its opinion (the evidence list is the first)
SUPPORT_ATTACHMENTS = ("证据清单", "本会社会团体法人登记证书复印件", "法定代表人身份证明书",
                       "授权委托书（出庭支持起诉的工作人员）")


_ARTICLE = re.compile(r"^(?P<statute>.+?》(?:（[^）]*）)?)(?P<article>第.+)$")


def grouped_citations(citations: list[str]) -> str:
    """Citations with each statute named once: 《民法典》第四百九十六条、第五百七十七条；…"""
    groups: dict[str, list[str]] = {}
    for citation in dict.fromkeys(citations):
        match = _ARTICLE.match(citation)
        statute, article = (match["statute"], match["article"]) if match else (citation, "")
        groups.setdefault(statute, []).append(article)
    return "；".join(statute + "、".join(a for a in articles if a)
                    for statute, articles in groups.items())


def _box(checked: bool) -> str:
    return CHECKED if checked else UNCHECKED


class Pleaded(NamedTuple):
    citation: str
    text: str
    id: str


def co_defendant(data: FilingData) -> Provider | None:
    """The head company joined with a 分公司 defendant: as registered, else by its name
    alone (the pre-flight refuses to export it so)."""
    name = head_company(data.provider.name)
    if not name:
        return None
    return data.head_office or Provider(name=name)


def pleaded_bases(w: Writer) -> list[Pleaded]:
    """The 请求依据 a court paper pleads: the case's civil bases, private law first and
    no payment rule, with liability for breach, and the branch rule when a head company
    is joined."""
    d = w.data
    found = {b[3]: Pleaded(b[1], b[2], b[3]) for b in d.bases}
    extra = [BREACH_LIABILITY] + ([BRANCH_LIABILITY] if co_defendant(d) else [])
    for entry_id in extra:
        if entry_id not in found:
            entry = w.cite(entry_id)
            found[entry_id] = Pleaded(entry.citation, wording(entry), entry.id)
    return [found[i] for i in civil_bases(found)]


def _against_first(text: str) -> str:
    """A demand against the branch (被告一) when its head company is joined."""
    text = " ".join(text.split())
    for head in ("判令被告", "被告"):
        if text.startswith(head) and not text.startswith(("判令被告一", "判令被告二")):
            return "判令被告一" + text[len(head):]
    return text if text.startswith(COURT_ASKS) else "判令被告一" + text


def court_data(data: FilingData) -> FilingData:
    """The demands as a court reads them when a head company is joined: each against the
    branch, and the head company answering for its branch's debts."""
    if co_defendant(data) is None or not data.demands:
        return data
    demands = [d._replace(text=_against_first(d.text)) for d in data.demands]
    return replace(data, demands=[*demands, Demand("判令被告二对被告一的上述债务承担清偿责任")])


def costs_demand(data: FilingData) -> str:
    return "判令二被告承担本案诉讼费用" if co_defendant(data) else "判令被告承担本案诉讼费用"


def plaintiff_lines(w: Writer) -> None:
    """原告 as the SPC template names a party: a person with 性别, 出生日期, 民族, 身份证号
    and 住所; a 个体工商户 under its 字号 with its 经营者 (民诉法解释 art. 59)."""
    c = w.data.complainant
    facts = resident_id_facts(c.id_number)
    gender, birth = (facts[0], figure_date(facts[1])) if facts else ("", "")
    person = [f"性别：{gender}", f"出生日期：{birth}", f"民族：{clause(c.ethnicity)}",
              f"公民身份号码：{c.id_number}", f"住所地：{clause(c.address)}",
              f"联系电话：{c.phone}"]
    if c.kind == "merchant" and c.merchant_name.strip():
        shop = [f"原告：{clause(c.merchant_name)}（个体工商户）"]
        if c.uscc.strip():  # as stored: never made up (`workbench litigation`)
            shop.append(f"统一社会信用代码：{c.uscc.strip()}")
        if clause(c.business_place or c.address):
            shop.append(f"经营场所：{clause(c.business_place or c.address)}")
        w.para("，".join(shop) + "。")
        w.para(f"经营者：{clause(c.name)}，" + "，".join(person) + "。")
    else:
        w.para(f"原告：{clause(c.name)}，" + "，".join(person) + "。")


def defendant_lines(w: Writer) -> None:
    """被告, or 被告一 (the branch) and 被告二 (its head company)."""
    head = co_defendant(w.data)
    if head is None:
        _party(w, w.data.provider, "被告")
        return
    _party(w, w.data.provider, "被告一")
    _party(w, head, "被告二")


def _party(w: Writer, p: Provider, role: str) -> None:
    parts = [f"{role}：{clause(p.name)}", f"住所地：{clause(p.address) or BLANK}",
             f"{representative_title(p.name)}：{clause(p.legal_representative) or BLANK}"]
    if p.uscc.strip():
        parts.append(f"统一社会信用代码：{p.uscc}")
    if p.hotline.strip():
        parts.append(f"联系电话：{p.hotline}")
    w.para("，".join(parts) + "。")


def defendant_names(data: FilingData) -> str:
    head = co_defendant(data)
    return "、".join(clause(p.name) for p in (data.provider, head) if p is not None)


def signer(data: FilingData) -> tuple[str, str]:
    """(label, name) of the 具状人: a 个体工商户 signs under its 字号 by its 经营者."""
    c = data.complainant
    if c.kind == "merchant" and c.merchant_name.strip():
        return "具状人：", f"{clause(c.merchant_name)}（经营者{clause(c.name)}）"
    return "具状人（签字、捺印）：", c.name


def civil_complaint(w: Writer) -> None:
    w.data = d = court_data(plaintiffs_evidence(w.data))
    c = d.complainant
    w.title()
    w.plain(f"（{d.cause}）", align="center")
    w.heading("当事人信息")
    plaintiff_lines(w)
    agent = d.litigation_agent.strip()
    w.para(f"委托诉讼代理人：有{_box(bool(agent))}  无{_box(not agent)}"
           + (f"。姓名及单位：{clause(agent)}。" if agent else "。"))
    w.para(f"送达地址（适用于案件所有后续程序）：{clause(c.address)}；收件人：{clause(c.name)}；"
           f"联系电话：{c.phone}。")
    w.para(f"是否接受电子送达：是{CHECKED}  否{UNCHECKED}；方式：手机短信 {c.phone}。"
           if d.e_service else f"是否接受电子送达：是{UNCHECKED}  否{UNCHECKED}。")
    defendant_lines(w)
    w.heading("诉讼请求和依据")
    w.demands(closing=costs_demand(d), court=True, total=False)
    total = w.total_fen()
    w.para(f"标的总额：人民币{money(total)}。" if total else "标的总额：无。")
    pleaded = pleaded_bases(w)
    w.para("请求依据：" + grouped_citations([b.citation for b in pleaded]) + "。")
    w.heading("约定管辖和诉讼保全")
    w.para("1. 有无仲裁、法院管辖约定："
           + (clause(d.jurisdiction_agreement) or f"有{UNCHECKED}  无{CHECKED}") + "；")
    w.para("2. 是否已经诉前保全：" + (clause(d.preservation) or f"是{UNCHECKED}  否{CHECKED}")
           + "。")
    w.heading("事实与理由")
    w.subheading(1, "合同签订情况")
    w.lines_or_ask(w.shop_voiced(d.contract_facts),
                   "合同名称、签订时间与地点、费率、押金、返现等主要约定")
    term = clause_sentence(d.contract_clause)
    if term:
        w.para(w.voiced(term))
    w.subheading(2, "合同履行情况")
    w.lines_or_ask(d.performance_facts, "机具领取、开通及使用、费用扣收情况")
    w.subheading(3, "违约或侵权事实")
    w.narrative(reported=False, skip=(d.contract_facts, d.performance_facts, term))
    w.contacts()  # the association's part: "经…消费者协会调解" (voice.toml [contacts.form])
    w.subheading(4, "请求依据")
    for basis in pleaded:
        w.para(rule_sentence(basis.citation, basis.text))
    w.para(f"综上，{'二被告' if co_defendant(d) else '被告'}的行为损害了原告的合法权益，"
           "原告为维护自身权益，特向贵院提起诉讼，请求判如所请。")
    w.heading("证据清单")
    w.evidence_table()
    w.heading("对纠纷解决方式的意愿")
    choice = d.prefers_mediation
    w.para(f"是否愿意先行调解：愿意{_box(choice is True)}  不愿意{_box(choice is False)}  "
           f"暂不确定{_box(choice is None)}。")
    w.para("原告保证以上所填内容真实；本纠纷未由其他人民法院或者仲裁机构受理。")
    w.plain("此致", first_line=True)
    w.plain(w.court())
    label, name = signer(d)
    w.signature(name, label)
    pages = sum(e.pages or 0 for e in d.evidence)
    copies = 2 if co_defendant(d) else 1  # one for each defendant
    w.plain(f"附：本状副本{copies}份；证据{len(d.evidence)}份"
            + (f"共{pages}页" if pages else "") + "。", first_line=True)


def court_words(text: str) -> str:
    """The parties as a court paper names them (原告, 被告 — never 服务商: voice.toml's
    them_for), in an item's name and 证明对象: one wording for the pleading, the court's
    evidence list, the binder and the support opinion's attachment."""
    return load_voice().of(FilingKind.CIVIL_COMPLAINT).parties(text)


def plaintiffs_evidence(data: FilingData) -> FilingData:
    """The plaintiff submits every item it lists: each court paper's evidence says so, and
    words each item as the court paper does (:func:`court_words`)."""
    return replace(data, evidence=[e._replace(title=court_words(e.title), source=PLAINTIFF_SOURCE,
                                              proves=court_words(e.proves))
                                   for e in data.evidence])


def support_opinion(w: Writer) -> None:
    w.data = d = court_data(plaintiffs_evidence(w.data))
    c = d.complainant
    # the plaintiff as the pleading names it: a 个体工商户 under its 字号
    name = (f"{clause(c.merchant_name)}（个体工商户，经营者{clause(c.name)}）"
            if c.kind == "merchant" and c.merchant_name.strip() else clause(c.name))
    provider = defendant_names(d)
    w.masthead()
    w.title()
    w.addressee()
    cited = [w.cite(i) for i in SUPPORT_SUIT[: 1 if d.business_scope else 2]]
    quoted = "和".join(f"{e.citation}“{wording(e)}”" if wording(e) else e.citation
                       for e in cited)
    w.para(f"原告{name}诉被告{provider}{d.cause}一案，本会依据{quoted}的规定，"
           f"支持原告{name}向贵院提起诉讼。现将支持起诉的意见陈述如下：")
    w.heading("当事人")
    shop = c.kind == "merchant" and c.merchant_name.strip() and c.uscc.strip()
    w.para(f"原告：{name}" + (f"，统一社会信用代码：{c.uscc.strip()}" if shop else "") + "。")
    defendant_lines(w)
    w.heading(support_heading(d))
    accepted = f"于{figure_date(d.accepted_on)}" if d.accepted_on else ""
    w.para(f"本会{accepted}受理原告的投诉（本会案件编号：{d.case_ref}）。"
           + ("经本会组织调解，双方未能达成调解协议，调解不成。" if d.mediation_failed
              else "经本会协调处理，纠纷未能解决。"))
    w.contacts(lead="本会处理经过如下：", tickets=False)
    w.heading("事实与理由")
    w.narrative()
    pleaded = pleaded_bases(w)
    for basis in pleaded:
        w.para(rule_sentence(basis.citation, basis.text))
    joined = co_defendant(d) is not None
    w.para(support_reasoning(d, bases=grouped_citations([b.citation for b in pleaded]),
                             actor="被告一" if joined else "被告",
                             defendant="二被告" if joined else "被告"))
    w.heading("支持起诉的方式")
    w.para("本会为原告提供法律咨询意见，协助原告收集、整理和提交证据，"
           "并将指派工作人员出庭支持原告起诉。")
    w.para("原告的诉讼请求为：")
    w.demands(closing=costs_demand(d), court=True)
    w.para("综上，本会认为，原告的诉讼请求有事实和法律依据，符合"
           + grouped_citations([b.citation for b in pleaded])
           + "的规定，请贵院依法受理，支持原告的诉讼请求。")
    w.attachment_note(SUPPORT_ATTACHMENTS)
    w.signature()
    w.contact_note()
    w.evidence_attachment()
