"""One layout per :class:`FilingKind`: which parts of a filing come in which order, in
which voice. The parts themselves are written by :class:`~workbench.filings.layout.Writer`.
"""

from __future__ import annotations

import typing
from datetime import date

from docx.document import Document

from workbench.domain.categories import Category
from workbench.domain.regions import province_of
from workbench.domain.vocabulary import AddresseeKind
from workbench.filings.contacts import awaiting_reply, reached
from workbench.filings.documents import (
    BLANK,
    FilingData,
    FilingKind,
    GroupMember,
    Provider,
)
from workbench.filings.endings import category_of, named_categories, press_words, topics
from workbench.filings.layout import (
    Writer,
    clause,
    wording,
)
from workbench.filings.letters import (
    business_basis,
    cited_before,
    head_office_line,
    history_heading,
    party_line,
    provider_ask,
    respondent_intro,
)
from workbench.filings.mediation import agreement, termination_notice
from workbench.filings.notices import acceptance_notice, material_notice, refusal_notice
from workbench.filings.papers import (
    closing_report,
    consumer_complaint,
    evidence_list,
    mediation_application,
    own_evidence,
)
from workbench.filings.pleadings import civil_complaint, support_opinion
from workbench.filings.style import HouseStyle
from workbench.filings.tables import fixed_table
from workbench.filings.text import (
    AMOUNT,
    clean_xml,
    figure_date,
    masked_person,
    money,
    rule_sentence,
    violated,
    yuan,
)
from workbench.filings.titles import Part, demand_subjects, free_part, name_part


def lay_out(document: Document, style: HouseStyle, kind: FilingKind,
            data: FilingData) -> Writer:
    """Write the body of one filing into a styled document; returns the writer (its
    letterhead and the register entries it cited)."""
    writer = Writer(document, style, kind, data)
    LAYOUTS[kind](writer)
    return writer


# Addressees asked to act 依法, never within a time (services.filing_data.reply_within).
AUTHORITIES = frozenset({AddresseeKind.REGULATOR.value, AddresseeKind.INDUSTRY.value,
                         AddresseeKind.MARKET_BUREAU.value})

# The register entries the layouts quote (by id: the wording lives in the register).
ASSOCIATION_MEDIATES = "cpl.art37.p1.item5"
# Private law binds the parties; a 举报 names the regulatory rules a regulator enforces.
PRIVATE_LAW = ("civil_code.", "civpro.")


def _named(w: Writer) -> list[Category]:
    return named_categories(w.data.categories)


def _subject(w: Writer) -> Part:
    """What the case is about, for a title, in neutral words (press.toml, never an
    internal category label): the first category's, or the case's title (free text)."""
    named, lead = _named(w), demand_subjects(d.text for d in w.data.demands)
    if lead:  # a dispute only the demands name (注销违约金) leads
        return Part(lead[0])
    return Part(press_words().subject[named[0]]) if named else free_part(clause(w.data.case_title))


def _topics(w: Writer) -> str:
    return topics(w.data.categories, (d.text for d in w.data.demands))


def _topic_heading(label: str) -> str:
    """A category's heading among the cited rules: 刷卡费率调整, not 费率上调/乱收费."""
    category = category_of(label)
    if category is None:
        return label.replace("/", "、")
    if category is Category.OTHER:
        return "其他事项"  # "服务" alone names nothing
    return press_words().subject[category].removeprefix("POS机").removesuffix("争议")


def _reported(label: str) -> str:
    """The conduct a 举报信 reports under a category (press.toml `report`)."""
    category = category_of(label)
    return press_words().report[category] if category else label.replace("/", "、")


