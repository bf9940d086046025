"""Regional layouts read by meaning, whatever the format: the 三公 table with budget and actual
side by side per category (Shanghai) or grouped by measure (national form), codes printed in
separate 类/款/项 columns, a 合计 printed inside the header, Shanghai's titles."""
from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.loaders.tables import hierarchy
from juesuan.loaders.grids import Document, Grid, Row, TextLine, Where
from juesuan.loaders.tables.identify import match_title
from juesuan.loaders.tables.recognise import joined_code, recognise, three_public_column

CATEGORIES = ("合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费")


def document(title: str, rows: list[list[str]], before: tuple[str, ...] = ("单位：万元",)) -> Document:
    blocks: list = [TextLine(title, Where(line=1))]
    blocks += [TextLine(text, Where(line=2 + i)) for i, text in enumerate(before)]
    start = 2 + len(before)
    blocks.append(Grid([Row(tuple(cells), Where(line=start + i)) for i, cells in enumerate(rows)]))
    return Document("synthetic", "text", "0" * 64, blocks)


def read(doc: Document):
    return recognise(doc, hierarchy.class_codes_by_name())


SHANGHAI_09 = [
    ["财政拨款“三公”经费"] + [""] * 11,
    ["合计", "", "因公出国 （境）费", "", "公务用车购置及运行维护费", "", "", "", "", "", "公务接待费", ""],
    ["", "", "", "", "小计", "", "公务用车 购置费", "", "公务用车 运行维护费", "", "", ""],
    ["预算数", "决算数"] * 6,
    ["12.50", "10.20", "", "", "9.00", "8.70", "5.00", "4.90", "4.00", "3.80", "3.50", "1.50"],
]
NATIONAL_09 = [
    ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
    ["合计", "因公出国 (境)费", "公务用车购置及运行维护费", "", "", "公务接待费"] * 2,
    ["", "", "小计", "公务用车购 置费", "公务用车运 行维护费", ""] * 2,
    [str(n) for n in range(1, 13)],
    ["12.50", "", "9.00", "5.00", "4.00", "3.50", "10.20", "", "8.70", "4.90", "3.80", "1.50"],
]


@pytest.mark.parametrize("rows", [SHANGHAI_09, NATIONAL_09], ids=["shanghai", "national"])
def test_three_public_expenses_by_meaning_in_both_layouts(rows):
    result = read(document("财政拨款“三公”经费支出决算表", rows))
    table = result.tables["09"]
    got = {(a.line_label, a.measure): a.amount for a in table.amounts}
    assert got == {
        ("合计", "预算数"): Decimal("12.50"), ("合计", "决算数"): Decimal("10.20"),
        ("公务用车购置及运行维护费", "预算数"): Decimal("9.00"), ("公务用车购置及运行维护费", "决算数"): Decimal("8.70"),
        ("公务用车购置费", "预算数"): Decimal("5.00"), ("公务用车购置费", "决算数"): Decimal("4.90"),
        ("公务用车运行维护费", "预算数"): Decimal("4.00"), ("公务用车运行维护费", "决算数"): Decimal("3.80"),
        ("公务接待费", "预算数"): Decimal("3.50"), ("公务接待费", "决算数"): Decimal("1.50"),
    }
    assert table.info.measures == ("预算数", "决算数") and result.warnings == []
    assert {a.line_label for a in table.amounts} <= set(CATEGORIES)


@pytest.mark.parametrize("path, expected", [
    (("预算数", "公务用车购置及运行维护费", "小计"), ("预算数", "公务用车购置及运行维护费")),
    (("预算数", "合计"), ("预算数", "合计")),
    (("财政拨款\"三公\"经费", "合计", "决算数"), ("决算数", "合计")),
    (("财政拨款\"三公\"经费", "公务用车购置及运行维护费", "公务用车运行维护费", "预算数"), ("预算数", "公务用车运行维护费")),
    (("财政拨款\"三公\"经费", "因公出国(境)费", "决算数"), ("决算数", "因公出国(境)费")),
    (("财政拨款\"三公\"经费", "其他"), (None, None)),
])
def test_three_public_column_meaning(path, expected):
    assert three_public_column(path) == expected


