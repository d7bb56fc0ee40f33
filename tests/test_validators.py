"""Validators for user-typed identifiers, amounts and dates (workbench.domain.validators)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric
from stdnum.cn import uscc as stdnum_uscc

from workbench.domain import validators as v
from workbench.domain.validators import ValidationError

# phonenumbers loads its metadata lazily, so the first call can be slow.
relaxed = settings(deadline=None)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
RIC_CHECK_CHARS = "0123456789X"
TODAY = date(2026, 11, 26)
resident_id = partial(v.resident_id, today=TODAY)  # as intake calls it, on a fixed day


def fullwidth(text: str) -> str:
    """ASCII → full-width forms, spaces → ideographic space (what a Chinese IME types)."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


def rejects(func: Callable[[str], Any], raw: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(raw)
    return info.value


# -- strategies ----------------------------------------------------------------------

regions = st.from_regex(r"[1-9][0-9]{5}", fullmatch=True)
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31))
seqs = st.integers(min_value=0, max_value=999)
resident_ids = st.builds(v.make_resident_id, regions, births, seqs)

uscc_bodies = st.builds(
    lambda a, b, c: a + b + c,
    st.text(USCC_ALPHABET, min_size=2, max_size=2),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.text(USCC_ALPHABET, min_size=9, max_size=9),
)
usccs = uscc_bodies.map(v.make_uscc)


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    length = draw(st.integers(min_value=12, max_value=19))
    prefix = draw(st.from_regex(r"[1-9][0-9]{0,7}", fullmatch=True))
    width = length - len(prefix) - 1
    body = draw(st.integers(min_value=0, max_value=10**width - 1))
    return v.make_bank_card(prefix, length, body)


MOBILE_PREFIXES = ["130", "135", "139", "150", "158", "166", "170", "177", "186", "188", "199"]
mobiles = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(MOBILE_PREFIXES),
    st.from_regex(r"[0-9]{8}", fullmatch=True),
)

amounts = st.decimals(
    min_value=0, max_value=Decimal(10**10), places=2, allow_nan=False, allow_infinity=False
)


def with_separators(number: str, sep: str) -> str:
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


# -- ValidationError -----------------------------------------------------------------


def test_validation_error_carries_field_message_and_code() -> None:
    err = rejects(resident_id, "123")
    assert isinstance(err, ValueError)
    assert err.field == "resident_id"
    assert err.code == "length"
    assert str(err) == err.message == "身份证号应为18位，当前为3位"


def test_field_name_can_be_overridden() -> None:
    with pytest.raises(ValidationError) as info:
        v.yuan_to_fen("abc", field="refund_amount")
    assert info.value.field == "refund_amount"


@pytest.mark.parametrize(
    "func", [resident_id, v.uscc, v.mobile, v.bank_card, v.yuan_to_fen, v.parse_date]
)
@pytest.mark.parametrize("raw", ["", "   ", "\u3000\u3000", "\t\n", None])
def test_empty_input_asks_to_fill_in(func: Callable[[str | None], Any], raw: str | None) -> None:
    with pytest.raises(ValidationError) as info:
        func(raw)
    assert info.value.code == "empty"
    assert info.value.message.startswith("请填写")


# -- 居民身份证号 --------------------------------------------------------------------


def test_resident_id_known_examples() -> None:
    assert resident_id("360426199101010071") == "360426199101010071"  # stdnum's doctest
    assert v.make_resident_id("110101", date(1990, 3, 7), 123) == "110101199003071233"
    x_id = v.make_resident_id("110101", date(1990, 3, 7), 2)
    assert x_id.endswith("X")
    assert resident_id(x_id.lower()) == x_id
    assert resident_id(" 110101 19900307 123-3\n") == "110101199003071233"


@given(resident_ids)
def test_generated_resident_ids_validate_and_round_trip(number: str) -> None:
    assert len(number) == 18
    assert ric.calc_check_digit(number) == number[-1]  # agrees with stdnum
    assert resident_id(number) == number
    assert resident_id(number.lower()) == number
    assert resident_id(fullwidth(number[:6] + " " + number[6:14] + " " + number[14:])) == number
    assert resident_id(resident_id(number)) == number


@given(resident_ids, st.sampled_from(RIC_CHECK_CHARS))
def test_resident_id_wrong_check_char_gives_check_message(number: str, check: str) -> None:
    assume(check != number[-1])
    err = rejects(resident_id, number[:-1] + check)
    assert err.code == "checksum"
    assert err.message == "身份证号校验位不符，请逐位核对"


