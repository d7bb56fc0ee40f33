"""Validation and normalisation of values caseworkers type or paste.

Each validator takes the raw string from an input field, normalises it
(NFKC, so full-width digits and letters become ASCII; separators removed
where they carry no meaning) and returns the canonical value, or raises
:class:`ValidationError` whose ``message`` is a short Chinese sentence saying
what to fix.  The check-digit arithmetic comes from python-stdnum and
phonenumbers; this module only adds normalisation, ordering of the checks
and the messages.

The ``make_*`` generators build valid identifiers deterministically from
their arguments, for tests and demo data.  They raise plain ``ValueError``
on bad arguments: that is a programming error, not user input.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Final

from stdnum import luhn
from stdnum.cn import ric
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumValidationError

__all__ = [
    "MAX_FEN",
    "ValidationError",
    "bank_card",
    "fen_to_yuan",
    "make_bank_card",
    "make_resident_id",
    "make_uscc",
    "mobile",
    "parse_date",
    "resident_id",
    "uscc",
    "yuan_to_fen",
]

#: Largest amount :func:`yuan_to_fen` accepts: 10^12 fen = 100亿元.
MAX_FEN: Final = 10**12

# Raw input longer than this is rejected before any other work (a paste of a
# whole document into a field, or a hostile string).
_MAX_RAW_LENGTH: Final = 200

# Invisible characters that come along when copying from web pages or chat
# apps: zero-width space, word joiner, byte-order mark.  Dropped silently.
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
# Dash look-alikes that survive NFKC; treated as an ASCII hyphen.
_DASHES: Final = dict.fromkeys(map(ord, "\u2010\u2012\u2013\u2014\u2015\u2212"), "-")
# Only ordinary whitespace is trimmed from the ends; other control
# characters are left in place so that they are reported, not hidden.
_EDGE_WHITESPACE: Final = " \t\r\n"

_USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_USCC_EXCLUDED_LETTERS: Final = frozenset("IOSVZ")

_MOBILE_RE: Final = re.compile(r"1[3-9][0-9]{9}")
_PHONE_CHARS_RE: Final = re.compile(r"\+?[0-9]+")
_AMOUNT_RE: Final = re.compile(r"(?P<int>[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.(?P<frac>[0-9]+))?")
_DATE_PATTERNS: Final = (
    re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})[日号]?"),
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"),
)
_MIN_YEAR: Final = 1900
_MAX_YEAR: Final = 2100


class ValidationError(ValueError):
    """A user-supplied value was rejected.

    ``field`` names the input (so a form can put the message next to it),
    ``message`` is the user-facing Chinese text, and ``code`` is a stable
    machine-readable reason (``"empty"``, ``"too_long"``, ``"chars"``,
    ``"length"``, ``"date"``, ``"checksum"``, ``"format"``, ``"range"``, ...)
    for tests and callers that must not depend on the wording.
    """

    field: str
    message: str
    code: str

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(field, message, code)
        self.field = field
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------
# shared normalisation
# --------------------------------------------------------------------------


def _prepare(raw: str | None, field: str, label: str) -> str:
    """NFKC-normalise, drop invisible paste artefacts and trim the ends.

    Raises for empty and overlong input.  Full-width spaces become ASCII
    spaces (NFKC), dash look-alikes become ``-``.
    """
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise TypeError(f"expected str, got {type(raw).__name__}")
    if len(raw) > _MAX_RAW_LENGTH:
        raise ValidationError(field, f"{label}过长，请检查是否粘贴了多余内容", "too_long")
    text = unicodedata.normalize("NFKC", raw).translate(_INVISIBLE).translate(_DASHES)
    text = text.strip(_EDGE_WHITESPACE)
    if not text:
        raise ValidationError(field, f"请填写{label}", "empty")
    return text


def _without(text: str, chars: str) -> str:
    """Remove every character in ``chars`` from ``text``."""
    return text.translate(dict.fromkeys(map(ord, chars)))


def _is_ascii_digits(text: str) -> bool:
    """True for a non-empty string of ASCII digits only (``str.isdigit`` also
    accepts e.g. Arabic-Indic digits, which ``int`` would silently read)."""
    return text.isascii() and text.isdigit()


# --------------------------------------------------------------------------
# 居民身份证号 (GB 11643)
# --------------------------------------------------------------------------


def _ric_check_char(body17: str) -> str:
    # stdnum's calc_check_digit expects the full number and ignores its last
    # character, so a placeholder stands in for the check character.
    return ric.calc_check_digit(body17 + "0")


def resident_id(raw: str | None, *, today: date, field: str = "resident_id") -> str:
    """Validate a second-generation resident identity card number.

    Spaces and hyphens are ignored, full-width characters and a lower-case
    ``x`` are accepted.  Returns the 18-character number with an upper-case
    ``X``.  Checks, in order: characters, length, birth date (a real date
    between 1900 and ``today``), GB 11643 check character.
    """
    label = "身份证号"
    number = _without(_prepare(raw, field, label), " -").upper()
    if not all(c in "0123456789X" for c in number):
        raise ValidationError(field, f"{label}只能包含数字和末位X", "chars")
    if len(number) != 18:
        raise ValidationError(field, f"{label}应为18位，当前为{len(number)}位", "length")
    if "X" in number[:-1]:
        raise ValidationError(field, f"{label}只有最后一位可以是X", "chars")
    try:
        birth = ric.get_birth_date(number)
    except StdnumValidationError:
        birth = None
    if birth is None or not (date(_MIN_YEAR, 1, 1) <= birth <= today):
        raise ValidationError(field, f"{label}第7–14位的出生日期无效，请核对", "date")
    if number[-1] != _ric_check_char(number[:-1]):
        raise ValidationError(field, f"{label}校验位不符，请逐位核对", "checksum")
    return number


def resident_id_facts(value: str) -> tuple[str, date] | None:
    """性别 and 出生日期 read from a full 18-character resident ID (None if masked or
    malformed): the 17th digit is odd for 男, even for 女."""
    value = value.strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or \
            _ric_check_char(value[:17]) != value[17]:
        return None
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    return ("男" if int(value[16]) % 2 else "女"), birth


def make_resident_id(region: str, birth: date, seq: int) -> str:
    """Build a resident ID with a correct check character.

    ``region`` is the 6-digit administrative division code, ``seq`` the
    0–999 sequence code (odd for men, even for women).  Deterministic.
    """
    if len(region) != 6 or not _is_ascii_digits(region):
        raise ValueError(f"region must be 6 ASCII digits, got {region!r}")
    if not 0 <= seq <= 999:
        raise ValueError(f"seq must be in 0..999, got {seq}")
    if birth.year < 1000:
        raise ValueError(f"birth year must have four digits, got {birth.year}")
    body = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return body + _ric_check_char(body)


# --------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100)
# --------------------------------------------------------------------------


def _uscc_structure_ok(code: str) -> bool:
    """Positions 3–8 (administrative division code) must be digits; every
    other position may be any character of the GB 32100 alphabet."""
    return all(c in _USCC_ALPHABET for c in code) and _is_ascii_digits(code[2:8])


def uscc(raw: str | None, *, field: str = "uscc") -> str:
    """Validate a unified social credit code (统一社会信用代码).

    Spaces and hyphens are ignored, lower-case and full-width letters are
    accepted.  Returns the 18-character upper-case code.

    Unlike ``stdnum.cn.uscc.validate`` the first two positions may be
    letters (e.g. ``N`` for rural collectives, ``Y`` for "other"), as
    GB 32100 allows; the check character uses stdnum's algorithm.
    """
    label = "统一社会信用代码"
    code = _without(_prepare(raw, field, label), " -").upper()
    if any(c in _USCC_EXCLUDED_LETTERS for c in code):
        raise ValidationError(field, f"{label}不含字母I、O、S、V、Z，请核对是否为数字", "chars")
    if not all(c in _USCC_ALPHABET for c in code):
        raise ValidationError(field, f"{label}只能包含数字和大写字母", "chars")
    if len(code) != 18:
        raise ValidationError(field, f"{label}应为18位，当前为{len(code)}位", "length")
    if not _is_ascii_digits(code[2:8]):
        raise ValidationError(field, f"{label}第3–8位应为数字（行政区划码）", "chars")
    if code[-1] != stdnum_uscc.calc_check_digit(code[:-1]):
        raise ValidationError(field, f"{label}校验位不符，请逐位核对", "checksum")
    return code


def make_uscc(body17: str) -> str:
    """Append the GB 32100 check character to a 17-character body.

    The body must use the code alphabet (no I, O, S, V, Z) with digits in
    positions 3–8.  Deterministic.
    """
    body = body17.upper()
    if len(body) != 17 or not _uscc_structure_ok(body):
        raise ValueError(f"not a valid 17-character USCC body: {body17!r}")
    return body + stdnum_uscc.calc_check_digit(body)


# --------------------------------------------------------------------------
# 手机号
# --------------------------------------------------------------------------


def mobile(raw: str | None, *, field: str = "mobile") -> str:
    """Validate a mainland-China mobile number and return its 11 digits.

    Accepts ``+86``, ``0086`` and ``86`` prefixes, spaces, hyphens and
    parentheses.  The number must be ``1[3-9]`` followed by nine digits and
    phonenumbers must classify it as a mobile number (allocated range).
    """
    import phonenumbers  # 60+ modules of metadata: loaded with the first number checked

    label = "手机号"
    text = _without(_prepare(raw, field, label), " -()")
    # phonenumbers would read letters as a vanity number ("138-FLOWERS"), so
    # the character set is checked here first.
    if not _PHONE_CHARS_RE.fullmatch(text):
        raise ValidationError(field, f"{label}只能包含数字，可带+86前缀", "chars")
    if len(text) > 20:
        raise ValidationError(field, f"{label}位数过多，应为11位", "length")
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(field, f"{label}应为11位，以1开头", "format") from None
    if number.country_code != 86:
        raise ValidationError(field, "只支持中国大陆手机号（+86）", "country")
    national = phonenumbers.national_significant_number(number)
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
        raise ValidationError(field, "这是固定电话号码，请填写手机号", "landline")
    if not _MOBILE_RE.fullmatch(national):
        raise ValidationError(field, f"{label}应为11位，以1开头，当前为{len(national)}位", "length")
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError(field, f"{label}号段不存在，请核对前三位", "range")
    return national


_SERVICE_NUMBER_RE: Final = re.compile(r"(?:9[56][0-9]{3,4}|12[0-9]{3})")  # 95516, 12315
_PAYMENT_LICENCE_RE: Final = re.compile(r"Z[0-9]{13}")


def hotline(raw: str | None, *, field: str = "hotline") -> str:
    """Validate a customer-service number: a 400/800 number, a landline with its area
    code, a mobile, or a short service number (95516, 12315). Returns it as typed (spaces
    trimmed), which is how letters print it."""
    label = "客服电话"
    text = _prepare(raw, field, label)
    digits = _without(text, " -()")
    if not _PHONE_CHARS_RE.fullmatch(digits):
        raise ValidationError(field, f"{label}只能包含数字和连字符，如 400-123-4567", "chars")
    if _SERVICE_NUMBER_RE.fullmatch(digits):
        return text
    import phonenumbers  # as in mobile(): loaded when first needed

    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(field, f"{label}不是有效的电话号码：应为400/800号码、"
                              "带区号的固定电话、手机号或95516这样的服务号码", "format")
    return text


def payment_licence(raw: str | None, *, field: str = "licence_no") -> str:
    """Validate a PBOC 支付业务许可证 number: the letter Z and 13 digits (Z2004944000010).
    Lower case and spaces are accepted; returns the upper-case number."""
    label = "支付业务许可证编号"
    code = _without(_prepare(raw, field, label), " -").upper()
    if not _PAYMENT_LICENCE_RE.fullmatch(code):
        raise ValidationError(field, f"{label}应为字母Z加13位数字（如Z2004944000010），"
                              f"当前为「{code}」", "format")
    return code


# --------------------------------------------------------------------------
# 银行卡号
# --------------------------------------------------------------------------


def bank_card(raw: str | None, *, field: str = "bank_card") -> str:
    """Validate a bank card number: 12–19 digits passing the Luhn check.

    Spaces and hyphens are ignored.  Returns the digits only.
    """
    label = "银行卡号"
    number = _without(_prepare(raw, field, label), " -")
    if not _is_ascii_digits(number):
        raise ValidationError(field, f"{label}只能包含数字", "chars")
    if not 12 <= len(number) <= 19:
        raise ValidationError(field, f"{label}应为12–19位，当前为{len(number)}位", "length")
    if not luhn.is_valid(number):
        raise ValidationError(field, f"{label}校验不通过，请逐位核对", "checksum")
    return number


def make_bank_card(prefix: str, length: int, body: int) -> str:
    """Build a Luhn-valid card number of ``length`` digits.

    ``prefix`` (e.g. a BIN such as ``"622202"``) comes first, then ``body``
    zero-padded to fill the remaining positions but one, then the Luhn check
    digit.  Deterministic.
    """
    if not _is_ascii_digits(prefix):
        raise ValueError(f"prefix must be ASCII digits, got {prefix!r}")
    if not 12 <= length <= 19:
        raise ValueError(f"length must be in 12..19, got {length}")
    width = length - len(prefix) - 1
    if width < 0:
        raise ValueError(f"prefix {prefix!r} is too long for length {length}")
    if not 0 <= body < 10**width:
        raise ValueError(f"body must be in 0..{10**width - 1}, got {body}")
    partial = prefix + (f"{body:0{width}d}" if width else "")
    return partial + luhn.calc_check_digit(partial)


# --------------------------------------------------------------------------
# 金额
# --------------------------------------------------------------------------


def yuan_to_fen(raw: str | None, *, field: str = "amount") -> int:
    """Parse an amount in yuan into integer fen, exactly (``Decimal``).

    Accepts thousands separators in the right places, a ``¥``/``￥`` or
    ``人民币`` prefix, a ``元``/``元整`` suffix, full-width characters and an
    ideographic full stop as decimal point.  Rejects negative amounts, more
    than two decimal places, and amounts above :data:`MAX_FEN`.
    """
    label = "金额"
    text = _without(_prepare(raw, field, label), " ").replace("。", ".")
    negative = False
    if text.startswith("-"):
        negative, text = True, text[1:]
    text = text.removeprefix("¥").removeprefix("人民币")
    if text.startswith("-"):
        negative, text = True, text[1:]
    text = text.removesuffix("元整").removesuffix("元")
    match = _AMOUNT_RE.fullmatch(text)
    if match is None:
        if "," in text and _AMOUNT_RE.fullmatch(text.replace(",", "")):
            raise ValidationError(field, "千分位逗号位置不对，例如 1,234.56", "format")
        raise ValidationError(field, f"{label}格式不对，例如 1234.56", "format")
    if negative:
        raise ValidationError(field, f"{label}不能为负数", "negative")
    frac = match["frac"] or ""
    if len(frac) > 2:
        raise ValidationError(field, f"{label}最多两位小数（精确到分）", "precision")
    integer = match["int"].replace(",", "").lstrip("0") or "0"
    if len(integer) > len(str(MAX_FEN)):  # cheap guard before arithmetic
        raise ValidationError(field, f"{label}过大，请核对", "range")
    fen = int(Decimal(f"{integer}.{frac or '0'}").scaleb(2))
    if fen > MAX_FEN:
        raise ValidationError(field, f"{label}过大，请核对", "range")
    return fen


def fen_to_yuan(fen: int) -> str:
    """Format integer fen as yuan with thousands separators: ``"1,234.56"``.

    Negative values (e.g. a balance) get a leading ``-``.
    """
    if not isinstance(fen, int):
        raise TypeError(f"fen must be int, got {type(fen).__name__}")
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


# --------------------------------------------------------------------------
# 日期
# --------------------------------------------------------------------------


def parse_date(raw: str | None, *, field: str = "date") -> date:
    """Parse a calendar date typed in one of the common Chinese forms.

    Accepts ``2026-11-26``, ``2026/11/26``, ``2026.11.26`` (month and day
    may have one digit), ``20261126`` and ``2026年11月26日``; full-width
    digits and spaces are fine.  Years must be 1900–2100.
    """
    label = "日期"
    text = _without(_prepare(raw, field, label), " ").replace("。", ".")
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            break
    else:
        raise ValidationError(field, f"{label}格式应为 2026-11-26 或 2026年11月26日", "format")
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValidationError(field, f"年份应在{_MIN_YEAR}–{_MAX_YEAR}之间", "range")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(field, f"{year}年{month}月{day}日不存在，请核对", "date") from None
