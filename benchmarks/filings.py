"""Filing generation speed (issue: filings core).

    .venv/bin/python benchmarks/filings.py [--runs 50] [--batch 1000]

Prints the median time to build and write one filing (target ≤ 150 ms) and the time
to build and write a batch of filings of every kind round-robin (target: 1,000 in
≤ 60 s), from synthetic FilingData with a few KB of narrative, 3 demands, 4 contacts
and 8 evidence items. Nothing here asserts: compare with the issue's numbers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.filings import (  # noqa: E402  (after the path set-up)
    Complainant,
    ContactEntry,
    Demand,
    EvidenceItem,
    FilingData,
    FilingKind,
    Provider,
    build,
    write,
)
from workbench.filings.documents import DOCX_KINDS  # noqa: E402

SENTENCES = ("投诉人于办理POS机时被告知费率为0.38%，此后费率被擅自上调。",
             "服务商客服多次推诿，未给出书面答复。",
             "交易明细显示每笔交易被多扣手续费，并被扣除流量卡年费。",
             "业务员承诺的激活返现至今未到账。")


def synthetic(n: int, rng: random.Random) -> FilingData:
    day = date(2026, 1, 1) + timedelta(days=n % 300)
    narrative = "\n".join(rng.choice(SENTENCES) * 3 for _ in range(30))
    return FilingData(
        doc_no=f"某消协函〔2026〕{n + 1}号",
        issued_on=day,
        complainant=Complainant(f"张{n}", "merchant", "110***********1234", "138****5678",
                                "某某市某某区幸福路8号", f"便利店{n}", f"89811{n:010d}"),
        provider=Provider("某某支付有限公司", "91110000MA01ABCDE1", "北京市朝阳区某某大厦",
                          "某某银行股份有限公司"),
        case_ref=f"TS-2026-{n:06d}",
        case_title="POS机费率被擅自上调并收取流量卡年费",
        narrative=narrative,
        categories=("费率上调/乱收费", "流量卡/SIM年费"),
        demands=[Demand("退还多收取的手续费", rng.randrange(1, 10_000_000)),
                 Demand("退还流量卡年费", 9900), Demand("恢复原约定费率")],
        contacts=[ContactEntry(day - timedelta(days=30 - 7 * i), "客服热线", "某某支付客服",
                               f"GD{n:08d}{i}", "对方称正在核实。") for i in range(4)],
        evidence=[EvidenceItem(f"证据{i}", "投诉人提供", "费率被上调", i + 1, i % 2 == 0)
                  for i in range(8)],
        legal_basis="《中华人民共和国消费者权益保护法》第二十六条",
        reply_by=day + timedelta(days=15),
        stage="provider",
        court_name="某某市某某区人民法院",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="single filings to time")
    parser.add_argument("--batch", type=int, default=1000, help="filings in the batch")
    args = parser.parse_args()
    rng = random.Random(7)
    kinds = list(DOCX_KINDS)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        write(build(FilingKind.COMPLAINT_LETTER_PROVIDER, synthetic(0, rng)), out, "warm-up")
        first = time.perf_counter() - started  # includes importing python-docx and cn2an

        single: list[float] = []
        for n in range(args.runs):
            data = synthetic(n, rng)
            t0 = time.perf_counter()
            write(build(FilingKind.COMPLAINT_LETTER_PROVIDER, data), out, f"single {n}")
            single.append(time.perf_counter() - t0)

        per_kind: dict[FilingKind, list[float]] = {k: [] for k in kinds}
        t0 = time.perf_counter()
        for n in range(args.batch):
            kind = kinds[n % len(kinds)]
            data = synthetic(n, rng)
            t1 = time.perf_counter()
            write(build(kind, data), out, f"{data.case_ref} {kind.value}")
            per_kind[kind].append(time.perf_counter() - t1)
        batch = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in out.glob("*.docx")) / (args.runs + args.batch + 1)

    median = statistics.median(single) * 1000
    print(f"first filing (imports included): {first * 1000:7.1f} ms")
    print(f"one filing, median of {args.runs}:    {median:7.1f} ms  "
          f"(p95 {sorted(single)[int(len(single) * 0.95) - 1] * 1000:.1f} ms; target ≤ 150 ms)")
    print(f"{args.batch} filings, all kinds:      {batch:7.1f} s   (target ≤ 60 s)")
    print(f"mean file size:                  {size / 1024:7.1f} KiB")
    for kind, times in per_kind.items():
        if times:
            print(f"  {kind.value:<28} median {statistics.median(times) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
