"""Masking of personal data for display (workbench.domain.masking)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain import validators as v
from workbench.domain.masking import (
    MASK_CHAR,
    mask_card,
    mask_id,
    mask_name,
    mask_phone,
    mask_text,
)

MASKERS: list[Callable[[str | None], str]] = [mask_id, mask_phone, mask_card, mask_name]

resident_ids = st.builds(
    v.make_resident_id,
    st.from_regex(r"[1-9][0-9]{5}", fullmatch=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    length = draw(st.integers(min_value=12, max_value=19))
    prefix = draw(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
    body = draw(st.integers(min_value=0, max_value=10 ** (length - 7) - 1))
    return v.make_bank_card(prefix, length, body)


# Text without the mask character, so every non-"*" character in a result is revealed.
plain_text = st.text(st.characters(exclude_characters=MASK_CHAR), max_size=40)


def revealed(masked: str) -> int:
    return sum(1 for c in masked if c not in (MASK_CHAR, " "))


# -- the documented examples ---------------------------------------------------------


def test_examples() -> None:
    assert mask_id("110101199003071234") == "110***********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_card("6222021234567890123") == "6222 **** **** *** 0123"
    assert mask_card("6222021234567890") == "6222 **** **** 7890"
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


def test_separators_and_prefixes_do_not_leak_or_count() -> None:
    assert mask_card("6222 0212 3456 7890 123") == "6222 **** **** *** 0123"
    assert mask_card("6222-0212-3456-7890") == "6222 **** **** 7890"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("0086-13812345678") == "138****5678"
    assert mask_id("110101 19900307 1234") == "110***********1234"
    assert mask_id("１１０１０１１９９００３０７１２３４") == "110***********1234"
    assert mask_name("  张三丰 ") == "张**"


@pytest.mark.parametrize("masker", MASKERS)
def test_none_and_empty_give_empty(masker: Callable[[str | None], str]) -> None:
    assert masker(None) == ""
    assert masker("") == ""
    assert mask_text(None, 3, 4) == ""


@pytest.mark.parametrize(
    ("masker", "raw", "expected"),
    [
        (mask_name, "张", "*"),
        (mask_phone, "138", "1**"),
        (mask_phone, "1381234567", "138*****67"),  # 10 digits: 5 shown at most
        (mask_id, "1101", "11**"),
        (mask_id, "110101199003071", "110********3071"),
        (mask_card, "622202", "622 ***"),
        (mask_card, "1", "*"),
    ],
)
def test_short_values_show_at_most_half(
    masker: Callable[[str | None], str], raw: str, expected: str
) -> None:
    assert masker(raw) == expected
    assert revealed(expected) <= len(raw) // 2


# -- properties ----------------------------------------------------------------------


@given(resident_ids)
def test_id_mask_never_contains_the_middle(number: str) -> None:
    masked = mask_id(number)
    assert masked == number[:3] + MASK_CHAR * 11 + number[-4:]
    assert set(masked[3:-4]) == {MASK_CHAR}
    assert number[6:14] not in masked  # the birth date (8 digits cannot fit in 3 + 4 shown)


@given(phones)
def test_phone_mask_never_contains_the_middle(number: str) -> None:
    masked = mask_phone(number)
    assert masked == number[:3] + MASK_CHAR * 4 + number[-4:]
    assert set(masked[3:7]) == {MASK_CHAR}


@given(bank_cards())
def test_card_mask_never_contains_the_middle(card: str) -> None:
    masked = mask_card(card)
    compact = masked.replace(" ", "")
    assert compact == card[:4] + MASK_CHAR * (len(card) - 8) + card[-4:]
    assert masked.startswith(card[:4] + " ")
    assert masked.endswith(" " + card[-4:])
    assert all(len(group) <= 4 for group in masked.split(" "))


@given(st.text(st.characters(categories=["Lo"]), min_size=2, max_size=6))
def test_name_mask_keeps_only_the_first_character(name: str) -> None:
    masked = mask_name(name)
    assert masked == name[0] + MASK_CHAR * (len(name) - 1)


@given(plain_text, st.integers(-3, 30), st.integers(-3, 30))
def test_mask_text_default_never_shows_more_than_half(text: str, head: int, tail: int) -> None:
    masked = mask_text(text, head, tail)
    assert len(masked) == len(text)
    shown = [i for i, c in enumerate(masked) if c != MASK_CHAR]
    assert len(shown) <= len(text) // 2
    # what is shown is the original head and tail, in place
    for i in shown:
        assert masked[i] == text[i]


@given(plain_text, st.integers(0, 10), st.integers(0, 10), st.integers(0, 40))
def test_mask_text_with_min_length(text: str, head: int, tail: int, min_length: int) -> None:
    masked = mask_text(text, head, tail, min_length=min_length)
    shown = sum(1 for c in masked if c != MASK_CHAR)
    assert len(masked) == len(text)
    if len(text) < max(min_length, head + tail + 1):
        assert shown <= len(text) // 2
    else:
        assert (
            masked == text[:head] + MASK_CHAR * (len(text) - head - tail) + text[len(text) - tail :]
        )
    if text:
        assert MASK_CHAR in masked  # something is always hidden


@pytest.mark.parametrize("masker", MASKERS)
@given(st.text(st.characters(categories=["Nd", "Lu", "Ll", "Lo"]), max_size=30))
def test_short_inputs_never_reveal_more_than_half(
    masker: Callable[[str | None], str], raw: str
) -> None:
    """Whatever the nominal format, a value shorter than it shows at most half."""
    nominals: dict[Callable[[str | None], str], int] = {
        mask_id: 18,
        mask_phone: 11,
        mask_card: 12,
        mask_name: 2,
    }
    nominal = nominals[masker]
    masked = masker(raw)
    compact = masked.replace(" ", "")
    if len(compact) < nominal:
        assert revealed(masked) <= len(compact) // 2


@pytest.mark.parametrize("masker", MASKERS)
@given(st.text(max_size=300))
def test_maskers_never_raise(masker: Callable[[str | None], str], raw: str) -> None:
    assert isinstance(masker(raw), str)


@pytest.mark.parametrize("masker", MASKERS)
@pytest.mark.parametrize(
    "raw",
    ["\x00\x1b[31m", "[b]张三[/b]", "😀😀😀", "\ud800", "x" * 10_000],
    ids=["control", "markup", "emoji", "surrogate", "long"],
)
def test_hostile_values_do_not_raise(masker: Callable[[str | None], str], raw: str) -> None:
    masked = masker(raw)
    assert isinstance(masked, str)
    assert masked.count(MASK_CHAR) >= 1
