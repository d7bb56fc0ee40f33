"""What each addressee reads of the personal data in a filing's free text
(workbench.filings.redact, applied by build), read back from the real .docx."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.test_filings import full_text, sample, texts
from workbench.domain.personal_text import Handling, KnownPersonal
from workbench.filings import (
    ContactEntry,
    Demand,
    EvidenceItem,
    FilingData,
    FilingKind,
    build,
    write,
)
from workbench.filings.documents import KINDS, Complainant
from workbench.filings.redact import redact

PHONE, ID = "13812345678", "11010519491231002X"
NARRATIVE = (f"投诉人张三（电话{PHONE}，身份证号{ID}）系张三便利店经营者，"
             "住某某市某某区幸福路8号。\n2026年9月起，每笔交易费率被上调至0.6%，业务员王芳称系系统调整。")


def personal_sample(**changes: Any) -> FilingData:
    return sample(
        narrative=NARRATIVE, case_title="张三的POS机费率被擅自上调",
        complainant=Complainant("张三", "merchant", "110***********002X", "138****5678",
                                "某某市某某区幸福路8号", "张三便利店", "898110012345678"),
        demands=[Demand("退还张三多收取的手续费", 1234567), Demand("恢复原约定费率")],
        contacts=[ContactEntry(date(2026, 10, 8), "客服热线", "某某支付客服", "GD20261008001",
                               f"客服称已回电{PHONE}，王芳拒绝退还"),
                  ContactEntry(date(2026, 10, 20), "", "王芳", "", "仍无结果")],
        evidence=[EvidenceItem("张三的POS机办理协议", "投诉人提供", f"签约人张三，电话{PHONE}")],
        known_personal=KnownPersonal(name="张三", phone=PHONE, id_number=ID,
                                     address="某某市某某区幸福路8号", merchant_name="张三便利店",
                                     others=("王芳",)),
        received_on=date(2026, 10, 1), decided_on=date(2026, 10, 3), **changes)


def read(kind: FilingKind, tmp_path: Path) -> tuple[str, list[str]]:
    path = write(build(kind, personal_sample()), tmp_path, kind.value)
    document = docx.Document(str(path))
    return full_text(document), texts(document)


def test_every_kind_declares_a_need() -> None:
    needs = {info.kind: info.need for info in KINDS}
    assert {k for k, n in needs.items() if n is Handling.MASK} == {
        FilingKind.COMPLAINT_LETTER_PROVIDER, FilingKind.COMPLAINT_LETTER_SUPERIOR,
        FilingKind.SAMR_REPORT, FilingKind.INDUSTRY_REPORT, FilingKind.GROUP_COMPLAINT_LETTER}
    assert needs[FilingKind.PRESS_BRIEF] is Handling.PSEUDONYM
    for kind in (FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION,
                 FilingKind.MEDIATION_AGREEMENT, FilingKind.CONSUMER_COMPLAINT,
                 FilingKind.MEDIATION_APPLICATION, FilingKind.EVIDENCE_LIST):
        assert needs[kind] is Handling.FULL, kind


@pytest.mark.parametrize("kind", [FilingKind.COMPLAINT_LETTER_PROVIDER,
                                  FilingKind.COMPLAINT_LETTER_SUPERIOR,
                                  FilingKind.SAMR_REPORT, FilingKind.INDUSTRY_REPORT])
def test_letters_to_providers_and_regulators_mask_the_free_text(kind: FilingKind,
                                                                tmp_path: Path) -> None:
    text, _ = read(kind, tmp_path)
    # a name reads 张某 (review 0.11: 张* would tell its length)
    assert "投诉人张某（电话138****5678，身份证号110***********002X）系张某便利店经营者" in text
    assert "住某某市某某区*****。" in text and "住某某市某某区幸福路" not in text
    if kind is not FilingKind.SAMR_REPORT:  # a 举报 names violations, not the demands
        assert "退还张某多收取的手续费" in text and "王某拒绝退还" in text
    assert "张某的POS机办理协议" in text and "签约人张某，电话138****5678" in text
    assert "*" not in text.replace("138****5678", "").replace("110***********002X", "") \
        .replace("某某区*****", "")
    for private in (PHONE, ID, "王芳"):
        assert private not in text, private


@pytest.mark.parametrize("kind", [FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION,
                                  FilingKind.CONSUMER_COMPLAINT])
def test_court_and_complainant_papers_keep_it(kind: FilingKind, tmp_path: Path) -> None:
    text, _ = read(kind, tmp_path)
    role = "投诉人" if kind is FilingKind.CONSUMER_COMPLAINT else "原告"  # the paper's voice
    assert f"{role}张三（电话{PHONE}，身份证号{ID}）" in text and "王芳" in text


def test_the_press_brief_pseudonymises_and_tells_no_contact_log(tmp_path: Path) -> None:
    text, lines = read(FilingKind.PRESS_BRIEF, tmp_path)
    for private in ("张三", PHONE, "138****5678", ID, "002X", "幸福路", "898110012345678",
                    "王芳", "GD20261008001", "客服称", "仍无结果", "某某支付客服"):
        assert private not in text, private
    assert ("本会受理了商户张某对某某支付有限公司的投诉，投诉涉及POS机刷卡费率调整争议、"
            "POS机流量卡年费争议。") in text
    assert "以下为投诉人的陈述，本会尚未对其中的事实作出认定。据投诉人称：" in lines
    assert ("投诉人张某（电话×××，身份证号×××）系某商户经营者，"
            "住某地。") in lines
    assert "投诉人请求退还张某多收取的手续费、恢复原约定费率。" in lines
    assert "12,345.67" not in text  # no amounts tied to the person
    assert "2026年10月3日，本会受理该投诉。" in lines and text.count("2026年10月3日") == 1
    assert "本会处理经过" not in text
    assert "POS机办理协议" not in text  # no evidence goes to the press


def test_redact_is_pure_and_full_changes_nothing() -> None:
    data = personal_sample()
    assert redact(data, Handling.FULL) is data
    masked = redact(data, Handling.MASK)
    assert masked is not data and data.narrative == NARRATIVE
    assert masked.complainant == data.complainant
    press = redact(data, Handling.PSEUDONYM)
    assert press.complainant == Complainant("张某", "merchant", merchant_name="某商户")
    assert press.known_personal == KnownPersonal() and press.terminal_sn == ""


def test_the_press_brief_has_a_neutral_subject_what_was_done_and_tips(tmp_path: Path) -> None:
    data = replace(
        personal_sample(), categories=("费率上调/乱收费",),
        contacts=[ContactEntry(date(2026, 10, 8), "phone", "某某支付客服", "GD1", "转达投诉",
                               "provider"),
                  ContactEntry(date(2026, 10, 9), "visit", "法院", "", "咨询", "legal")],
        letters=[(date(2026, 10, 8), "某某支付有限公司")])
    lines = texts(docx.Document(str(write(build(FilingKind.PRESS_BRIEF, data), tmp_path, "p"))))
    text = "\n".join(lines)
    assert "关于POS机刷卡费率调整争议投诉情况的说明" in text
    assert "乱收费" not in text and "费率上调" not in text
    assert "2026年10月8日，本会致函被投诉人；致电被投诉人。" in lines
    assert "2026年10月9日" not in text  # a contact with a court is no step towards the provider
    assert "截至本说明发出之日，本会未收到其书面答复。" in lines
    assert "五、商户提示" in lines and any("核对结算明细" in line for line in lines)
    assert "消费提示" not in text

    # what the side answered is part of the sentence (review 0.4: no "联系结果为："); a
    # promise to answer is no answer, so the brief still says none has come
    promised = replace(personal_sample(), contacts=[ContactEntry(
        date(2026, 10, 8), "phone", "某某支付客服", "", "转达投诉", "provider",
        "对方已受理，承诺5个工作日内答复")])
    path = write(build(FilingKind.PRESS_BRIEF, promised), tmp_path, "q")
    lines = texts(docx.Document(str(path)))
    assert "2026年10月8日，本会致电被投诉人，对方已受理，承诺5个工作日内答复。" in lines
    assert "截至本说明发出之日，本会未收到其书面答复。" in lines
    assert "联系结果" not in "\n".join(lines)
    answered = replace(personal_sample(), contacts=[ContactEntry(
        date(2026, 10, 8), "phone", "某某支付客服", "", "转达投诉", "provider",
        "对方称系统统一调整，拒绝退费")])
    path = write(build(FilingKind.PRESS_BRIEF, answered), tmp_path, "r")
    text = full_text(docx.Document(str(path)))
    assert "对方称系统统一调整，拒绝退费。" in text and "未收到其书面答复" not in text


def test_every_category_has_neutral_press_words() -> None:
    from workbench.domain.categories import Category
    from workbench.filings.endings import press_words

    words = press_words()
    for category in Category:
        subject = words.subject[category]
        assert subject and not any(w in subject for w in ("乱", "违法", "欺诈", "骗")), subject
        for scope in ("consumer", "merchant"):
            for tip in words.tips[(category, scope)]:
                assert tip.endswith("。") and "违法" not in tip
                if scope == "merchant":
                    assert "消费者" not in tip
