"""One layout per :class:`FilingKind`: which parts of a filing come in which order, in
which voice. The parts themselves are written by :class:`~workbench.filings.layout.Writer`.
"""

from __future__ import annotations

import re
import typing

from docx.document import Document

from workbench.filings.documents import (
    BLANK,
    CHECKED,
    UNCHECKED,
    FilingData,
    FilingKind,
    Letterhead,
)
from workbench.filings.layout import (
    Writer,
    clause,
    money,
    outcome_label,
    stage_text,
    wording,
)
from workbench.filings.mediation import agreement, termination_notice
from workbench.filings.notices import acceptance_notice, material_notice, refusal_notice
from workbench.filings.style import HouseStyle
from workbench.filings.text import figure_date


def lay_out(document: Document, style: HouseStyle, kind: FilingKind,
            data: FilingData) -> Letterhead:
    """Write the body of one filing into a styled document; returns the letterhead used."""
    writer = Writer(document, style, kind, data)
    LAYOUTS[kind](writer)
    return writer.letterhead


# The register entries the layouts quote (by id: the wording lives in the register).
ASSOCIATION_MEDIATES = "cpl.art37.p1.item5"
BREACH_LIABILITY = "civil_code.art577"
SUPPORT_SUIT = ("cpl.art37.p1.item7", "civpro.art15")


def _association_intro(w: Writer, ask: str) -> None:
    d = w.data
    cats = w.categories_text()
    w.para(f"本会受理了{w.who()}对{d.provider.name}的投诉（本会案件编号：{d.case_ref}）。"
           f"投诉事项：{clause(d.case_title)}" + (f"；投诉类别：{cats}" if cats else "") + "。"
           + ("" if d.business_scope else  # a merchant's dispute is no consumer complaint
              f"依据{w.cite(ASSOCIATION_MEDIATES).citation}的规定，消费者协会"
              f"{wording(w.cite(ASSOCIATION_MEDIATES))}。") + ask)


def _body_sections(w: Writer, *, contacts_title: str, legal: bool = True,
                   tickets: bool = True) -> None:
    w.heading("事实与理由")
    w.narrative()
    w.heading("投诉请求")
    w.demands()
    if w.data.contacts:
        w.heading(contacts_title)
        w.contacts(tickets=tickets)
    if legal and w.data.legal_basis.strip():
        w.heading("相关依据")
        w.lines(w.data.legal_basis)


def _letter_to_provider(w: Writer) -> None:
    w.masthead()
    w.title()
    w.addressee()
    _association_intro(w, "现将有关情况函告如下：")
    w.heading("当事人情况")
    w.complainant_lines()
    w.provider_lines()
    _body_sections(w, contacts_title="已协商情况")
    w.heading("答复要求")
    w.para(f"请{w.you()}收到本函后认真核查，依法依约妥善处理上述投诉请求。")
    w.reply_request("请{you}于{date}前将核查处理结果书面答复本会。")
    w.attachment_note()
    w.signature()
    w.contact_note()
    w.evidence_attachment()


def _letter_to_superior(w: Writer) -> None:
    d = w.data
    w.masthead()
    w.title()
    w.addressee()
    _association_intro(
        w, f"投诉人已先行向{d.provider.name}投诉，问题至今未获妥善解决。"
           f"鉴于{d.provider.name}为{w.you()}的下属或合作服务机构，现将有关情况函告如下：")
    w.heading("当事人情况")
    w.complainant_lines()
    w.provider_lines()
    _body_sections(w, contacts_title="与服务商协商情况")
    w.heading("答复要求")
    w.para(f"请{w.you()}履行管理责任，督促{d.provider.name}依法依约妥善处理上述投诉请求。")
    w.reply_request("请{you}于{date}前将核查处理结果书面答复本会。")
    w.attachment_note()
    w.signature()
    w.contact_note()
    w.evidence_attachment()


def _complainant_filing(w: Writer, *, me: str, them: str, ask_title: str,
                        closing: str) -> None:
    w.title()
    w.addressee()
    w.complainant_lines(me)
    w.provider_lines(them)
    cats = w.categories_text()
    if cats:
        w.para(f"投诉类别：{cats}。")
    w.heading(ask_title)
    w.demands()
    w.heading("事实与理由")
    w.narrative()
    if w.data.contacts:
        w.heading("协商情况")
        w.contacts()
    if w.data.legal_basis.strip():
        w.heading("相关依据")
        w.lines(w.data.legal_basis)
    w.para(closing.format(you=w.you()))
    w.reply_request("恳请{you}于{date}前告知处理意见。")
    w.attachment_note()
    w.signature(w.data.complainant.name, f"{me}：")
    w.evidence_attachment()


def _consumer_complaint(w: Writer) -> None:
    _complainant_filing(w, me="投诉人", them="被投诉人", ask_title="投诉请求",
                        closing="恳请{you}依法受理本投诉，督促被投诉人解决上述问题。")