def _association_intro(w: Writer, ask: str) -> None:
    d = w.data
    topics = _topics(w)
    accepted = f"于{figure_date(d.accepted_on)}" if d.accepted_on else ""
    w.para(f"本会{accepted}受理了{w.who()}对{clause(d.provider.name)}的投诉（本会案件编号："
           f"{d.case_ref}）"
           + (f"，涉及{topics}" if topics else "") + "。"
           # a merchant's dispute is no consumer complaint: mediated on the own rule
           + (business_basis(w, clause(d.provider.name)) if d.business_scope else
              f"依据{w.cite(ASSOCIATION_MEDIATES).citation}的规定，消费者协会"
              f"{wording(w.cite(ASSOCIATION_MEDIATES))}。") + ask)


def _reasoning(w: Writer, *, heading: str = "相关规定") -> None:
    """The cited articles with their wording, grouped under the category they bear on; one
    quoted under an earlier point is referred to."""
    if not w.data.bases:
        return
    quoted: set[str] = set()
    w.heading(heading)
    groups: dict[str, list[tuple[str, str]]] = {}
    for label, citation, text, _ in w.data.bases:
        groups.setdefault(label, []).append((citation, text))
    for number, (label, cited) in enumerate(groups.items(), 1):
        if len(groups) > 1:
            w.subheading(number, _topic_heading(label))
        for citation, text in cited:
            w.para(cited_before(citation) if citation in quoted
                   else rule_sentence(citation, text))
            quoted.add(citation)


def _case_sections(w: Writer, *, history: str = "本会处理经过") -> None:
    w.heading("当事人情况")
    w.complainant_lines()
    w.provider_lines()
    head_office_line(w, w.data.provider, "被投诉人")
    w.heading("投诉事项")
    w.narrative()
    w.heading("投诉人的请求")
    w.demands()
    w.contacts(heading=history)
    _reasoning(w)


def _reply(w: Writer, what: str) -> None:
    """The answer asked of the addressee, counted from receipt of the letter."""
    within, to = w.data.reply_within, w.data.addressee
    if to is not None and to.kind in AUTHORITIES:
        w.para(f"请{w.you()}{what}，并将处理结果函告本会。")  # an authority acts 依法
        return
    w.para(f"请{w.you()}" + (f"自收到本函之日起{within}内" if within else "尽快")
           + f"{what}，并将结果书面答复本会。")


def _letter_end(w: Writer) -> None:
    # the 附件 is the case's 证据清单: what the complainant's list and binder hold (N1)
    w.data = own_evidence(w.data)
    w.attachment_note()
    w.signature()
    w.contact_note()
    w.evidence_attachment()
    w.colophon()


def _letter_to_provider(w: Writer) -> None:
    w.masthead()
    w.subject_title("协调处理", _subject(w))
    w.addressee()
    _association_intro(w, "现将投诉情况转去，请核查处理。")
    _case_sections(w)
    w.heading("处理要求")
    _reply(w, provider_ask(w.data, "认真核查，依法依约妥善处理投诉人的请求"))
    _letter_end(w)


def _members(w: Writer) -> tuple[GroupMember, ...]:
    """A joint complaint's members; a letter built for one case lists that case alone."""
    d = w.data
    return tuple(d.group_members) or (GroupMember(
        masked_person(d.complainant.name), d.complainant.phone, d.case_ref,
        w.total_fen()),)


