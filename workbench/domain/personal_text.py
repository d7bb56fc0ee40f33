"""Personal data in free text: find it, then mask it, pseudonymise it or leave it.

Narratives, contact summaries and evidence titles quote the complainant's name, phone
and the like (DESIGN §9: a filing carries only the personal data its addressee needs).
:func:`find_personal` finds the case's known values — exactly, numbers also with spaces
or dashes inside — and, whatever the case knows, mainland mobiles, resident ID numbers
(check character validated), bank cards (Luhn) and landlines written with an area code.
:func:`redact_text` rewrites the spans for one :class:`Handling`.

The known values are few per case, so one compiled alternation finds them; the
replacements come from :mod:`workbench.domain.masking`, the single masking rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from stdnum import luhn
from stdnum.cn import ric

from workbench.domain.masking import (
    mask_address,
    mask_card,
    mask_id,
    mask_landline,
    mask_phone,
)

__all__ = [
    "Handling", "KnownPersonal", "PersonalKind", "Span", "find_personal", "looks_like_person",
    "pseudonym", "redact_text",
]


class Handling(StrEnum):
    """What an addressee may read of the personal data in free text."""

    MASK = "mask"  # 张某 / 138****5678 / 110***********1234 / 6222 **** **** 1234
    PSEUDONYM = "pseudonym"  # 张某 / 某商户 / 某地; numbers left out (×××)
    FULL = "full"  # unchanged


class PersonalKind(StrEnum):
    NAME = "name"  # the complainant's name or another person's
    PHONE = "phone"
    ID_NUMBER = "id_number"
    BANK_CARD = "bank_card"
    LANDLINE = "landline"
    ADDRESS = "address"
    MERCHANT = "merchant"  # the complainant's shop (商户名称)
    ACCOUNT = "account"  # the shop's 商户编号 or 机具编号: what a provider finds it by


@dataclass(frozen=True, slots=True)
class KnownPersonal:
    """A case's own personal values, in full (never printed themselves)."""

    name: str = ""
    phone: str = ""
    id_number: str = ""
    bank_card: str = ""
    address: str = ""
    merchant_name: str = ""
    others: tuple[str, ...] = ()  # other people named in the case (contacts)
    accounts: tuple[str, ...] = ()  # 商户编号, 机具编号

    def values(self) -> list[tuple[PersonalKind, str]]:
        """(kind, value) for every non-empty value, longest first; masked values (with
        ``*``) and single characters are no use for finding and are left out."""
        pairs = [(PersonalKind.NAME, self.name), (PersonalKind.PHONE, self.phone),
                 (PersonalKind.ID_NUMBER, self.id_number),
                 (PersonalKind.BANK_CARD, self.bank_card),
                 (PersonalKind.ADDRESS, self.address),
                 (PersonalKind.MERCHANT, self.merchant_name),
                 *((PersonalKind.NAME, other) for other in self.others),
                 *((PersonalKind.ACCOUNT, number) for number in self.accounts)]
        kept = [(kind, v.strip()) for kind, v in pairs if len(v.strip()) >= 2
                and "*" not in v and not (kind is PersonalKind.NAME and v.strip().endswith("某"))]
        return sorted(kept, key=lambda pair: -len(pair[1]))


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: PersonalKind
    text: str


# Separators people put inside numbers (as masking.py drops them).
_SEP: Final = r"[ \-\u3000\u2010\u2012\u2013\u2014\u2212]"
_NUMBER_KINDS: Final = frozenset({PersonalKind.PHONE, PersonalKind.ID_NUMBER,
                                  PersonalKind.BANK_CARD, PersonalKind.ACCOUNT})

# Patterns: not inside a longer run of digits (or of letters and digits, for IDs).
# a mobile may follow +86 (+8613812345678), and no other digit
_BEFORE_MOBILE: Final = r"(?:(?<=\+86)|(?<=\+86[ -])|(?<![0-9A-Za-z]))"
_MOBILE: Final = re.compile(rf"{_BEFORE_MOBILE}1[3-9]\d({_SEP}?)\d{{4}}\1\d{{4}}(?!\d)")
_RESIDENT_ID: Final = re.compile(
    rf"(?<![0-9A-Za-z])\d{{6}}({_SEP}?)\d{{8}}\1\d{{3}}[0-9Xx](?![0-9A-Za-z])")
_CARD: Final = re.compile(
    rf"(?<!\d)(?:\d{{16,19}}|\d{{4}}(?:{_SEP}\d{{4}}){{3}}(?:{_SEP}\d{{1,3}})?)(?!\d)")
_LANDLINE: Final = re.compile(r"(?<!\d)(?:[(（]0\d{2,3}[)）]|0\d{2,3}-)\d{7,8}(?!\d)")

# Compound surnames (复姓): 欧阳娜娜 → 欧阳某, not 欧某.
COMPOUND_SURNAMES: Final = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "呼延", "轩辕",
    "万俟", "闻人", "申屠", "澹台", "太史", "公冶", "宗政", "濮阳", "淳于", "单于",
    "仲孙", "钟离", "赫连", "拓跋", "东郭", "鲜于", "闾丘", "司空", "亓官", "司寇",
    "子车", "颛孙", "壤驷", "公良", "漆雕", "乐正", "宰父", "谷梁", "段干", "百里",
    "第五"))

# A contact's counterpart is a person when it is a short run of Chinese characters without
# any word of an organisation or a role (客服, 某某支付有限公司, 张经理 are not persons).
_PERSON: Final = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_NOT_A_PERSON: Final = re.compile(
    "公司|银行|支付|客服|热线|协会|委员会|中心|平台|栏目|经理|主管|总监|业务员|专员|老板|"
    "律师|法官|记者|先生|女士|中国|国家|银联|某|^小|^老|[局部所庭院处科站报台店厂行社队组]$")


