"""Text helpers for filings: XML-safe text, amounts in 大写, dates, yuan figures, and the
phrases every layout sets inside its sentences (clauses, wording, ordinals)."""

from __future__ import annotations

import re
import typing
from datetime import date

from workbench.domain.ladder import OUTCOME_LABELS, Outcome, stage_label
from workbench.domain.personal_text import pseudonym

if typing.TYPE_CHECKING:
    from workbench.domain.law import Entry

# XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000 up. Python strings
# can also hold lone surrogates (from surrogateescape decoding or JSON "\ud83d").
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")

# Money above this cannot be spelled by cn2an (16 digits) and is no POS dispute.
MAX_FEN = 10**16 - 1


def clean_xml(text: object) -> str:
    """The text without characters XML cannot carry (C0 controls other than tab/LF/CR,
    U+FFFE/U+FFFF, lone surrogates); a surrogate pair becomes its real character.

    Call it before text reaches python-docx: when lxml refuses a string, python-docx has
    already added the paragraph or run, and an empty, broken one is left behind.
    """
    value = "" if text is None else str(text)
    if _SURROGATE_PAIR.search(value):
        value = _SURROGATE_PAIR.sub(
            lambda m: chr(0x10000 + ((ord(m[0][0]) - 0xD800) << 10) + ord(m[0][1]) - 0xDC00),
            value)
    return _ILLEGAL_XML.sub("", value)


WORD_JOINER = "\u2060"
# A hyphen inside a code (TS-2026-000088, MP-70, 010-12315000), already joined or not.
_CODE_HYPHEN = re.compile("(?<=[0-9A-Za-z])\u2060?-\u2060?(?=[0-9A-Za-z])")
# A run of letters and digits no line breaks inside (a 信用代码, a case number, a phone).
_LONG_CODE = re.compile(r"[0-9A-Za-z\-_./@:,%]{6,}")


def unbroken(text: str) -> str:
    """Every hyphen inside a code held to its neighbours by word joiners (U+2060), so a
    case number never breaks as "TS-2026- / 000088" (LibreOffice breaks after a
    w:noBreakHyphen and after U+2011 in Chinese text; it keeps a joined one)."""
    return _CODE_HYPHEN.sub(f"{WORD_JOINER}-{WORD_JOINER}", text)


def has_long_code(text: str) -> bool:
    """Whether the text holds a code too long to end a line early without leaving the line
    before it letter-spaced when justified: six half-width characters or more (an amount
such as 100,000 does not break either)."""
    return bool(_LONG_CODE.search(text.replace(WORD_JOINER, "")))


def _check_fen(fen: int) -> None:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amount must be integer fen, got {fen!r}")
    if not 0 <= fen <= MAX_FEN:
        raise ValueError(f"amount {fen} fen is outside 0 … {MAX_FEN}")


def amount_in_words(fen: int) -> str:
    """The amount in 大写: 1234567 → 壹万贰仟叁佰肆拾伍元陆角柒分.

    Whole yuan end in 整 (零元整, 壹元整), and so does an amount ending in 角
    (壹亿元壹角整, 会计基础工作规范 art. 52); an amount with 分 has no 整.
    """
    _check_fen(fen)
    import cn2an  # lazily: 0.2 s to import

    if fen == 0:
        return "零元整"
    yuan_part, rest = divmod(fen, 100)
    words: str = cn2an.an2cn(f"{yuan_part}.{rest:02d}", "rmb")
    if rest == 0 and not words.endswith("元整"):
        words = words.removesuffix("元") + "元整"
    elif rest and rest % 10 == 0 and not words.endswith("整"):
        words += "整"  # 壹亿元壹角 → 壹亿元壹角整
    if not words.endswith(("整", "分")) or (yuan_part and "元" not in words):
        raise ValueError(f"cannot spell {fen} fen in 大写 (cn2an gave {words!r})")
    return words