@given(resident_ids, st.integers(min_value=0, max_value=16), st.sampled_from("0123456789"))
def test_resident_id_any_single_digit_change_is_caught(number: str, pos: int, digit: str) -> None:
    assume(number[pos] != digit)
    err = rejects(resident_id, number[:pos] + digit + number[pos + 1 :])
    # A changed birth-date digit may make the date impossible; otherwise the check fails.
    assert err.code in ({"date", "checksum"} if 6 <= pos < 14 else {"checksum"})


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("11010119900307123", "length", "身份证号应为18位，当前为17位"),
        ("1101011990030712334", "length", "身份证号应为18位，当前为19位"),
        ("110101900307123", "length", "身份证号应为18位，当前为15位"),
        ("1101011990O307123X", "chars", "身份证号只能包含数字和末位X"),
        ("11010119900307123Y", "chars", "身份证号只能包含数字和末位X"),
        ("11010119900307X233", "chars", "身份证号只有最后一位可以是X"),
    ],
)
def test_resident_id_messages(raw: str, code: str, message: str) -> None:
    err = rejects(resident_id, raw)
    assert (err.code, err.message) == (code, message)


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900000", "18991231"])
def test_resident_id_impossible_birth_date(birth: str) -> None:
    body = "110101" + birth + "123"
    number = body + ric.calc_check_digit(body + "0")  # correct check char: only the date is wrong
    err = rejects(resident_id, number)
    assert err.code == "date"
    assert "出生日期" in err.message


def test_resident_id_birth_date_in_the_future() -> None:
    number = v.make_resident_id("110101", date(2026, 11, 27), 1)
    assert rejects(lambda s: resident_id(s), number).code == "date"
    assert v.resident_id(number, today=date(2026, 11, 27)) == number


# -- 统一社会信用代码 ----------------------------------------------------------------


def test_uscc_known_examples() -> None:
    assert v.uscc("91110000600037341L") == "91110000600037341L"  # stdnum's doctest
    assert v.uscc("9 1 110000 600037341l") == "91110000600037341L"
    assert v.make_uscc("91110000600037341") == "91110000600037341L"


@given(usccs)
def test_generated_usccs_validate_and_round_trip(code: str) -> None:
    assert v.uscc(code) == code
    assert v.uscc(code.lower()) == code
    assert v.uscc(fullwidth(code[:8] + "-" + code[8:])) == code
    if code[:8].isdigit():  # stdnum only knows codes whose first 8 characters are digits
        assert stdnum_uscc.validate(code) == code


@given(usccs, st.sampled_from(USCC_ALPHABET))
def test_uscc_wrong_check_char_gives_check_message(code: str, check: str) -> None:
    assume(check != code[-1])
    err = rejects(v.uscc, code[:-1] + check)
    assert err.code == "checksum"
    assert err.message == "统一社会信用代码校验位不符，请逐位核对"


@given(usccs, st.integers(min_value=0, max_value=16), st.sampled_from(USCC_ALPHABET))
def test_uscc_any_single_change_is_caught(code: str, pos: int, char: str) -> None:
    assume(code[pos] != char)
    assert rejects(v.uscc, code[:pos] + char + code[pos + 1 :]).code in {"checksum", "chars"}


def test_uscc_letters_allowed_in_first_two_positions() -> None:
    code = v.make_uscc("N2110105MA0000001")  # GB 32100 registration authority N (农业)
    assert v.uscc(code) == code


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("9111000060003734", "length", "统一社会信用代码应为18位，当前为16位"),
        ("91110000600037341O", "chars", "统一社会信用代码不含字母I、O、S、V、Z，请核对是否为数字"),
        ("9111000060003734#L", "chars", "统一社会信用代码只能包含数字和大写字母"),
        ("911100A0600037341L", "chars", "统一社会信用代码第3–8位应为数字（行政区划码）"),
    ],
)
def test_uscc_messages(raw: str, code: str, message: str) -> None:
    err = rejects(v.uscc, raw)
    assert (err.code, err.message) == (code, message)


def test_make_uscc_rejects_bad_bodies() -> None:
    for body in ["9111000060003734", "91110000600037341I", "91A10000600037341"]:
        with pytest.raises(ValueError):
            v.make_uscc(body)


# -- 手机号 --------------------------------------------------------------------------


@relaxed
@given(mobiles, st.sampled_from(["", "+86", "+86 ", "0086", "0086-", "86", "(+86) "]))
def test_mobile_prefixes_and_separators(number: str, prefix: str) -> None:
    assert v.mobile(number) == number
    assert v.mobile(prefix + number) == number
    assert v.mobile(prefix + number[:3] + " " + number[3:7] + "-" + number[7:]) == number
    assert v.mobile(fullwidth(prefix + number)) == number


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1381234567", "length"),
        ("138123456789", "length"),
        ("23812345678", "length"),
        ("010-12345678", "landline"),
        ("021 6123 4567", "landline"),
        ("+852 6123 4567", "country"),
        ("+1 650 253 0000", "country"),
        ("15412345678", "range"),  # unallocated 154 range
        ("138-FLOWERS1", "chars"),  # phonenumbers alone would read this as a vanity number
        ("138 1234 5678 转 8", "chars"),
        ("+86+13812345678", "chars"),
    ],
)
def test_mobile_rejections(raw: str, code: str) -> None:
    assert rejects(v.mobile, raw).code == code


