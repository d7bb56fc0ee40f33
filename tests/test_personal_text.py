"""Personal data in free text (workbench.domain.personal_text): what is found, and what
each handling makes of it."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.domain import validators as v
from workbench.domain.masking import mask_address, mask_landline
from workbench.domain.personal_text import (
    Handling,
    KnownPersonal,
    PersonalKind,
    find_personal,
    looks_like_person,
    pseudonym,
    redact_text,
)

ID = v.make_resident_id("110105", date(1949, 12, 31), 2)  # 11010519491231002X
CARD = v.make_bank_card("622202", 19, 123456789)
CARD16 = v.make_bank_card("622848", 16, 4242)
KNOWN = KnownPersonal(name="陈晓明", phone="13812345678", id_number=ID, bank_card=CARD,
                      address="某某市某某区幸福路8号", merchant_name="晓明便利店",
                      others=("王芳",))


def kinds(text: str, known: KnownPersonal | None = None) -> list[tuple[PersonalKind, str]]:
    return [(s.kind, s.text) for s in find_personal(text, known)]


def bad_check(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


# --- finding ------------------------------------------------------------------------------

def test_the_known_name_inside_sentences() -> None:
    text = "投诉人陈晓明系晓明便利店经营者。陈晓明于2025年3月办理POS机，王芳在场。"
    assert kinds(text, KNOWN) == [
        (PersonalKind.NAME, "陈晓明"), (PersonalKind.MERCHANT, "晓明便利店"),
        (PersonalKind.NAME, "陈晓明"), (PersonalKind.NAME, "王芳")]


def test_known_numbers_with_spaces_and_dashes_inside() -> None:
    text = f"电话138-1234-5678，身份证{ID[:6]} {ID[6:14]} {ID[14:].lower()}，卡号" \
           f"{' '.join(CARD[i:i + 4] for i in range(0, 19, 4))}。"
    assert [k for k, _ in kinds(text, KNOWN)] == [
        PersonalKind.PHONE, PersonalKind.ID_NUMBER, PersonalKind.BANK_CARD]


def test_mobiles_by_pattern_but_not_inside_longer_digit_runs() -> None:
    assert kinds("请拨13912345678或+86 139-1111-2222联系") == [
        (PersonalKind.PHONE, "13912345678"), (PersonalKind.PHONE, "139-1111-2222")]
    assert kinds("订单号2139123456789，工单GD13912345678，编号139123456780") == []
    assert kinds("交易流水13912345678901") == []


def test_resident_ids_only_with_a_valid_check_character() -> None:
    assert kinds(f"身份证号{ID}。") == [(PersonalKind.ID_NUMBER, ID)]
    assert kinds(f"身份证号{bad_check(ID)}。") == []
    assert kinds(f"号码A{ID}") == []  # inside a longer code


def test_bank_cards_only_when_luhn_valid() -> None:
    grouped = " ".join(CARD16[i:i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号{CARD16}，另一张{grouped}。") == [
        (PersonalKind.BANK_CARD, CARD16), (PersonalKind.BANK_CARD, grouped)]
    assert kinds(f"卡号{bad_check(CARD16)}") == []
    assert kinds("商户编号898110012345678") == []  # 15 digits: no card


def test_landlines_with_an_area_code() -> None:
    assert kinds("固话0755-12345678，（010）87654321") == [
        (PersonalKind.LANDLINE, "0755-12345678"), (PersonalKind.LANDLINE, "（010）87654321")]
    assert kinds("客服400-800-1234") == []


def test_masked_values_and_single_characters_are_not_looked_for() -> None:
    known = KnownPersonal(name="张", phone="138****5678", id_number="110***********1234")
    assert kinds("张先生的号码是138****5678", known) == []


def test_a_counterpart_is_a_person_only_by_its_look() -> None:
    assert looks_like_person("王芳") and looks_like_person("欧阳娜娜")
    for not_person in ("客服", "某某支付客服热线 400-800-1234", "张经理", "业务员小刘",
                       "某某市消费者协会", "中国银联", "某区人民法院立案庭"):
        assert not looks_like_person(not_person), not_person


# --- handling -----------------------------------------------------------------------------

SENTENCE = (f"投诉人陈晓明（电话13812345678，身份证号{ID}，卡号{CARD}）住某某市某某区幸福路8号，"
            "系晓明便利店经营者，王芳可作证。")


def test_mask() -> None:
    masked = redact_text(SENTENCE, KNOWN, Handling.MASK)
    assert masked == ("投诉人陈某（电话138****5678，身份证号110***********002X，卡号6222 **** "
                      f"**** *** {CARD[-4:]}）住某某市某某区*****，"
                      "系晓明便利店经营者，王某可作证。")


def test_mask_keeps_a_shop_name_but_not_the_name_inside_it() -> None:
    known = KnownPersonal(name="张三", merchant_name="张三便利店")
    assert redact_text("张三便利店", known, Handling.MASK) == "张某便利店"


def test_pseudonym() -> None:
    out = redact_text(SENTENCE, KNOWN, Handling.PSEUDONYM)
    assert out == ("投诉人陈某（电话×××，身份证号×××，卡号×××）"
                   "住某地，系某商户经营者，王某可作证。")
    assert redact_text("深圳市某某科技有限公司", KnownPersonal(
        merchant_name="深圳市某某科技有限公司"), Handling.PSEUDONYM) == "某公司"


def test_full_leaves_the_text_alone() -> None:
    assert redact_text(SENTENCE, KNOWN, Handling.FULL) == SENTENCE


@pytest.mark.parametrize(("name", "expected"), [
    ("陈晓明", "陈某"), ("张三", "张某"), ("欧阳娜娜", "欧阳某"), ("司马相如", "司马某"),
    ("诸葛亮", "诸葛某"), ("上官婉儿", "上官某"), ("令狐冲", "令狐某"), ("欧阳", "欧某"),
    ("陈某", "陈某"), ("欧阳某", "欧阳某"), ("", "某"), (" 王五 ", "王某")])
def test_pseudonyms_keep_the_surname(name: str, expected: str) -> None:
    assert pseudonym(name) == expected


def test_address_and_landline_masks() -> None:
    assert mask_address("广东省深圳市南山区科技路88号") == "广东省深圳市南山区******"
    assert mask_address("幸福路8号") == "幸****"
    assert mask_landline("0755-12345678") == "0755-****5678"


def test_a_shops_numbers_are_kept_masked_and_left_out_for_the_press() -> None:
    known = KnownPersonal(accounts=("898110012345678", "QP94897364778"))
    text = "商户编号898110012345678，终端序列号QP94897364778。"
    assert redact_text(text, known, Handling.MASK) == text
    assert redact_text(text, known, Handling.PSEUDONYM) == "商户编号×××，终端序列号×××。"
