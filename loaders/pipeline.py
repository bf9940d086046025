"""A file in, a Report out: pick the format adapter, recognise, check. No database here."""
from __future__ import annotations

from pathlib import Path

from loaders import hierarchy
from loaders.adapters import excel_report, pdf_report, text_report
from loaders.blank_template import check_not_blank
from loaders.errors import ReportError
from loaders.grids import Document
from loaders.narrative import read_narrative
from loaders.recognise import recognise
from loaders.report import Report
from loaders.report_meta import read_meta
from loaders.scorecards import read_scorecards
from loaders.validate import check_complete

ADAPTERS = {".txt": text_report.read, ".text": text_report.read, ".md": text_report.read}
ADAPTERS.update({".pdf": pdf_report.read, ".xlsx": excel_report.read, ".xls": excel_report.read})
SUPPORTED = tuple(ADAPTERS)


def read_document(path: Path) -> Document:
    adapter = ADAPTERS.get(path.suffix.lower())
    if adapter is None:
        raise ReportError(str(path), f"unsupported file type {path.suffix or '(none)'}; "
                          f"this version reads {', '.join(SUPPORTED)}")
    try:
        return adapter(path)
    except OSError as err:
        raise ReportError(str(path), f"cannot read the file: {err.strerror or err}") from err


def parse_file(path: str | Path) -> Report:
    path = Path(path)
    document = read_document(path)
    recognised = recognise(document, hierarchy.class_codes_by_name())
    meta = read_meta(document.text_lines(), recognised.departments)
    check_not_blank(str(path), recognised)
    check_complete(str(path), meta, recognised)
    amounts = [a for code in sorted(recognised.tables) for a in recognised.tables[code].amounts]
    units = {t.info.unit for t in recognised.tables.values()}
    return Report(
        source_path=str(path),
        source_format=document.source_format,
        content_sha256=document.content_sha256,
        department_name=meta.department_name,
        fiscal_year=meta.fiscal_year,
        kind=meta.kind,
        money_unit=units.pop() if len(units) == 1 else "mixed",
        publication_text=meta.publication_text,
        published_on=meta.published_on,
        tables={code: t.info for code, t in sorted(recognised.tables.items())},
        amounts=amounts,
        subjects=hierarchy.subject_hierarchy(amounts),
        econ_subjects=hierarchy.econ_hierarchy(amounts),
        budget_units=meta.budget_units,
        warnings=recognised.warnings,
        scorecards=read_scorecards(document, recognised.warnings),
        narrative_facts=read_narrative(document.text_lines(), hierarchy.subject_hierarchy(amounts)),
    )
