"""Cases for the reconciliation rules: one printed figure of the sample changed per rule (it must then
fail), and the repairs that make the sample reconcile where it does not by itself (it must then pass).
The shared test warehouse loads each as a department of its own (坏<rule>, 好<rule>)."""
from __future__ import annotations

from pathlib import Path

DEPARTMENT = "安阳市公安局"

# rule_id → (line, cell, new text): one printed figure changed so that the rule cannot hold
BREAKS = {
    "T01_INCOME_TOTAL": (128, 2, "81,415.03"),
    "T01_EXPENSE_TOTAL": (128, 5, "154.64"),
    "T01_INCOME_GRAND": (156, 2, "100"),
    "T01_EXPENSE_GRAND": (156, 5, "100"),
    "T01_SIDES": (160, 5, "87,377.34"),
    "T02_HIERARCHY": (185, 3, "67,579.00"),
    "T02_GRAND_TOTAL": (177, 3, "85,036.39"),
    "T02_ROW_SUM": (185, 2, "67,579.00"),
    "T03_HIERARCHY": (228, 3, "67,579.00"),
    "T03_GRAND_TOTAL": (220, 3, "78,017.31"),
    "T03_ROW_SUM": (228, 2, "67,579.00"),
    "T04_INCOME_TOTAL": (290, 2, "85,036.39"),
    "T04_CARRYOVER": (292, 2, "100"),
    "T04_INCOME_GRAND": (291, 2, "100"),
    "T04_EXPENSE_TOTAL": (290, 5, "85,036.39"),
    "T04_EXPENSE_GRAND": (291, 5, "100"),
    "T04_SIDES": (295, 2, "85,036.39"),
    "T04_ROW_SUM": (290, 6, "81,415.03"),
    "T05_HIERARCHY": (320, 3, "67,579.00"),
    "T05_GRAND_TOTAL": (311, 3, "76,338.99"),
    "T05_ROW_SUM": (320, 2, "67,579.00"),
    "T06_PERSONNEL": (378, 2, "66,382.80"),
    "T06_PUBLIC": (378, 7, "10,056.18"),
    "T06_HIERARCHY": (350, 2, "26,116.91"),
    "T07_HIERARCHY": (397, 3, "3,721.36"),
    "T07_GRAND_TOTAL": (394, 3, "3,721.36"),
    "T07_ROW_SUM": (397, 5, "624.46"),
    "T07_BALANCE": (397, 7, "100"),
    "T08_ROW_SUM": (413, None, "合计\t\t5\t3\t1"),
    "T09_TOTAL": (433, 0, "1,623.07"),
    "T09_VEHICLES": (433, 2, "1,619.30"),
    "X01_02_INCOME": (155, 2, "87,377.34"),
    "X01_03_EXPENSE": (155, 5, "87,377.34"),
    "X01_03_BY_CLASS": (128, 5, "154.64"),
    "X01_02_OTHER_INCOME": (135, 2, "2,440.94"),
    "X02_04_APPROPRIATION": (177, 3, "85,036.39"),
    "X01_04_GENERAL": (128, 2, "81,415.03"),
    "X04_05_GENERAL": (290, 6, "81,415.03"),
    "X04_05_BY_CLASS": (266, 6, "76,347.92"),
    "X05_06_BASIC": (311, 3, "76,338.99"),
    "X04_07_FUND": (290, 7, "3,721.36"),
    "X04_07_BY_CLASS": (273, 7, "3,721.36"),
    "X04_08_SOE": (413, None, "合计\t\t5\t2\t3"),
    "X09_06_RECEPTION": (433, 11, "13.78"),
    "X09_06_VEHICLE_OPERATION": (433, 10, "914.82"),
    "X09_06_VEHICLE_PURCHASE": (433, 9, "12,624.47"),  # more than all 项目支出: nothing explains it
    "X09_06_TRAVEL_ABROAD": (433, 7, "9,999"),
    # narrative against tables: (line, old text, new text) replaces within the sentence
    "N_TOTAL_INCOME": (1800, "均为 87277.34", "均为 87377.34"),
    "N_TOTAL_EXPENSE": (1800, "均为 87277.34", "均为 87377.34"),
    "N_INCOME_TOTAL": (1804, "收入合计 87277.34", "收入合计 87377.34"),
    "N_EXPENSE_TOTAL": (1808, "支出合计 87277.34", "支出合计 87377.34"),
    "N_APPROPRIATION_TOTAL": (1812, "均为 84936.39", "均为 85036.39"),
    "N_GENERAL_BUDGET": (1818, "支出 81315.03", "支出 81415.03"),
    "N_BASIC_TOTAL": (1856, "基本支出 76238.99", "基本支出 76338.99"),
    "N_PERSONNEL": (1856, "人员经费 66282.80", "人员经费 66382.80"),
    "N_PUBLIC": (1856, "公用经费 9956.18", "公用经费 10056.18"),
    "N_FUND": (1862, "支出决算为 3621.36", "支出决算为 3721.36"),
    "N_INCOME_BY_SOURCE": (1804, "财政拨款收入 84936.39", "财政拨款收入 85036.39"),
    "N_EXPENSE_BY_KIND": (1808, "77917.31", "78017.31"),
    "N_GENERAL_BY_CLASS": (1822, "公共安全（类）支出 76247.92", "公共安全（类）支出 76347.92"),
    "N_SUBJECT_FINAL": (1836, "支出决算为 67479.00", "支出决算为 67579.00"),
    "N_THREE_PUBLIC": (1876, "公务接待费支出决算 3.78", "公务接待费支出决算 4.78"),
    "N_COMPLETION_RATES": (1836, "112.94%", "113.94%"),
    "N_GROWTH_RATES": (1800, "增长 6.54%", "增长 7.54%"),
    "N_SHARES": (1804, "占 97.32%", "占 96.32%"),
    # self-evaluation forms
    "S_EXECUTION_RATE": (498, 6, "90.0%"),
    "S_FUNDING_SCORE": (498, 7, "9.00"),
    "S_TOTAL_SCORE": (519, 6, "97"),
    "N_EVALUATED_PROJECTS": (1922, "预算数10.82万元", "预算数11.82万元"),
    # completeness: a table not printed at all (its lines blanked) is missing
    "C01_PRINTED": (116, "DELETE", 164),
    "C02_PRINTED": (165, "DELETE", 207),
    "C03_PRINTED": (208, "DELETE", 250),
    "C04_PRINTED": (251, "DELETE", 298),
    "C05_PRINTED": (299, "DELETE", 336),
    "C06_PRINTED": (337, "DELETE", 381),
    "C07_PRINTED": (382, "DELETE", 400),
    "C08_PRINTED": (401, "DELETE", 418),
    "C09_PRINTED": (419, "DELETE", 436),
    # a total the text states: with 持平, with no comparison at all, down to a fraction of the table's
    "N_STATED_INCOME_GRAND": (1800, "收、支总计均为 87277.34 万元。与上年度相比，收、支总计各增加 5355.63 万元，增长 6.54%。",
                              "收、支总计均为 0.87 万元，与上年度持平。"),
    "N_STATED_EXPENSE_GRAND": (1800, "收、支总计均为 87277.34 万元。", "收入总计 87277.34 万元，支出总计 0 万元。"),
    "N_STATED_INCOME_TOTAL": (1804, "收入合计 87277.34", "收入合计 87377.34"),
    "N_STATED_EXPENSE_TOTAL": (1808, "支出合计 87277.34", "支出合计 8727.34"),
    "N_STATED_APPROPRIATION_INCOME": (1812, "均为 84936.39", "均为 85036.39"),
    "N_STATED_APPROPRIATION_EXPENSE": (1812, "均为 84936.39", "均为 85036.39"),
    # 三公 breakdowns
    "T09_RECEPTION_SPLIT": (1890, "其他国内公务接待支出 0 万元", "其他国内公务接待支出 1 万元"),
    "T09_RECEPTION_VISITORS": (433, 11, "5.78"),
    "T09_ABROAD_DELEGATIONS": (433, 7, "5"),
    # wording
    "W_PLACEHOLDER": (1866, "我部门", "XX局"),
    "W_DOUBLE_PERIOD": (1866, "支出。", "支出。。"),
    "W_UNFINISHED_REASON": (1894, "主要原因是落实政府过紧日子要求，厉行节约。", "主要原因是。"),
    "W_OLD_EDITION": (1822, "卫生健康（类）支出", "医疗卫生与计划生育支出"),
    "Y_CUTOFF_YEAR": (1884, "2023 年期末", "截至 2022 年 12 月 31 日"),
    "Y_TITLE_YEAR": (1796, "2023 年度部门决算", "2022 年度部门决算"),
    "Y_PERIOD_END_YEAR": (1884, "2023 年期末", "2022 年期末"),
    "W_CHANGE_SIGN": (1800, "增长 6.54%", "下降 6.54%"),
    "W_FLAT_WITH_CHANGE": (1800, "与上年度相比，", "与上年度持平，"),
    "W_RELATION": (1866, "安排的支出。", "安排的支出。本年支出 300 万元小于上年 200 万元。"),
    "W_AGAINST_PRIOR": (1866, "安排的支出。", "安排的支出。本年支出 300 万元，比上年 200 万元减少 100 万元。"),
    # the self-evaluation forms against the tables and the narrative
    "S_DEPT_EXECUTED": (443, 4, "80000"),
    "S_DEPT_APPROPRIATION": (444, 4, "80000"),
    "S_DEPT_INITIAL_BUDGET": (443, 2, "70000"),
    "S_STATED_EXECUTION_RATE": (1914, "预算执行率 100%", "预算执行率 95%"),
    "S_STATED_PROCUREMENT_RATE": (1914, "政府采购执行率 100%", "政府采购执行率 80%"),
    "S_THREE_PUBLIC_CONTROL": (469, "158.43%", "120%"),
    "N_PROJECT_SHARE": (1918, "40.01%", "50%"),
    "N_SELF_EVALUATED_COUNT": (1918, "共 34 个", "共 35 个"),
    "N_EVALUATED_UNMATCHED": (1934, "安阳市公安局机动车和驾驶人业务用房项目", "东区消防训练塔建设项目"),
    # indicator lines
    "I_COST_WITHOUT_SPENDING": (1258, 6, "4"),
    "I_DEVIATION": (1258, 7, "5.00"),
    "I_DATES_ORDER": (1397, "=2022.10 日期\t2022.10 日期", "=2022.12 日期\t2022.12 日期"),
}

