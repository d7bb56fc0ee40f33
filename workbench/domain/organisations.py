"""What an organisation's name says about it: a 分公司 is a branch of the company whose
name it carries (…有限公司第三分公司 → …有限公司), and a court joins that company as
co-defendant (DESIGN §9)."""

from __future__ import annotations

BRANCH_SUFFIX = "分公司"  # how a branch's name ends
COMPANY = "公司"  # how its head company's name ends


def head_company(name: str) -> str:
    """The head company a branch is named after; "" when ``name`` is no 分公司's, or
    names no company before its branch part."""
    name = name.strip()
    if not name.endswith(BRANCH_SUFFIX):
        return ""
    stem = name[: -len(BRANCH_SUFFIX)]
    at = stem.rfind(COMPANY)
    return stem[: at + len(COMPANY)] if at > 0 else ""


__all__ = ["head_company"]
