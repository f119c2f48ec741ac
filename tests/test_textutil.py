"""The shared text utilities: years, on-screen width, usable numbers."""
from decimal import Decimal

from govdisclosure.textutil import YEAR, YEAR_OR_DATE, char_width, display_width, is_usable, usable_number


def test_years_are_19xx_or_20xx_before_nian_or_in_a_date():
    assert YEAR.findall("2023年、2022 年、1234年、20231年") == ["2023", "2022"]
    assert YEAR_OR_DATE.findall("统计期限为2021-1-1起至2021.12.31止") == ["2021", "2021"]


def test_wide_characters_take_two_columns():
    assert display_width("政府abc") == 7 and display_width("（１）") == 6
    assert [char_width(c) for c in "a政，"] == [1, 2, 2]


def test_only_numbers_and_zeros_are_usable_and_blank_is_not_zero():
    assert is_usable("number") and is_usable("zero")
    assert not any(is_usable(s) for s in ("blank", "dash", "text", "unrecoverable"))
    assert usable_number("12", "number") == Decimal(12) and usable_number(Decimal(0), "zero") == 0
    assert usable_number(None, "blank") is None and usable_number("", "blank") is None
    assert usable_number("一二", "number") is None  # unparseable: no value rather than a wrong one
