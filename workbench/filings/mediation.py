"""Layouts of mediation's end (DESIGN §9, §10): the 调解协议书 the parties sign and the
终止调解告知书 the association sends. Every article they cite arrives in
``FilingData.citations`` from the law register; nothing here names a statute."""

from __future__ import annotations

from workbench.filings.documents import BLANK
from workbench.filings.layout import Writer, article_body, clause, money
from workbench.filings.text import clean_xml, figure_date

SIGN = "\u3000" * 6  # room for a handwritten signature


def _dated_signatures(w: Writer, lines: list[str]) -> None:
    """Signature lines, then the date in Arabic numerals (GB/T 9704-2012 §7.3.5), kept
    with the last lines of the agreement (never alone on a page)."""
    w.keep_with_next_lines()
    w.para().paragraph_format.keep_with_next = True
    for line in lines:
        w.plain(line, first_line=True).paragraph_format.keep_with_next = True
    w.para().paragraph_format.keep_with_next = True
    w.plain(figure_date(w.data.issued_on), align="right", right_indent_chars=4)


def _cited(w: Writer) -> None:
    """Each cited article: its citation, then its wording from the register."""
    for citation, text in w.data.citations:
        w.para(f"{citation}：", bold=True)
        w.lines(article_body(text))


def agreement(w: Writer) -> None:
    """调解协议书: parties, mediator, dispute, terms, money in figures and 大写, deadline."""
    d = w.data
    w.title()
    if d.doc_no.strip():  # the 调解书号 12315 records ask for
        w.plain(d.doc_no, align="right")
    w.plain(f"案件编号：{d.case_ref}", align="right")
    w.heading("当事人")
    w.complainant_lines("投诉人")
    w.provider_lines("被投诉人", representative=True)
    w.para(f"调解机构：{w.letterhead.name}"
           + (f"（{clean_xml(d.mediator)}）" if d.mediator.strip() else "") + "。")
    w.heading("争议事项")
    cats = w.categories_text()
    w.para(f"投诉人与被投诉人因{clause(d.case_title)}发生争议"
           + (f"（投诉类别：{cats}）" if cats else "") + f"，投诉人向{w.letterhead.name}投诉。"
           "投诉人反映：")
    w.narrative(reported=False)
    w.para("投诉人的请求为：")
    w.demands()
    if d.citations:
        w.para(f"{w.letterhead.name}依据下列规定主持调解，双方当事人在自愿、平等的基础上"
               "达成如下协议：")
        _cited(w)
    else:
        w.para(f"经{w.letterhead.name}主持调解，双方当事人在自愿、平等的基础上达成如下协议：")
    w.heading("协议内容")
    w.lines(d.agreement_terms or BLANK)
    recovered = d.recovered_fen or 0
    if recovered:  # the sum, in 大写, once: the parties' own terms state it without it
        w.para(f"被投诉人依本协议向投诉人支付的款项合计人民币{money(recovered)}"
               + (f"，其中加倍赔偿人民币{money(d.punitive_fen)}" if d.punitive_fen else "")
               + "。")
    w.heading("履行期限")
    when = figure_date(d.perform_by) if d.perform_by else BLANK
    w.para(f"被投诉人应于{when}前履行完毕本协议约定的义务。")
    w.heading("违约责任")
    w.para("被投诉人未按期足额履行的，投诉人可以依法向人民法院提起诉讼；"
           "双方当事人也可以自本协议生效之日起三十日内，共同向有管辖权的人民法院申请司法确认。")
    w.heading("其他约定")
    w.para("本协议履行完毕后，双方当事人就本纠纷再无其他争议。"
           "本协议经双方当事人签字或者盖章后生效。本协议一式三份，投诉人、被投诉人各执一份，"
           "调解机构存档一份。")
    _dated_signatures(w, [
        f"投诉人（签字）：{SIGN}",
        f"被投诉人（盖章）：{SIGN}代表人（签字）：{SIGN}",
        f"调解人（签字）：{SIGN}",
        f"调解机构（盖章）：{w.letterhead.name}",
    ])
    w.evidence_attachment()


def termination_notice(w: Writer) -> None:
    """终止调解告知书 in the association's voice, with its 文号: the ground, each cited
    article with its wording, and what the parties may do next."""
    d = w.data
    w.masthead()
    w.title()
    w.plain(f"{d.complainant.name}、{d.provider.name}：")
    w.para(f"本会受理了{w.who()}对{d.provider.name}的投诉（本会案件编号：{d.case_ref}），"
           f"投诉事项：{clause(d.case_title)}。本会组织调解后，"
           f"出现下列情形：{clause(d.ground_label) or BLANK}。本会决定终止调解，现告知如下：")
    w.heading("投诉人反映的情况")
    w.narrative()
    w.para("投诉人的请求为：")
    w.demands()
    w.heading("终止调解的理由")
    w.para(f"{clause(d.ground_label) or BLANK}。")
    if d.citations:
        w.heading("依据")
        _cited(w)
    w.heading("后续途径")
    w.lines(d.suggestion or "双方当事人可以依法通过其他途径解决争议。")
    if d.notify_citations:
        w.para(f"本会依照{'、'.join(d.notify_citations)}的规定，在终止调解之日起七个工作日内"
               "告知双方当事人。")
    w.signature()
    w.contact_note()
    w.evidence_attachment()
