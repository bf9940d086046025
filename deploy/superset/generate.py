"""Write the Superset export of the 部门决算 dashboard (deploy/superset/export/) from one description here.

    python deploy/superset/generate.py          # rewrites export/; commit the result
    python deploy/superset/generate.py DIR      # writes it elsewhere (the tests compare it with export/)

The datasets' column labels (verbose_name) are the Chinese part of each column's dbt
description (dbt_project/models/**/*.yml), so a renamed or newly described column
reaches the dashboard by running this again. Datasets read the schema ``marts`` only;
a virtual dataset (SQL) is used where a mart has no row a chart can sum as it is.
Every dataset has ``department_name`` and ``fiscal_year``: the dashboard's two native
filters apply to every chart through them. UUIDs are derived from names, so an import
replaces the previous one (``juesuan dashboards superset`` imports with overwrite).
"""
from __future__ import annotations

import re
import shutil
import sys
import uuid
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXPORT = HERE / "export"
NAMESPACE = uuid.UUID("6f1d2c55-1c8e-4b8e-9a57-6a75616e7375")  # juesuan's; never change (uuids stay stable)
DATABASE = "juesuan"
DASHBOARD_TITLE = "部门决算看板"
DASHBOARD_SLUG = "juesuan-final-accounts"


def uid(kind: str, name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


# -- what dbt says about the columns ---------------------------------------------------------------

def dbt_columns() -> dict[str, dict[str, str]]:
    """model → column → description, from every yml of the dbt project."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted((ROOT / "dbt_project" / "models").rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in doc.get("models") or []:
            found.setdefault(model["name"], {}).update(
                {c["name"]: " ".join(str(c.get("description") or "").split()) for c in model.get("columns") or []})
    return found


def chinese_label(description: str) -> str | None:
    """The Chinese words a description starts with: '金额（万元）amount in 万元' → '金额（万元）'."""
    head = re.match(r"[^A-Za-z]*", description).group(0).strip(" ,;:-—")
    return head if re.search(r"[\u4e00-\u9fff]", head) else None


_INTEGER = re.compile(r"(^fiscal_year$|_seq$|_order$|_id$|^item_no$|^terms$|^vehicles_purchased$|^fleet_size$"
                      r"|^delegations$|^person_times$|^line_no$|^source_line$|^source_page$|^level$|_count$)")
_BOOLEAN = re.compile(r"(^is_|^sources_agree$|^narrative_matches_table$|^truncated$)")
_NUMERIC = re.compile(r"(amount|budget|executed|actual|rate|score|weight|value|difference|tolerance|_pct$|deviation)")


def column_type(name: str) -> str:
    if _BOOLEAN.search(name):
        return "BOOLEAN"
    if _INTEGER.search(name):
        return "INTEGER"
    if name.endswith("_on") or name.endswith("_at"):
        return "DATE"
    if _NUMERIC.search(name) and not name.endswith("_source") and not name.endswith("_text"):
        return "NUMERIC"
    return "VARCHAR"


# -- the datasets ----------------------------------------------------------------------------------

# virtual datasets: (name, sql, [(column, "model.column" whose description labels it)], description)
VIRTUAL = {
    "spending_by_class": (
        "支出按功能分类（类）：基本支出与项目支出，取自公开03表（支出决算表）的类级行，可直接求和",
        """select f.department_name, f.fiscal_year, s.class_code, s.class_name, f.measure, f.amount
from marts.fct_final_accounts f
join marts.dim_subject s on s.subject_code = f.subject_code and s.level = 1
where f.table_code = '03' and f.measure in ('基本支出', '项目支出')""",
        [("department_name", "fct_final_accounts.department_name"), ("fiscal_year", "fct_final_accounts.fiscal_year"),
         ("class_code", "dim_subject.class_code"), ("class_name", "dim_subject.class_name"),
         ("measure", "fct_final_accounts.measure"), ("amount", "fct_final_accounts.amount")]),
    "yoy_preferred": (
        "同比：每个部门、年度和指标一行（两个来源都有时取两份报告之差，其次取情况说明）",
        """select distinct on (department_id, fiscal_year, measure)
       department_name, fiscal_year, measure, amount, prior_year_amount, change_amount, change_pct, source, reason
from marts.yoy_department_totals
order by department_id, fiscal_year, measure, (source = 'reports') desc""",
        [(c, f"yoy_department_totals.{c}") for c in ("department_name", "fiscal_year", "measure", "amount",
                                                     "prior_year_amount", "change_amount", "change_pct", "source",
                                                     "reason")]),
}

# physical datasets: marts as they are, every documented column
PHYSICAL = {
    "execution_rate_by_subject": {"完成率（%）": "100.0 * SUM(final_amount) / NULLIF(SUM(COALESCE(initial_budget, "
                                               "full_year_budget)), 0)"},
    "three_public_expenses": {},
    "fct_project_scorecard": {},
    "consistency_checks": {},
}


def column_yaml(name: str, label: str | None, description: str | None) -> dict:
    kind = column_type(name)
    return {"advanced_data_type": None, "column_name": name, "description": description or None, "expression": None,
            "extra": None, "filterable": True, "groupby": kind != "NUMERIC" or name.endswith("_rate"),
            "is_active": True, "is_dttm": kind == "DATE", "python_date_format": None, "type": kind,
            "verbose_name": label}


def dataset_yaml(table: str, columns: list[dict], sql: str | None, description: str | None,
                 metrics: dict[str, str]) -> dict:
    return {
        "table_name": table, "main_dttm_col": None, "description": description, "default_endpoint": None,
        "offset": 0, "cache_timeout": None, "catalog": None, "schema": "marts", "sql": sql, "params": None,
        "template_params": None, "filter_select_enabled": True, "fetch_values_predicate": None, "extra": None,
        "normalize_columns": False, "always_filter_main_dttm": False, "folders": None,
        "uuid": uid("dataset", table),
        "metrics": [{"metric_name": "count", "verbose_name": "行数", "metric_type": "count", "expression": "COUNT(*)",
                     "description": None, "d3format": None, "currency": None, "extra": None, "warning_text": None}]
        + [{"metric_name": f"metric_{i}", "verbose_name": label, "metric_type": None, "expression": expression,
            "description": None, "d3format": ",.2f", "currency": None, "extra": None, "warning_text": None}
           for i, (label, expression) in enumerate(metrics.items(), start=1)],
        "columns": columns, "version": "1.0.0", "database_uuid": uid("database", DATABASE),
    }


def datasets(described: dict[str, dict[str, str]]) -> dict[str, dict]:
    out = {}
    for name, metrics in PHYSICAL.items():
        cols = described[name]
        out[name] = dataset_yaml(name, [column_yaml(c, chinese_label(d), d) for c, d in cols.items()], None,
                                 None, metrics)
    for name, (description, sql, cols) in VIRTUAL.items():
        columns = []
        for column, source in cols:
            model, source_column = source.split(".")
            text = described[model][source_column]
            columns.append(column_yaml(column, chinese_label(text), text))
        out[name] = dataset_yaml(name, columns, sql, description, {})
    return out


# -- the charts ------------------------------------------------------------------------------------

def metric(column: str, aggregate: str, label: str) -> dict:
    return {"expressionType": "SIMPLE", "column": {"column_name": column}, "aggregate": aggregate,
            "label": label, "hasCustomLabel": True, "optionName": f"metric_{column}_{aggregate.lower()}"}


def sql_metric(expression: str, label: str) -> dict:
    return {"expressionType": "SQL", "sqlExpression": expression, "label": label, "hasCustomLabel": True,
            "optionName": "metric_" + uid("metric", label)[:8]}


def where(column: str, operator: str, comparator) -> dict:
    return {"clause": "WHERE", "expressionType": "SIMPLE", "subject": column, "operator": operator,
            "comparator": comparator}


def sql_where(expression: str) -> dict:
    return {"clause": "WHERE", "expressionType": "SQL", "sqlExpression": expression}


def bar(x: str, metrics: list[dict], groupby: list[str] | None = None, filters: list[dict] | None = None,
        stack: bool = False, horizontal: bool = False, x_title: str = "", y_title: str = "万元") -> dict:
    return {"viz_type": "echarts_timeseries_bar", "x_axis": x, "metrics": metrics, "groupby": groupby or [],
            "adhoc_filters": filters or [], "row_limit": 1000, "stack": "Stack" if stack else None,
            "orientation": "horizontal" if horizontal else "vertical", "show_legend": True,
            "legendOrientation": "top", "legendType": "scroll", "y_axis_format": ",.2f", "rich_tooltip": True,
            "x_axis_title": x_title, "y_axis_title": y_title, "y_axis_title_margin": 40, "x_axis_title_margin": 30,
            "y_axis_title_position": "Left", "truncateXAxis": True, "x_axis_sort_asc": True,
            "color_scheme": "supersetColors", "show_value": False, "only_total": True, "zoomable": False}


def table(columns: list[str], filters: list[dict] | None = None, order_by: list[tuple[str, bool]] | None = None,
          row_limit: int = 100) -> dict:
    import json

    return {"viz_type": "table", "query_mode": "raw", "all_columns": columns, "adhoc_filters": filters or [],
            "order_by_cols": [json.dumps([c, asc], ensure_ascii=False) for c, asc in order_by or []],
            "row_limit": row_limit, "server_page_length": 10, "table_timestamp_format": "smart_date",
            "include_search": False, "show_cell_bars": True, "color_pn": True, "allow_rearrange_columns": False}


CHARTS = [
    # (name, dataset, params, width, height)
    ("支出功能分类（类）：基本支出与项目支出", "spending_by_class",
     bar("class_name", [metric("amount", "SUM", "金额（万元）")], groupby=["measure"], stack=True, horizontal=True,
         y_title=""), 6, 50),
    ("同比：本年与上年", "yoy_preferred",
     bar("measure", [metric("prior_year_amount", "SUM", "上年金额（万元）"), metric("amount", "SUM", "本年金额（万元）")],
         filters=[where("measure", "IN", ["支出总计", "财政拨款支出总计", "一般公共预算财政拨款支出",
                                          "政府性基金预算财政拨款支出", "机关运行经费支出", "三公经费支出"])],
         horizontal=True, y_title=""), 6, 50),
    ("预算执行率：决算占年初预算（%）", "execution_rate_by_subject",
     dict(bar("subject_name", [sql_metric("100.0 * SUM(final_amount) / NULLIF(SUM(COALESCE(initial_budget, "
                                          "full_year_budget)), 0)", "完成率（%）")],
              filters=[where("line_kind", "==", "科目"), where("initial_budget", ">", 0)],
              horizontal=True, y_title=""), y_axis_format=",.1f"), 6, 50),
    ("三公经费：预算与决算", "three_public_expenses",
     bar("category", [metric("budget", "SUM", "预算数（万元）"), metric("actual", "SUM", "决算数（万元）")],
         filters=[where("category_order", ">", 1)], horizontal=True, y_title=""), 6, 50),
    ("项目：执行率与自评得分", "fct_project_scorecard",
     {"viz_type": "bubble_v2", "entity": "project_name", "series": None,
      "x": metric("execution_rate", "MAX", "执行率（%）"), "y": metric("total_score", "MAX", "自评得分"),
      "size": metric("executed", "SUM", "全年执行数（万元）"),
      "adhoc_filters": [sql_where("NOT is_template AND execution_rate IS NOT NULL")],
      "row_limit": 500, "max_bubble_size": "25", "x_axis_label": "执行率（%）", "y_axis_label": "自评得分",
      "xAxisFormat": ",.0f", "y_axis_format": ",.0f", "x_axis_title_margin": 30, "y_axis_title_margin": 40,
      "show_legend": False, "color_scheme": "supersetColors", "opacity": 0.6}, 6, 50),
    ("核对结果（勾稽关系）", "consistency_checks",
     {"viz_type": "pie", "groupby": ["status"], "metric": metric("check_id", "COUNT", "检查项数"),
      "adhoc_filters": [], "row_limit": 100, "show_legend": True, "legendOrientation": "top", "show_labels": True,
      "label_type": "key_value", "number_format": "SMART_NUMBER", "donut": True, "innerRadius": 40,
      "outerRadius": 70, "color_scheme": "supersetColors", "sort_by_metric": True}, 6, 50),
    ("不平衡的勾稽关系", "consistency_checks",
     table(["department_name", "fiscal_year", "rule_id", "item_key", "left_value", "right_value", "difference",
            "rule_description"], filters=[where("status", "==", "mismatch")],
           order_by=[("department_name", True), ("rule_id", True)]), 12, 60),
]

FILTERS = [
    # (name, dataset, column, default to the first value, sort ascending)
    ("部门", "spending_by_class", "department_name", False, True),
    ("决算年度", "spending_by_class", "fiscal_year", True, False),
]


def chart_yaml(name: str, dataset: str, params: dict) -> dict:
    return {"slice_name": name, "description": None, "certified_by": None, "certification_details": None,
            "viz_type": params["viz_type"], "params": {**params, "datasource": f"{uid('dataset', dataset)}__table"},
            "query_context": None, "cache_timeout": None, "uuid": uid("chart", name), "version": "1.0.0",
            "dataset_uuid": uid("dataset", dataset)}


def dashboard_yaml() -> dict:
    position: dict = {"DASHBOARD_VERSION_KEY": "v2",
                      "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
                      "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
                      "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": DASHBOARD_TITLE}}}
    row, used = None, 12
    for index, (name, _dataset, _params, width, height) in enumerate(CHARTS, start=1):
        if used + width > 12:
            row = f"ROW-{index}"
            position[row] = {"type": "ROW", "id": row, "children": [], "parents": ["ROOT_ID", "GRID_ID"],
                             "meta": {"background": "BACKGROUND_TRANSPARENT"}}
            position["GRID_ID"]["children"].append(row)
            used = 0
        chart = f"CHART-{index}"
        position[chart] = {"type": "CHART", "id": chart, "children": [], "parents": ["ROOT_ID", "GRID_ID", row],
                           "meta": {"width": width, "height": height, "chartId": index, "sliceName": name,
                                    "uuid": uid("chart", name)}}
        position[row]["children"].append(chart)
        used += width
    native = []
    for name, dataset, column, first, ascending in FILTERS:
        native.append({
            "id": "NATIVE_FILTER-" + uid("filter", name)[:12], "name": name, "filterType": "filter_select",
            "type": "NATIVE_FILTER", "description": "", "cascadeParentIds": [],
            "chartsInScope": list(range(1, len(CHARTS) + 1)),
            "scope": {"rootPath": ["ROOT_ID"], "excluded": []}, "tabsInScope": [],
            "targets": [{"column": {"name": column}, "datasetUuid": uid("dataset", dataset)}],
            # the latest year is selected before the charts load (required, first value), so that no chart sums years
            "requiredFirst": first,
            "controlValues": {"enableEmptyFilter": first, "defaultToFirstItem": first, "multiSelect": True,
                              "searchAllOptions": False, "inverseSelection": False, "sortAscending": ascending},
            "defaultDataMask": {"extraFormData": {}, "filterState": {}, "ownState": {}}})
    return {
        "dashboard_title": DASHBOARD_TITLE, "description": None, "css": "", "slug": DASHBOARD_SLUG,
        "certified_by": "", "certification_details": "", "published": True, "uuid": uid("dashboard", DASHBOARD_SLUG),
        "position": position,
        "metadata": {"native_filter_configuration": native, "color_scheme": "supersetColors",
                     "cross_filters_enabled": False, "refresh_frequency": 0, "expanded_slices": {},
                     "timed_refresh_immune_slices": [], "default_filters": "{}", "label_colors": {},
                     "shared_label_colors": [], "color_scheme_domain": []},
        "version": "1.0.0",
    }


def database_yaml() -> dict:
    """The warehouse connection; `juesuan dashboards superset` fills in the real URL at import."""
    return {"database_name": DATABASE, "sqlalchemy_uri": "postgresql://juesuan_analyst:XXXXXXXXXX@localhost:5432/juesuan",
            "cache_timeout": None, "expose_in_sqllab": True, "allow_run_async": False, "allow_ctas": False,
            "allow_cvas": False, "allow_dml": False, "allow_file_upload": False,
            "extra": {"allows_virtual_table_explore": True, "schema_options": {"expand_rows": False}},
            "uuid": uid("database", DATABASE), "version": "1.0.0"}


class _Dumper(yaml.SafeDumper):
    """SQL and other multi-line text as literal blocks, readable in a diff."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def write(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# generated by deploy/superset/generate.py from the dbt project's descriptions; do not edit by hand\n"
    path.write_text(header + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def generate(out: Path = EXPORT) -> None:
    """Write the whole export into ``out`` (emptied first)."""
    described = dbt_columns()
    if out.exists():
        shutil.rmtree(out)
    write(out / "metadata.yaml", {"version": "1.0.0", "type": "Dashboard", "timestamp": "2026-01-01T00:00:00+00:00"})
    write(out / "databases" / f"{DATABASE}.yaml", database_yaml())
    for name, doc in datasets(described).items():
        write(out / "datasets" / DATABASE / f"{name}.yaml", doc)
    for index, (name, dataset, params, _w, _h) in enumerate(CHARTS, start=1):
        write(out / "charts" / f"chart_{index:02d}.yaml", chart_yaml(name, dataset, params))
    write(out / "dashboards" / f"{DASHBOARD_SLUG}.yaml", dashboard_yaml())


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else EXPORT)
    print(f"wrote the export: {len(PHYSICAL) + len(VIRTUAL)} datasets, {len(CHARTS)} charts")