# -- 银行卡号 ------------------------------------------------------------------------


def test_bank_card_known_examples() -> None:
    card = v.make_bank_card("622202", 19, 123456789012)
    assert card == "6222021234567890128"
    assert luhn.is_valid(card)
    assert v.bank_card("6222 0212 3456 7890 128") == card
    assert v.bank_card("4111-1111-1111-1111") == "4111111111111111"


@given(bank_cards())
def test_generated_cards_validate_and_round_trip(card: str) -> None:
    assert 12 <= len(card) <= 19
    assert v.bank_card(card) == card
    assert v.bank_card(fullwidth(with_separators(card, " "))) == card
    assert v.bank_card(with_separators(card, "-")) == card


@given(bank_cards(), st.data())
def test_bank_card_any_single_digit_change_gives_check_message(
    card: str, data: st.DataObject
) -> None:
    pos = data.draw(st.integers(min_value=0, max_value=len(card) - 1))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != card[pos]))
    err = rejects(v.bank_card, card[:pos] + digit + card[pos + 1 :])
    assert (err.code, err.message) == ("checksum", "银行卡号校验不通过，请逐位核对")


@pytest.mark.parametrize(
    ("raw", "code"),
    [("12345678901", "length"), ("1" * 20, "length"), ("6222o21234567890128", "chars")],
)
def test_bank_card_rejections(raw: str, code: str) -> None:
    assert rejects(v.bank_card, raw).code == code


def test_make_bank_card_argument_checks() -> None:
    for args in [("62a", 16, 0), ("622202", 11, 0), ("622202", 16, 10**9), ("6" * 19, 19, 0)]:
        with pytest.raises(ValueError):
            v.make_bank_card(*args)


# -- 金额 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("1,234.56", 123456),
        ("¥12", 1200),
        ("￥12", 1200),
        ("１２．５", 1250),
        ("12元", 1200),
        ("人民币100元整", 10000),
        ("1，234。5", 123450),
        ("0", 0),
        ("0.01", 1),
        ("007.10", 710),
        (" 1 234.00 ", 123400),
        ("10000000000", v.MAX_FEN),
    ],
)
def test_yuan_to_fen_accepts(raw: str, fen: int) -> None:
    assert v.yuan_to_fen(raw) == fen


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("-5", "negative"),
        ("−5", "negative"),
        ("¥-5", "negative"),
        ("-¥5", "negative"),
        ("12.345", "precision"),
        ("0.001", "precision"),
        ("1,2,3", "format"),
        ("12,34", "format"),
        ("1e5", "format"),
        ("NaN", "format"),
        ("Infinity", "format"),
        ("0x10", "format"),
        ("12.", "format"),
        ("十二元", "format"),
        ("١٢", "format"),  # Arabic-Indic digits: int() would accept them
        ("10000000000.01", "range"),
        ("9" * 40, "range"),
    ],
)
def test_yuan_to_fen_rejects(raw: str, code: str) -> None:
    assert rejects(v.yuan_to_fen, raw).code == code


@given(amounts)
def test_yuan_parsing_round_trips(amount: Decimal) -> None:
    fen = int(amount * 100)
    assert v.yuan_to_fen(f"{amount:f}") == fen
    assert v.yuan_to_fen(f"¥{amount:,.2f}") == fen
    assert v.yuan_to_fen(fullwidth(f"{amount:,f}元")) == fen
    assert v.fen_to_yuan(fen) == f"{amount:,.2f}"
    assert v.yuan_to_fen(v.fen_to_yuan(fen)) == fen


@given(st.integers(min_value=0, max_value=v.MAX_FEN))
def test_fen_round_trips_through_text(fen: int) -> None:
    assert v.yuan_to_fen(v.fen_to_yuan(fen)) == fen


def test_fen_to_yuan_format() -> None:
    assert v.fen_to_yuan(123456) == "1,234.56"
    assert v.fen_to_yuan(5) == "0.05"
    assert v.fen_to_yuan(0) == "0.00"
    assert v.fen_to_yuan(-100001) == "-1,000.01"
    assert v.fen_to_yuan(v.MAX_FEN) == "10,000,000,000.00"


