"""Issue 11's "done when": for a consumer case and a merchant case at every stage of a
demo database, every kind the stage offers exports without a blocker — through the real
export path, with its pre-flight and voice check."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.conftest import TODAY
from tests.test_law import unverified_quotes
from workbench.demo import fill_demo
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Stage
from workbench.domain.law import load_register
from workbench.filings.style import demo_style_path
from workbench.services import preflight
from workbench.services.context import Workbench
from workbench.services.law import demo_law_path
from workbench.services.register import register
from workbench.services.specimens import export_decisions, export_specimens
from workbench.store.blobs import BlobStore
from workbench.store.engine import open_store


def test_every_kind_of_every_stage_exports_for_a_consumer_and_a_merchant(
        tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}", lambda *_: "specimen-passphrase",
                       demo=True)
    try:
        wb = Workbench(store=store, actor="demo", clock=FrozenClock.on(TODAY),
                       filings_style=demo_style_path(), blobs=BlobStore(tmp_path / "blobs"),
                       law=load_register(demo_law_path()))  # the demo association's 章程
        fill_demo(wb, cases=300, seed=1)
        made = export_specimens(wb, tmp_path / "out") + export_decisions(wb, tmp_path / "out")
        registers = [register(wb, year) for year in (TODAY.year - 1, TODAY.year)]
    finally:
        store.dispose()
    refused = [(s.stage, s.complainant_kind, s.kind, s.problem) for s in made if s.path is None]
    assert refused == []
    covered = {(s.stage, s.complainant_kind) for s in made}
    assert {stage for stage, _ in covered} == {stage.value for stage in Stage} | {
        "material", "refused"}
    # both kinds of complainant wherever the demo has both (its rare rungs hold one kind)
    assert covered >= {(stage.value, who) for stage in Stage
                       if stage not in (Stage.MEDIA, Stage.NATIONAL)
                       for who in ("consumer", "merchant")}
    kinds = {s.kind for s in made}
    assert {"mediation_agreement", "termination_notice", "civil_complaint", "support_opinion",
            "samr_report", "industry_report", "press_brief", "closing_report",
            "evidence_binder", "acceptance_notice", "material_notice", "refusal_notice"} <= kinds
    decided = {(s.stage, s.complainant_kind) for s in made
               if s.kind in ("material_notice", "refusal_notice")}
    assert decided == {(d, who) for d in ("material", "refused")
                       for who in ("consumer", "merchant")}
    quoting = 0
    for s in made:  # every .docx opens and says something
        if s.path is not None and s.path.suffix == ".docx":
            document = docx.Document(str(s.path))
            assert any(p.text.strip() for p in document.paragraphs), s.path
            # every quotation of a rule is a verified entry's wording (review round 4 §6.1)
            text = "\n".join(preflight.document_text(document))
            assert unverified_quotes(text, wb.law) == [], s.path
            quoting += "规定：“" in text
    assert quoting > 10
    read = {(s.ref, s.kind): "\n".join(p.text for p in docx.Document(str(s.path)).paragraphs)
            for s in made if s.path is not None and s.path.suffix == ".docx"}
    # review round 4 §17: a refusal rests on the association's own rule, never on the
    # power to accept (消法§37(五)); its reason follows the case's facts
    refusals = {s.complainant_kind: read[s.ref, s.kind] for s in made
                if s.kind == "refusal_notice" and s.path is not None}
    for who, text in refusals.items():
        assert "第三十七条" not in text and "章程》第九条" in text, (who, text)
        assert "“投诉事项不属于本会受理范围”" not in text, who
    assert "特约商户" not in refusals["consumer"] and "冒充银行客服" in refusals["merchant"]
    # §15 and §13: the termination notice cites the termination rule, never the basis of
    # acceptance, and the closing report states the same ground
    for (ref, kind), text in read.items():
        if kind == "termination_notice":
            assert "请求本会调解的" not in text and "章程》第十条" in text, ref
            report = read.get((ref, "closing_report"), "")
            if "无法与投诉人取得联系" in text and report:
                assert "撤回" not in report and "无法与投诉人取得联系" in report, ref
    # the papers were issued in the order of their dates: each year's 文号 run with them
    # (review N1: 〔2025〕1号 dated 10-24 before 〔2025〕2号 dated 08-06)
    assert sum(len(report.rows) for report in registers) > 10
    for report in registers:
        numbered = sorted((r.number or 0, r.issued_on) for r in report.rows)
        assert [n for n, _ in numbered] == list(range(1, len(numbered) + 1))
        assert [day for _, day in numbered] == sorted(day for _, day in numbered), report.year
