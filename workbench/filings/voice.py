"""Who speaks in a filing and to whom (``voice.toml``): the complainant's statement
re-voiced for each document, and the check every rendered filing passes before it is
written (words that do not belong in that kind, raw codes).

The narrative is the complainant's statement to the association. A letter from the
association reports it ("据投诉人反映"), in the third person; a pleading states it as the
plaintiff's facts (原告/被告); the complainant's own papers keep their voice. Requests the
complainant made *to the association* ("特向贵会投诉，请求依法受理并组织调解") are dropped
from every document but one addressed to the association.
"""

from __future__ import annotations

import functools
import re
import tomllib
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from workbench.domain import ladder, vocabulary
from workbench.domain.vocabulary import AddresseeKind


@dataclass(frozen=True, slots=True)
class Speech:
    role: str  # how the complainant is named: 投诉人 / 申请人 / 原告
    them: str  # how the provider is named: 被投诉人 / 被申请人 / 被告
    reported: bool  # the association reports what the complainant said
    addressee: AddresseeKind
    first_person: bool = False  # the complainant's own paper keeps 我/本人
    full_personal: bool = False  # signed by the complainant or read by a court: full data
    them_for: tuple[str, ...] = ()  # the narrative's loose names of the provider (服务商)

    def parties(self, text: str) -> str:
        """A short text about the parties (an evidence item's name, 证明对象) in this
        voice: 投诉人/被投诉人 → 原告/被告 in a pleading (申请人 in an application), and
        the loose names of the provider (服务商) → 被告 where the voice names them."""
        if self.role in ("原告", "申请人"):
            text = text.replace("被投诉人", self.them).replace("投诉人", self.role)
        for loose in self.them_for:
            text = text.replace(loose, self.them)
        return text


@dataclass(frozen=True, slots=True)
class Forbid:
    words: re.Pattern[str]
    reason: str
    kinds: frozenset[str]  # empty: every kind
    unless_addressee: frozenset[str]
    merchant: bool
    consumer: bool = False  # only in a consumer's filing


@dataclass(frozen=True, slots=True)
class VoiceBook:
    speech: dict[str, Speech]
    forbid: tuple[Forbid, ...]

    def of(self, kind: str) -> Speech:
        return self.speech[str(kind)]


@functools.cache
def voice_toml() -> dict[str, typing.Any]:
    """voice.toml as parsed (read once; ``filings.contacts`` reads its contact part)."""
    return tomllib.loads(resources.files("workbench.filings").joinpath("voice.toml")
                         .read_text("utf-8"))


@functools.cache
def load_voice() -> VoiceBook:
    raw = voice_toml()
    speech = {kind: Speech(v["role"], v["them"], bool(v["reported"]),
                           AddresseeKind(v["addressee"]),
                           bool(v.get("first_person", False)),
                           bool(v.get("full_personal", False)),
                           tuple(v.get("them_for", ())))
              for kind, v in raw["speech"].items()}
    forbid = tuple(Forbid(re.compile("|".join(f"(?:{w})" for w in f["words"])), f["reason"],
                          frozenset(f.get("kinds", ())), frozenset(f.get("unless_addressee", ())),
                          bool(f.get("merchant", False)), bool(f.get("consumer", False)))
                   for f in raw.get("forbid", ()))
    return VoiceBook(speech, forbid)


# --- re-voicing the complainant's statement ---------------------------------------------

# A clause that asks the association for something: cut from there to the sentence's end.
_ASK = re.compile(r"^(?:现|故|为此|因此|特此|遂)?(?:请求|恳请|特向|望|希望|烦请|请贵|要求贵|"
                  r"向贵会|请消协|请你会|请贵会)")
_SENTENCE = re.compile(r"[^。！？]*[。！？]?")
_FIRST_PERSON = re.compile(r"本人|我(?![们国省市县区司行会方店厂])")
_ASSOCIATION_YOU = re.compile(r"贵会|你会|贵协会")


def _drop_asks(sentence: str) -> str:
    """The sentence without the clauses that ask the association for something."""
    end = sentence[-1] if sentence and sentence[-1] in "。！？" else ""
    body = sentence[:-1] if end else sentence
    clauses = re.split(r"(?<=[，；])", body)
    kept: list[str] = []
    for clause in clauses:
        bare = clause.strip()
        if _ASK.match(bare) or (_ASSOCIATION_YOU.search(bare) and
                                re.search(r"(?:投诉|调解|受理|督促|处理)(?!人)", bare)):
            break
        kept.append(clause)
    if kept == clauses:
        return sentence
    text = "".join(kept).rstrip("，； ")
    return text + "。" if text else ""


