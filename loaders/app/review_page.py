"""A review as one self-contained page (HTML with its own styles, or Markdown). Pure rendering, no database."""
from __future__ import annotations

from decimal import Decimal
from html import escape

from juesuan.loaders.app.review import Review
from juesuan.loaders.app.warehouse import Finding

SEVERITY_ZH = {"error": "错误", "warning": "警告", "note": "提示"}
STATUS_ZH = {"found": "已公开", "incomplete": "不完整", "empty_with_note": "空表（有说明）", "empty": "空表（无说明）",
             "missing": "缺失"}
STATUS_OK = {"found", "empty_with_note"}
CITE_WIDTH = 160

STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;
color:#1f2328;line-height:1.5;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem;
margin-top:2rem}h3{font-size:1.02rem;margin:1.2rem 0 .4rem}
.meta{color:#57606a;font-size:.9rem}.badges{display:flex;gap:.6rem;flex-wrap:wrap;margin:1rem 0}
.badge{border-radius:6px;padding:.45rem .8rem;font-weight:600}.b-error{background:#ffebe9;color:#a40e26}
.b-warning{background:#fff8c5;color:#7d4e00}.b-note{background:#ddf4ff;color:#0550ae}
.b-explained{background:#eaeef2;color:#424a53}.b-ok{background:#dafbe1;color:#116329}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.3rem 0 1rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.where{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.cite{color:#57606a;font-size:.82rem}.bad{color:#a40e26;font-weight:600}.good{color:#116329}
.rule{color:#57606a;font-weight:400;font-size:.9rem}.caveat{color:#7d4e00;font-size:.85rem}
"""


def _num(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _cite(f: Finding) -> str:
    text = " ".join((f.cite_text or "").split())
    return text if len(text) <= CITE_WIDTH else text[:CITE_WIDTH - 1] + "…"


def render_html(review: Review) -> str:
    counts = review.severity_counts()
    out = [f"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
           f"<title>{escape(review.department_name)} {review.fiscal_year} 年度部门决算审核</title>"
           f"<style>{STYLE}</style></head><body>",
           f"<h1>{escape(review.department_name)} {review.fiscal_year} 年度部门决算 审核报告</h1>",
           f"<div class=\"meta\">文件 {escape(review.source_path)}（{escape(review.source_format)}），"
           f"入库 {escape(review.loaded_at)}，文档编号 {review.document_id}，表套 {escape(review.table_set or '')}"
           f"{'，<span class=bad>文件被截断：' + escape(review.truncated) + '</span>' if review.truncated else ''}"
           f"，解析警告 {review.parse_warnings} 条</div>",
           "<div class=\"badges\">"
           f"<span class=\"badge b-error\">错误 {counts['error']}</span>"
           f"<span class=\"badge b-warning\">警告 {counts['warning']}</span>"
           f"<span class=\"badge b-note\">提示 {counts['note']}</span>"
           f"<span class=\"badge b-explained\">已解释差异 {len(review.explained)}</span>"
           f"<span class=\"badge b-ok\">核对无误 {review.verified_count}</span></div>"]

    out.append("<h2>一、报表完整性</h2><table><tr><th>表号</th><th>表名</th><th>状态</th><th>说明</th><th>位置</th></tr>")
    for t in review.completeness:
        css = "good" if t.status in STATUS_OK else "bad"
        out.append(f"<tr><td>公开{escape(t.table_code)}</td><td>{escape(t.table_name)}</td>"
                   f"<td class=\"{css}\">{STATUS_ZH.get(t.status, t.status)}</td><td>{escape(t.note or '')}</td>"
                   f"<td>{escape(t.where)}</td></tr>")
    out.append("</table>")

    out.append("<h2>二、发现的问题</h2>")
    if not review.findings:
        out.append("<p class=\"good\">未发现不一致。</p>")
    for severity, rules in review.by_severity():
        out.append(f"<h3>{SEVERITY_ZH[severity]}（{sum(len(fs) for _, fs in rules)}）</h3>")
        for rule_id, findings in rules:
            first = findings[0]
            out.append(f"<p><b>{escape(rule_id)}</b> <span class=\"rule\">{escape(first.rule_description)}</span>"
                       f"{'<br><span class=caveat>提示：' + escape(first.caveat) + '</span>' if first.caveat else ''}</p>")
            out.append("<table><tr><th>检查项</th><th>左边</th><th>右边</th><th>差额</th><th>位置</th><th>引文</th></tr>")
            for f in findings:
                out.append(f"<tr><td>{escape(f.item_key or '')}</td><td class=num>{_num(f.left_value)}</td>"
                           f"<td class=num>{_num(f.right_value)}</td><td class=\"num bad\">{_num(f.difference)}</td>"
                           f"<td class=where>{escape(f.where)}</td><td class=cite>{escape(_cite(f))}</td></tr>")
            out.append("</table>")

    out.append("<h2>三、已解释的差异</h2>")
    if not review.explained:
        out.append("<p>无。</p>")
    else:
        out.append("<table><tr><th>规则</th><th>差额</th><th>解释金额及位置</th><th>说明</th></tr>")
        for f in review.explained:
            out.append(f"<tr><td><b>{escape(f.rule_id)}</b><br><span class=rule>{escape(f.rule_description)}</span></td>"
                       f"<td class=num>{_num(f.difference)}</td><td>{escape(f.explained_by or '')}</td>"
                       f"<td>{escape(f.explanation or '')}</td></tr>")
        out.append("</table>")

    out.append("<h2>四、核对无误的项目</h2><table><tr><th>规则组</th><th>适用规则</th><th>核对无误</th><th>问题</th></tr>")
    for g in review.verified:
        out.append(f"<tr><td>{escape(g.name)}</td><td class=num>{g.rules}</td><td class=\"num good\">{g.checks_ok}</td>"
                   f"<td class=\"num{' bad' if g.findings else ''}\">{g.findings}</td></tr>")
    out.append("</table><p class=meta>由 juesuan 生成：规则目录见 reference.reconciliation_rules，"
               "逐条结果见 marts.consistency_checks。</p></body></html>")
    return "\n".join(out)


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(review: Review) -> str:
    counts = review.severity_counts()
    out = [f"# {review.department_name} {review.fiscal_year} 年度部门决算 审核报告", "",
           f"文件 `{review.source_path}`（{review.source_format}），入库 {review.loaded_at}，文档编号 {review.document_id}"
           + (f"，**文件被截断：{review.truncated}**" if review.truncated else "")
           + f"，解析警告 {review.parse_warnings} 条。", "",
           f"**错误 {counts['error']} · 警告 {counts['warning']} · 提示 {counts['note']} · "
           f"已解释差异 {len(review.explained)} · 核对无误 {review.verified_count}**", "",
           "## 一、报表完整性", "", "| 表号 | 表名 | 状态 | 说明 | 位置 |", "|---|---|---|---|---|"]
    out += [f"| 公开{t.table_code} | {_md(t.table_name)} | {STATUS_ZH.get(t.status, t.status)} | {_md(t.note)} | {t.where} |"
            for t in review.completeness]
    out += ["", "## 二、发现的问题", ""]
    if not review.findings:
        out.append("未发现不一致。")
    for severity, rules in review.by_severity():
        out += [f"### {SEVERITY_ZH[severity]}（{sum(len(fs) for _, fs in rules)}）", ""]
        for rule_id, findings in rules:
            out += [f"**{rule_id}** {findings[0].rule_description}" + (f"（提示：{findings[0].caveat}）"
                                                                      if findings[0].caveat else ""), "",
                    "| 检查项 | 左边 | 右边 | 差额 | 位置 | 引文 |", "|---|--:|--:|--:|---|---|"]
            out += [f"| {_md(f.item_key)} | {_num(f.left_value)} | {_num(f.right_value)} | {_num(f.difference)} | "
                    f"{f.where} | {_md(_cite(f))} |" for f in findings]
            out.append("")
    out += ["## 三、已解释的差异", ""]
    if review.explained:
        out += ["| 规则 | 差额 | 解释金额及位置 |", "|---|--:|---|"]
        out += [f"| {f.rule_id} {_md(f.rule_description)} | {_num(f.difference)} | {_md(f.explained_by)} |"
                for f in review.explained]
    else:
        out.append("无。")
    out += ["", "## 四、核对无误的项目", "", "| 规则组 | 适用规则 | 核对无误 | 问题 |", "|---|--:|--:|--:|"]
    out += [f"| {g.name} | {g.rules} | {g.checks_ok} | {g.findings} |" for g in review.verified]
    return "\n".join(out) + "\n"
