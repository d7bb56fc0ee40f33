"""Import profiles as data: which column holds which intake field (with the other
spellings a header may use), value maps, date formats, the sender's reference.

Shipped profiles live beside this module (`profiles/*.toml`); an association adds its
own in the config directory's `import-profiles/` folder (a user profile of the same
name replaces the shipped one). A profile that does not parse, or names an unknown
field or key, is refused with its file and the key."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from workbench.bounded_read import SETTINGS_LIMIT, InputFileError, read_bounded_text
from workbench.i18n import _
from workbench.locations import config_path

# What a column may fill: the intake form's fields, the demand split in two, and the
# import's own (the sender's reference and registration date).
TEXT_FIELDS = (
    "title", "kind", "name", "phone", "id_number", "bank_card", "address",
    "merchant_name", "merchant_no", "provider", "provider_uscc",
    "provider_address", "terminal_sn", "narrative", "demand_text", "priority", "scope",
    "scope_reason", "external_ref")
LIST_FIELDS = ("categories",)
DATE_FIELDS = ("harm_known_on", "registered_on")
AMOUNT_FIELDS = ("demand_amount",)
FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, *DATE_FIELDS, *AMOUNT_FIELDS)

DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
HEADER_SEARCH = 30  # a header row is looked for in the first rows only
_HEADER_NOISE = re.compile(r"[\s*＊:：]|[（(](?:必填|选填)[)）]")

TOP_KEYS = {"name", "label", "description", "source", "title", "kind", "default_demand",
            "date_formats", "list_separators", "columns", "values"}
COLUMN_KEYS = {"field", "headers", "required", "help", "example"}


@dataclass(frozen=True)
class Column:
    field: str
    headers: tuple[str, ...]  # the first is the one the template writes
    required: bool = False
    help: str = ""
    example: str = ""


@dataclass(frozen=True)
class Profile:
    """How one kind of file maps onto intake (see README › Import › Profiles)."""

    name: str
    label: str
    source: str  # external references are unique per source
    columns: tuple[Column, ...]
    title: str = "{provider}：{categories}"
    kind: str = "consumer"
    default_demand: str = ""
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    list_separators: str = "、，,;；/"
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    description: str = ""
    origin: str = ""  # the file it was read from
    shipped: bool = True

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    def header_of(self, name: str) -> str:
        """The header a field's column is known by (its field name when unmapped)."""
        column = self.column(name)
        return column.headers[0] if column else name


def normalise_header(text: Any) -> str:
    """A header cell as compared: no spaces, stars, colons or (必填)."""
    return _HEADER_NOISE.sub("", str(text or "")).strip()


class ProfileError(InputFileError):
    """A profile file that cannot be used: which file, which key, what is wrong."""


def _refuse(origin: str, key: str, problem: str) -> ProfileError:
    return ProfileError(_("导入配置 {origin} 的 {key}：{problem}").format(
        origin=origin, key=key, problem=problem), _("请修改该导入配置文件（见 README › Import）。"))


def _strings(value: Any, origin: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v.strip() for v in value):
        raise _refuse(origin, key, _("应为非空文字或文字列表"))
    return tuple(v.strip() for v in value)