def revoice(narrative: str, speech: Speech, *, to_association: bool,
            association: str = "本会") -> list[str]:
    """The complainant's statement as paragraphs in a document's voice.

    `to_association`: the document goes to the association, which may be called 贵会;
    `association`: how the document names the association otherwise (本会 in its own
    letters, its name in a court paper).
    """
    paragraphs: list[str] = []
    for line in narrative.splitlines():
        line = line.strip()
        if not line:
            continue
        if not to_association:
            line = "".join(_drop_asks(s) for s in _SENTENCE.findall(line) if s)
            line = _ASSOCIATION_YOU.sub(association, line)
        if speech.role != "投诉人":
            line = line.replace("被投诉人", speech.them).replace("投诉人", speech.role)
        for loose in speech.them_for:  # a pleading names its party: 被告, not 服务商
            line = line.replace(loose, speech.them)
        if not speech.first_person:
            line = _FIRST_PERSON.sub(speech.role, line)
        if line:
            paragraphs.append(line)
    return paragraphs


def as_shop(text: str, kind: str, role: str, person: str, shop: str) -> str:
    """In a shop's court paper (voice.toml [shop_party]) the party is the 个体工商户:
    "原告杨海燕系好运来面馆（商户编号…）经营者" → "原告好运来面馆（个体工商户，商户编号…）
    的经营者为杨海燕". Any other text, kind or complainant is left as it is."""
    words = voice_toml()["shop_party"]
    if not (person and shop and text) or str(kind) not in words["kinds"]:
        return text
    pattern = re.compile(re.escape(f"{role}{person}") + "系" + re.escape(shop)
                         + r"(?:（([^（）]*)）)?的?经营者")
    return pattern.sub(lambda m: words["said"].format(
        role=role, shop=shop, person=person, more=f"，{m.group(1)}" if m.group(1) else ""),
        text)


# --- the check over a rendered filing ----------------------------------------------------

_QUOTED = re.compile(r"“[^”]*”")


@functools.cache
def _codes() -> re.Pattern[str]:
    """Every stored code a document must never print raw (phone, online, mediation…)."""
    codes: set[str] = set()
    enums: list[type[StrEnum]] = [*_coded(vocabulary.Coded), ladder.Stage, ladder.Outcome]
    for enum in enums:
        codes.update(str(m.value) for m in enum if len(str(m.value)) >= 4)
    alternatives = "|".join(sorted(map(re.escape, codes), key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9_@.\-/])(?:{alternatives})(?![A-Za-z0-9_@\-/])")


def _coded(base: type[StrEnum]) -> Iterable[type[StrEnum]]:
    sub: type[StrEnum]
    for sub in base.__subclasses__():
        yield sub
        yield from _coded(sub)


@dataclass(frozen=True, slots=True)
class VoiceProblem:
    words: str
    reason: str

    def __str__(self) -> str:
        return f"「{self.words}」：{self.reason}"


def check(kind: str, paragraphs: Sequence[str], *, addressee: str, merchant: bool,
          book: VoiceBook | None = None, quoted: Sequence[str] = ()) -> list[VoiceProblem]:
    """The words in a rendered filing that do not belong in its kind, one problem each.
    `quoted`: the law's wording the filing quotes (not checked: the statute speaks)."""
    book = book or load_voice()
    text = "\n".join(paragraphs)
    unquoted = _QUOTED.sub("", text)
    for wording in sorted({q.strip() for q in quoted if len(q.strip()) > 4}, key=len,
                          reverse=True):
        unquoted = unquoted.replace(wording, "")
    problems: dict[tuple[str, str], VoiceProblem] = {}
    for rule in book.forbid:
        if rule.kinds and str(kind) not in rule.kinds:
            continue
        if addressee in rule.unless_addressee or (rule.merchant and not merchant) or (
                rule.consumer and merchant):
            continue
        for match in rule.words.finditer(unquoted):
            problems.setdefault((match[0], rule.reason), VoiceProblem(match[0], rule.reason))
    for match in _codes().finditer(text):
        problems.setdefault((match[0], "raw"), VoiceProblem(match[0], "文书中出现了未翻译的代码"))
    return list(problems.values())
