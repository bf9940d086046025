"""The one grammar of a printed number, shared by the table, scorecard and narrative readers.

Pure functions, no I/O. A number as reports print it: digits with thousands
separators (81,315.03), a sign (-2771.93, −, –), and the spaces a line wrap or
a text conversion put inside it (“-88.8 5” is −88.85, “90 0” is 900,
“2023. 2” is 2023.2). A cell may also print an accounting negative in
brackets, “(2,728.56)” is −2728.56, and full-width digits, “１２３．４５” is 123.45
(``plain_cell``). Reading is exact: Decimal, never float.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

SIGN = "-−–"
# digits, thousands commas, and a space only where another digit follows; then the decimal part
NUMBER = r"\d(?:[\d,]|\s(?=\d))*(?:\s*\.\s*\d(?:\d|\s(?=\d))*)?"
# a number that may carry a sign
SIGNED_NUMBER = rf"[{SIGN}]?\s*{NUMBER}"
# a percent figure in running text: “增长 6.54%”; group 1 is the number
PCT = r"(-?\d+(?:\.\d+)?)\s*[%％]"

_CELL = re.compile(rf"^[{SIGN}]?\s*(?:{NUMBER}|\.\s*\d(?:\d|\s(?=\d))*)$")
_NOT_DIGITS = re.compile(r"[\s,]")
# full-width digits, point, comma, minus and brackets as their ASCII forms
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－（）", "0123456789.,-()")
# an accounting negative: an amount in brackets, with a decimal point or thousands separator (never “(3)”)
_BRACKETED = re.compile(r"^\(\s*([^()]*[.,][^()]*?)\s*\)$")


def plain_cell(text: str) -> str:
    """A cell's number in the one ASCII grammar: full-width characters as ASCII, “(2,728.56)” as “-2,728.56”.

    Text that is not written that way is returned stripped and otherwise as it is.
    """
    text = (text or "").strip()
    if not text.isascii():
        text = text.translate(_FULL_WIDTH)
    if text.startswith("(") and (m := _BRACKETED.match(text)) and m.group(1)[:1] not in SIGN:
        text = "-" + m.group(1)
    return text


def is_number(text: str) -> bool:
    """The whole text (stripped) is one printed number."""
    return bool(_CELL.match(plain_cell(text)))


def parse_number(text: str) -> Decimal:
    """The exact decimal of a printed number: '81,315.03' → 81315.03, '-88.8 5' → -88.85, '(2,728.56)' → -2728.56.

    Raises ValueError for text that is not one number.
    """
    stripped = plain_cell(text)
    if not _CELL.match(stripped):
        raise ValueError(f"not a number: {text!r}")
    negative = stripped[0] in SIGN
    digits = _NOT_DIGITS.sub("", stripped.lstrip(SIGN))
    if digits.startswith("."):
        digits = "0" + digits
    try:
        value = Decimal(digits)
    except InvalidOperation as err:  # pragma: no cover - the grammar admits only digits
        raise ValueError(f"not a number: {text!r}") from err
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
