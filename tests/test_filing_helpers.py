"""Filing helpers: money in words, dates, file writing (atomic, private), safe file
names, the admin's style override."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from tests.test_filings import sample, texts
from workbench.filings import (
    FilingKind,
    amount_in_words,
    build,
    figure_date,
    sha256_of,
    write,
    yuan,
)
from workbench.filings.documents import safe_stem
from workbench.filings.style import load_style


@pytest.mark.parametrize(("fen", "words"), [
    (0, "零元整"),
    (5, "伍分"),
    (10, "壹角整"),
    (100, "壹元整"),
    (1000, "壹拾元整"),
    (1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
    (2000000, "贰万元整"),
    (100001, "壹仟元零壹分"),
    (10000000010, "壹亿元壹角整"),
    (10000000000, "壹亿元整"),
    (10000500, "壹拾万零伍元整"),
])
def test_amount_in_words(fen: int, words: str) -> None:
    assert amount_in_words(fen) == words


def test_amount_in_words_refuses_what_is_not_money() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)
    with pytest.raises(ValueError):
        amount_in_words(10**16)
    with pytest.raises(TypeError):
        amount_in_words(12.5)  # type: ignore[arg-type]


def test_yuan_and_figure_date() -> None:
    assert yuan(1234567) == "12,345.67"
    assert yuan(5) == "0.05"
    assert yuan(0) == "0.00"
    assert yuan(-150) == "-1.50"
    # GB/T 9704-2012 §7.3.5: the 成文日期 in Arabic numerals, no leading zeros
    assert figure_date(date(2026, 11, 26)) == "2026年11月26日"
    assert figure_date(date(2030, 1, 10)) == "2030年1月10日"
    assert figure_date(date(2009, 10, 1)) == "2009年10月1日"


# --- writing ---------------------------------------------------------------------------------

def test_write_never_overwrites_and_leaves_no_temp_file(tmp_path: Path) -> None:
    document = build(FilingKind.EVIDENCE_LIST, sample())
    first = write(document, tmp_path, "TS-2026-000123 证据清单")
    before = first.read_bytes()
    second = write(document, tmp_path, "TS-2026-000123 证据清单")
    third = write(document, tmp_path, "TS-2026-000123 证据清单")
    assert first.name == "TS-2026-000123 证据清单.docx"
    assert second.name == "TS-2026-000123 证据清单 (2).docx"
    assert third.name == "TS-2026-000123 证据清单 (3).docx"
    assert first.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [first.name, second.name, third.name])
    assert sha256_of(first) == hashlib.sha256(before).hexdigest()
    docx.Document(str(second))  # a complete file


def test_written_files_are_private_or_for_the_team(tmp_path: Path) -> None:
    old = os.umask(0o022)  # whatever the umask: a filing holds personal data
    try:
        path = write(build(FilingKind.EVIDENCE_LIST, sample()), tmp_path / "mine", "perm")
        team = tmp_path / "team"
        team.mkdir()
        team.chmod(0o2770)  # a folder set up for the team's group
        shared = write(build(FilingKind.EVIDENCE_LIST, sample()), team, "perm")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    assert shared.stat().st_mode & 0o777 == 0o660


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    class Breaks:
        def save(self, stream: Any) -> None:
            stream.write(b"PK half a zip")
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write(Breaks(), tmp_path, "x")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("stem", "expected"), [
    ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ("line\nbreak\x00null\ttab", "line_breaknull_tab"),
    ("", "filing"),
    ("...", "filing"),
    ("CON", "filing CON"),
    ("  投诉函  ", "投诉函"),
])
def test_safe_stem(stem: str, expected: str) -> None:
    assert safe_stem(stem) == expected


def test_long_stems_are_cut(tmp_path: Path) -> None:
    document = build(FilingKind.EVIDENCE_LIST, sample())
    path = write(document, tmp_path, "案" * 500)
    assert path.stem == "案" * 66  # 198 bytes of UTF-8: room for " (n).docx" in 255
    assert write(document, tmp_path, "案" * 500).name == "案" * 66 + " (2).docx"
    assert len(safe_stem("a" * 500)) == 120


# --- the style file ----------------------------------------------------------------------------

def test_an_admin_override_is_merged(tmp_path: Path) -> None:
    override = tmp_path / "house.toml"
    override.write_text('[fonts]\nbody = "仿宋"\n[letterhead]\nname = "乙市消费者协会"\n',
                        encoding="utf-8")
    style = load_style(override)
    assert style.fonts.body == "仿宋"
    assert style.fonts.title == "方正小标宋简体"  # untouched keys keep the house value
    assert style.page.margin_top_mm == 37
    document = build(FilingKind.COMPLAINT_LETTER_PROVIDER, sample(), style)
    assert texts(document)[0] == "乙市消费者协会"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋"


@pytest.mark.parametrize(("content", "message"), [
    ("[page\nwidth_mm = 1", "malformed TOML"),
    ("[page]\nmargn_top_mm = 30\n", "unknown key 'page.margn_top_mm'"),
    ('[page]\nmargin_top_mm = "37mm"\n', "'page.margin_top_mm' must be a number"),
    ("[grid]\nlines_per_page = 22.5\n", "'grid.lines_per_page' must be a whole number"),
    ("[grid]\nline_pitch_pt = 40.0\n", "'grid.line_pitch_pt'"),
    ('[colors]\nmasthead = "red"\n', "'colors.masthead' must be six hex digits"),
    ('[fonts]\nbody = ""\n', "'fonts.body' must name a font"),
    ('[fonts.fallbacks]\n"黑体" = "SimHei"\n', "'fonts.fallbacks.黑体' must be a list"),
    ('[letterhead]\ndoc_number_template = "{yr}"\n', "'letterhead.doc_number_template'"),
    ("fonts = 3\n", "[fonts] must be a table"),
])
def test_a_malformed_override_names_the_key(tmp_path: Path, content: str,
                                            message: str) -> None:
    override = tmp_path / "bad.toml"
    override.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        load_style(override)
    assert str(override) in str(caught.value)


def test_a_missing_override_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        load_style(tmp_path / "nope.toml")


