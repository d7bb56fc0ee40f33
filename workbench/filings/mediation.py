"""Layouts of mediation's end (DESIGN §9, §10): the 调解协议书 the parties sign and the
终止调解告知书 the association sends. Every article they cite arrives in
``FilingData.citations`` from the law register; nothing here names a statute."""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.filings.documents import BLANK, Demand
from workbench.filings.endings import cancels, endings
from workbench.filings.layout import Writer, article_body, clause, money
from workbench.filings.text import AMOUNT, clean_xml, figure_date

SIGN = "\u3000" * 6  # room for a handwritten signature
# room for an account number written in when signing: word joiners (U+2060) after each
# space keep the blank on one line with its closing bracket (review round 6 T4: "）。"
# wrapped onto a line of its own)
# a term numbered by hand ("1. ", "二、"): the layout numbers the terms itself
NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．)）](?!\d)\s*")


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
    """Each cited article: its citation, then its wording from the register (an item
    quoted alone ends as a sentence)."""
    for citation, text in w.data.citations:
        if not text.strip():  # unverified: cited by name and article, never quoted
            w.para(f"{citation}。")
            continue
        w.para(f"{citation}：", bold=True)
        body = article_body(text).rstrip("；;")
        w.lines(body + ("" if body.endswith("。") else "。"))


def agreed_terms(w: Writer) -> list[str]:
    """The recorded terms, one a line, without a line saying the service goes on as before
    when a demand asks to end it (the two cannot both be agreed)."""
    lines = [clause(t) for t in clean_xml(w.data.agreement_terms).splitlines() if clause(t)]
    if cancels(d.text for d in w.data.demands):
        serving = endings()["agreement"]["keep_serving"]
        lines = [t for t in lines if not any(s in t for s in serving)]
    return [NUMBERED.sub("", t) or t for t in lines]


def _act(term: str) -> tuple[str, str]:
    """(kind, act) of a term that grants money: "refund" or "pay" and the term from its
    verb on ("退还多收手续费"), or ("", "") for any other term or one that names a sum."""
    words = endings()["agreement"]
    if AMOUNT.search(term):
        return "", ""  # the sum is written in it already
    act = term.removeprefix("被投诉人").removeprefix("同意").removeprefix("部分")
    act = act.removeprefix("向投诉人")
    for kind, verbs in (("pay", words["pay_verbs"]), ("refund", words["refund_verbs"])):
        if act.startswith(tuple(verbs)):
            return kind, act
    return "", ""


def _how(w: Writer, refunds: bool) -> str:
    """How the money reaches the complainant: to the account on file, else back the way
    it came for money the provider took, else to the account the complainant names (room
    to write it in when signing): every sum says how it is paid."""
    words, account = endings()["agreement"], clause(w.data.pay_account)
    name = clause(w.data.complainant.name)
    if account:
        return words["to_account"].format(name=name, account=account)
    if refunds:
        return str(words["to_origin"])
    return str(words["to_named_account"]).format(name=name)


def _asked(term: str, demands: Sequence[Demand]) -> int | None:
    """The sum claimed by the one money demand a term answers (None when none or unsure)."""
    found = [d.amount_fen for d in demands if d.amount_fen and claim(d.text)
             and (claim(d.text) in term or term.endswith(claim(d.text)))]
    return found[0] if len(found) == 1 else None


def claim(text: str) -> str:
    """A demand without its sum and its 立即/无条件 (what a term that grants it says)."""
    words = endings()["draft"]["drop_words"]
    claim = clause(AMOUNT.sub("", " ".join(clean_xml(text).split())))
    for word in words:
        claim = claim.removeprefix(word)
    return claim.rstrip("，, ")


def money_terms(w: Writer, terms: list[str]) -> list[str]:
    """The terms with the agreed money in the term that grants it (figures and 大写, by
    when, how): one such term takes the whole sum; several take each its claim when all
    was recovered, else one more term pays their total; money with no such term gets a
    term of its own (endings.toml [agreement])."""
    d, words = w.data, endings()["agreement"]
    recovered = d.recovered_fen or 0
    if not recovered:
        return terms
    when = figure_date(d.perform_by) if d.perform_by else BLANK
    extra = words["punitive"].format(sum=money(d.punitive_fen)) if d.punitive_fen else ""
    acts = [_act(t) for t in terms]
    granting = [n for n, (kind, _) in enumerate(acts) if kind]
    if len(granting) == 1 or (len(granting) > 1 and not d.punitive_fen):
        sums = [recovered] if len(granting) == 1 else [_asked(terms[n], d.demands)
                                                        for n in granting]
        if None not in sums and sum(s or 0 for s in sums) == recovered:
            out = list(terms)
            for n, fen in zip(granting, sums, strict=True):
                kind, act = acts[n]
                out[n] = words["money_term"].format(
                    when=when, act=act, sum=money(fen or 0) + extra,
                    how=_how(w, kind == "refund" and not d.punitive_fen))
            return out
    refunds = bool(granting) and all(acts[n][0] == "refund" for n in granting) \
        and not d.punitive_fen
    if granting:
        last = granting[-1] + 1
        named = "、".join(str(n + 1) for n in granting)
        paid = words["pay_total"].format(when=when, terms=named, sum=money(recovered) + extra,
                                         how=_how(w, refunds))
        return [*terms[:last], paid, *terms[last:]]
    return [*terms, words["pay_only"].format(when=when, sum=money(recovered) + extra,
                                             how=_how(w, False))]