# -- 日期 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2026-11-26",
        "2026/11/26",
        "2026.11.26",
        "20261126",
        "2026年11月26日",
        "２０２６年１１月２６日",
        "２０２６－１１－２６",
        " 2026 年 11 月 26 日 ",
        "2026年11月26",
    ],
)
def test_parse_date_accepts(raw: str) -> None:
    assert v.parse_date(raw) == date(2026, 11, 26)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_all_formats_round_trip(day: date) -> None:
    y, m, d = day.year, day.month, day.day
    for raw in [
        day.isoformat(),
        f"{y}/{m}/{d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{y}{m:02d}{d:02d}",
        f"{y}年{m}月{d}日",
        fullwidth(f"{y}年{m}月{d}日"),
    ]:
        assert v.parse_date(raw) == day


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("2026-02-30", "date"),
        ("2026-13-01", "date"),
        ("2026年2月29日", "date"),
        ("0226-11-26", "range"),
        ("2026-11/26", "format"),
        ("26-11-2026", "format"),
        ("11/26/2026", "format"),
        ("2026-11-26 10:00", "format"),
        ("2026112", "format"),
        ("明天", "format"),
    ],
)
def test_parse_date_rejects(raw: str, code: str) -> None:
    err = rejects(v.parse_date, raw)
    assert err.code == code
    if code == "format":
        assert err.message == "日期格式应为 2026-11-26 或 2026年11月26日"


# -- hostile input -------------------------------------------------------------------

HOSTILE = [
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\u0085",
    "[b]",
    "[/b]",
    "[link=https://example.com]x[/link]",
    "<script>",
    "'; DROP TABLE cases;--",
    "%s%n",
    "{0}",
    "\\",
    "😀",
    "🀄",
    "\U0010ffff",
    "\u202e",
    "\ud800",  # lone surrogate
    "1️⃣",
]

VALID_SAMPLES: list[tuple[Callable[[str], Any], str]] = [
    (resident_id, "110101199003071233"),
    (v.uscc, "91110000600037341L"),
    (v.mobile, "13812345678"),
    (v.bank_card, "6222021234567890128"),
    (v.yuan_to_fen, "1,234.56"),
    (v.parse_date, "2026-11-26"),
]
VALIDATORS = [func for func, _ in VALID_SAMPLES]


@pytest.mark.parametrize(("func", "valid"), VALID_SAMPLES)
@pytest.mark.parametrize("token", HOSTILE)
def test_hostile_token_inside_valid_value_is_rejected(
    func: Callable[[str], Any], valid: str, token: str
) -> None:
    func(valid)  # sanity: the sample itself is fine
    for pos in (0, 1, len(valid) // 2, len(valid) - 1, len(valid)):
        rejects(func, valid[:pos] + token + valid[pos:])
    rejects(func, token)


@pytest.mark.parametrize("func", VALIDATORS)
@pytest.mark.parametrize(
    "raw",
    ["1" * 10_000, "😀" * 10_000, "110101199003071233" * 556, " " * 10_000 + "12"],
    ids=["digits", "emoji", "repeated-id", "spaces"],
)
def test_overlong_input_is_rejected_cheaply(func: Callable[[str], Any], raw: str) -> None:
    assert rejects(func, raw).code == "too_long"


def test_invisible_paste_artefacts_are_ignored() -> None:
    assert resident_id("\ufeff110101199003071233\u200b") == "110101199003071233"
    assert v.mobile("138\u200b1234\u20605678") == "13812345678"


def canonical_text(value: object) -> str:
    if isinstance(value, int):
        return v.fen_to_yuan(value)
    if isinstance(value, date):
        return value.isoformat()
    assert isinstance(value, str)
    return value


@relaxed
@given(st.sampled_from(VALIDATORS), st.text(max_size=300))
@example(v.mobile, "\ud800")
@example(v.yuan_to_fen, "1" * 5000)
@example(v.parse_date, "9999-99-99")
def test_arbitrary_text_gives_value_or_validation_error(
    func: Callable[[str], Any], raw: str
) -> None:
    """Never any other exception; anything accepted is canonical and accepted again."""
    try:
        value = func(raw)
    except ValidationError as err:
        assert err.message
        assert err.field
        return
    text = canonical_text(value)
    assert text.isascii()
    assert func(text) == value


def test_generators_are_deterministic() -> None:
    assert v.make_resident_id("440305", date(2001, 2, 3), 42) == v.make_resident_id(
        "440305", date(2001, 2, 3), 42
    )
    assert v.make_bank_card("6217", 16, 7) == v.make_bank_card("6217", 16, 7) == "6217000000000071"
    with pytest.raises(ValueError):
        v.make_resident_id("11010", date(2000, 1, 1), 1)
    with pytest.raises(ValueError):
        v.make_resident_id("110101", date(2000, 1, 1), 1000)
