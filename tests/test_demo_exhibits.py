"""The demo's exhibit pages agree with their case (review round 6 D1): every date is
within the case's own period (never before the machine was signed up, never after the
complaint), every sum is one the case names, no 押金 / 返现 / 流量卡 / 服务费 appears
that the case does not claim, a statement shows one merchant and the case's terminal,
and a contract or receipt names the case's provider."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from workbench.demo import generate_demo, store_demo_evidence
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.store.blobs import BlobStore
from workbench.store.engine import Store, open_store
from workbench.store.models import Case, Evidence, Provider

_DAY = re.compile(r"(\d{4})(?:-|年)(\d{2})(?:-|月)(\d{2})")
_FIRST_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_SUM = re.compile(r"(\d[\d,.]*)元")
_WORDS = ("押金", "返现", "流量卡", "服务费")


@pytest.fixture(scope="module")
def exhibits(tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[list[tuple[Case, str, Evidence, str]]]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store: Store = open_store(f"sqlite:///{path}", lambda *_: "demo-exhibits", demo=True)
    try:
        generate_demo(store, cases=300, seed=1, clock=FrozenClock.on(TODAY))
        blobs = BlobStore(tmp_path_factory.mktemp("evidence"))
        store_demo_evidence(Workbench(store=store, actor="demo",
                                      clock=FrozenClock.on(TODAY)), blobs)
        found = []
        with store.session() as session:
            for item, case, provider in session.execute(
                    select(Evidence, Case, Provider)
                    .join(Case, Case.id == Evidence.case_id)
                    .join(Provider, Provider.id == Case.provider_id)):
                if item.kind not in ("transaction", "contract", "receipt", "chat", "call"):
                    continue
                content = blobs.path_for(item.sha256).read_bytes()
                text = content.decode("gb18030" if item.kind == "transaction" else "utf-8")
                found.append((case, provider.name, item, text))
        yield found
    finally:
        store.dispose()


def _yuan(text: str) -> str:
    value = text.replace(",", "")
    return value[:-3] if value.endswith(".00") else value


def test_exhibit_dates_are_within_the_cases_period(exhibits: list) -> None:
    found = []
    for case, _provider, item, text in exhibits:
        signed = date(*map(int, _FIRST_DAY.search(case.narrative).groups()))
        for day in {date(*map(int, m)) for m in _DAY.findall(text)}:
            if not signed <= day <= case.opened_at.date():
                found.append((case.ref, item.title, day, signed))
    assert len(exhibits) > 100
    assert found == []


def test_exhibit_sums_and_fees_are_the_cases_own(exhibits: list) -> None:
    found = []
    for case, _provider, item, text in exhibits:
        said = case.narrative + " ".join(d["text"] for d in case.demands)
        named = {_yuan(s) for s in _SUM.findall(said)}
        body = "\n".join(line for line in text.splitlines()
                         if not line.startswith(("标题", "#")))
        found += [(case.ref, item.title, s) for s in _SUM.findall(body)
                  if _yuan(s) not in named and "万元" not in s]
        asked = " ".join(d["text"] for d in case.demands)
        found += [(case.ref, item.title, word) for word in _WORDS
                  if word in body and word not in asked]
    assert found == []


def test_a_statement_shows_one_merchant_on_the_cases_terminal(exhibits: list) -> None:
    found, tables = [], 0
    for case, provider, item, text in exhibits:
        if item.kind == "transaction":
            tables += 1
            rows = [line.split(",") for line in text.splitlines()[2:]]
            if len({row[5] for row in rows}) != 1 or {row[6] for row in rows} != {
                    case.terminal_sn}:
                found.append((case.ref, item.title))
            volume = re.search(r"(?:月均流水|每月刷卡)约([\d,]+)元", case.narrative)
            total = sum(float(row[2]) for row in rows)
            if volume and total > int(volume.group(1).replace(",", "")) * 1.05:
                found.append((case.ref, item.title, total))
        if item.kind in ("contract", "receipt") and provider not in text:
            found.append((case.ref, item.title, provider))
    assert tables > 5
    assert found == []


def test_no_story_has_an_unknown_impostor_take_the_fee_or_reads_as_cashing_out(
        exhibits: list) -> None:
    """D2: 075 sues the provider for a fee "一名男子自称‘银联工作人员’" took; D5: 055's
    complainant swipes their own credit card on their own POS (套现)."""
    cases = {case.ref: case for case, *_ in exhibits}
    found = [(ref, case.title) for ref, case in cases.items()
             if "一名男子" in case.narrative
             or (case.primary_category == "code_jumping"
                 and re.search(r"信用卡(?:账单|额度)", case.narrative))]
    assert any(case.primary_category == "code_jumping" for case in cases.values())
    assert found == []


def test_a_close_for_an_unreachable_complainant_follows_two_failed_calls(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """D3: 014's "经多次联系，无法与投诉人取得联系" with only the provider's contacts."""
    from workbench.demo.phrases import UNREACHABLE_REASON
    from workbench.store.models import CaseEvent, Contact

    path = tmp_path_factory.mktemp("unreached") / "demo.db"
    store: Store = open_store(f"sqlite:///{path}", lambda *_: "demo-unreached", demo=True)
    try:
        generate_demo(store, cases=300, seed=1, clock=FrozenClock.on(TODAY))
        with store.session() as session:
            closes = {e.case_id: e.at for e in session.execute(select(CaseEvent).where(
                CaseEvent.kind == "stage_changed")).scalars()
                if e.payload.get("reason") == UNREACHABLE_REASON}
            calls: dict[int, list] = {}
            for c in session.execute(select(Contact)).scalars():
                if c.counterpart.startswith("投诉人") and c.outcome.startswith("电话无人接听"):
                    calls.setdefault(c.case_id, []).append(c.at)
        found = [case_id for case_id, at in closes.items()
                 if len([m for m in calls.get(case_id, []) if m <= at]) < 2]
        assert closes and found == []
    finally:
        store.dispose()
