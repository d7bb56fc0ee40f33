"""The complainant's own papers (消费者投诉书 / 投诉书, 调解申请书, 证据清单), drafted for their
signature and carrying no association letterhead, and the internal 结案报告."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from workbench.domain.ladder import Stage
from workbench.domain.vocabulary import AddresseeKind
from workbench.filings.binder import BinderItem
from workbench.filings.documents import FilingData, FilingKind
from workbench.filings.endings import endings, topics, waived_fen, waives
from workbench.filings.layout import Writer, clause, money, outcome_label
from workbench.filings.mediation import claim
from workbench.filings.pleadings import (
    PLAINTIFF_SOURCE,
    co_defendant,
    court_words,
    plaintiffs_evidence,
)
from workbench.filings.text import figure_date, rule_sentence
from workbench.filings.voice import Speech, load_voice


def association_obtained(source: str) -> bool:
    """Whether an item's source says the association obtained it (endings.toml [papers]
    association_sources): it stays in the association's file, not the complainant's."""
    return any(s in source for s in endings()["papers"]["association_sources"])


def own_evidence(d: FilingData) -> FilingData:
    """The complainant's own list: the items it holds, not what the association obtained."""
    return dataclasses.replace(d, evidence=[e for e in d.evidence
                                            if not association_obtained(e.source)])


def applicants_list(d: FilingData) -> bool:
    """A list the complainant submits with its 调解申请书 (the mediation stage, not sent to
    a market bureau with a 消费者投诉书): it names the complainant 申请人 as the
    application's own list does (review round 5, N1)."""
    to = d.addressee.kind if d.addressee else None
    return d.stage == Stage.MEDIATION and to in (None, AddresseeKind.ASSOCIATION,
                                                  AddresseeKind.FILE)


def submitters_speech(d: FilingData, speech: Speech) -> Speech:
    """The voice of the complainant's list and binder outside court: the application's
    (申请人, voice.toml) beside a 调解申请书, else the list's own."""
    if not applicants_list(d):
        return speech
    application = load_voice().of(FilingKind.MEDIATION_APPLICATION)
    return dataclasses.replace(speech, role=application.role, them=application.them)


def _complainant_paper(w: Writer, *, ask_title: str, closing: str) -> None:
    w.data = d = own_evidence(w.data)
    role, them = w.speech.role, w.speech.them
    merchant = d.complainant.kind == "merchant"
    w.title("投诉书" if merchant and w.info.title == "消费者投诉书" else None)
    w.addressee()
    w.complainant_lines(role)
    w.provider_lines(them)
    concerns = topics(d.categories, (dm.text for dm in d.demands))
    if concerns:
        w.para(f"投诉事项涉及{concerns}。")
    w.heading(ask_title)
    w.demands()
    w.heading("事实与理由")
    w.narrative()
    if d.bases:
        w.heading("相关规定")
        # one list: an article led a second point is quoted once
        for citation, text in dict.fromkeys((c, t) for _, c, t, _ in d.bases):
            w.para(rule_sentence(citation, text))
    w.para(f"{role}保证以上所述属实。" + closing.format(you=w.you()))
    w.attachment_note()
    w.signature("", f"{role}（签名）：" + SIGN_SPACE)  # signed by hand, never typed
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
    w.title()
    if court_list(d):
        w.speech = dataclasses.replace(w.speech, role="原告", them="被告")
        # the plaintiff submits every item it lists, as in its pleading
        w.data = d = plaintiffs_evidence(d)
        for label, value in court_heading(d):
            w.plain(f"{label}：{value}")
    else:
        w.data = d = own_evidence(d)
        w.speech = submitters_speech(d, w.speech)
        w.plain(f"案件编号：{d.case_ref}")
        w.plain(f"案件名称：{clause(d.case_title)}")
        w.plain(f"提交人：{w.who()}")
    w.evidence_table()
    w.signature("", "提交人（签名）：" + SIGN_SPACE)