def _mediation_application(w: Writer) -> None:
    _complainant_filing(w, me="申请人", them="被申请人", ask_title="调解请求",
                        closing="申请人自愿申请{you}主持调解，请依法予以受理。")


def _samr_report(w: Writer) -> None:
    w.masthead()
    w.title()
    w.addressee()
    _association_intro(w, "经与被投诉人及其上级机构协商，问题未能解决。现将有关情况报告如下，"
                          "请依法处理：")
    w.heading("当事人情况")
    w.complainant_lines()
    w.provider_lines()
    _body_sections(w, contacts_title="已采取的处理途径")
    w.heading("处理请求")
    w.para(f"请{w.you()}依法受理，对被投诉人的上述行为进行调查处理。")
    w.reply_request("请{you}于{date}前将受理情况告知本会。")
    w.attachment_note()
    w.signature()
    w.contact_note()
    w.evidence_attachment()


def _industry_report(w: Writer) -> None:
    d = w.data
    w.masthead()
    w.title()
    w.addressee()
    _association_intro(w, f"鉴于{d.provider.name}属{w.you()}监督管理或自律管理的范围，"
                          "现将有关情况反映如下：")
    w.heading("当事人情况")
    w.complainant_lines()
    w.provider_lines()
    _body_sections(w, contacts_title="已采取的处理途径")
    w.heading("请求事项")
    w.para(f"恳请{w.you()}依法依规核查，督促{d.provider.name}整改并妥善处理投诉人的请求。")
    w.reply_request("请{you}于{date}前将核查情况告知本会。")
    w.attachment_note()
    w.signature()
    w.contact_note()
    w.evidence_attachment()


def _press_brief(w: Writer) -> None:
    """A statement for the press: every person pseudonymised (done by filings.redact), the
    complainant's account given as an account, no contact log, a neutral position."""
    d = w.data
    w.masthead()
    w.title()
    w.addressee()
    cats = w.categories_text()
    w.para(f"近期，本会受理了{w.who()}反映{d.provider.name}的投诉"
           + (f"，涉及{cats}" if cats else "") + "。现将有关情况说明如下：")
    w.heading("投诉人反映的情况")
    w.para("以下为投诉人的陈述，本会尚未对其中的事实作出认定。据投诉人称：")
    # the complainant wrote to the association (贵会); here the association speaks
    w.lines_or_ask(d.narrative.replace("贵会", "本会"), "事实与理由")
    w.heading("投诉人的请求")
    asked = "、".join(t for t in (clause(_AMOUNT.sub("", x.text)) for x in d.demands) if t)
    w.para(f"投诉人请求{asked}。" if asked else "投诉人请求被投诉人依法依约处理其投诉。")
    w.heading("本会处理情况")
    w.para(_handled_since(w))
    w.heading("本会意见")
    w.para("本会将依法继续督促被投诉人核实情况、妥善处理，并视调查核实的结果依法处理。"
           "对投诉所涉事实的认定，以有关部门依法作出的结论为准。")
    w.attachment_note()
    w.signature()
    w.contact_note()
    w.evidence_attachment()


# an amount inside a demand's words (退还押金262元): the press reads no sums of a person
_AMOUNT = re.compile(r"(?:人民币)?\d[\d,，]*(?:\.\d+)?\s*(?:万元|元)")


def _handled_since(w: Writer) -> str:
    """本会已于X月X日受理…: from the dates and the number of contacts, never their content."""
    d = w.data
    accepted = d.decided_on or d.received_on
    since = f"本会已于{figure_date(accepted)}受理该投诉" if accepted else "本会已受理该投诉"
    if len(d.contacts) > 1:
        return f"{since}，并多次就投诉事项与有关方面沟通。"
    if d.contacts:
        return f"{since}，并已就投诉事项与有关方面沟通。"
    return f"{since}。"


def _civil_complaint(w: Writer) -> None:
    """The narrative 民事起诉状 with the sections of the SPC element-style templates."""
    d = w.data
    w.title()
    w.heading("当事人")
    w.complainant_lines("原告")
    w.para(f"委托诉讼代理人：{d.litigation_agent.strip() or '无'}。")
    w.provider_lines("被告", representative=True)
    w.heading("诉讼请求")
    w.demands(closing="判令被告承担本案诉讼费用", court=True, total=False)
    total = w.total_fen()
    w.para(f"标的总额：人民币{money(total)}。" if total else f"标的总额：{BLANK}元。")
    w.heading("约定管辖和诉前保全")
    w.para("1. 有无仲裁、法院管辖约定："
           + (d.jurisdiction_agreement.strip() or f"有{UNCHECKED}  无{UNCHECKED}") + "；")
    w.para("2. 是否已经诉前保全："
           + (d.preservation.strip() or f"是{UNCHECKED}  否{UNCHECKED}") + "。")
    w.heading("事实与理由")
    w.subheading(1, "合同签订情况")
    w.lines_or_ask(d.contract_facts, "合同名称、签订时间与地点、费率、押金、返现等主要约定")
    w.subheading(2, "合同履行情况")
    w.lines_or_ask(d.performance_facts, "机具领取、开通及使用、费用扣收情况")
    w.subheading(3, "违约或侵权事实")
    w.narrative()
    if d.contacts:
        w.para("原告就上述问题与被告协商的情况如下：")
        w.contacts()
    w.subheading(4, "请求依据")
    if d.legal_basis.strip():
        w.lines(d.legal_basis)
    breach = w.cite(BREACH_LIABILITY)
    w.para(f"{breach.citation}规定，{wording(breach)}。")
    w.heading("证据清单")
    w.evidence_table()
    w.heading("对纠纷解决方式的意愿")
    choice = d.prefers_mediation
    w.para("是否愿意先行调解："
           f"愿意{CHECKED if choice is True else UNCHECKED}  "
           f"不愿意{CHECKED if choice is False else UNCHECKED}  "
           f"暂不确定{UNCHECKED}。")
    w.plain("此致", first_line=True)
    w.plain(w.court())
    w.signature(d.complainant.name, "具状人：")