def yuan(fen: int) -> str:
    """Fen as a yuan figure with thousands separators: 1234567 → "12,345.67"."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amount must be integer fen, got {fen!r}")
    sign = "-" if fen < 0 else ""
    whole, rest = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{rest:02d}"


def figure_date(d: date) -> str:
    """A date in Arabic numerals without leading zeros: 2026年11月3日 (GB/T 15835; the
    成文日期 too, GB/T 9704-2012 §7.3.5)."""
    return f"{d.year}年{d.month}月{d.day}日"


_DIGITS = "零一二三四五六七八九"


_ARTICLE_HEAD = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇]+条\s*"
                           r"|（[一二三四五六七八九十]+）)")


def article_body(text: str) -> str:
    """An article's wording without its own 第X条 / （X） head, to print after a citation
    that already names it."""
    return _ARTICLE_HEAD.sub("", text.strip(), count=1)


# Quoting practice for a cut quotation: a 主文 quoted without its 但书 ends at the comma
# with an ellipsis, never with a full stop the statute does not have.
ELLIPSIS = "……"


def quotation(entry: Entry) -> str:
    """The wording a paper may quote: the entry's text (with its 第X条 head) when it was
    read in its source (verified); "" for an unverified one, which a paper cites by name
    and article only. A 主文 (an id ending ".main": the article up to its 但书) keeps
    its cut visible: "……，……"."""
    if not entry.verified:
        return ""
    text = entry.text.strip()
    return f"{text.rstrip('。.；;，,')}，{ELLIPSIS}" if entry.id.endswith(".main") else text


def wording(entry: Entry) -> str:
    """An entry's wording to quote inside a sentence: without its 第X条 / （X） head and its
    closing punctuation; a multi-paragraph article is quoted whole, and its own quotation
    marks become the inner ‘ ’ (GB/T 15834). "" for an unverified entry (never quoted)."""
    text = article_body(quotation(entry)).rstrip("。.；;，,").replace("\n", "")
    return text.replace("“", "‘").replace("”", "’")


def whole_quote(text: str) -> str:
    """A whole article quoted as a sentence of its own, its full stop inside the marks:
    规定：“……。” (GB/T 15834-2011: a complete, independent quotation keeps its end mark
    inside the quotation marks; a quotation inside a sentence, “……”的规定, takes none).
    A quotation cut short (ending in ……) takes no full stop."""
    body = text.strip().rstrip("。.；;，,")
    return f"“{body}{'' if body.endswith(('？', '！', ELLIPSIS)) else '。'}”"


def rule_sentence(citation: str, text: str) -> str:
    """One cited rule as a sentence of the legal reasoning: 《…》第X条规定：“……。” with
    its wording; a rule with no wording to quote (unverified) by name and article only."""
    return f"{citation}规定：{whole_quote(text)}" if text.strip() else f"参见{citation}的规定。"


def violated(citation: str, text: str) -> str:
    """The rule a 举报 says was broken: 《…》第X条“……”的规定, or, with no wording to
    quote (unverified), 《…》第X条的规定."""
    return f"{citation}“{text}”的规定" if text.strip() else f"{citation}的规定"


def representative_title(name: str) -> str:
    """Who answers for an organisation: a branch (分公司, 分行) has a 负责人, not a
    法定代表人 (民诉法解释 art. 52(5))."""
    return "负责人" if name.strip().endswith(("分公司", "分行", "支行", "分理处")) else "法定代表人"


def ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings never reach 100)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def clause(text: str) -> str:
    """A value set inside a sentence: without its own closing punctuation."""
    return clean_xml(text).strip().rstrip("。.；;，,")


def clause_sentence(text: str) -> str:
    """The contract clause at issue as a sentence of the facts ("" when none recorded)."""
    text = " ".join(clean_xml(text).split())
    if not text:
        return ""
    return f"所涉合同条款：{text}" + ("" if text[-1] in "。！？.!?" else "。")


def facts_text(narrative: str, contract_clause: str) -> str:
    """The statement of facts: the narrative, then the clause at issue when recorded."""
    return "\n\n".join(t for t in (narrative, clause_sentence(contract_clause)) if t.strip())


def money(fen: int) -> str:
    return f"{yuan(fen)}元（大写：{amount_in_words(fen)}）"


def masked_person(name: str) -> str:
    """A complainant in a list the provider reads: the surname, then 某 for each other
    character (at most two): 陈小明 → 陈某某, 王芳 → 王某, 欧阳娜娜 → 欧阳某某."""
    short = anonymous(name)
    rest = len(" ".join(name.split())) - (len(short) - 1)
    return short if rest <= 1 else short + "某" * (min(rest, 2) - 1)


def anonymous(name: str) -> str:
    """张三 → 张某, 欧阳娜娜 → 欧阳某 (the usual way to name a private person in public
    writing)."""
    return pseudonym(clean_xml(name))


def outcome_label(value: str) -> str:
    try:
        return OUTCOME_LABELS[Outcome(value)]
    except ValueError:
        return value


def stage_text(value: str) -> str:
    try:
        return stage_label(value)
    except ValueError:
        return value


# A sum inside running words (退还押金262元, 人民币1,234.50元): printed once, by the layout.
AMOUNT = re.compile(r"(?:人民币)?\d[\d,，]*(?:\.\d+)?\s*(?:万元|元)")

# A demand for a regulator's act (查处, 处罚, 依法处理…), not a civil claim a court decides.
ADMINISTRATIVE = re.compile(r"查处|处罚|依法处理|责令|吊销|调查|通报|约谈")