# where the sample itself does not reconcile or lacks the inputs: a copy that does
REPAIRS = {
    "T08_ROW_SUM": [(413, None, "合计\t\t4\t3\t1")],
    "X04_08_SOE": [(413, None, "合计\t\t0\t0\t0")],
    "X09_06_VEHICLE_OPERATION": [(378, 7, "9,957.78"), (374, 5, "904.82")],
    "X09_06_VEHICLE_PURCHASE": [(433, 9, "0"), (433, 2, "904.82"), (433, 0, "908.60"),
                                (433, 3, "0"), (433, 8, "904.82"), (433, 6, "908.60")],
    "X09_06_TRAVEL_ABROAD": [(433, 7, "0")],
    # the sample states 机关运行经费 fell 26.45 % where 2771.93 of 13252.57 is 20.92 %
    "N_GROWTH_RATES": [(1894, "下降 26.45%", "下降 20.92%")],
    # the department form scores 9.8 where 10 x 88.18 % gives 8.82
    "S_FUNDING_SCORE": [(443, 7, "8.82")],
    # three evaluated projects are listed with other figures than their forms print
    "N_EVALUATED_PROJECTS": [(1940, "预算数100万元", "预算数50万元"), (1976, "执行数 80 万元", "执行数 800 万元"),
                             (1986, "43.83", "43.87")],
    # 公务接待费 3.78 万元 in all, while the breakdown says 外宾 0 and 国内 0 万元, 0 groups and 0 visitors
    "T09_RECEPTION_SPLIT": [(1890, "其他国内公务接待支出 0 万元", "其他国内公务接待支出 3.78 万元")],
    "T09_RECEPTION_VISITORS": [(1890, "来宾 0 人次", "来宾 12 人次")],
    # the department form: executed 87,100.85 vs 01's 87,277.34; 财政拨款 85,101.91 vs 04's 84,936.39;
    # 年初预算 77,984.98 vs the narrative's 69,930.42 + 8,254.56
    "S_DEPT_EXECUTED": [(443, 4, "87277.34")],
    "S_DEPT_APPROPRIATION": [(444, 4, "84936.39")],
    "S_DEPT_INITIAL_BUDGET": [(443, 2, "78184.98")],
    # 十三(二) states 预算执行率 100 % and 政府采购执行率 100 %; the form says 88.18 % and 90 %
    "S_STATED_EXECUTION_RATE": [(1914, "预算执行率 100%", "预算执行率 88.18%")],
    "S_STATED_PROCUREMENT_RATE": [(1914, "政府采购执行率 100%", "政府采购执行率 90%")],
    # the form's 三公经费控制率 158.43 % against 09, where budget equals actual
    "S_THREE_PUBLIC_CONTROL": [(469, "158.43%", "100.00%")],
    # 3,803.97 of 9,360.03 项目支出 is 40.64 %, not 40.01 %
    "N_PROJECT_SHARE": [(1918, "40.01%", "40.64%")],
    # cost indicators reporting amounts spent on projects that executed nothing
    "I_COST_WITHOUT_SPENDING": [(648, 4, '0 万元'), (686, 4, '0 元'), (792, 4, '0 万元'), (835, 4, '0 万元'), (952, 4, '0 万元'), (953, 4, '0 万元'), (954, 4, '0 万元'), (956, 4, '0 万元'), (1220, 4, '0 万'), (1258, 4, '0 万'), (1343, 4, '0 元'), (1344, 4, '0 元'), (1345, 4, '0 元'), (1346, 4, '0 元'), (1546, 4, '0 万'), (1548, 4, '0 万'), (1584, 4, '0 万'), (1585, 4, '0 万'), (1661, 4, '0 万'), (1662, 4, '0 万'), (1701, 4, '0 万'), (1739, 4, '0 万'), (1780, 4, '0 万')],
    # deviations printed 0.00 where actual and target differ
    "I_DEVIATION": [(1258, 7, "16.67"), (1673, "\t0.00", "\t6.25"), (1700, "\t0.00", "\t100.00"),
                    (1778, "\t0.00", "\t100.00")],
    # 辅警服装采购项目完成时间 2022.2 before 项目启动时间 2022.10
    "I_DATES_ORDER": [(1396, "\t2022.2 日期", "\t2023.2 日期")],
}


