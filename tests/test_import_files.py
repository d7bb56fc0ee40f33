"""Reading import files: encodings, merged headers, blank rows, Excel dates, amounts,
profiles refused with their file and key, the template and a 12315 round trip."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.import_support import (
    HEADER_12315,
    excel_serial,
    row_12315,
    write_csv,
    write_xlsx,
)
from workbench.bounded_read import InputFileError
from workbench.imports import reader
from workbench.imports.profiles import ProfileError, load_profile, locate_header, parse_profile
from workbench.imports.rows import amount_text, date_text, map_row
from workbench.services import imports
from workbench.services.context import Workbench


def mapped(path: Path, encoding: str | None = None) -> list[dict[str, str]]:
    profile = load_profile("12315")
    sheet = reader.read_sheets(path, encoding)[0]
    header = locate_header(profile, [cells for _, cells in sheet.rows])
    assert header is not None and not header.missing
    return [dict(map_row(profile, header, n, cells).values)
            for n, cells in sheet.rows[header.row_index + 1:]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_an_association_receives(tmp_path: Path, encoding: str) -> None:
    rows = [row_12315(i, 投诉内容=f"商户反映费率由0.38%上调至0.63%，客服推诿（{i}）")
            for i in (1, 2)]
    path = write_csv(tmp_path / "in.csv", rows, encoding=encoding)
    sheet = reader.read_sheets(path)[0]
    assert sheet.encoding == {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8"}.get(
        encoding, "gb18030")
    values = mapped(path)
    assert [v["name"] for v in values] == ["投诉人1", "投诉人2"]
    assert values[0]["narrative"].startswith("商户反映费率")
    assert values[0]["external_ref"] == "20261009000001"  # the BOM is not in the header


def test_encoding_override_and_unknown_encoding(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", [row_12315(1)], encoding="gbk")
    assert mapped(path, "gbk")[0]["name"] == "投诉人1"
    with pytest.raises(InputFileError, match="utf-8"):
        reader.read_sheets(path, "utf-8")
    with pytest.raises(InputFileError, match="未知的编码"):
        reader.read_sheets(path, "klingon")


def test_tab_separated_txt(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.txt", [row_12315(1)], delimiter="\t")
    assert mapped(path)[0]["provider"] == "示例汇达支付有限公司"


def test_xlsx_with_a_merged_title_blank_rows_and_a_two_row_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [row_12315(i) for i in range(1, 5)])
    assert [v["name"] for v in mapped(path)] == [f"投诉人{i}" for i in range(1, 5)]
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["登记编号", "投诉人", None, "被投诉人", "投诉内容"])  # 投诉人 over two columns
    ws.merge_cells("B1:C1")
    ws.append([None, "投诉人姓名", "联系电话", None, None])
    ws.append(["R1", "张三", "13800138000", "某支付公司", "费率上调"])
    book.save(tmp_path / "two.xlsx")
    values = mapped(tmp_path / "two.xlsx")
    assert values == [{**values[0], "external_ref": "R1", "name": "张三",
                       "phone": "13800138000", "provider": "某支付公司"}]


def test_dates_as_text_serials_and_datetime_cells(tmp_path: Path) -> None:
    formats = load_profile("12315").date_formats
    for raw in ("2026-10-09", "2026/10/9", "2026年10月9日", "20261009",
                excel_serial(datetime(2026, 10, 9)), float(excel_serial(datetime(2026, 10, 9))),
                datetime(2026, 10, 9, 15, 30), "46304"):
        assert date_text(raw, formats) == "2026-10-09", raw
    from workbench.domain.validators import ValidationError

    with pytest.raises(ValidationError):
        date_text(12, formats)
    path = write_xlsx(tmp_path / "d.xlsx", [
        row_12315(1, 登记日期=excel_serial(datetime(2026, 10, 9))),
        row_12315(2, 登记日期=datetime(2026, 10, 10))])
    assert [v["registered_on"] for v in mapped(path)] == ["2026-10-09", "2026-10-10"]


def test_amounts_with_yuan_commas_and_capitals_refused(wb: Workbench, tmp_path: Path) -> None:
    assert amount_text(1234.56) == "1234.56" and amount_text(300) == "300"
    assert amount_text("1,234.56元") == "1,234.56元"
    from workbench.domain.validators import ValidationError

    with pytest.raises(ValidationError, match="大写"):
        amount_text("壹仟贰佰叁拾肆元伍角陆分")
    path = write_xlsx(tmp_path / "m.xlsx", [
        row_12315(1, 涉及金额="¥1234"), row_12315(2, 涉及金额=99.5),
        row_12315(3, 涉及金额="1,234.56元"), row_12315(4, 涉及金额="壹仟元整"),
        row_12315(5, 涉及金额="12,34.5")])
    report = imports.import_file(wb, path, dry_run=True)
    assert [r.outcome.value for r in report.rows] == ["create"] * 3 + ["refused"] * 2
    assert "涉及金额：金额请用阿拉伯数字填写" in report.rows[3].reasons[0]


def test_an_id_with_a_lowercase_x_and_a_wrong_check_digit(wb: Workbench, tmp_path: Path) -> None:
    header = [*HEADER_12315, "身份证号"]
    path = write_xlsx(tmp_path / "id.xlsx", [
        [*row_12315(1), "11010519491231002x"], [*row_12315(2), "110105194912310021"]],
        header=header)
    report = imports.import_file(wb, path)
    assert [r.outcome.value for r in report.rows] == ["create", "refused"]
    assert report.rows[1].reasons[0].startswith("身份证号：")


def test_hostile_csv_text_is_stored_plain_and_written_safely(wb: Workbench,
                                                             tmp_path: Path) -> None:
    hostile = "[link=http://x]点我[/link]\x1b]52;c;ZXZpbA==\x07=HYPERLINK(\"http://x\")"
    path = write_csv(tmp_path / "h.csv", [row_12315(1, 投诉内容=hostile),
                                          row_12315(2, 投诉人="=cmd|' /C calc'!A0",
                                                    联系电话="1")])
    report = imports.import_file(wb, path)
    assert [r.outcome.value for r in report.rows] == ["create", "refused"]
    from sqlalchemy import select

    from workbench.store.models import Case

    with wb.store.session() as session:
        narrative = session.execute(select(Case.narrative)).scalar_one()  # type: ignore[call-overload]
    assert narrative == "[link=http://x]点我[/link]]52;c;ZXZpbA===HYPERLINK(\"http://x\")"
    from openpyxl import load_workbook

    cell = load_workbook(report.errors_path).active.cell(row=2, column=2)
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s" and cell.quotePrefix


def test_bounded_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_CELL", 50)
    path = write_csv(tmp_path / "big.csv", [row_12315(1, 投诉内容="长" * 60)])
    with pytest.raises(InputFileError, match="超过 50 个字符"):
        reader.read_sheets(path)
    monkeypatch.setattr(reader, "FILE_LIMIT", 100)
    with pytest.raises(InputFileError, match="太大"):
        reader.read_sheets(path)
    with pytest.raises(InputFileError, match="不支持"):
        reader.read_sheets(tmp_path / "old.xls")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    monkeypatch.setattr(reader, "FILE_LIMIT", 10**6)
    with pytest.raises(InputFileError, match=r"不是有效的 \.xlsx"):
        reader.read_sheets(tmp_path / "fake.xlsx")


@pytest.mark.parametrize(("text", "key"), [
    ("columns = [", "格式"),
    ('colour = "red"\n[[columns]]\nfield = "name"\nheaders = ["姓名"]', "colour"),
    ('[[columns]]\nfield = "shoe_size"\nheaders = ["鞋码"]', "columns[1].field"),
    ('[[columns]]\nfield = "name"\nheaders = []', "columns[1].headers"),
    ('[[columns]]\nfield = "name"\nheaders = ["姓名"]\n[values.nope]\na = "b"', "values.nope"),
    ('date_formats = ["yyyy"]\n[[columns]]\nfield = "name"\nheaders = ["姓名"]', "date_formats"),
    ('title = "{nope}"\n[[columns]]\nfield = "name"\nheaders = ["姓名"]', "title"),
])
def test_a_bad_profile_is_refused_with_its_file_and_key(text: str, key: str) -> None:
    with pytest.raises(ProfileError) as info:
        parse_profile(text, "/cfg/import-profiles/branch.toml", "branch", shipped=False)
    assert "/cfg/import-profiles/branch.toml" in str(info.value) and key in str(info.value)


def test_user_profiles_from_the_config_directory(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "config.toml"))
    folder = tmp_path / "import-profiles"
    folder.mkdir()
    (folder / "branch.toml").write_text(
        'label = "朝阳分会"\n[[columns]]\nfield = "name"\nheaders = ["姓名"]\nrequired = true\n'
        '[[columns]]\nfield = "provider"\nheaders = ["商家"]\n', encoding="utf-8")
    names = [(p.name, p.shipped) for p in imports.profiles()]
    assert names == [("12315", True), ("template", True), ("branch", False)]
    assert load_profile("branch").columns[1].headers == ("商家",)


def test_template_is_written_and_a_filled_one_imports(wb: Workbench, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = imports.write_template(tmp_path / "模板.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["登记表", "说明"]
    header = [c.value for c in book["登记表"][1]]
    assert header[:3] == ["来源编号", "投诉人类型", "投诉人"]
    notes = {r[0]: r for r in book["说明"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert notes["投诉类别"][1] == "是" and "跳码" in notes["投诉类别"][3]
    assert "不接受大写" in notes["请求金额"][3]
    sheet = book["登记表"]
    values = {"来源编号": "RX-1", "投诉人类型": "商户", "投诉人": "李四", "手机号": "13800138000",
              "商户名称": "李四小吃店", "服务商": "示例支付有限公司", "投诉类别": "跳码、押金",
              "事实与理由": "被跳码", "投诉请求": "退还差额", "请求金额": "12.5元",
              "知道受损日期": "2026/10/9"}
    for column, name in enumerate(header, start=1):
        sheet.cell(row=2, column=column).value = values.get(str(name))
    book.save(path)
    report = imports.import_file(wb, path)
    assert [r.outcome.value for r in report.rows] == ["create"], report.rows
    assert report.profile == "template" and report.rows[0].title == \
        "示例支付有限公司：跳码、押金/激活费/服务费"


def test_a_12315_round_trip(wb: Workbench, tmp_path: Path) -> None:
    """Export-like file in, dry run, real run, errors out, fixed, in again, nothing twice."""
    rows = [row_12315(i) for i in range(1, 21)]
    rows[4] = row_12315(5, 被投诉人统一社会信用代码="91110108MA01ABCD0X")
    rows[9] = row_12315(10, 问题类别="")
    path = write_xlsx(tmp_path / "export.xlsx", rows)
    dry = imports.import_file(wb, path, dry_run=True)
    assert dry.summary == "试运行（未写入）：新建 18，已导入 0，疑似重复 0，拒绝 2"
    real = imports.import_file(wb, path, batch=7)
    assert real.summary == "新建 18，已导入 0，疑似重复 0，拒绝 2"
    from openpyxl import load_workbook

    book = load_workbook(real.errors_path)
    sheet = book.active
    sheet.cell(row=2, column=5).value = row_12315(0)[4]
    sheet.cell(row=3, column=11).value = "收费问题"
    book.save(real.errors_path)
    assert imports.import_file(wb, Path(real.errors_path)).summary == \
        "新建 2，已导入 0，疑似重复 0，拒绝 0"
    assert imports.import_file(wb, path).summary == "新建 0，已导入 18，疑似重复 0，拒绝 2"
