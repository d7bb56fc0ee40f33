"""The complainant's own papers (消费者投诉书 / 投诉书, 调解申请书, 证据清单), drafted for their
signature and carrying no association letterhead, and the internal 结案报告."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from workbench.domain.ladder import Stage
from workbench.domain.vocabulary import AddresseeKind
from workbench.filings.binder import BinderItem
from workbench.filings.documents import FilingData
from workbench.filings.layout import Writer, clause, money, outcome_label
from workbench.filings.text import figure_date


def _complainant_paper(w: Writer, *, ask_title: str, closing: str) -> None:
    d = w.data
    role, them = w.speech.role, w.speech.them
    merchant = d.complainant.kind == "merchant"
    w.title("投诉书" if merchant and w.info.title == "消费者投诉书" else None)
    w.addressee()
    w.complainant_lines(role)
    w.provider_lines(them)
    cats = w.categories_text()
    if cats:
        w.para(f"投诉类别：{cats}。")
    w.heading(ask_title)
    w.demands()
    w.heading("事实与理由")
    w.narrative()
    if d.bases:
        w.heading("相关规定")
        for _, citation, text, _ in d.bases:
            w.para(f"{citation}规定：“{text}”。")
    w.para(f"{role}保证以上所述属实。" + closing.format(you=w.you()))
    w.attachment_note()
    w.signature(d.complainant.name, f"{role}（签名）：")
    w.evidence_attachment()


def consumer_complaint(w: Writer) -> None:
    _complainant_paper(w, ask_title="投诉请求",
                       closing="恳请{you}依法受理本投诉，督促被投诉人解决上述问题。")


def mediation_application(w: Writer) -> None:
    _complainant_paper(w, ask_title="调解请求",
                       closing="申请人自愿申请{you}主持调解，请依法予以受理。")


def evidence_list(w: Writer) -> None:
    """The complainant's list; at the legal stage (or to a court) a court's list: the
    parties and the 案由 instead of the association's 案件编号, in the plaintiff's voice.
    The signature line is left blank to sign: the typed name is in the header."""
    d = w.data
    c = d.complainant
    w.title()
    if court_list(d):
        w.speech = dataclasses.replace(w.speech, role="原告", them="被告")
        shop = c.merchant_name.strip() if c.kind == "merchant" else ""
        plaintiff = clause(shop or c.name)
        w.plain(f"原告：{plaintiff}" + (f"（个体工商户，经营者{clause(c.name)}）" if shop else ""))
        w.plain(f"被告：{clause(d.provider.name)}")
        w.plain(f"案由：{clause(d.cause)}")
        w.plain(f"提交人：原告{plaintiff}")
    else:
        w.plain(f"案件编号：{d.case_ref}")
        w.plain(f"案件名称：{clause(d.case_title)}")
        w.plain(f"提交人：{w.who()}")
    w.evidence_table()
    w.signature("", "提交人（签名）：" + SIGN_SPACE)


SIGN_SPACE = "\u3000" * 6  # room for the hand-written signature


def court_list(d: FilingData) -> bool:
    """An evidence list a court reads: at the legal stage, or addressed to a court."""
    return d.stage == Stage.LEGAL or bool(d.addressee and d.addressee.kind == AddresseeKind.COURT)


def court_items(d: FilingData, items: Sequence[BinderItem]) -> list[BinderItem]:
    """The binder's items as the court's evidence list words them (投诉人提供 → 原告提供)."""
    if not court_list(d):
        return list(items)

    def voiced(text: str) -> str:
        return text.replace("被投诉人", "被告").replace("投诉人", "原告")

    return [dataclasses.replace(i, title=voiced(i.title), source=voiced(i.source),
                                proves=voiced(i.proves)) for i in items]


def closing_report(w: Writer) -> None:
    """An internal report for the case file: no letterhead, no 文号, dated by the case."""
    d = w.data
    w.title()
    w.heading("案件基本情况")
    w.para(f"案件编号：{d.case_ref}；案件名称：{clause(d.case_title)}。")
    w.complainant_lines()
    w.provider_lines()
    cats = w.categories_text()
    if cats:
        w.para(f"投诉类别：{cats}。")
    opened = figure_date(d.received_on) if d.received_on else ""
    closed = figure_date(d.closed_on) if d.closed_on else ""
    w.para(f"受理日期：{opened}；结案日期：{closed}；结案前所处阶段：{clause(d.stage_before)}。")
    w.heading("投诉请求")
    w.demands()
    w.heading("投诉事项")
    w.narrative()
    if d.contacts:
        w.heading("办理经过")
        w.contacts()
    w.heading("办理结果")
    w.para(f"结案结果：{outcome_label(d.outcome)}。")
    recovered = d.recovered_fen or 0
    w.para(f"为投诉人挽回经济损失人民币{money(recovered)}" + (
        f"，其中加倍赔偿人民币{money(d.punitive_fen)}。" if d.punitive_fen else "；无加倍赔偿。"))
    w.heading("回访情况")
    w.para(clause(d.revisit) + "。" if d.revisit.strip() else "未回访。")
    w.heading("承办人意见")
    w.para("本案已办结，建议结案归档。")
    w.signature(clause(d.caseworker), "承办人：")
    w.heading("审核意见")
    w.para("审核人（签字）：\u3000\u3000\u3000\u3000\u3000\u3000日期：\u3000\u3000年\u3000\u3000月"
           "\u3000\u3000日")
    w.evidence_attachment()