# other copies of the sample that must reconcile: false alarms fixed
VARIANTS = {
    # 公开04's 年初财政拨款结转和结余 rows labelled like the income rows above them (“一、一般公共预算财政拨款”)
    "标号04": [(292, 0, "一、一般公共预算财政拨款"), (293, 0, "二、政府性基金预算财政拨款"),
               (294, 0, "三、国有资本经营预算财政拨款")],
}


def changed(lines, edits):
    lines = list(lines)
    for line, cell, text in edits:
        if cell == "DELETE":  # blank lines line..text (numbering kept)
            lines[line - 1:text] = [""] * (text - line + 1)
        elif cell is None:
            lines[line - 1] = text
        elif isinstance(cell, str):
            assert cell in lines[line - 1], (line, cell)
            lines[line - 1] = lines[line - 1].replace(cell, text, 1)
        else:
            cells = lines[line - 1].split("\t")
            cells[cell] = text
            lines[line - 1] = "\t".join(cells)
    return lines


def variant(sample_lines, name, edits, folder):
    text = "\n".join(changed(sample_lines, edits)).replace(DEPARTMENT, name)
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def variants(sample: Path, folder: Path) -> list[Path]:
    """Every broken copy (坏<rule>) and every repaired copy (好<rule>) of the sample, as files in ``folder``."""
    lines = sample.read_text(encoding="utf-8").splitlines()
    files = [variant(lines, f"坏{rule}", [edit], folder) for rule, edit in BREAKS.items()]
    files += [variant(lines, f"好{rule}", edits, folder) for rule, edits in REPAIRS.items()]
    files += [variant(lines, name, edits, folder) for name, edits in VARIANTS.items()]
    return files