def looks_like_person(counterpart: str) -> bool:
    """Whether a contact's counterpart reads as a private person's name (王芳)."""
    text = counterpart.strip()
    return bool(_PERSON.fullmatch(text)) and not _NOT_A_PERSON.search(text)


def pseudonym(name: str) -> str:
    """张三 → 张某, 欧阳娜娜 → 欧阳某 (the usual way to name a private person in public
    writing); a name already of that form is kept, an empty one is 某."""
    name = unicodedata.normalize("NFKC", name).strip()
    if not name:
        return "某"
    if name.endswith("某"):
        return name
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[0]
    return f"{surname}某"


def _known_pattern(kind: PersonalKind, value: str) -> str:
    if kind in _NUMBER_KINDS:
        digits = [c for c in unicodedata.normalize("NFKC", value) if c.isalnum()]
        body = f"{_SEP}?".join(re.escape(c) for c in digits)
        # an ID's X may be written x
        body = body.replace("X", "[Xx]") if kind is PersonalKind.ID_NUMBER else body
        before = _BEFORE_MOBILE if kind is PersonalKind.PHONE else r"(?<![0-9A-Za-z])"
        return rf"{before}{body}(?![0-9A-Za-z])"
    return re.escape(value)


def _compact(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum()).upper()


def _pattern_spans(text: str) -> Iterable[tuple[int, int, PersonalKind]]:
    for found in _RESIDENT_ID.finditer(text):
        if ric.is_valid(_compact(found.group()).upper()):
            yield found.start(), found.end(), PersonalKind.ID_NUMBER
    for found in _CARD.finditer(text):
        if luhn.is_valid(_compact(found.group())):
            yield found.start(), found.end(), PersonalKind.BANK_CARD
    for found in _MOBILE.finditer(text):
        yield found.start(), found.end(), PersonalKind.PHONE
    for found in _LANDLINE.finditer(text):
        yield found.start(), found.end(), PersonalKind.LANDLINE


def find_personal(text: str, known: KnownPersonal | None = None) -> list[Span]:
    """The spans of personal data in `text`, in order, never overlapping: the known
    values first (longest first), then the patterns where no known value was found."""
    known = known or KnownPersonal()
    candidates: list[tuple[int, int, int, PersonalKind]] = []  # start, end, rank, kind
    values = known.values()
    if values:
        alternation = "|".join(f"(?P<k{i}>{_known_pattern(kind, value)})"
                               for i, (kind, value) in enumerate(values))
        for found in re.finditer(alternation, text):
            index = int(str(found.lastgroup)[1:])
            candidates.append((found.start(), found.end(), 0, values[index][0]))
    candidates += [(start, end, 1, kind) for start, end, kind in _pattern_spans(text)]
    # the earliest span wins, then the longest, then a known value over a pattern
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    spans: list[Span] = []
    reached = 0
    for start, end, _rank, kind in candidates:
        if start >= reached:
            spans.append(Span(start, end, kind, text[start:end]))
            reached = end
    return spans


OMITTED: Final = "×××"


def _merchant_pseudonym(value: str) -> str:
    return "某公司" if value.rstrip().endswith("公司") else "某商户"


_MASKS: Final[dict[PersonalKind, Callable[[str], str]]] = {
    # a name reads 张某 even masked: 张** would tell its length (review 0.11)
    PersonalKind.NAME: pseudonym, PersonalKind.PHONE: mask_phone,
    PersonalKind.ID_NUMBER: mask_id, PersonalKind.BANK_CARD: mask_card,
    PersonalKind.LANDLINE: mask_landline, PersonalKind.ADDRESS: mask_address,
    PersonalKind.ACCOUNT: lambda number: number,  # printed for these addressees anyway
}
_PSEUDONYMS: Final[dict[PersonalKind, Callable[[str], str]]] = {
    PersonalKind.NAME: pseudonym, PersonalKind.MERCHANT: _merchant_pseudonym,
    # numbers are left out, as published documents write them: ×××
    **dict.fromkeys((PersonalKind.PHONE, PersonalKind.LANDLINE, PersonalKind.ID_NUMBER,
                     PersonalKind.BANK_CARD, PersonalKind.ACCOUNT), lambda _v: OMITTED),
    PersonalKind.ADDRESS: lambda _v: "某地",
}


def replacement(span: Span, handling: Handling, known: KnownPersonal | None = None) -> str:
    """What `span` becomes for `handling`. Masked, a shop name keeps its words but not the
    complainant's name inside it (张三便利店 → 张某便利店)."""
    if handling is Handling.FULL:
        return span.text
    if handling is Handling.PSEUDONYM:
        return _PSEUDONYMS[span.kind](span.text)
    if span.kind is PersonalKind.MERCHANT:
        inner = KnownPersonal(name=known.name, others=known.others) if known else None
        return redact_text(span.text, inner, Handling.MASK) if inner else span.text
    return _MASKS[span.kind](span.text)


def redact_text(text: str, known: KnownPersonal | None, handling: Handling) -> str:
    """`text` with every span of personal data handled as `handling` says."""
    if handling is Handling.FULL or not text:
        return text
    out: list[str] = []
    at = 0
    for span in find_personal(text, known):
        out += [text[at:span.start], replacement(span, handling, known)]
        at = span.end
    out.append(text[at:])
    return "".join(out)
