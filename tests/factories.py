"""Small helpers that build real rows through the services (no mocks)."""

from __future__ import annotations

from pathlib import Path

from workbench.domain.categories import Category
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.store.models import Provider


def provider(wb: Workbench, name: str = "示例支付有限公司") -> int:
    with wb.store.write() as session:
        row = Provider(name=name, short_name=name[:4], kind="payment_institution",
                       address="北京市朝阳区建国路1号", legal_representative="王五")
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def new_case(wb: Workbench, title: str = "POS机费率被擅自上调", *, provider_id: int | None = None,
             narrative: str = "商户反映其POS机费率从0.38%被上调至0.63%,客服推诿。",
             name: str = "张三", phone: str = "13812345678",
             id_number: str = "11010519491231002X") -> cases.Case:
    pid = provider_id or provider(wb)
    draft = cases.CaseDraft(
        title=title,
        complainant=cases.ComplainantDraft(name=name, phone=phone, id_number=id_number),
        provider_id=pid,
        categories=[Category.FEE_INCREASE],
        narrative=narrative,
        demands=[cases.Demand("退还多收手续费", 12345)],
    )
    return cases.create_case(wb, draft)


def evidence(wb: Workbench, case_id: int, folder: Path, *, title: str = "POS机服务协议",
             proves: str = "双方约定费率为0.38%", text: str = "服务协议：费率0.38%") -> int:
    """A text file recorded as evidence of the case (its blob store under `folder`)."""
    from workbench.services.evidence import add_evidence
    from workbench.store.blobs import BlobStore

    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{title}.txt"
    source.write_text(text, encoding="utf-8")
    row = add_evidence(wb, BlobStore(folder / "blobs"), case_id,
                       cases.get_case(wb, case_id).version, source, kind="contract",
                       title=title, proves=proves)
    assert row.id is not None
    return row.id
