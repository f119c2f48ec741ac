"""Line shapes shared by the normaliser and the line lexer: one home for each pattern.

All patterns run on NORMALISED text (ASCII digits, full-width （）：，；！？, single spaces).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

CN_NUMERAL = "[一二三四五六七八九十]{1,3}"

# `一、总体情况`
SECTION = re.compile(rf"^({CN_NUMERAL})、\s*")
# `（一）主动公开情况` (also `(一)`: folded to full width by the normaliser)
SUBSECTION = re.compile(rf"^（({CN_NUMERAL})）\s*")
# `1、` `1.` `1．` but not a decimal (`1.5`) or a date
ITEM = re.compile(r"^(\d{1,2})(、|\.(?!\d)|．)\s*")
# Markdown heading marks, removed by the normaliser
MD_HEADING = re.compile(r"^#{1,6}\s*")
# Table markup with no content: markdown rules (`|---|:--:|`) and empty pipe rows (`| | |`).
# Every quantifier is followed by something it cannot match (`\s*` then `|`), so a match is
# linear in the line: the older `[|\s]*\|[|\s]*` tried every `|` as the middle one, quadratic
# on a long run of pipes.
EMPTY_TABLE_MARKUP = re.compile(r"^\s*\|[\s|]*$|^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
PAGE_FOOTER = re.compile(r"^(?:[-—–－~]+ ?\d{1,4} ?[-—–－~]+|第 ?\d{1,4} ?页(?: ?共 ?\d{1,4} ?页)?)$")
CRAWLER_BODY_MARK = re.compile(r"^=+ ?正文 ?=+$")
METADATA_LINE = re.compile(r"^([^\s：:|]{1,16})[：:] ?(.*)$")

# A value cell: a number (signed, decimal, percent), a dash standing for "none", or a change in
# words (WORD_CHANGE).
NUMBER_CELL = re.compile(r"^[-+]?\d+(?:\.\d+)?%?$")
DASH_CELL = re.compile(r"^[-—–/／]$")
# A change written in words (the 2019 template's 本年增/减): `增2`, `减少4`, `增加 3`, `持平`.
WORD_CHANGE = re.compile(r"^(?:(增加?|减少?) ?(\d+(?:\.\d+)?)|持平)$")

CAPTION = re.compile(
    r"^(?:表[一二三四五六七八九十\d]+|附表|附件|政府信息公开情况统计表|.{0,20}统计表$"
    r"|（\d{4}年度?）$|填报单位|第二十条 ?第（[一二三四五六七八九十]+）项$)"
)
SIGNOFF = re.compile(r"^(?:单位负责人|审核人|填报人|联系电话|填报日期|制表人|统计人)[：:]")
TABLE_NOTE = re.compile(r"^(?:注|备注|说明)[：:]")

# Sentence punctuation that marks prose, not a table label (commas inside brackets are allowed).
SENTENCE_PUNCT = re.compile(r"[。；！？]")
PROSE_PUNCT = re.compile(r"[。，；！？]")
BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)|《[^《》]*》")
LINE_END_PUNCT = "。！？；：…"

CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(numeral: str) -> int:
    """`一` → 1, `十` → 10, `十二` → 12, `二十三` → 23 (the numbers headings use)."""
    if "十" not in numeral:
        value = 0
        for ch in numeral:
            value = value * 10 + CN_VALUES[ch]
        return value
    tens, _, units = numeral.partition("十")
    return (CN_VALUES[tens] if tens else 1) * 10 + (CN_VALUES[units] if units else 0)


# The last character of a value cell: a cheap test before splitting a line into cells.
VALUE_CELL_ENDS = frozenset("0123456789%-—–/／平")


def is_value_cell(text: str) -> bool:
    # Every value shape ends in one of VALUE_CELL_ENDS: most text is refused without a regex.
    if not text or text[-1] not in VALUE_CELL_ENDS:
        return False
    return bool(NUMBER_CELL.match(text) or DASH_CELL.match(text) or WORD_CHANGE.match(text))


def is_prose(text: str) -> bool:
    """Sentence punctuation outside brackets: a line of prose, not a table label."""
    return bool(SENTENCE_PUNCT.search(BRACKETED.sub("", text)))


def _cells(text: str, separator: str) -> list[tuple[int, int]]:
    """(start, end) of each separator-delimited cell, whitespace trimmed."""
    cells, start = [], 0
    for match in re.finditer(re.escape(separator), text):
        cells.append(_trim(text, start, match.start()))
        start = match.end()
    cells.append(_trim(text, start, len(text)))
    return cells


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def split_space_row(text: str) -> list[tuple[int, int]] | None:
    """Cells of a space-separated table row (Huai'an, Hongze), or None.

    A row ends in one or more value cells after a label that is not prose; a line of values
    alone is a row too (the PDF put the label on another line).
    """
    if not text or text[-1] not in VALUE_CELL_ENDS or "\t" in text or "|" in text:
        return None
    cells = _cells(text, " ")
    parts = [text[a:b] for a, b in cells]
    values = 0
    for part in reversed(parts):
        if not is_value_cell(part):
            break
        values += 1
    if values == 0:
        return None
    label_text = " ".join(parts[: len(parts) - values])
    if not label_text:
        return cells if values >= 2 else None
    if PROSE_PUNCT.search(BRACKETED.sub("", label_text)) or label_text.endswith(("年", "月", "为", "至", "约")):
        return None
    # A long label is prose unless its length is a bracketed note (`（不包括…的经费）`).
    if values == 1 and (len(BRACKETED.sub("", label_text)) > 30 or not _looks_like_label(label_text)):
        return None
    return cells


def _looks_like_label(text: str) -> bool:
    # A label with a single value has no digits of its own (prose like `共 12 件 3` is no row).
    return not re.search(r"\d", BRACKETED.sub("", ITEM.sub("", text)))


def split_pipe_row(text: str) -> list[tuple[int, int]] | None:
    """Cells of a pipe row (`a | b | c |`, `| a | b |`), or None."""
    if text.count("|") < 2 and not text.endswith("|"):
        return None
    start, end = 0, len(text)
    if text.startswith("|"):
        start = 1
    if text.endswith("|") and end > start:
        end -= 1
    return [(a + start, b + start) for a, b in _cells(text[start:end], "|")]


def split_tab_row(text: str) -> list[tuple[int, int]] | None:
    if "\t" not in text:
        return None
    return _cells(text, "\t")


def split_row(text: str) -> list[tuple[int, int]] | None:
    """Cells of any table row shape the corpus shows (tab, pipe, space), or None. Tabs come first:
    a tab-separated cell may hold a `|`."""
    return split_tab_row(text) or split_pipe_row(text) or split_space_row(text)


@lru_cache(maxsize=1)
def known_headings() -> tuple[str, ...]:
    """Known section headings without their numbers (data/headings.txt), longest first."""
    text = resources.files("govdisclosure").joinpath("data/headings.txt").read_text(encoding="utf-8")
    lines = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return tuple(sorted(lines, key=len, reverse=True))


def starts_with_known_heading(text: str, start: int = 0) -> bool:
    return text.startswith(known_headings(), start)
