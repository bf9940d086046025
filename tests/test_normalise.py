"""Conversion-damage repairs and exact number reading."""
from decimal import Decimal

import pytest

from juesuan.loaders.normalise import clean_label, clean_text, header_key, looks_numeric
from juesuan.loaders.numbers import chinese_number, parse_number


@pytest.mark.parametrize("printed, value", [
    ("81,315.03", Decimal("81315.03")),
    ("0", Decimal("0")),
    ("200.00", Decimal("200.00")),
    ("-88.8 5", Decimal("-88.85")),   # a number broken by wrapping
    ("90 0", Decimal("900")),
    ("1, 523.07", Decimal("1523.07")),
    ("−3.5", Decimal("-3.5")),
    (".5", Decimal("0.5")),
])
def test_parse_amount_is_exact(printed, value):
    parsed = parse_number(printed)
    assert parsed == value and isinstance(parsed, Decimal)
    assert str(parsed) == str(value)  # the printed scale is kept: 200.00 stays 200.00


@pytest.mark.parametrize("text", ["", "-", "—", "abc", "88.18 %", "2023 年", "1.2.3"])
def test_parse_amount_refuses_what_is_not_one_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_blank_and_zero_stay_apart():
    assert looks_numeric("0")
    assert not looks_numeric("")
    assert not looks_numeric("-")


def test_spaced_characters_are_joined():
    assert clean_text("一 级 指 标") == "一级指标"
    assert clean_text("公务用车购 置费") == "公务用车购置费"
    assert clean_label("因公出国 (境)费") == "因公出国(境)费"
    assert header_key("收 入") == "收入"


def test_latex_and_html_remnants_are_removed():
    assert clean_text(r"$\geq 80\%$") == "≥ 80%"
    assert clean_text(r"$\leq 1.36$ 亿元") == "≤ 1.36 亿元"
    assert clean_text("<p>贯彻落实</p><ol><li>目标</li></ol>") == "贯彻落实目标"


def test_chinese_numbers():
    assert chinese_number("二〇二四") == 2024
    assert chinese_number("九") == 9
    assert chinese_number("十二") == 12
    assert chinese_number("二十六") == 26
