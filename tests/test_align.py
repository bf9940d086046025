"""Row alignment repairs shifted and split cells without inventing values."""
from juesuan.loaders.tables.align import align, slot_text

SUBJECT = ["code", "label"] + ["value"] * 3
ECON = ["code", "label", "value"] * 3


def texts(kinds, cells):
    placed = align(kinds, tuple(cells))
    assert placed is not None
    return [slot_text(tuple(cells), p) for p in placed]


def test_aligned_row_is_read_as_printed():
    assert texts(SUBJECT, ["2040201", "行政运行", "67,479.00", "67,479.00", "0"]) == \
        ["2040201", "行政运行", "67,479.00", "67,479.00", "0"]


def test_name_split_over_two_cells_is_joined():
    assert texts(SUBJECT, ["204", "公共安", "全支出", "78,246.86", "72,525.73", "5,721.13"]) == \
        ["204", "公共安全支出", "78,246.86", "72,525.73", "5,721.13"]


def test_empty_cell_after_a_merged_name_is_absorbed():
    assert texts(SUBJECT, ["20402", "公安", "", "78,246.86", "72,525.73", "5,721.13"])[2:] == \
        ["78,246.86", "72,525.73", "5,721.13"]


def test_trailing_empty_cells_are_dropped_and_blanks_kept():
    assert texts(SUBJECT, ["合计", "", "", "", "", "", ""]) == ["合计", "", "", "", ""]


def test_misaligned_footer_keeps_its_value_with_its_label():
    # 公开06 footer as printed in the sample: the 公用经费合计 amount sits two cells right
    row = ["人员经费合计", "", "66,282.80", "公用经费合计", "", "", "", "9,956.18", ""]
    got = texts(ECON, row)
    assert got[0] == "人员经费合计" and got[2] == "66,282.80"
    assert got[3] == "公用经费合计" and got[5] == "9,956.18"
    assert got[8] == ""


def test_text_where_a_number_belongs_stays_in_its_cell():
    """The reader reports the unreadable cell and stores the rest of the row; nothing shifts into its place."""
    placed = align(SUBJECT, ("2040201", "行政运行", "六万", "1", "2"))
    assert [p.cells for p in placed] == [(0,), (1,), (2,), (3,), (4,)]


def test_a_damaged_amount_never_lets_the_next_code_take_its_place():
    """公开06 printed “26,O16.91”: the econ code 30201 of the next group must not become the amount of 30101."""
    kinds = ["code", "label", "value"] * 2
    placed = align(kinds, ("30101", "基本工资", "26,O16.91", "30201", "办公费", "123.45"))
    assert [p.cells for p in placed] == [(0,), (1,), (2,), (3,), (4,), (5,)]
