"""The filings' house style (GB/T 9704-2012 conventions) as data: loading and validating.

The style lives in ``styles/filings.toml`` (shipped in the wheel as ``workbench/styles``);
an admin may override any key with a TOML file of the same shape. :func:`load_style`
merges and validates both; ``filings.apply`` writes the result into a document.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import tomllib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.bounded_read import SETTINGS_LIMIT, InputFileError, read_bounded_text

STYLE_FILE = "filings.toml"

# Names of the styles :func:`apply_house_style` defines besides Normal/Title/Heading 1/2.
BODY_STYLE = "Filing Body"
TABLE_STYLE = "Filing Table Text"
TABLE_HEADER_STYLE = "Filing Table Header"

_COLOR = re.compile(r"[0-9A-Fa-f]{6}")
_MM_PER_PT = 25.4 / 72


# --- the style as data ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PageStyle:
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    header_distance_mm: float
    footer_distance_mm: float


@dataclass(frozen=True, slots=True)
class GridStyle:
    lines_per_page: int
    chars_per_line: int
    line_pitch_pt: float


@dataclass(frozen=True, slots=True)
class SizeStyle:
    title_pt: float
    body_pt: float
    heading1_pt: float
    heading2_pt: float
    footer_pt: float
    table_pt: float
    table_line_pt: float
    title_line_pt: float
    masthead_pt: float
    colophon_pt: float


@dataclass(frozen=True, slots=True)
class FontStyle:
    title: str
    body: str
    heading1: str
    heading2: str
    footer: str
    masthead: str
    table: str
    table_header: str
    colophon: str
    latin: str
    fallbacks: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class ColorStyle:
    masthead: str
    text: str


@dataclass(frozen=True, slots=True)
class FooterStyle:
    before: str
    after: str
    indent_chars: float  # odd pages: from the right; even pages: from the left


@dataclass(frozen=True, slots=True)
class LetterStyle:
    """The first page of the letter format (信函格式, GB/T 9704-2012 §10.1)."""

    masthead_top_mm: float
    rule_gap_mm: float
    bottom_rule_mm: float
    rule_length_mm: float
    doc_no_gap_pt: float
    title_gap_lines: int


@dataclass(frozen=True, slots=True)
class ColophonStyle:
    """版记 rules (§7.4.1): the first and last thick, those between thin."""

    thick_rule_mm: float
    thin_rule_mm: float


# FilingKind values numbered in the agreements' series (letterhead.agreement_number_template)
AGREEMENT_SERIES = frozenset({"mediation_agreement"})


@dataclass(frozen=True, slots=True)
class LetterheadDefaults:
    name: str
    address: str
    postcode: str
    phone: str
    signatory: str
    issuer: str
    doc_number_template: str
    agreement_number_template: str
    placeholders: tuple[str, ...]

    def number_template(self, kind: str = "") -> str:
        """The series a kind of paper is numbered in: the 调解协议书 in the agreements' own
        (某消协调〔2026〕3号), every other numbered paper in the 函 series."""
        return self.agreement_number_template if kind in AGREEMENT_SERIES \
            else self.doc_number_template

    def doc_number(self, year: int, n: int, kind: str = "") -> str:
        """The document number for the n-th paper of a year in `kind`'s series, e.g.
        某消协函〔2026〕12号."""
        return self.number_template(kind).format(year=year, n=n)


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """The validated house style; see ``styles/filings.toml`` for what each key means."""

    page: PageStyle
    grid: GridStyle
    sizes: SizeStyle
    fonts: FontStyle
    colors: ColorStyle
    footer: FooterStyle
    letter: LetterStyle
    colophon: ColophonStyle
    letterhead: LetterheadDefaults

    @property
    def text_width_pt(self) -> float:
        p = self.page
        return (p.width_mm - p.margin_left_mm - p.margin_right_mm) / _MM_PER_PT

    @property
    def text_height_pt(self) -> float:
        p = self.page
        return (p.height_mm - p.margin_top_mm - p.margin_bottom_mm) / _MM_PER_PT

    @property
    def char_pitch_pt(self) -> float:
        """Width of one character cell: the text width shared by `chars_per_line`."""
        return self.text_width_pt / self.grid.chars_per_line

    @property
    def line_pitch_twips(self) -> int:
        return round(self.grid.line_pitch_pt * 20)

    @property
    def char_spacing_twips(self) -> int:
        """Character spacing (w:spacing, 1/20 pt) that fits `chars_per_line` body characters
        and a closing mark compressed to half its width (标点挤压) in the text width:
        (156 mm − 8 pt) / 28 = 15.51 pt → -0.5 pt (rounded down). Without the half, a 。
        falling 29th is hung past the margin, and LibreOffice drops it from the page."""
        pitch = (self.text_width_pt - self.sizes.body_pt / 2) / self.grid.chars_per_line
        return math.floor((pitch - self.sizes.body_pt) * 20)

    def latin_for(self, east_asian: str) -> str:
        return self.fonts.latin or east_asian


# --- placeholders in the letterhead ---------------------------------------------------

# A value is a sample, not the association's own, when it is empty, holds a fill-in gap
# (＿), a 某某 stand-in or only zeros (0000-00000000), or is one of the shipped samples
# listed in ``[letterhead] placeholders``.
_GAP = re.compile(r"[＿_]|某某")
_ZEROS = re.compile(r"[0０\-－—\s()（）]+")

# (key, label) of the letterhead values a filing prints as the association's own.
_REQUIRED_LETTERHEAD = (("name", "协会名称"), ("address", "地址"), ("signatory", "联系人"),
                        ("phone", "联系电话"), ("doc_number_template", "发文字号模板"))


def is_placeholder(value: str, known: typing.Collection[str] = ()) -> bool:
    """Whether a letterhead value is a stand-in to fill in rather than a real one."""
    text = value.strip()
    return (not text or bool(_GAP.search(text)) or bool(_ZEROS.fullmatch(text))
            or text in {k.strip() for k in known})


def series_problems(letterhead: LetterheadDefaults, kind: str) -> list[str]:
    """What is still a sample in the number series of `kind` beyond the 函 series (the
    agreements' template, for a 调解协议书), one Chinese message each."""
    if kind not in AGREEMENT_SERIES:
        return []
    value = letterhead.agreement_number_template
    if not is_placeholder(value, letterhead.placeholders):
        return []
    return [f"文书样式中调解协议书编号模板仍是示例值“{value.strip()}”"
            "（[letterhead] agreement_number_template），请填写本会调解协议书的编号"]


def placeholder_problems(letterhead: LetterheadDefaults) -> list[str]:
    """What in the letterhead is still a sample or unset, one Chinese message each
    (empty: ready). A filing must not print these as if they were real: callers hold
    the export back until the admin's style file fills them in."""
    problems = []
    for key, label in _REQUIRED_LETTERHEAD:
        value = getattr(letterhead, key)
        if not value.strip():
            problems.append(f"文书样式中{label}未填写（[letterhead] {key}）")
        elif is_placeholder(value, letterhead.placeholders):
            problems.append(f"文书样式中{label}仍是示例值“{value.strip()}”"
                            f"（[letterhead] {key}），请填写本会的真实信息")
    issuer = letterhead.issuer
    if issuer.strip() and is_placeholder(issuer, letterhead.placeholders):
        problems.append(f"文书样式中印发机关仍是示例值“{issuer.strip()}”"
                        "（[letterhead] issuer），请填写本会的真实信息")
    return problems


# --- loading and validating -----------------------------------------------------------

DEMO_STYLE_FILE = "demo-letterhead.toml"


def demo_style_path() -> Path:
    """The demo databases' letterhead (a complete, fictional association)."""
    from workbench.config import styles_dir

    return styles_dir() / DEMO_STYLE_FILE


def default_style_path() -> Path:
    """The shipped house style file (``styles/filings.toml``)."""
    from workbench.config import styles_dir  # lazily: only when no style is passed in

    return styles_dir() / STYLE_FILE


def load_style(override: Path | None = None, base: Path | None = None) -> HouseStyle:
    """Read the shipped house style, merge an admin's override file over it, validate.

    Raises ValueError naming the file and the key when a file is unreadable or malformed,
    a key is unknown, or a value has the wrong type or an impossible value.
    """
    base = base or default_style_path()
    return _load_cached(_file_key(base), _file_key(override) if override else None)


def _file_key(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise ValueError(f"filings style {path}: cannot read it ({exc.strerror})") from exc
    return (str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load_cached(base: tuple[str, int, int],
                 override: tuple[str, int, int] | None) -> HouseStyle:
    data = _read_toml(Path(base[0]))
    extra: dict[str, Any] = {}
    if override is not None:
        extra = _read_toml(Path(override[0]))
        data = _merge(data, extra)

    def where(key: str) -> str:
        if override is not None and _has_key(extra, key):
            return override[0]
        return base[0]

    style = _build(HouseStyle, data, "", where)
    _check(style, where)
    return style


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_bounded_text(path, SETTINGS_LIMIT, "文书样式文件"))
    except InputFileError as exc:
        raise ValueError(exc.message) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"filings style {path}: malformed TOML: {exc}") from exc


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _has_key(data: dict[str, Any], dotted: str) -> bool:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _build(cls: type[Any], data: Any, prefix: str, where: typing.Callable[[str], str]) -> Any:
    """Instantiate a style dataclass from TOML data, checking keys and types strictly."""
    if not isinstance(data, dict):
        raise ValueError(f"filings style {where(prefix)}: [{prefix}] must be a table")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for key in data:
        if key not in names:
            dotted = f"{prefix}.{key}" if prefix else key
            raise ValueError(f"filings style {where(dotted)}: unknown key '{dotted}'")
    values: dict[str, Any] = {}
    for name in names:
        dotted = f"{prefix}.{name}" if prefix else name
        if name not in data:
            raise ValueError(f"filings style {where(prefix)}: missing key '{dotted}'")
        values[name] = _value(hints[name], data[name], dotted, where)
    return cls(**values)


def _value(hint: Any, value: Any, dotted: str, where: typing.Callable[[str], str]) -> Any:
    def bad(expected: str) -> ValueError:
        return ValueError(f"filings style {where(dotted)}: '{dotted}' must be {expected}, "
                          f"got {value!r}")

    if dataclasses.is_dataclass(hint):
        return _build(typing.cast(type, hint), value, dotted, where)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad("a number")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("a whole number")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise bad("a string")
        return value
    if hint == tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("a list of strings")
        return tuple(value)
    # dict[str, tuple[str, ...]]: the font fallbacks
    if not isinstance(value, dict):
        raise bad("a table of font name = [fallback, …]")
    fallbacks: dict[str, tuple[str, ...]] = {}
    for font, alternatives in value.items():
        if not isinstance(alternatives, list) or not all(
                isinstance(a, str) and a for a in alternatives):
            raise ValueError(f"filings style {where(dotted)}: '{dotted}.{font}' must be a "
                             f"list of font names, got {alternatives!r}")
        fallbacks[font] = tuple(alternatives)
    return fallbacks


def _check(style: HouseStyle, where: typing.Callable[[str], str]) -> None:
    """Values that parse but cannot make a page."""
    def fail(key: str, message: str) -> None:
        raise ValueError(f"filings style {where(key)}: '{key}' {message}")

    for section in ("page", "sizes", "letter", "colophon"):
        for field in dataclasses.fields(getattr(style, section)):
            if getattr(getattr(style, section), field.name) < 0:
                fail(f"{section}.{field.name}", "must not be negative")
    p = style.page
    if p.width_mm <= 0 or p.height_mm <= 0:
        fail("page.width_mm", "and page.height_mm must be positive")
    if p.margin_left_mm + p.margin_right_mm >= p.width_mm - 20:
        fail("page.margin_left_mm", "plus page.margin_right_mm leave no room for text")
    if p.margin_top_mm + p.margin_bottom_mm >= p.height_mm - 20:
        fail("page.margin_top_mm", "plus page.margin_bottom_mm leave no room for text")
    for key in ("body_pt", "title_pt", "heading1_pt", "heading2_pt", "footer_pt", "table_pt"):
        if getattr(style.sizes, key) < 5:
            fail(f"sizes.{key}", "must be at least 5 pt")
    g = style.grid
    if not 1 <= g.lines_per_page <= 100:
        fail("grid.lines_per_page", "must be between 1 and 100")
    if not 1 <= g.chars_per_line <= 100:
        fail("grid.chars_per_line", "must be between 1 and 100")
    if g.line_pitch_pt < style.sizes.body_pt:
        fail("grid.line_pitch_pt", "must be at least the body size (sizes.body_pt)")
    if g.line_pitch_pt * g.lines_per_page > style.text_height_pt + 0.5:
        fail("grid.line_pitch_pt",
             f"× grid.lines_per_page exceeds the text height ({style.text_height_pt:.1f} pt)")
    if not 0 <= style.footer.indent_chars <= 10:
        fail("footer.indent_chars", "must be between 0 and 10")
    if style.letter.rule_length_mm > style.page.width_mm:
        fail("letter.rule_length_mm", "must not exceed the page width (page.width_mm)")
    for field in dataclasses.fields(FontStyle):
        value = getattr(style.fonts, field.name)
        if field.name not in ("latin", "fallbacks") and not value.strip():
            fail(f"fonts.{field.name}", "must name a font")
    for field in dataclasses.fields(ColorStyle):
        if not _COLOR.fullmatch(getattr(style.colors, field.name)):
            fail(f"colors.{field.name}", "must be six hex digits like FF0000")
    for key in ("doc_number_template", "agreement_number_template"):
        try:
            getattr(style.letterhead, key).format(year=2026, n=1)
        except (KeyError, IndexError, ValueError) as exc:
            fail(f"letterhead.{key}", f"may use only {{year}} and {{n}} ({exc!s}); "
                 "write literal braces as {{ }}")
    if style.letterhead.agreement_number_template == style.letterhead.doc_number_template:
        fail("letterhead.agreement_number_template",
             "must differ from letterhead.doc_number_template (a series of its own)")