def agreement(w: Writer) -> None:
    """调解协议书: parties, the mediating organisation, the dispute, a term for what was
    agreed on the demands, the money once (figures, 大写, how, account, deadline)."""
    d, words = w.data, endings()["agreement"]
    w.title()
    if d.doc_no.strip():  # the 调解书号 12315 records ask for
        w.plain(d.doc_no, align="right")
    w.plain(f"案件编号：{d.case_ref}", align="right")
    w.heading("当事人")
    w.complainant_lines("投诉人")
    w.provider_lines("被投诉人", representative=True)
    role = words["mediator_role"]
    w.para(f"{role}：{w.letterhead.name}。")
    w.heading("争议事项")
    w.para(f"投诉人与被投诉人因{clause(d.case_title)}发生争议，投诉人向{w.letterhead.name}"
           "投诉。投诉人反映：")
    w.narrative(reported=False)
    w.para("投诉人的请求为：")
    w.demands()
    if d.evidence:  # the list appended below is named where the dispute is stated
        w.para(words["evidence_note"])
    # the basis in the sentence that introduces the terms (the wording is the law's, not
    # the parties': the agreement names the articles, it does not quote them)
    cited = "、".join(citation for citation, _ in d.citations)
    w.para((words["basis"] if cited else words["no_basis"]).format(
        cited=cited, association=w.letterhead.name))
    w.heading("协议内容")
    terms = money_terms(w, agreed_terms(w))
    for number, term in enumerate(terms, 1):
        w.para(f"{number}. {term}。" if len(terms) > 1 else f"{term}。")
    if not terms:
        w.para(BLANK)
    w.heading("履行方式和期限")
    w.para(words["perform"].format(when=figure_date(d.perform_by) if d.perform_by else BLANK))
    w.heading("违约责任")
    w.para(words["breach"])
    w.heading("司法确认")  # a route the parties may take, not a liability: its own item
    w.para(words["confirmation"])
    w.heading("其他约定")
    w.para("本协议履行完毕后，双方当事人就本纠纷再无其他争议。"
           "本协议经双方当事人签字或者盖章后生效。本协议一式三份，投诉人、被投诉人各执一份，"
           f"{role}存档一份。")
    _dated_signatures(w, [
        f"投诉人（签字）：{SIGN}",
        f"被投诉人（盖章）：{SIGN}",
        f"{words['provider_signs']}：{SIGN}",  # on its own line: it never wraps
        f"调解人（签字）：{SIGN}",
        f"{role}（盖章）：{w.letterhead.name}",
    ])
    w.evidence_attachment()


def termination_notice(w: Writer) -> None:
    """终止调解告知书 in the association's voice, with its 文号: the ground stated as a
    fact, each cited article with its wording, and what the parties may do next (no
    evidence attached: the notice tells, it proves nothing)."""
    d, words = w.data, endings()["termination"]
    w.masthead()
    w.title()
    w.plain(f"{d.complainant.name}、{d.provider.name}：")
    ground = clause(d.ground_label) or BLANK
    w.para(f"本会受理了{w.who()}对{d.provider.name}的投诉（本会案件编号：{d.case_ref}），"
           f"投诉事项：{clause(d.case_title)}。本会已组织调解。{ground}。"
           "本会决定终止调解，现告知如下：")
    w.heading("投诉人反映的情况")
    w.narrative()
    w.para("投诉人的请求为：")
    w.demands()
    w.heading("终止调解的理由")
    w.para(f"{ground}。")
    if d.citations:
        w.heading("依据")
        _cited(w)
    w.heading("后续途径")
    if d.ground in words["advice_too"] and clause(d.suggestion):  # the ground's own advice
        w.para(f"{clause(d.suggestion)}。")
    w.para(words["remedy"] if d.ground in words["open_dispute"] else words["other_means"])
    if d.notify_citations:
        w.para(f"本会依照{'、'.join(d.notify_citations)}的规定，在终止调解之日起七个工作日内"
               "告知双方当事人。")
    w.signature()
    w.contact_note()
