"""A file in, a Report out: format adapter → grids → recognisers → report → validation. No database here."""
from __future__ import annotations

from pathlib import Path

from juesuan.loaders.adapters import read_document
from juesuan.loaders.narrative.facts import read_narrative
from juesuan.loaders.narrative.texts import read_texts
from juesuan.loaders.grids import Grid, TextLine
from juesuan.loaders.limits import shown
from juesuan.loaders.provenance import Where
from juesuan.loaders.report import ParseWarning, Report
from juesuan.loaders.report_meta import read_meta, region_of
from juesuan.loaders.scorecards.forms import read_scorecards
from juesuan.loaders.tables import hierarchy
from juesuan.loaders.tables.identify import detect_profile
from juesuan.loaders.tables.recognise import recognise
from juesuan.loaders.validate import check_is_report, check_not_blank, completeness, truncation


def parse_file(path: str | Path) -> Report:
    """The report a file holds; raises ReportError (naming the file and the reason) when it holds none."""
    path = Path(path)
    document = read_document(path)
    recognised = recognise(document, hierarchy.class_codes_by_name())
    lines = document.text_lines()
    meta = read_meta(lines, recognised.departments)
    check_not_blank(str(path), recognised)
    check_is_report(str(path), meta, recognised)
    profile = detect_profile(recognised.titles)
    scorecards = read_scorecards(document, recognised.warnings)
    truncated = truncation(document, recognised, profile.expected, scorecards)
    if damaged := _damaged_lines(document):
        recognised.warnings.append(ParseWarning(
            f"the file holds bytes that are not valid UTF-8, shown as � on {len(damaged)} line(s) "
            f"({', '.join(map(str, damaged[:5]))}{' …' if len(damaged) > 5 else ''}); nothing else is changed",
            None, Where(line=damaged[0])))
    if truncated:
        recognised.warnings.append(ParseWarning(f"the report looks cut short ({truncated}); what it printed is "
                                                "loaded and marked truncated", None, Where()))
    truncated_table = truncated.split("inside 公开", 1)[1] if truncated and "inside 公开" in truncated else None
    amounts = [a for code in sorted(recognised.tables) for a in recognised.tables[code].amounts]
    units = {t.info.unit for t in recognised.tables.values()}
    subjects = hierarchy.subject_hierarchy(amounts)
    return Report(
        source_path=shown(path),
        source_format=document.source_format,
        content_sha256=document.content_sha256,
        department_name=meta.department_name,
        fiscal_year=meta.fiscal_year,
        kind=meta.kind,
        region=region_of(meta.department_name),
        money_unit=units.pop() if len(units) == 1 else "mixed",
        publication_text=meta.publication_text,
        published_on=meta.published_on,
        tables={code: t.info for code, t in sorted(recognised.tables.items())},
        amounts=amounts,
        subjects=subjects,
        econ_subjects=hierarchy.econ_hierarchy(amounts),
        budget_units=meta.budget_units,
        warnings=recognised.warnings,
        scorecards=scorecards,
        narrative_facts=read_narrative(lines, subjects),
        narrative_texts=read_texts(lines),
        profile=profile.name,
        completeness=completeness(recognised, profile, truncated_table),
        truncated=truncated,
        text_lines=[line for line in lines if line.text.strip()],
    )


def _damaged_lines(document) -> list[int]:
    """Lines of a text file where the adapter put U+FFFD for bytes that are not UTF-8."""
    if document.source_format != "text":
        return []
    lines = {b.where.line for b in document.blocks if isinstance(b, TextLine) and "\ufffd" in b.text}
    lines |= {r.where.line for b in document.blocks if isinstance(b, Grid) for r in b.rows if "\ufffd" in r.raw}
    return sorted(line for line in lines if line)
