"""Repair the damage a PDF-to-text conversion does to cell text, and read numbers.

Pure functions, no I/O, memoised (a report repeats the same cell texts many times): spaced-out CJK characters (“一 级 指 标”), LaTeX and
HTML remnants; placeholders printed for “no amount”. Numbers: see numbers.py.
"""
from __future__ import annotations

import re
from functools import lru_cache
from juesuan.loaders.numbers import is_number

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACE_AROUND_BRACKET = re.compile(r"\s*([()（）])\s*")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_LATEX = {
    r"\geq": "≥", r"\geqslant": "≥", r"\ge": "≥", r"\leq": "≤", r"\leqslant": "≤", r"\le": "≤",
    r"\%": "%", r"\times": "×", r"\pm": "±", r"\neq": "≠",
}
_LATEX_CMD = re.compile(r"\\[a-zA-Z]+|\\%")
_WS = re.compile(r"\s+")

_DASHES = {"-", "—", "–", "－", "——", "/", "--"}


def strip_markup(text: str) -> str:
    """Remove HTML tags and turn LaTeX math (“$\\geq 80\\%$”) into plain symbols."""
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "\\" in text or "$" in text:
        text = _LATEX_CMD.sub(lambda m: _LATEX.get(m.group(0), ""), text)
        text = text.replace("$", "").replace("{", "").replace("}", "")
    return text


@lru_cache(maxsize=1 << 16)
def clean_text(text: str | None) -> str:
    """Markup removed, whitespace collapsed, spaces between CJK characters removed."""
    if not text:
        return ""
    text = strip_markup(text).replace("\u3000", " ").replace("\xa0", " ")
    text = _WS.sub(" ", text).strip()
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return text


@lru_cache(maxsize=1 << 16)
def clean_label(text: str | None) -> str:
    """A row or column label: clean_text, and no spaces around brackets (“因公出国 (境)费”)."""
    text = clean_text(text)
    return _SPACE_AROUND_BRACKET.sub(r"\1", text)


@lru_cache(maxsize=1 << 16)
def header_key(text: str | None) -> str:
    """A label reduced for matching: no spaces at all, full-width brackets as ASCII."""
    text = clean_label(text).replace(" ", "")
    return text.replace("（", "(").replace("）", ")").replace("“", "\"").replace("”", "\"")


def is_blank(cell: str | None) -> bool:
    return cell is None or clean_text(cell) == ""


def is_placeholder(cell: str | None) -> bool:
    """A dash or slash printed where there is no amount."""
    return clean_text(cell) in _DASHES


def looks_numeric(cell: str | None) -> bool:
    text = (cell or "").strip()
    return bool(text) and text not in _DASHES and is_number(text)

