"""What an organisation's name says about it: a 分公司 is a branch of the company whose
name it carries (…有限公司第三分公司 → …有限公司), and a court joins that company as
co-defendant (DESIGN §9)."""

from __future__ import annotations

import re

from workbench.domain.regions import PROVINCES, short_province

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


# What follows the 字号 in a registered name (行政区划 + 字号 + 行业 + 组织形式): the company
# form, then the trade; longest first, so 支付科技 goes before 科技.
COMPANY_FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团", "公司")
TRADE_WORDS = ("信息科技服务", "企业管理咨询", "网络支付", "电子支付", "支付科技", "信息科技",
               "网络科技", "电子科技", "科技发展", "信息技术", "网络技术", "商务服务",
               "农村商业银行", "城市商业银行", "商业银行", "银行", "支付", "科技")
_BRANCH = re.compile(r"(?:第[一二三四五六七八九十\d]+分公司|[^公司]{0,8}?(?:区|县|市)?"
                     r"(?:分公司|营业部|支行|分行))$")
_PLACE = re.compile(r"^[^省市]{2,8}?(?:市|州|盟)")


def trade_name(name: str) -> str:
    """The 字号 of a registered name, without its place, branch, trade and company form:
    深圳市某某信息科技服务有限公司第三分公司 → 某某; "" when nothing is left."""
    name = name.strip()
    name = head_company(name) or _BRANCH.sub("", name) or name
    for province in PROVINCES:
        for prefix in (province, short_province(province)):
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                name = name[len(prefix):]
                break
        else:
            continue
        break
    name = _PLACE.sub("", name, count=1) if len(name) > 6 else name
    for form in COMPANY_FORMS:
        if name.endswith(form):
            name = name[: -len(form)]
            break
    for word in TRADE_WORDS:
        if name.endswith(word) and len(name) > len(word):
            name = name[: -len(word)]
            break
    return name


__all__ = ["head_company", "trade_name"]
