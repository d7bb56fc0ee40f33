"""处理经过 (issue 11, review 0.4): the association's contact log as sentences in the
document's voice, and only the contacts its addressee should read.

Each contact becomes "2026年11月27日，本会致电某某客服热线400-658-8017转达投诉，对方已受理
（工单号：GD…）。": the date, the channel's verb with the counterpart, what was done and
what the counterpart answered, the ticket. The verbs, the filter per addressee and the
words that contradict a channel are data (``voice.toml``, ``[contacts]``).
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.domain.contact_order import contact_steps, opening_chases, step_of
from workbench.domain.contact_order import out_of_order as out_of_order_in
from workbench.domain.organisations import head_company
from workbench.domain.vocabulary import ContactChannel
from workbench.filings.documents import ContactEntry, FilingData, FilingKind
from workbench.filings.text import clause, clean_xml, figure_date
from workbench.filings.voice import load_voice, voice_toml

_END = "。！？.!?；;，,："
# a space next to a Chinese character is no part of a sentence (客服热线 400-… → 客服热线400-…)
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")
_HALF_PARENS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True, slots=True)
class ContactBook:
    joined: tuple[str, ...]  # a note starting with one follows the counterpart, no comma
    otherwise: str
    verb: dict[str, str]
    named: dict[str, str]
    show: dict[str, frozenset[str]]
    form: dict[str, dict[str, str]]
    contradicts: dict[str, tuple[str, ...]]
    letter_to: dict[str, str]  # an association letter's addressee → the stage it writes to
    awaiting: tuple[str, ...]  # an answer that is no answer yet


@functools.cache
def contact_book() -> ContactBook:
    raw: dict[str, typing.Any] = voice_toml()["contacts"]
    return ContactBook(
        joined=tuple(raw["joined"]), otherwise=str(raw["otherwise"]),
        verb={str(k): str(v) for k, v in raw["verb"].items()},
        named={str(k): str(v) for k, v in raw.get("named", {}).items()},
        show={str(k): frozenset(v) for k, v in raw["show"].items()},
        form={str(k): dict(v) for k, v in raw.get("form", {}).items()},
        contradicts={str(k): tuple(v) for k, v in raw.get("contradicts", {}).items()},
        letter_to={str(k): str(v) for k, v in raw.get("letter_to", {}).items()},
        awaiting=tuple(raw.get("awaiting", ())))


def addressee_of(kind: FilingKind, data: FilingData) -> str:
    """The AddresseeKind code the paper goes to: the named addressee's, else the kind's."""
    if data.addressee and data.addressee.kind:
        return str(data.addressee.kind)
    return str(load_voice().of(kind).addressee)


def shown(kind: FilingKind, data: FilingData, book: ContactBook | None = None
          ) -> list[ContactEntry]:
    """The contacts a paper of `kind` prints, oldest first: those with the counterparts
    its addressee may read about, dated on or before the paper."""
    book = book or contact_book()
    stages = book.show.get(addressee_of(kind, data), frozenset())
    return sorted((c for c in data.contacts
                   if ("*" in stages or (c.stage or "provider") in stages)
                   and c.on <= data.issued_on), key=lambda c: c.on)


def _phrase(text: str) -> str:
    """A note as a clause: one line, no closing punctuation, full-width parentheses."""
    words = " ".join(clean_xml(text).split())
    words = _CJK_SPACE.sub("", words)
    return _HALF_PARENS.sub(r"（\1）", words).rstrip(_END)


def reached(contact: ContactEntry, *, tickets: bool = True,
            book: ContactBook | None = None) -> str:
    """What a contact did, after its date and who: "致电某某客服热线转达投诉，对方已受理
    （工单号：…）" — the channel's verb with the counterpart, what was done and what the
    counterpart answered (a sentence part, never a form's "联系结果为：")."""
    book = book or contact_book()
    code = contact.channel.strip()
    counterpart = _phrase(contact.counterpart) or "对方"
    label = ContactChannel.label_of(code, "")
    template = (book.named.get(code) if label and label in counterpart else None) \
        or book.verb.get(code, book.otherwise)
    said = [part for part in (_phrase(contact.summary), _phrase(contact.outcome)) if part]
    body = "，".join(said)
    if body:
        body = (body if body.startswith(book.joined) else "，" + body)
    ticket = f"（工单号：{clause(contact.ticket_no)}）" \
        if tickets and contact.ticket_no.strip() else ""
    return f"{template.format(counterpart=counterpart)}{body}{ticket}"


def sentence(contact: ContactEntry, *, who: str = "本会", tickets: bool = True,
             book: ContactBook | None = None) -> str:
    """One contact as a sentence of the document."""
    return f"{figure_date(contact.on)}，{who}{reached(contact, tickets=tickets, book=book)}。"


def awaiting_reply(contacts: Sequence[ContactEntry], book: ContactBook | None = None) -> bool:
    """Whether the last of these contacts (time order) left the side's answer still to
    come: no answer recorded, or one that only promises or acknowledges (``awaiting``)."""
    if not contacts:
        return False
    book = book or contact_book()
    last = max(contacts, key=lambda c: c.on).outcome.strip()
    return not last or any(word in last for word in book.awaiting)


def sentences(kind: FilingKind, data: FilingData, *, who: str = "本会",
              tickets: bool = True, association: str = "") -> list[str]:
    """The paragraphs a paper prints for its contact log: a sentence per contact, or the
    kind's one-fact form (``[contacts.form]``)."""
    book = contact_book()
    contacts = shown(kind, data, book)
    form = book.form.get(str(kind))
    if form is None:
        return [sentence(c, who=who, tickets=tickets, book=book) for c in contacts]
    name = association or "消费者协会"
    if data.mediation_failed:
        return [form["mediated"].format(association=name)]
    if not contacts:
        return []
    # a branch sued with its head company is 被告一, the side the association contacted
    defendant = "被告一" if head_company(data.provider.name) else "被告"
    return [form["contacted"].format(association=name, defendant=defendant,
                                     dates=_dates([c.on for c in contacts]))]


def _dates(days: Sequence[typing.Any]) -> str:
    """2026年11月22日、11月27日: the year once while it stays the same."""
    out: list[str] = []
    year = None
    for day in dict.fromkeys(days):
        text = figure_date(day)
        out.append(text if day.year != year else text.split("年", 1)[1])
        year = day.year
    return "、".join(out)


def contradictions(kind: FilingKind, data: FilingData) -> list[str]:
    """A warning for each printed contact whose note names another channel than its own
    (a 信函 whose note says 致电)."""
    book = contact_book()
    out = []
    for contact in shown(kind, data, book):
        code = contact.channel.strip()
        note = f"{contact.summary} {contact.outcome}"
        found = [w for w in book.contradicts.get(code, ()) if w in note]
        if found:
            label = ContactChannel.label_of(code, code)
            out.append(f"{figure_date(contact.on)}与{clause(contact.counterpart) or '对方'}的联系"
                       f"记录方式为“{label}”，记录内容却写有“{found[0]}”：请核对联系方式或内容")
    return out


def out_of_order(kind: FilingKind, data: FilingData) -> list[str]:
    """A warning for each printed contact logged before one it must follow with the same
    side (``domain/contact_steps.toml``: a 催问 before the 转达投诉 it chases)."""
    contacts = shown(kind, data)
    log = [(c.stage or "provider", f"{c.summary} {c.outcome}") for c in contacts]
    steps = contact_steps()
    out = []
    for i, j in out_of_order_in(log):
        early, late = contacts[i], contacts[j]
        first = steps[step_of(log[j][1]) or ""].label
        then = steps[step_of(log[i][1]) or ""].label
        out.append(f"{figure_date(early.on)}的联系记录“{_phrase(early.summary)}”排在"
                   f"{figure_date(late.on)}的“{_phrase(late.summary)}”之前：应先{first}、后{then}，"
                   "请核对这两条联系记录的日期或内容")
    for i in opening_chases(log):
        opening = contacts[i]
        step = steps[step_of(log[i][1]) or ""]
        needed = "、".join(steps[c].label for c in step.after) or "转达投诉"
        out.append(f"{figure_date(opening.on)}与{clause(opening.counterpart) or '对方'}的联系"
                   f"记录“{_phrase(opening.summary)}”是与该方的第一条联系：{step.label}之前应有"
                   f"{needed}的记录，请补记那次联系，或核对该记录的内容")
    return out


def earlier_letters(kind: FilingKind, data: FilingData) -> list[str]:
    """A warning for each 信函 contact with the side an association letter writes to,
    dated before the letter: the log says a letter went there already (``letter_to``)."""
    book = contact_book()
    side = book.letter_to.get(addressee_of(kind, data))
    if side is None:
        return []
    return [f"联系记录写明本会已于{figure_date(c.on)}致函{clause(c.counterpart) or '对方'}，"
            f"早于本函日期{figure_date(data.issued_on)}：如本函是再次去函，请在正文写明前函"
            "文号并以催办函发出；如那次联系就是本函，请更正该联系记录的日期或渠道"
            for c in shown(kind, data, book)
            if c.channel.strip() == ContactChannel.LETTER and (c.stage or "provider") == side
            and c.on < data.issued_on]


__all__ = ["ContactBook", "awaiting_reply", "contact_book", "contradictions", "earlier_letters",
           "out_of_order", "reached", "sentence", "sentences", "shown"]
