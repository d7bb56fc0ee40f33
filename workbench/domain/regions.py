"""Where an address is: the provincial-level unit and the county-level district named at
its start, for choosing the market bureau, the regulator's branch or the court there."""

from __future__ import annotations

import re

# The 31 provincial-level units of the mainland, by their full names.
PROVINCES: tuple[str, ...] = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区")
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_AUTONOMOUS_SHORT = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                     "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆"}
_COUNTY = re.compile(r"^(?P<city>[^省市区县]{1,10}?(?:市|自治州|地区|盟))?"
                     r"(?P<county>[^省市区县]{1,10}?(?:区|县|自治县|旗|市))")


def province_of(address: str) -> str:
    """The provincial-level unit an address starts with ("" when it names none)."""
    address = address.strip()
    for province in PROVINCES:
        if address.startswith(province):
            return province
    return ""


def short_province(province: str) -> str:
    """广东省 → 广东, 北京市 → 北京, 广西壮族自治区 → 广西 (as regulators name branches)."""
    return _AUTONOMOUS_SHORT.get(province, province.removesuffix("省").removesuffix("市"))


def county_of(address: str) -> str:
    """The city and county-level district after the province: 深圳市南山区 ("" if none)."""
    province = province_of(address)
    rest = address.strip()[len(province):]
    if province in MUNICIPALITIES:
        match = re.match(r"(?P<county>[^省市区县]{1,10}?(?:区|县))", rest)
        return f"{province}{match['county']}" if match else ""
    match = _COUNTY.match(rest)
    if not match or not match["city"]:
        return ""
    return f"{match['city']}{match['county']}"