def court_heading(d: FilingData) -> list[tuple[str, str]]:
    """What heads an evidence list or binder a court reads, as (label, value): 原告, 被告
    (被告一 and 被告二 when the head company is joined, as the pleading names them), 案由
    and 提交人."""
    c = d.complainant
    shop = c.merchant_name.strip() if c.kind == "merchant" else ""
    plaintiff = clause(shop or c.name)
    lines = [("原告", plaintiff + (f"（个体工商户，经营者{clause(c.name)}）" if shop else ""))]
    head = co_defendant(d)
    if head is None:
        lines.append(("被告", clause(d.provider.name)))
    else:
        lines += [("被告一", clause(d.provider.name)), ("被告二", clause(head.name))]
    return [*lines, ("案由", clause(d.cause)), ("提交人", f"原告{plaintiff}")]


def binder_heading(d: FilingData) -> list[tuple[str, str]]:
    """What heads the evidence binder's cover: the court's parties and 案由 at court,
    else the association's 案件编号 and 案件名称 with the complainant who submits."""
    if court_list(d):
        return court_heading(d)
    return [("案件编号", d.case_ref), ("案件名称", clause(d.case_title)),
            ("提交人", clause(d.complainant.name))]


SIGN_SPACE = "\u3000" * 6  # room for the hand-written signature


def court_list(d: FilingData) -> bool:
    """An evidence list a court reads: at the legal stage, or addressed to a court."""
    return d.stage == Stage.LEGAL or bool(d.addressee and d.addressee.kind == AddresseeKind.COURT)


def court_items(d: FilingData, items: Sequence[BinderItem]) -> list[BinderItem]:
    """The binder's items as the court's evidence list words them (投诉人提供 → 原告提供);
    outside court the complainant submits the binder, so it holds what its own evidence
    list holds (no item the association obtained)."""
    if not court_list(d):  # numbered as the complainant's list numbers them
        kept = [i for i in items if not association_obtained(i.source)]
        voice = submitters_speech(d, load_voice().of(FilingKind.EVIDENCE_BINDER))
        return [dataclasses.replace(i, number=n, title=voice.parties(i.title),
                                    source=voice.parties(i.source),
                                    proves=voice.parties(i.proves))
                for n, i in enumerate(kept, start=1)]
    return [dataclasses.replace(i, title=court_words(i.title), source=PLAINTIFF_SOURCE,
                                proves=court_words(i.proves)) for i in items]


def _sum_or_none(fen: int | None) -> str:
    """A sum in figures and 大写, or 无 when there is none."""
    return f"人民币{money(fen)}" if fen else f"：{endings()['report']['nothing']}"


def _recommendation(d: FilingData) -> str:
    """The caseworker's recommendation, by the outcome (endings.toml [report.recommend])."""
    said = endings()["report"]["recommend"]
    if clause(d.closing_ground):
        return str(said["terminated"]).format(ground=clause(d.closing_ground))
    recovered = d.recovered_fen or 0
    key = d.outcome if d.outcome in said else "other"
    if key in ("resolved", "partially_resolved") and recovered:
        key += "_agreed" if _not_yet_due(d) else "_money"
    if key == "referred":
        key += {"": "_unnamed", "other": ""}.get(referral(d), "_" + referral(d))
    when = figure_date(d.perform_by) if d.perform_by else ""
    return str(said[key]).format(recovered=money(recovered) if recovered else "",
                                 reason=clause(d.closing_reason), when=when)


def referral(d: FilingData) -> str:
    """What a referred case's recorded reason says: "named" (the body it went to),
    "court" (the complainant was told to sue), "other", or "" (none recorded)."""
    words, reason = endings()["report"], clause(d.closing_reason)
    if not reason:
        return ""
    if any(w in reason for w in words["court_words"]):
        return "court"
    return "named" if reason.startswith(tuple(words["referral_verbs"])) else "other"