def _support_opinion(w: Writer) -> None:
    d = w.data
    w.masthead()
    w.title()
    w.addressee()
    duty, procedure = (w.cite(i) for i in SUPPORT_SUIT)
    w.para(f"{d.complainant.name}诉{d.provider.name}{d.cause}一案，本会依据{duty.citation}"
           f"“{wording(duty)}”和{procedure.citation}的规定，支持{d.complainant.name}"
           "提起诉讼。现将意见陈述如下：")
    w.heading("当事人情况")
    w.complainant_lines("原告")
    w.provider_lines("被告")
    if d.contacts:
        w.heading("本会受理及调处经过")
        w.para(f"本会于受理投诉后（本会案件编号：{d.case_ref}）进行了调查和调解：")
        w.contacts()
    w.heading("事实与理由")
    w.narrative()
    w.heading("支持起诉的意见")
    if d.legal_basis.strip():
        w.lines(d.legal_basis)
    w.para("原告的诉讼请求为：")
    w.demands(closing="判令被告承担本案诉讼费用", court=True)
    w.para(f"综上，本会认为原告的诉讼请求有事实和法律依据，请{w.you()}依法受理，"
           "支持原告的诉讼请求。")
    w.attachment_note()
    w.signature()
    w.contact_note()
    w.evidence_attachment()


def _evidence_list(w: Writer) -> None:
    d = w.data
    w.title()
    w.plain(f"案件编号：{d.case_ref}")
    w.plain(f"案件名称：{d.case_title}")
    w.plain(f"提交人：{w.who()}")
    w.evidence_table()
    w.signature(d.complainant.name, "提交人：")


def _closing_report(w: Writer) -> None:
    d = w.data
    w.masthead()
    w.title()
    w.heading("案件基本情况")
    w.para(f"案件编号：{d.case_ref}；案件名称：{clause(d.case_title)}。")
    w.complainant_lines()
    w.provider_lines()
    cats = w.categories_text()
    if cats:
        w.para(f"投诉类别：{cats}。")
    if d.stage.strip():
        w.para(f"结案时所处阶段：{stage_text(d.stage)}。")
    w.heading("投诉请求")
    w.demands()
    w.heading("事实与理由")
    w.narrative()
    if d.contacts:
        w.heading("办理经过")
        w.contacts()
    w.heading("办理结果")
    w.para(f"结案结果：{outcome_label(d.outcome) if d.outcome.strip() else BLANK}。")
    if d.recovered_fen is not None:
        w.para(f"为投诉人挽回经济损失人民币{money(d.recovered_fen)}。")
    if d.legal_basis.strip():
        w.heading("相关依据")
        w.lines(d.legal_basis)
    w.attachment_note()
    w.signature()
    w.contact_note()
    w.evidence_attachment()


LAYOUTS: dict[FilingKind, typing.Callable[[Writer], None]] = {
    FilingKind.COMPLAINT_LETTER_PROVIDER: _letter_to_provider,
    FilingKind.COMPLAINT_LETTER_SUPERIOR: _letter_to_superior,
    FilingKind.CONSUMER_COMPLAINT: _consumer_complaint,
    FilingKind.MEDIATION_APPLICATION: _mediation_application,
    FilingKind.SAMR_REPORT: _samr_report,
    FilingKind.INDUSTRY_REPORT: _industry_report,
    FilingKind.PRESS_BRIEF: _press_brief,
    FilingKind.CIVIL_COMPLAINT: _civil_complaint,
    FilingKind.SUPPORT_OPINION: _support_opinion,
    FilingKind.EVIDENCE_LIST: _evidence_list,
    FilingKind.CLOSING_REPORT: _closing_report,
    FilingKind.MEDIATION_AGREEMENT: agreement,
    FilingKind.TERMINATION_NOTICE: termination_notice,
    FilingKind.ACCEPTANCE_NOTICE: acceptance_notice,
    FilingKind.MATERIAL_NOTICE: material_notice,
    FilingKind.REFUSAL_NOTICE: refusal_notice,
}
