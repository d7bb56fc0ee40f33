"""What a demo exhibit takes from its case (review round 5 N2, round 6 D1): the promised
and the charged rate, the day the machine was signed up and the trouble began, the day
of the complaint, the provider, the merchant and terminal, the monthly turnover and the
sums the case claims. Every exhibit page shows these, never values of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from workbench.demo.stories import stated_rates

_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_VOLUME = re.compile(r"(?:月均流水|每月刷卡)约([\d,]+)元")
_MERCHANT = re.compile(r"系(.+?)（商户编号")
_PERSON = re.compile(r"日，投诉人([\u4e00-\u9fff]{2,3}?)(?:经|在|从|向)")
_THRESHOLD = re.compile(r"交易满(\d+)万元即全额返还")
# the sums a complaint names, by the word an exhibit names them with
_SUMS = {
    "押金": (re.compile(r"扣除([\d,.]+)元，\S{0,8}?称这是“激活押金”"),
             re.compile(r"“激活押金”名义扣收([\d,.]+)元")),
    "服务费": (re.compile(r"各扣收([\d,.]+)元"),),
    "流量卡": (re.compile(r"([\d,.]+)元(?:，客服解释为)?“流量卡年费”"),),
    "返现": (re.compile(r"返现([\d,.]+)元"),),
    "升级费": (re.compile(r"缴纳([\d,.]+)元“升级费”"),),
}
_RATE = re.compile(r"(\d+(?:\.\d+)?)%")


@dataclass(frozen=True)
class Exhibit:
    """The case facts an exhibit shows: the promised and the charged rate as the case
    states them ("0.6"; "" when not stated), the month a statement covers (its row's
    取得日期), the day the trouble began, the day the POS was signed up, the day before
    the complaint, the provider's name, the merchant's name, the terminal's serial, the
    monthly turnover (yuan; 0 when not stated) and the sums the case names ("押金",
    "299")."""

    agreed: str = ""
    charged: str = ""
    month: date | None = None
    began: date | None = None
    signed: date | None = None
    until: date | None = None
    provider: str = ""
    merchant: str = ""
    terminal: str = ""
    volume: int = 0
    sums: tuple[tuple[str, str], ...] = ()

    def sum(self, word: str) -> str:
        """The sum the case names with `word` ("299"), "" when it names none."""
        return dict(self.sums).get(word, "")

    def window(self, draw: int, *, after_trouble: bool = True) -> date | None:
        """A day of the case's own period, from `draw` (folded): from the day the trouble
        began (or the POS was signed up) to the day before the complaint."""
        start = (self.began if after_trouble and self.began else None) or self.signed
        if start is None or self.until is None:
            return None
        if self.signed and start < self.signed:
            start = self.signed
        span = max(0, (self.until - start).days)
        return start + timedelta(days=draw % (span + 1))

    def say(self, line: str, agreed: str, charged: str) -> str:
        """A template line with the case's rates and sums (the drawn rates where it
        states none)."""
        for word, key in (("押金", "{deposit}"), ("服务费", "{service}"), ("流量卡", "{sim}"),
                          ("返现", "{cashback}")):
            line = line.replace(key, self.sum(word))
        return line.replace("{agreed}", f"{self.agreed}%" if self.agreed else agreed) \
            .replace("{charged}", f"{self.charged}%" if self.charged else charged)

    def rate(self, drawn: str, on: date | None = None) -> str:
        """The rate a statement shows on a day: the charged one (from the day the trouble
        began), else the promised one."""
        raised = self.charged and (on is None or self.began is None or on >= self.began)
        stated = self.charged if raised else self.agreed
        return f"{stated}%" if stated else drawn


def case_exhibit(narrative: str, proves: str, *, month: date | None, began: date | None,
                 opened: date | None, provider: str, terminal: str) -> Exhibit:
    """The Exhibit of one evidence row: from its case's narrative (rates, dates, turnover,
    merchant, sums), the 证明对象 of the case's evidence (the promised rate, where the
    narrative states none) and its record."""
    agreed, charged = stated_rates(narrative)
    if not agreed and (rates := _RATE.findall(proves)):
        agreed = rates[0]
    first = _DAY.search(narrative)
    signed = date(*map(int, first.groups())) if first else None
    volume = _VOLUME.search(narrative)
    merchant = _MERCHANT.search(narrative)
    person = _PERSON.search(narrative)
    name = (merchant.group(1) if merchant else
            f"个体商户{person.group(1)}" if person else "个体商户")
    sums: list[tuple[str, str]] = []
    for word, patterns in _SUMS.items():
        found = next((m for p in patterns if (m := p.search(narrative))), None)
        if found:
            sums.append((word, found.group(1).replace(",", "")))
    threshold = _THRESHOLD.search(narrative)
    if threshold:
        sums.append(("达标", threshold.group(1)))
    until = opened - timedelta(days=1) if opened else None
    return Exhibit(agreed, charged, month, began, signed, until, provider, name, terminal,
                   int(volume.group(1).replace(",", "")) if volume else 0, tuple(sums))

