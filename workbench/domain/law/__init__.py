"""The law as data (DESIGN §10): one register of citations, read by every rule and filing.

Every legal statement the workbench makes — a deadline, a refusal ground, a category's
basis, a citation printed in a filing — names an entry of the register by its id; the
statute's name, article, wording, dates and source live in the register alone.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from workbench.bounded_read import RULES_LIMIT, InputFileError, read_bounded_text

_PACKAGED = "register.toml"
_REQUIRED = ("id", "statute", "article", "text", "source", "verified")
_OPTIONAL = ("short", "effective_from", "effective_to", "note", "caution")
_KEYS = frozenset((*_REQUIRED, *_OPTIONAL))


class RegisterError(ValueError):
    """The register (or an admin override of it) is unreadable or malformed."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One article (or paragraph, or item) of one version of a statute."""

    id: str
    statute: str  # official full name in 《》, with its number
    article: str  # 第X条[第X款][第（X）项]
    text: str
    source: str
    verified: bool
    short: str = ""
    effective_from: date | None = None
    effective_to: date | None = None  # exclusive: the successor's first day
    note: str = ""
    # why an unverified wording cannot be relied on and what to do, in Chinese: the
    # pre-flight warning of a paper that quotes it says so
    caution: str = ""

    @property
    def citation(self) -> str:
        """The formal citation: 《中华人民共和国消费者权益保护法》第四十六条."""
        return f"{self.statute}{self.article}"

    @property
    def short_citation(self) -> str:
        """The citation with the short name, for screens: 消费者权益保护法第四十六条."""
        return f"{self.short or self.statute}{self.article}"

    def in_force(self, on: date) -> bool:
        """Whether this version applies on ``on`` (an unknown start counts as in force)."""
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on < self.effective_to

    @property
    def period(self) -> str:
        start = self.effective_from.isoformat() if self.effective_from else "?"
        end = self.effective_to.isoformat() if self.effective_to else ""
        return f"{start} 起" + (f"，{end} 失效" if end else "")


@dataclass(frozen=True, eq=False)  # compared and cached by identity: one per loaded file
class LawRegister:
    """Every entry, by id; an id may have several versions with separate periods."""

    versions: Mapping[str, tuple[Entry, ...]]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.versions

    def __iter__(self) -> Iterator[Entry]:
        for versions in self.versions.values():
            yield from versions

    def get(self, entry_id: str, on: date | None = None) -> Entry:
        """The entry ``entry_id`` in force on ``on`` (else its latest version).

        An unknown id is a programming or configuration error: it raises KeyError with the
        id, so a rule file citing a missing entry fails at load, never at print time.
        """
        versions = self.versions.get(entry_id)
        if not versions:
            raise KeyError(f"法规库中没有条目 {entry_id!r}")
        if on is not None:
            for entry in versions:
                if entry.in_force(on):
                    return entry
        return versions[-1]

    def cite(self, entry_ids: Iterable[str], on: date | None = None) -> list[Entry]:
        """The entries for several ids, in order, each as in force on ``on``."""
        return [self.get(entry_id, on) for entry_id in entry_ids]

    def check_ids(self, entry_ids: Iterable[str], where: str) -> None:
        """Raise RegisterError naming ``where`` for every id the register does not hold."""
        unknown = sorted({i for i in entry_ids if i not in self.versions})
        if unknown:
            raise RegisterError(f"{where}: 法规库中没有这些条目: {', '.join(unknown)}")

    def in_force_on(self, on: date) -> list[Entry]:
        return [entry for entry in self if entry.in_force(on)]


# -- loading -----------------------------------------------------------------------------

