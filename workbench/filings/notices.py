"""The acceptance decision's notices to the complainant (受理通知书, 补正通知书, 不予受理告知书).

The association writes them, with its letterhead and 文号, addressed to the complainant
("你"; a merchant: "你单位"). Every legal statement comes from the data: the refusal
ground's label and the register's citations and wording arrive in :class:`FilingData`;
no statute is named here. Dates are in Arabic numerals (GB/T 9704-2012 §7.3.5).
"""

from __future__ import annotations

from datetime import date

from workbench.domain.law.acceptance import load_policy
from workbench.domain.vocabulary import DisputeScope
from workbench.filings.documents import BLANK
from workbench.filings.endings import endings
from workbench.filings.fit import keep_on_first_page
from workbench.filings.layout import Writer, article_body, clause
from workbench.filings.pleadings import grouped_citations
from workbench.filings.text import clean_xml, figure_date


def _you(w: Writer) -> str:
    """The complainant addressed by name: 你 (a merchant's notice names its 经营者 too)."""
    return "你"


def _day(value: date | None) -> str:
    return figure_date(value) if isinstance(value, date) else BLANK


def _addressee(w: Writer) -> None:
    d = w.data
    name = d.addressee.name.strip() if d.addressee and d.addressee.name.strip() \
        else d.complainant.name.strip()
    w.plain(f"{name or BLANK}：")


def _complaint(w: Writer) -> str:
    """你（单位）于2026年11月20日对某某支付有限公司提出的投诉（本会案件编号：…；投诉事项：…）"""
    d = w.data
    return (f"{_you(w)}于{_day(d.received_on)}对{d.provider.name}提出的投诉"
            f"（本会案件编号：{d.case_ref}；投诉事项：{clause(d.case_title)}）")


def _close(w: Writer, start: int) -> None:
    """特此告知, the signature and the 附注 (who to call: a notice asks for no letter back;
    the 补正通知书 gives its address in the body). One page, as a notice is: the text from
    paragraph `start` (the addressee) on is fitted to the first page."""
    w.para("特此告知。")
    w.signature()
    w.contact_note(address=False)
    keep_on_first_page(w.doc.paragraphs[start:], w.style)


def _head(w: Writer) -> int:
    """Masthead, title and the addressee line; returns where the fitted text starts."""
    w.masthead()
    w.title()
    start = len(w.doc.paragraphs)
    _addressee(w)
    return start


def acceptance_notice(w: Writer) -> None:
    """受理通知书: the complaint is accepted; the association takes it up with the provider."""
    d = w.data
    start = _head(w)
    w.para(f"{_complaint(w)}，本会已收悉。{_accepted(w)}")
    # one paragraph: the notice keeps to one page beside its basis
    within = f"，函请其自收到本会函件之日起{d.reply_within}内答复" if d.reply_within else ""
    w.para(f"本会将就投诉事项向{d.provider.name}了解情况{within}，督促其依法依约处理，"
           f"并将处理情况及时告知{_you(w)}。")
    w.para(f"办理期间，{_you(w)}如有新的事实、证据，或与被投诉人自行和解，请及时告知本会。")
    _close(w, start)


def _accepted(w: Writer) -> str:
    """The acceptance on the basis the policy gives the case's scope (acceptance.toml):
    the consumer law for a consumer, the association's own rule for a merchant's business
    dispute — a case accepted without one is refused by the service, never printed here."""
    d = w.data
    basis = grouped_citations([clean_xml(c) for c, _ in d.citations]) or BLANK
    wording = d.accepted_wording or load_policy().of(
        DisputeScope.BUSINESS if d.business_scope else DisputeScope.CONSUMER).accepted
    return wording.format(basis=basis, you=_you(w))


def material_notice(w: Writer) -> None:
    """补正通知书: which material is missing and by when."""
    d = w.data
    start = _head(w)
    w.para(f"{_complaint(w)}，本会已收悉。经审查，投诉材料尚不齐全。"
           f"请{_you(w)}于{_day(d.material_due_on)}前向本会补正下列材料：")
    items = [clean_xml(i).strip() for i in d.material_items if clean_xml(i).strip()]
    if items:
        for n, item in enumerate(items, start=1):
            w.para(f"{n}. {material_item(item)}" + ("。" if n == len(items) else "；"))
    else:
        w.para(f"（请补充：需补正的材料）{BLANK}")
    w.para(f"补正材料可送交或邮寄本会（地址：{w.return_address()}）。逾期未补正的，"
           "本会将依据现有材料审查决定是否受理。")
    _close(w, start)


def material_item(item: str) -> str:
    """An item asked for with why it is needed (endings.toml [material]), without its
    closing punctuation (the list adds ；/。)."""
    words = endings()["material"]
    item = item.rstrip("。；;，,.、 ")
    if any(w in item for w in words["already"]):
        return item
    why = next((r["why"] for r in words["reason"] if any(w in item for w in r["words"])),
               words["general"])
    return f"{item}，{why}"


def refusal_notice(w: Writer) -> None:
    """不予受理告知书: the ground stated as a fact, the rule it rests on (the association's
    own rule when registered, the statute that defines the ground) with its wording, and
    the way on. A ground no rule is cited for is stated without quotation marks: the
    notice never quotes a rule it does not name."""
    d = w.data
    start = _head(w)
    ground = clause(clean_xml(d.ground_label)) or BLANK
    cites = grouped_citations([clean_xml(c) for c, _ in d.citations])
    reason = clean_xml(d.decision_reason).strip().rstrip("。；;")
    why = f"具体理由：{reason}。" if reason else ""
    basis = f"依据{cites}的规定，" if cites else ""
    w.para(f"经审查，{_complaint(w)}，{ground}。{why}{basis}本会决定不予受理。")
    if d.citations:
        w.para("所依据的规定：")
        for citation, text in d.citations:
            if not text.strip():  # unverified: cited by name and article, never quoted
                w.para(f"{citation}。")
                continue
            body = article_body(text).rstrip("；;")  # an item quoted alone: a sentence
            w.para(f"{citation}：{body}" + ("" if body.endswith("。") else "。"))
    if clean_xml(d.ground_suggest).strip():
        w.para(d.ground_suggest)
    _close(w, start)
