"""The demo generator (`workbench demo`), built on the same event builders as the services.

It may import domain, store and services; nothing in those layers imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.demo.files import DemoEvidenceSummary, store_demo_evidence
from workbench.demo.generator import DemoSummary, generate_demo
from workbench.demo.names import CASEWORKERS
from workbench.services.context import Workbench
from workbench.services.identity import os_login

__all__ = ["CASEWORKERS", "DemoEvidenceSummary", "DemoSummary", "fill_demo", "generate_demo",
           "store_demo_evidence"]


def fill_demo(wb: Workbench, *, cases: int | None, seed: int = 1,
              progress: Callable[[int, int], None] | None = None,
              files: bool = True) -> int | None:
    """Generate `cases` fictional cases (None: none, the database is already filled), then
    give the demo's evidence rows real files so `evidence verify` passes (`files=False`:
    rows only, for the million-case latency benchmarks, whose queue never reads a file).

    Returns how many cases were generated. The one place the demo generator is called.
    """
    generated = None
    if cases is not None:
        generated = generate_demo(wb.store, cases=cases, seed=seed, clock=wb.clock,
                                  progress=progress, admin=os_login()).cases
    if files and wb.blobs is not None and wb.store.demo:
        store_demo_evidence(wb, wb.blobs)
    return generated