def _date(source: str, entry_id: str, key: str, value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RegisterError(f"{source}: 条目 {entry_id} 的 {key} = {value!r} 不是日期 (YYYY-MM-DD)")


def _entry(source: str, raw: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise RegisterError(f"{source}: 每个 [[entry]] 都需要 id")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise RegisterError(f"{source}: 条目 {entry_id} 有未知的键: {', '.join(unknown)}"
                            f"（可用: {', '.join(sorted(_KEYS))}）")
    if not partial:
        missing = [k for k in _REQUIRED if k not in raw]
        if missing:
            raise RegisterError(f"{source}: 条目 {entry_id} 缺少: {', '.join(missing)}")
    fields: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("effective_from", "effective_to"):
            fields[key] = _date(source, entry_id, key, value)
        elif key == "verified":
            if not isinstance(value, bool):
                raise RegisterError(f"{source}: 条目 {entry_id} 的 verified 应为 true 或 false")
            fields[key] = value
        else:
            if not isinstance(value, str):
                raise RegisterError(f"{source}: 条目 {entry_id} 的 {key} 应为文本")
            fields[key] = value.strip()
            if key in ("statute", "article", "text", "source") and not fields[key]:
                raise RegisterError(f"{source}: 条目 {entry_id} 的 {key} 不能为空")
    return fields


def _read(path: Path | None) -> tuple[str, list[Mapping[str, Any]]]:
    if path is None:
        text = resources.files(__package__).joinpath(_PACKAGED).read_text("utf-8")
        source = _PACKAGED
    else:
        source = str(path)
        try:
            text = read_bounded_text(path, RULES_LIMIT, "法规库文件")
        except InputFileError as exc:
            raise RegisterError(f"无法读取法规库文件：{exc.message}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(f"{source}: 不是有效的 TOML ({exc})") from exc
    extra = sorted(set(data) - {"entry"})
    if extra:
        raise RegisterError(f"{source}: 未知的表: {', '.join(extra)}（只能有 [[entry]]）")
    entries = data.get("entry", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RegisterError(f"{source}: entry 应为 [[entry]] 表的列表")
    return source, entries


def _build(source: str, by_key: dict[tuple[str, date | None], dict[str, Any]]) -> LawRegister:
    grouped: dict[str, list[Entry]] = {}
    for fields in by_key.values():
        entry = Entry(**fields)
        if entry.effective_from and entry.effective_to \
                and entry.effective_to <= entry.effective_from:
            raise RegisterError(f"{source}: 条目 {entry.id} 的失效日期早于生效日期")
        grouped.setdefault(entry.id, []).append(entry)
    versions: dict[str, tuple[Entry, ...]] = {}
    for entry_id, group in grouped.items():
        group.sort(key=lambda e: e.effective_from or date.min)
        for earlier, later in pairwise(group):
            end = earlier.effective_to
            if end is None or later.effective_from is None or later.effective_from < end:
                raise RegisterError(f"{source}: 条目 {entry_id} 的两个版本有效期重叠")
        versions[entry_id] = tuple(group)
    return LawRegister(versions)


@functools.cache
def _load(override: Path | None, mtime: float) -> LawRegister:
    source, base = _read(None)
    by_key: dict[tuple[str, date | None], dict[str, Any]] = {}
    for raw in base:
        fields = _entry(source, raw, partial=False)
        key = (fields["id"], fields.get("effective_from"))
        if key in by_key:
            raise RegisterError(f"{source}: 条目 {fields['id']} 重复")
        by_key[key] = fields
    if override is not None:
        source, extra = _read(override)
        for raw in extra:
            fields = _entry(source, raw, partial=True)
            key = (fields["id"], fields.get("effective_from"))
            if key not in by_key and "effective_from" not in raw:
                # no date given: the id's only version, if it has just one
                same = [k for k in by_key if k[0] == fields["id"]]
                if len(same) == 1:
                    key = same[0]
            if key in by_key:
                by_key[key] = {**by_key[key], **fields}
            else:
                missing = [k for k in _REQUIRED if k not in fields]
                if missing:
                    raise RegisterError(f"{source}: 新条目 {fields['id']} 缺少: "
                                        f"{', '.join(missing)}")
                by_key[key] = fields
    return _build(source, by_key)


def load_register(override: Path | None = None) -> LawRegister:
    """The shipped register, with an admin's override file applied (validated strictly)."""
    mtime = override.stat().st_mtime if override is not None and override.exists() else 0.0
    return _load(override, mtime)


def latest_versions(register: LawRegister, on: date | None = None) -> list[Entry]:
    """One entry per id: the version in force on ``on``, else the latest."""
    return [register.get(entry_id, on) for entry_id in register.versions]


__all__ = ["Entry", "LawRegister", "RegisterError", "latest_versions", "load_register"]
