"""Reading an import file into sheets of rows: .xlsx (openpyxl, read-only), .csv and .txt
(UTF-8, UTF-8 with BOM, GBK/GB18030 detected with charset-normalizer, or as told).

Bounded: a file over `FILE_LIMIT`, a sheet over `MAX_ROWS` rows or a cell over
`MAX_CELL` characters is refused with a message, never read into memory whole."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.bounded_read import MIB, InputFileError, read_bounded
from workbench.i18n import _

FILE_LIMIT = 64 * MIB
UNPACKED_LIMIT = 1024 * MIB  # an .xlsx is a zip: what it unpacks to
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL = 100_000  # characters in one cell (a long 投诉内容 is a few thousand)
SUFFIXES = (".xlsx", ".csv", ".txt")


@dataclass(frozen=True)
class Sheet:
    """One sheet (a CSV file is one sheet named after the file): rows of cells, each row
    with its 1-based number in the file."""

    name: str
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    encoding: str = ""  # what a text file was decoded as


def what() -> str:
    return _("导入文件")


def read_sheets(path: Path, encoding: str | None = None) -> list[Sheet]:
    """Every sheet of `path` as rows of cells (blank rows left out); InputFileError for a
    file that cannot be read, is too large, or has an unknown suffix or encoding."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputFileError(_("{path}：不支持的文件类型 {suffix}。").format(
            path=path, suffix=suffix or _("（无扩展名）")),
            _("请导入 .xlsx、.csv 或 .txt 文件（.xls 请先另存为 .xlsx）。"))
    if suffix == ".xlsx":
        return _read_xlsx(path)
    return [_read_text(path, encoding)]


def _too_large(path: Path, limit: str) -> InputFileError:
    return InputFileError(_("{path} 太大（上限 {limit}）。").format(path=path, limit=limit),
                          _("请分成几个较小的文件分别导入。"))


def _check_cell(path: Path, value: Any, row: int) -> Any:
    if isinstance(value, str) and len(value) > MAX_CELL:
        raise InputFileError(_("{path} 第 {row} 行有一格超过 {limit:,} 个字符。").format(
            path=path, row=row, limit=MAX_CELL), _("请确认选对了文件，或截短该格内容。"))
    return value


def _blank(cells: tuple[Any, ...]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_xlsx(path: Path) -> list[Sheet]:
    import zipfile

    from openpyxl import load_workbook

    data = read_bounded(path, FILE_LIMIT, what())  # a regular file, under the cap
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a zip bomb stops here
            unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > UNPACKED_LIMIT:
            raise _too_large(path, _("解压后 {limit} MB").format(limit=UNPACKED_LIMIT // MIB))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputFileError(_("{path} 不是有效的 .xlsx 文件：{reason}").format(
            path=path, reason=exc), _("请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。")) from None
    sheets = []
    try:
        for ws in book.worksheets:
            rows: list[tuple[int, tuple[Any, ...]]] = []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    raise _too_large(path, _("{rows:,} 行").format(rows=MAX_ROWS))
                cells = tuple(_check_cell(path, v, number) for v in values[:MAX_COLUMNS])
                if not _blank(cells):
                    rows.append((number, cells))
            sheets.append(Sheet(ws.title, tuple(rows)))
    finally:
        book.close()
    return sheets


def decode(data: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    """The text and the encoding it was read as: `encoding` if given, else a BOM, else
    UTF-8, else what charset-normalizer finds (GBK and its kin read as GB18030, their
    superset)."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise InputFileError(_("未知的编码 {encoding}。").format(encoding=encoding),
                                 _("例如 utf-8、gbk、gb18030。")) from None
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            raise InputFileError(_("{path} 不能按 {encoding} 解码（第 {byte} 字节）。").format(
                path=path, encoding=encoding, byte=exc.start),
                _("去掉 --encoding 让程序自动识别，或换一种编码。")) from None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1 * MIB]).best()
    name = codecs.lookup(best.encoding).name if best is not None else ""
    if name in ("gbk", "gb2312", "gb18030", "hz", "cp936") or not name:
        name = "gb18030"
    try:
        return data.decode(name), name
    except UnicodeDecodeError:
        raise InputFileError(_("无法识别 {path} 的编码。").format(path=path),
                             _("请用 --encoding 指定（例如 gbk），或另存为 UTF-8。")) from None


def _read_text(path: Path, encoding: str | None) -> Sheet:
    data = read_bounded(path, FILE_LIMIT, what())
    text, used = decode(data, path, encoding)
    if "\x00" in text:
        raise InputFileError(_("{what} {path} 含有 NUL 字符，不是文本文件。").format(
            what=what(), path=path), _("请确认选对了文件。"))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".txt" and "\t" in sample \
            else csv.excel
    rows: list[tuple[int, tuple[Any, ...]]] = []
    reader = _csv_rows(text, dialect, path)
    for number, cells in reader:
        if number > MAX_ROWS:
            raise _too_large(path, _("{rows:,} 行").format(rows=MAX_ROWS))
        row = tuple(_check_cell(path, c, number) for c in cells[:MAX_COLUMNS])
        if not _blank(row):
            rows.append((number, row))
    return Sheet(path.stem, tuple(rows), used)


def _csv_rows(text: str, dialect: Any, path: Path) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(MAX_CELL + 1)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        if "field limit" in str(exc):  # the cap below, reached inside one quoted cell
            _check_cell(path, "x" * (MAX_CELL + 1), reader.line_num)
        raise InputFileError(_("{path} 第 {row} 行无法读取：{reason}").format(
            path=path, row=reader.line_num, reason=exc),  # the line, for a text editor
            _("请检查引号是否成对，或该格是否过长。")) from None