def _text(data: Mapping[str, Any], key: str, default: str, origin: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise _refuse(origin, key, _("应为文字"))
    return value


def parse_profile(text: str, origin: str, name: str, *, shipped: bool) -> Profile:
    """A profile from TOML text; ProfileError naming `origin` and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _refuse(origin, _("格式"), str(exc)) from None
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise _refuse(origin, unknown[0], _("未知的键"))
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns \
            or not all(isinstance(c, dict) for c in raw_columns):
        raise _refuse(origin, "columns", _("应为 [[columns]] 表的列表"))
    columns: list[Column] = []
    for i, raw in enumerate(raw_columns, start=1):
        key = f"columns[{i}]"
        bad = sorted(set(raw) - COLUMN_KEYS)
        if bad:
            raise _refuse(origin, f"{key}.{bad[0]}", _("未知的键"))
        name_of = raw.get("field")
        if name_of not in FIELDS:
            problem = _("未知的字段 {field!r}（可用：{fields}）")
            raise _refuse(origin, f"{key}.field", problem.format(field=name_of,
                                                                 fields="、".join(FIELDS)))
        if any(c.field == name_of for c in columns):
            raise _refuse(origin, f"{key}.field", _("字段 {field} 出现了两次").format(
                field=name_of))
        required = raw.get("required", False)
        if not isinstance(required, bool):
            raise _refuse(origin, f"{key}.required", _("应为 true 或 false"))
        columns.append(Column(
            str(name_of), _strings(raw.get("headers"), origin, f"{key}.headers"), required,
            _text(raw, "help", "", origin), _text(raw, "example", "", origin)))
    values = data.get("values", {})
    if not isinstance(values, dict):
        raise _refuse(origin, "values", _("应为表"))
    for target, table in values.items():
        if target not in FIELDS:
            raise _refuse(origin, f"values.{target}", _("未知的字段"))
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise _refuse(origin, f"values.{target}", _("应为「原文 = 取值」的表"))
    formats = data.get("date_formats", list(DEFAULT_DATE_FORMATS))
    date_formats = _strings(formats, origin, "date_formats")
    for fmt in date_formats:
        if "%" not in fmt:
            raise _refuse(origin, "date_formats", _("{fmt!r} 不是日期格式（例如 %Y-%m-%d）").format(
                fmt=fmt))
    kind = _text(data, "kind", "consumer", origin)
    if kind not in ("consumer", "merchant"):
        raise _refuse(origin, "kind", _("应为 consumer 或 merchant"))
    title = _text(data, "title", "{provider}：{categories}", origin)
    try:
        title.format_map({f: "" for f in FIELDS})
    except (KeyError, ValueError, IndexError) as exc:
        raise _refuse(origin, "title", _("标题模板只能引用字段名，例如 {{provider}}：{exc}").format(
            exc=exc)) from None
    return Profile(
        name=_text(data, "name", name, origin) or name,
        label=_text(data, "label", name, origin),
        source=_text(data, "source", name, origin) or name,
        columns=tuple(columns), title=title, kind=kind,
        default_demand=_text(data, "default_demand", "", origin),
        date_formats=date_formats,
        list_separators=_text(data, "list_separators", "、，,;；/", origin),
        values={k: dict(v) for k, v in values.items()},
        description=_text(data, "description", "", origin), origin=origin, shipped=shipped)


def user_profiles_dir() -> Path:
    """Where an association keeps its own profiles: beside the config file."""
    return config_path().parent / "import-profiles"


def _shipped() -> dict[str, Profile]:
    found = {}
    for item in sorted(resources.files("workbench.imports").joinpath("profiles").iterdir(),
                       key=lambda p: p.name):
        if item.name.endswith(".toml"):
            name = item.name.removesuffix(".toml")
            found[name] = parse_profile(item.read_text(encoding="utf-8"),
                                        f"workbench/imports/profiles/{item.name}", name,
                                        shipped=True)
    return found


def _user(directory: Path) -> dict[str, Profile]:
    found: dict[str, Profile] = {}
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("*.toml")):
        text = read_bounded_text(path, SETTINGS_LIMIT, _("导入配置"))
        found[path.stem] = parse_profile(text, str(path), path.stem, shipped=False)
    return found


def all_profiles(directory: Path | None = None) -> list[Profile]:
    """Shipped profiles, then the user's (a user profile replaces a shipped one of the same
    name)."""
    merged = {**_shipped(), **_user(directory or user_profiles_dir())}
    return list(merged.values())


def load_profile(name: str, directory: Path | None = None) -> Profile:
    """The profile `name`, or the one in the TOML file `name` points at."""
    if name.endswith(".toml"):
        path = Path(name)
        return parse_profile(read_bounded_text(path, SETTINGS_LIMIT, _("导入配置")), str(path),
                             path.stem, shipped=False)
    for profile in all_profiles(directory):
        if profile.name == name:
            return profile
    known = "、".join(p.name for p in all_profiles(directory))
    raise InputFileError(_("没有名为 {name} 的导入配置（可用：{known}）。").format(
        name=name, known=known), _("用 `workbench import profiles` 查看可用的配置。"))


@dataclass(frozen=True)
class Header:
    """Where the header is in a sheet and which column holds which field."""

    row_index: int  # index into the sheet's rows of the last header row
    columns: Mapping[str, int]  # field → column index
    missing: tuple[str, ...] = ()  # required fields with no column


def _matches(profile: Profile, cells: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    names = {normalise_header(h): c.field for c in profile.columns for h in c.headers}
    for at, cell in enumerate(cells):
        key = normalise_header(cell)
        target = names.get(key)
        if target and target not in found:
            found[target] = at
    return found


def locate_header(profile: Profile, rows: Sequence[Sequence[Any]]) -> Header | None:
    """The first row whose cells name the profile's required columns (rows above it, such
    as a merged title, are skipped). A two-row header (a merged group cell above its
    sub-columns) is read as one: the row below fills the cells the first left empty."""
    required = {c.field for c in profile.columns if c.required}
    best: Header | None = None
    for i, cells in enumerate(rows[:HEADER_SEARCH]):
        found = _matches(profile, cells)
        last = i
        if i + 1 < len(rows):
            below = _matches(profile, rows[i + 1])
            extra = {f: at for f, at in below.items() if f not in found}
            if extra and len(extra) >= len(below) // 2:
                found, last = {**found, **extra}, i + 1
        if len(found) < 2:
            continue
        missing = tuple(sorted(required - set(found)))
        if not missing:
            return Header(last, found)
        if best is None or len(found) > len(best.columns):
            best = Header(last, found, missing)
    return best