def _not_yet_due(d: FilingData) -> bool:
    """Money agreed to be paid by a day the report does not reach: agreed, not recovered
    (the contact log records no payment)."""
    return bool(d.recovered_fen and d.perform_by and d.issued_on <= d.perform_by)


def _recovered_line(d: FilingData) -> str:
    words = endings()["report"]
    if _not_yet_due(d) and d.perform_by and d.recovered_fen:
        return words["agreed"].format(when=figure_date(d.perform_by), sum=money(d.recovered_fen))
    return f"为投诉人挽回经济损失{_sum_or_none(d.recovered_fen)}"


def _waived_line(d: FilingData) -> str:
    """减免 apart from 挽回: the charges a resolved case waived (免除违约金), or, in part,
    those the agreement's terms grant; "" when none."""
    if d.outcome not in ("resolved", "partially_resolved"):
        return ""
    waived = [dm for dm in d.demands if dm.amount_fen and waives(dm.text)
              and (d.outcome == "resolved" or claim(dm.text) in d.agreement_terms)]
    if not waived:
        return ""
    return str(endings()["report"]["waived"]).format(
        sum=money(waived_fen((dm.text, dm.amount_fen) for dm in waived)),
        waived="、".join(claim(dm.text) for dm in waived))


def closing_report(w: Writer) -> None:
    """An internal report for the case file: no letterhead, no 文号, dated by the case;
    every line from the record (the outcome, the sums, the 回访 after the close)."""
    d, words = w.data, endings()["report"]
    w.title()
    w.heading("案件基本情况")
    w.para(f"案件编号：{d.case_ref}；案件名称：{clause(d.case_title)}。")
    w.complainant_lines()
    w.provider_lines()
    cats = w.categories_text()
    if cats:
        w.para(f"投诉类别：{cats}。")
    refused = d.outcome == "rejected"
    received = f"收到投诉日期：{figure_date(d.received_on)}；" if d.received_on else ""
    decided = d.decided_on or (d.closed_on if refused else None)
    decision = (f"{'不予受理日期' if refused else '受理日期'}：{figure_date(decided)}；"
                if decided else "")
    closed = f"结案日期：{figure_date(d.closed_on)}；" if d.closed_on else ""
    w.para(f"{received}{decision}{closed}"
           f"结案前所处阶段：{clause(d.stage_before) or words['stage_unknown']}。")
    w.heading("投诉请求")
    w.demands()
    w.heading("投诉事项")
    w.narrative()
    w.contacts(heading="办理经过")
    w.heading("办理结果")
    reason = clause(d.closing_reason)
    if clause(d.closing_ground):  # closed by the termination: its ground, as the notice said
        w.para(words["terminated"].format(ground=clause(d.closing_ground)))
    elif d.outcome == "referred" and referral(d) in ("named", "court"):  # the reason says it
        w.para(words["outcome_as_recorded"].format(reason=reason))
    else:
        w.para(f"结案结果：{document_outcome(d.outcome)}" + (f"（{reason}）" if reason else "")
               + "。")
    waived = _waived_line(d)
    w.para(f"{_recovered_line(d)}；{waived + '；' if waived else ''}"
           f"加倍赔偿{_sum_or_none(d.punitive_fen)}。")
    w.heading("回访情况")
    w.para(clause(d.revisit) + "。" if d.revisit.strip() else words["no_revisit"])
    w.heading("承办人意见")
    w.para(_recommendation(d))
    w.signature(clause(d.caseworker), "承办人：")
    w.heading("审核意见")
    w.para("审核人（签字）：\u3000\u3000\u3000\u3000\u3000\u3000日期：\u3000\u3000年\u3000\u3000月"
           "\u3000\u3000日")
    w.evidence_attachment()


def document_outcome(code: str) -> str:
    """The outcome in a document's sentence (不予受理, not the screen's 不予受理/驳回)."""
    return str(endings()["outcome"].get(code) or outcome_label(code))
