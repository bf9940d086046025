"""Repair the damage a PDF-to-text conversion does to cell text, and read numbers.

Pure functions, no I/O: spaced-out CJK characters (“一 级 指 标”), LaTeX and
HTML remnants, numbers broken by wrapping (“-88.8 5” → -88.85, “90 0” → 900).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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

# a cell that holds one number, possibly with thousands separators and spaces from wrapping
_NUMBER = re.compile(r"^[-−–]?\s*(?:\d[\d,\s]*)?(?:\.\s*[\d\s]*\d)?$")
_DASHES = {"-", "—", "–", "－", "——", "/", "--"}


def strip_markup(text: str) -> str:
    """Remove HTML tags and turn LaTeX math (“$\\geq 80\\%$”) into plain symbols."""
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "\\" in text or "$" in text:
        text = _LATEX_CMD.sub(lambda m: _LATEX.get(m.group(0), ""), text)
        text = text.replace("$", "").replace("{", "").replace("}", "")
    return text


def clean_text(text: str | None) -> str:
    """Markup removed, whitespace collapsed, spaces between CJK characters removed."""
    if not text:
        return ""
    text = strip_markup(text).replace("\u3000", " ").replace("\xa0", " ")
    text = _WS.sub(" ", text).strip()
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return text


def clean_label(text: str | None) -> str:
    """A row or column label: clean_text, and no spaces around brackets (“因公出国 (境)费”)."""
    text = clean_text(text)
    return _SPACE_AROUND_BRACKET.sub(r"\1", text)


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
    return bool(text) and text not in _DASHES and bool(_NUMBER.match(text)) and any(c.isdigit() for c in text)


def parse_amount(cell: str) -> Decimal:
    """The exact decimal of a printed amount: '81,315.03' → 81315.03, '-88.8 5' → -88.85.

    Raises ValueError for text that is not one number.
    """
    text = (cell or "").strip()
    if not looks_numeric(text):
        raise ValueError(f"not a number: {cell!r}")
    negative = text[0] in "-−–"
    digits = re.sub(r"[\s,]", "", text.lstrip("-−–"))
    if digits.startswith("."):
        digits = "0" + digits
    try:
        value = Decimal(digits)
    except InvalidOperation as err:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not a number: {cell!r}") from err
    return -value if negative else value


_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """二〇二四 → 2024 (digit by digit), 十二 → 12, 九 → 9."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGITS.get(head, 1) if head else 1
        ones = _CN_DIGITS.get(tail, 0) if tail else 0
        return tens * 10 + ones
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    return None