@pytest.mark.parametrize("parts, carried_before, code, carried_after", [
    (["201", "06", "01"], [], "2010601", ["201", "06"]),
    (["201", None, None], [], "201", ["201"]),
    ([None, "06", None], ["201"], "20106", ["201", "06"]),
    ([None, None, "01"], ["201", "06"], "2010601", ["201", "06"]),
    (["201", "20106", None], [], "20106", ["201", "06"]),          # a column printing the whole code
    ([None, None, "2010601"], [], "2010601", ["201", "06"]),
    ([None, None, "01"], [], None, []),                              # a 项 with nothing to continue
    ([None, None, None], ["201"], None, ["201"]),                    # 合计 and other label rows
])
def test_codes_printed_apart_are_joined(parts, carried_before, code, carried_after):
    carried = list(carried_before)
    assert joined_code(parts, carried) == code
    assert carried == carried_after


def test_a_table_with_code_columns_kind_by_kind():
    rows = [
        ["项目", "", "", "", "本年支出", "", ""],
        ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
        ["合计", "", "", "", "307.82", "105.58", "202.24"],
        ["201", "", "", "一般公共服务支出", "264.87", "62.63", "202.24"],
        ["", "39", "", "社会工作事务", "264.87", "62.63", "202.24"],
        ["", "", "01", "行政运行", "51.32", "51.32", ""],
        ["201", "39", "99", "其他社会工作事务支出", "202.24", "", "202.24"],
    ]
    table = read(document("一般公共预算财政拨款支出决算表", rows)).tables["05"]
    codes = {(a.subject_code, a.line_label) for a in table.amounts}
    assert codes == {(None, "合计"), ("201", "一般公共服务支出"), ("20139", "社会工作事务"),
                     ("2013901", "行政运行"), ("2013999", "其他社会工作事务支出")}
    assert len(table.amounts) == 3 + 3 + 3 + 2 + 2


def test_a_total_printed_inside_the_header_closes_an_empty_table():
    """Shanghai prints 合计 on the row of 小计/基本支出/项目支出, under 功能分类科目编码."""
    rows = [
        ["项目", "", "年初结转和 结余", "本年收入", "本年支出", "", "", "年末结转和 结余"],
        ["功能分类 科目编码", "科目名称", "", "", "", "", "", ""],
        ["合计", "", "", "", "合计", "基本支出", "项目支出", ""],
        [""] * 8,
    ]
    doc = document("政府性基金预算财政拨款收入支出决算表", rows)
    doc.blocks.append(TextLine("说明：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。", Where(line=20)))
    result = read(doc)
    table = result.tables["07"]
    assert table.amounts == [] and "合计" in table.labels
    assert table.info.measures == ("年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余")
    assert table.info.note.startswith("说明：本单位本年度没有政府性基金")


def test_shanghai_titles_and_headers_are_aliases_of_the_national_tables():
    assert match_title("国有资本经营预算财政拨款收入支出决算表").code == "08"
    assert match_title("六、一般公共预算财政拨款基本支出决算表").code == "06"
    rows = [["收入", "", "支出", ""], ["项目", "决算数", "项目", "决算数"],
            ["一、一般公共预算财政拨款收入", "307.82", "一、一般公共服务支出", "264.87"],
            ["总计", "307.82", "总计", "307.82"]]
    result = read(document("收入支出决算总表", rows))
    amounts = {(a.section, a.line_label): (a.subject_code, a.measure, a.amount) for a in result.tables["01"].amounts}
    assert amounts[("支出", "一、一般公共服务支出")] == ("201", "金额", Decimal("264.87"))
    assert amounts[("收入", "总计")] == (None, "金额", Decimal("307.82"))


def test_a_unit_line_is_not_a_department():
    rows = [["项目", "决算数"], ["合计", "1.00"]]
    result = read(document("收入决算表", rows, before=("单位：万元", "部门：某某局")))
    assert result.departments == ["某某局"]


def test_a_contents_list_gives_the_printed_number_when_the_table_prints_none():
    doc = document("财政拨款“三公”经费支出决算表", NATIONAL_09)
    doc.blocks.insert(0, TextLine("七、财政拨款“三公”经费支出决算表", Where(line=0)))
    assert read(doc).tables["09"].info.printed_number == "07"