def _group_letter(w: Writer) -> None:
    """投诉函 for a joint complaint (令第20号 art. 11): the complainants in a table with
    their masked details and amounts, the total in figures and 大写, the common facts,
    the requests; the voice and addressee of the letter to the provider."""
    d = w.data
    members = _members(w)
    provider = clause(d.provider.name)
    topics = _topics(w)
    w.masthead()
    w.subject_title("协调处理", Part("共同投诉"), _subject(w))
    w.addressee()
    reps = [m.name for m in members if m.representative]
    w.para(f"本会受理了{len(members)}名投诉人对{provider}的共同投诉"
           + (f"，涉及{topics}" if topics else "") + "。投诉人基于同一争议共同投诉同一经营者"
           + (f"，书面推选{'、'.join(reps)}为代表人" if reps else "") + "。"
           + (business_basis(w, provider) if d.business_scope else
              f"依据{w.cite(ASSOCIATION_MEDIATES).citation}的规定，消费者协会"
              f"{wording(w.cite(ASSOCIATION_MEDIATES))}。") + "现将投诉情况转去，请核查处理。")
    w.heading("投诉人名单")
    rows = [[str(n), m.name + ("（代表人）" if m.representative else ""), m.phone, m.ref,
             yuan(m.amount_fen)] for n, m in enumerate(members, 1)]
    total = sum(m.amount_fen for m in members)
    rows.append(["", "合计", "", f"{len(members)}件", yuan(total)])
    fixed_table(w, GROUP_COLUMNS, rows)
    w.para(f"以上{len(members)}名投诉人请求金额合计人民币{money(total)}。")
    w.heading("被投诉人")
    w.provider_lines()
    head_office_line(w, d.provider, "被投诉人")
    if d.provider.superior_name.strip():
        w.para(f"{provider}的上级机构（收单机构）：{clause(d.provider.superior_name)}。")
    w.heading("共同的投诉事项")
    w.para(f"据投诉人反映，上述投诉人均与{provider}发生POS机服务争议"
           + (f"，涉及{topics}" if topics else "") + f"。以{members[0].ref}号案件为例：")
    w.narrative()
    w.heading("投诉人的请求")
    asks = list(dict.fromkeys(" ".join(AMOUNT.sub("", clean_xml(x.text)).split()).rstrip(
        "；;。.，, ") for x in d.demands if clean_xml(x.text).strip()))
    for number, ask in enumerate(asks, 1):
        w.para(f"{number}. {ask}；")
    w.para(f"{len(asks) + 1}. 各投诉人的请求金额见上表，合计人民币{money(total)}。")
    _reasoning(w)
    w.heading("处理要求")
    _reply(w, provider_ask(d, "认真核查，依法依约逐一妥善处理上述投诉人的请求"))
    w.signature()
    w.contact_note()
    w.colophon()


GROUP_COLUMNS = (("序号", 0.6, True), ("投诉人", 1.6, True), ("联系电话", 1.6, True),
                 ("案件编号", 2.0, True), ("请求金额（元）", 1.5, True))


def _letter_to_superior(w: Writer) -> None:
    d = w.data
    provider = clause(d.provider.name)
    w.masthead()
    w.subject_title("督促处理", _subject(w))
    w.addressee()
    duty = w.cite(d.duty) if d.duty else None
    _association_intro(
        w, f"投诉人已先行向{provider}投诉，问题至今未获妥善解决。据本会了解，{provider}"
           f"为{w.you()}拓展特约商户的合作机构。"
           + (rule_sentence(duty.citation, wording(duty)) if duty else "")
           + "现将投诉情况函告如下：")
    _case_sections(w, history=history_heading())
    w.heading("处理要求")
    _reply(w, f"履行收单业务管理责任，督促{provider}依法依约妥善处理投诉人的请求")
    _letter_end(w)


