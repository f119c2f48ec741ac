"""Small text utilities every stage shares: years in Chinese text, on-screen width, usable numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .vocabulary import Status

# A year as reports write it: `2023年`, `2023 年` (a space left by PDF extraction). 1900–2099 only,
# so counts such as `1234年` of something are not years.
YEAR = re.compile(r"((?:19|20)\d{2}) ?年")
# A year in a date or a period written with digits: `2023-01-01`, `2023.1`, `2023/12/31`.
YEAR_IN_DATE = re.compile(r"((?:19|20)\d{2})[-./]\d")
# Either: the years a statistics period names (`2023年1月1日至…`, `2023.1.1-2023.12.31`).
YEAR_OR_DATE = re.compile(r"((?:19|20)\d{2})(?: ?年|[-./]\d)")

# Wide characters (CJK, full-width forms) take two columns on a terminal.
_WIDE = re.compile("[\u2e80-\U0010ffff]")


def display_width(text: str) -> int:
    """Columns a line takes on screen: wide (CJK, full-width) characters count two."""
    return len(text) + len(_WIDE.findall(text))


def char_width(char: str) -> int:
    """Columns one character takes on screen (see `display_width`)."""
    return 2 if _WIDE.match(char) else 1


# What can be computed with: a number or a zero read from the report. Blank, a dash, text or a
# damaged cell is no number (blank is not zero).
USABLE = frozenset({Status.NUMBER, Status.ZERO})


def is_usable(status: str) -> bool:
    """Whether a value of this status is a number to compute with."""
    return status in USABLE


def usable_number(value: Decimal | str | None, status: str) -> Decimal | None:
    """The value as a Decimal when its status makes it usable and it parses, else None."""
    if value is None or status not in USABLE:
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(value)
    except InvalidOperation:
        return None
