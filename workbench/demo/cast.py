"""The cast of a demo database: fictional providers (banks, payment institutions, their
agents) and complainants whose phone, ID and card numbers pass their check digits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from workbench.demo.days import DayClock
from workbench.demo.draws import Rand, Weighted
from workbench.demo.names import (
    AGENT_TRADES,
    AGENT_WORDS,
    BANKS,
    BRANCHES,
    CARD_PREFIXES,
    CITIES,
    ESTATES,
    FICTIONAL,
    GIVEN,
    LONG_AGENT,
    MOBILE_PREFIXES,
    N_AGENTS,
    N_PAYMENT_INSTITUTIONS,
    PI_FORMS,
    PI_WORDS,
    ROADS,
    SHOP_TYPES,
    SHOP_WORDS,
    SURNAMES,
    USCC_BODY,
    PersonInfo,
    ProviderInfo,
)
from workbench.domain.organisations import head_company
from workbench.domain.regions import county_of, short_province
from workbench.domain.validators import make_bank_card, make_resident_id, make_uscc

ETHNICITIES = ("回族", "满族", "壮族", "苗族", "土家族", "蒙古族", "彝族")


class Providers:
    """Acquiring banks, the payment institutions under them and the agents under those."""

    def __init__(self, r: Rand, next_id: int) -> None:
        self.r = r
        self.next_id = next_id
        self.rows: list[dict[str, Any]] = []
        self.used_uscc: set[str] = set()
        banks: list[ProviderInfo] = []
        institutions: list[ProviderInfo] = []
        agents: list[ProviderInfo] = []
        for name, short in BANKS:
            self._add(name, short, "acquiring_bank", None,
                      f"B{r.num(100, 999):04d}H{r.num(10**9, 10**10 - 1)}", banks)
        names: list[tuple[str, str]] = []
        for prefix in FICTIONAL:
            for word in PI_WORDS:
                names.append((r.pick(PI_FORMS).format(prefix, word), prefix + word))
        r.rng.shuffle(names)
        for name, short in names[:N_PAYMENT_INSTITUTIONS]:
            self._add(name, short, "payment_institution", r.pick(banks).id,
                      f"Z20{r.num(10**10, 10**11 - 1)}", institutions)
        seen: set[str] = set()
        self._add(LONG_AGENT[0], LONG_AGENT[1], "agent", r.pick(institutions).id, "", agents,
                  CITIES[3])
        seen.add(LONG_AGENT[0])
        while len(agents) < N_AGENTS:
            city = r.pick(CITIES)
            prefix, word, trade = r.pick(FICTIONAL), r.pick(AGENT_WORDS), r.pick(AGENT_TRADES)
            name = f"{city[0]}{prefix}{word}{trade}有限公司"
            if r.chance(0.25):
                name += r.pick(BRANCHES).format(d=r.pick(city[3])[0])
            if name in seen:
                continue
            seen.add(name)
            self._add(name, prefix + word, "agent", r.pick(institutions).id, "", agents, city)
        # a branch's head company, registered so a court paper can join it (no draws)
        heads: list[ProviderInfo] = []
        for branch in list(agents):
            head = head_company(branch.name)
            if head and head not in seen:
                seen.add(head)
                self._add_head(head, branch, heads)
        self.by_id = {p.id: p for p in banks + institutions + agents + heads}
        self.aliases = _aliases(banks, institutions, agents)
        # complaints concentrate on a few providers: Zipf-like weights
        self.pick = Weighted(
            [(p, 6 / (i + 1) ** 0.8) for i, p in enumerate(agents)]
            + [(p, 3 / (i + 1) ** 0.8) for i, p in enumerate(institutions)]
            + [(p, 1.0) for p in banks])

    def _add(self, name: str, short: str, kind: str, superior: int | None, licence: str,
             out: list[ProviderInfo],
             where: tuple[str, str, str, tuple[tuple[str, str], ...]] | None = None) -> None:
        r = self.r
        city, province, _area, districts = where or r.pick(CITIES)
        district, region = r.pick(districts)
        while True:
            body = "91" + region + "".join(r.pick(USCC_BODY) for _ in range(9))
            code = make_uscc(body)
            if code not in self.used_uscc:
                self.used_uscc.add(code)
                break
        hotline = f"400-{r.num(600, 899)}-{r.num(0, 9999):04d}"
        address = f"{province}{city}{district}{r.pick(ROADS)}{r.num(1, 999)}号"
        # where letters about it go: derived, not drawn (the random stream stays as it was)
        unit = province or city
        regulator = {"payment_institution": f"中国人民银行{unit}分行",
                     "acquiring_bank": f"国家金融监督管理总局{short_province(unit)}监管局",
                     }.get(kind, "")
        n = self.next_id
        if kind != "agent":
            address += f"{r.pick(FICTIONAL)}大厦{r.num(2, 38)}层"
        self.rows.append({"id": self.next_id, "name": name, "short_name": short, "kind": kind,
                          "uscc": code, "licence_no": licence, "address": address,
                          "hotline": hotline, "superior_id": superior,
                          "market_bureau": f"{city}{district}市场监督管理局",
                          "county": county_of(address) or f"{city}{district}",
                          "merged_into_id": None,
                          "regulator": regulator,
                          "legal_representative": SURNAMES[n * 7 % len(SURNAMES)]
                          + GIVEN[n * 13 % len(GIVEN)]})
        out.append(ProviderInfo(self.next_id, name, short, kind, hotline, superior,
                                f"{city}{district}人民法院"))
        self.next_id += 1


    def _add_head(self, name: str, branch: ProviderInfo, out: list[ProviderInfo]) -> None:
        """The head company of `branch`, derived from the branch's row: same acquirer,
        bureau and hotline; a credit code of its own (the branch's body rotated)."""
        row = next(r for r in self.rows if r["id"] == branch.id)
        body = row["uscc"][:17]
        for turn in range(1, 10):
            serial = body[8:]
            code = make_uscc(body[:8] + serial[turn:] + serial[:turn])
            if code not in self.used_uscc:
                break
        else:  # pragma: no cover - nine rotations of one body all taken
            return
        self.used_uscc.add(code)
        n = self.next_id
        self.rows.append({**row, "id": n, "name": name, "uscc": code, "licence_no": "",
                          "legal_representative": SURNAMES[n * 7 % len(SURNAMES)]
                          + GIVEN[n * 13 % len(GIVEN)]})
        out.append(ProviderInfo(n, name, branch.short, "agent", branch.hotline,
                                branch.superior, branch.court))
        self.next_id += 1


# brands a provider is also known by (derived from its short name, not drawn): a bank's
# acquiring arm, an institution's POS lines, an agent's trade name on its flyers
_ALIAS_FORMS = {"acquiring_bank": ("{}收单",), "payment_institution": ("{}POS", "{}电签"),
                "agent": ("{}POS",)}


def _aliases(*groups: list[ProviderInfo]) -> list[dict[str, Any]]:
    """The demo's `provider_alias` rows: each alias once, for the first provider it fits."""
    seen: set[str] = set()
    rows = []
    for group in groups:
        for p in group:
            for form in _ALIAS_FORMS[p.kind]:
                alias = form.format(p.short)
                if p.short and alias not in seen:
                    seen.add(alias)
                    rows.append({"provider_id": p.id, "alias": alias})
    return rows


def new_person(r: Rand, clock: DayClock, person_id: int) -> tuple[dict[str, Any], PersonInfo]:
    """One complainant: a consumer or a merchant (about half), with their row."""
    city_i = int(r.random() * len(CITIES))
    city, province, _area, districts = CITIES[city_i]
    district, region = r.pick(districts)
    surname = r.pick(SURNAMES)
    name = surname + r.pick(GIVEN)
    merchant = r.chance(0.55)
    birth = clock.first - timedelta(days=r.num(365 * 18, 365 * 60))
    id_number = make_resident_id(region, birth, r.num(0, 999))
    phone = r.pick(MOBILE_PREFIXES) + f"{r.num(0, 99999999):08d}"
    card = ""
    if r.chance(0.4):
        card = make_bank_card(r.pick(CARD_PREFIXES), 19 if r.chance(0.7) else 16,
                              r.num(0, 10**9 - 1))
    merchant_name = merchant_no = ""
    kind = "consumer"
    road = r.pick(ROADS)
    if merchant:
        kind = "merchant"
        shop, mcc = r.pick(SHOP_TYPES)
        merchant_name = r.pick(SHOP_WORDS).format(s=surname) + shop
        merchant_no = f"8{region[:3]}{mcc}{r.num(0, 9999999):07d}"
        address = f"{province}{city}{district}{road}{r.num(1, 999)}号"
    else:
        address = (f"{province}{city}{district}{road}{r.num(1, 999)}号{r.pick(ESTATES)}"
                   f"{r.num(1, 30)}栋{r.num(1, 28)}{r.num(1, 4):02d}室")
    row = {"id": person_id, "kind": kind, "name": name, "phone": phone,
           "id_number": id_number, "bank_card": card, "address": address,
           "merchant_name": merchant_name, "merchant_no": merchant_no,
           # derived from the id, not drawn: the random stream stays as it was
           "ethnicity": ETHNICITIES[person_id * 7 % 100 % len(ETHNICITIES)]
           if person_id * 7 % 100 < len(ETHNICITIES) else "汉族"}
    return row, PersonInfo(person_id, name, kind, merchant_name, merchant_no, city_i)