def _samr_report(w: Writer) -> None:
    """A 举报 of specific violations (not a request to mediate): to the market regulator
    against the provider (the 经营者); to a financial regulator against the licensed
    institution, an agent named after it as its 特约商户拓展服务机构."""
    d = w.data
    provider = clause(d.provider.name)
    accused = d.respondent or d.provider
    w.masthead()
    named = _named(w)
    conduct = press_words().report[named[0]] if named else "违法行为"
    w.subject_title(name_part(clause(accused.name)), "涉嫌", conduct, doc_type="举报信")
    w.addressee()
    opening = f"本会在处理{w.who()}投诉{provider}一案（本会案件编号：{d.case_ref}）中发现，" \
        "被举报人涉嫌存在下列违法行为。" if d.respondent is None else respondent_intro(
            who=w.who(), provider=provider, ref=d.case_ref, accused=clause(accused.name))
    w.para(f"{opening}{_domicile(w, accused)}现依法向{w.you()}举报，请依法核查处理。")
    w.heading("举报人与被举报人")
    w.para(f"举报人：{w.letterhead.name}。")
    party_line(w, "被举报人", accused)
    if d.respondent is not None:
        party_line(w, "被举报人的特约商户拓展服务机构", d.provider)
        head_office_line(w, d.provider, "该机构")
    else:
        head_office_line(w, d.provider, "被举报人")
    w.heading("涉嫌违法的事实")
    w.narrative()
    w.heading("涉嫌违反的规定")
    regulatory = [b for b in d.bases if not b[3].startswith(PRIVATE_LAW)]
    if regulatory:
        for label, citation, text, _ in regulatory:
            w.para(f"被举报人{_reported(label)}的行为，涉嫌违反{violated(citation, text)}。")
    else:
        w.para(f"（请补充：涉嫌违反的规定）{BLANK}")
    w.heading("举报请求")
    within = d.reply_within
    w.para(f"请{w.you()}依法对被举报人的上述行为进行核查处理，"
           + (f"自收到本举报之日起{within}内" if within else "")
           + "将核查处理结果告知本会。")
    _letter_end(w)


def _domicile(w: Writer, party: Provider) -> str:
    """Why a financial regulator presumed from the domicile is addressed: 该公司住所地在…"""
    addressee = w.data.addressee
    province = province_of(party.address)
    if addressee is None or not addressee.note or addressee.kind != "regulator" \
            or not province:
        return ""
    return f"该公司住所地在{province}，"


def _settled_so_far(w: Writer) -> str:
    """What was tried before this report, from the contact log: never a talk with the
    superior that was not recorded."""
    done = set(w.data.contacted)
    if {"provider", "superior"} <= done:
        return "经与被投诉人及其上级机构协商，问题未能解决。"
    if "superior" in done:
        return "经与被投诉人的上级机构协商，问题未能解决。"
    if "provider" in done:
        return "经与被投诉人协商，问题未能解决。"
    if "mediation" in done:
        return "经本会调解，问题未能解决。"
    return "问题至今未获解决。"


def _industry_report(w: Writer) -> None:
    d = w.data
    provider = clause(d.provider.name)
    acquirer = clause(d.respondent.name) if d.respondent else ""
    w.masthead()
    w.subject_title(name_part(provider), _subject(w), doc_type="情况反映")
    w.addressee()
    business = acquirer or provider
    why = (f"鉴于{provider}系{acquirer}的特约商户拓展服务机构，" if acquirer else "鉴于") \
        + f"{business}的相关业务属{w.you()}{d.competence}的范围，" if d.competence else \
        (f"{provider}系{acquirer}的特约商户拓展服务机构。" if acquirer else "")
    _association_intro(w, f"{_settled_so_far(w)}{why}现将有关情况反映如下：")
    _case_sections(w)
    w.heading("请求事项")
    urged = f"{acquirer}及其特约商户拓展服务机构{provider}" if acquirer else provider
    _reply(w, f"依法依规核查，督促{urged}整改并妥善处理投诉人的请求")
    _letter_end(w)


