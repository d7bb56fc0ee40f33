"""The demo generator (`workbench demo`), built on the same event builders as the services.

It may import domain, store and services; nothing in those layers imports it.
"""

from workbench.demo.files import DemoEvidenceSummary, store_demo_evidence
from workbench.demo.generator import DemoSummary, generate_demo
from workbench.demo.names import CASEWORKERS

__all__ = ["CASEWORKERS", "DemoEvidenceSummary", "DemoSummary", "generate_demo",
           "store_demo_evidence"]