def _press_brief(w: Writer) -> None:
    """A statement for the press: every person pseudonymised (done by filings.redact), the
    subject in neutral words (press.toml), the complainant's account given as an account,
    what the association did and when (once each), a neutral position, and the tips."""
    d = w.data
    press = press_words()
    named: list[Category] = [c for c in (category_of(label) for label in d.categories)
                             if c is not None and c is not Category.OTHER] or [Category.OTHER]
    w.masthead()
    subject = press.subject[named[0]]
    w.subject_title(subject, "投诉情况", doc_type="说明")
    w.addressee()
    w.para(f"本会受理了{w.who()}对{d.provider.name}的投诉，投诉涉及"
           f"{'、'.join(press.subject[c] for c in named)}。现将有关情况说明如下：")
    w.heading("投诉人反映的情况")
    w.para("以下为投诉人的陈述，本会尚未对其中的事实作出认定。据投诉人称：")
    w.narrative(reported=False)  # re-voiced: its requests to the association dropped
    w.heading("投诉人的请求")
    # the press reads no sums of a person
    asked = "、".join(t for t in (clause(AMOUNT.sub("", x.text)) for x in d.demands) if t)
    w.para(f"投诉人请求{asked}。" if asked else "投诉人请求被投诉人依法依约处理其投诉。")
    w.heading("本会处理情况")
    for line in _handled(w):
        w.para(line)
    w.heading("本会意见")
    w.para("本会将依法继续督促被投诉人核实情况、妥善处理，并视调查核实的结果依法处理。"
           "对投诉所涉事实的认定，以有关部门依法作出的结论为准。")
    scope = "merchant" if d.business_scope or d.complainant.kind == "merchant" else "consumer"
    tips = [t for c in named for t in press.tips[(c, scope)]] + list(press.common[scope])
    if tips:
        w.heading(press.headings[scope])
        w.para("".join(dict.fromkeys(tips)))
    w.signature()  # no evidence goes to the press: it is the parties' personal material
    w.contact_note()


PRESS_STAGES = {"provider": "被投诉人", "superior": "被投诉人的上级机构"}


def _handled(w: Writer) -> list[str]:
    """What the association did, each day once: the complaint received or accepted, the
    letters it issued to the provider or its superior, its contacts with them (and what
    they answered, as recorded); "未收到其书面答复" only when no answer is recorded."""
    d = w.data
    accepted = d.decided_on or d.received_on
    lines = []
    if accepted:
        lines.append(f"{figure_date(accepted)}，本会{'受理' if d.decided_on else '收到'}该投诉。")
    whom = {d.provider.name: PRESS_STAGES["provider"]}
    if d.provider.superior_name.strip():
        whom[d.provider.superior_name] = PRESS_STAGES["superior"]
    acts: dict[date, list[str]] = {}
    for day, addressee in d.letters:
        acts.setdefault(day, []).append(f"致函{whom.get(addressee, clause(addressee))}")
    contacts = [c for c in d.contacts if c.stage in PRESS_STAGES]
    for c in sorted(contacts, key=lambda c: c.on):  # the side named, never the person;
        acts.setdefault(c.on, []).append(reached(  # its answer, not the caseworker's note
            c._replace(counterpart=PRESS_STAGES[c.stage], summary=""), tickets=False))
    for day in sorted(acts):
        lines.append(f"{figure_date(day)}，本会{'；'.join(dict.fromkeys(acts[day]))}。")
    if acts and (not contacts or awaiting_reply(contacts)):
        lines.append("截至本说明发出之日，本会未收到其书面答复。")
    return lines


LAYOUTS: dict[FilingKind, typing.Callable[[Writer], None]] = {
    FilingKind.COMPLAINT_LETTER_PROVIDER: _letter_to_provider,
    FilingKind.COMPLAINT_LETTER_SUPERIOR: _letter_to_superior,
    FilingKind.CONSUMER_COMPLAINT: consumer_complaint,
    FilingKind.MEDIATION_APPLICATION: mediation_application,
    FilingKind.SAMR_REPORT: _samr_report,
    FilingKind.INDUSTRY_REPORT: _industry_report,
    FilingKind.PRESS_BRIEF: _press_brief,
    FilingKind.CIVIL_COMPLAINT: civil_complaint,
    FilingKind.SUPPORT_OPINION: support_opinion,
    FilingKind.EVIDENCE_LIST: evidence_list,
    FilingKind.CLOSING_REPORT: closing_report,
    FilingKind.MEDIATION_AGREEMENT: agreement,
    FilingKind.TERMINATION_NOTICE: termination_notice,
    FilingKind.ACCEPTANCE_NOTICE: acceptance_notice,
    FilingKind.MATERIAL_NOTICE: material_notice,
    FilingKind.REFUSAL_NOTICE: refusal_notice,
    FilingKind.GROUP_COMPLAINT_LETTER: _group_letter,
}
