import re
import time

import pytest

from govdisclosure import patterns as P

# The pattern as it was (quadratic on a run of pipes), to compare answers with.
OLD_EMPTY_TABLE_MARKUP = re.compile(r"^[|\s]*\|[|\s]*$|^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
MARKUP_LINES = ["| | |", "|---|:--:|", "  |  ", "|", "||x", "| a |", "---", "| --- | --- |", " | - |", "|:-|",
                "\t|\t", "|---|x", "--|--", " ---- | ---- ", "||||", "| |x", "x|", "", " "]


@pytest.mark.parametrize("line", MARKUP_LINES)
def test_empty_table_markup_answers_as_before(line):
    assert bool(P.EMPTY_TABLE_MARKUP.match(line)) == bool(OLD_EMPTY_TABLE_MARKUP.match(line))


@pytest.mark.parametrize("line", ["|" * 200_000 + "x", "| " * 100_000 + "x", "-- |" * 50_000 + "x"])
def test_empty_table_markup_is_linear_on_a_long_line(line):
    start = time.process_time()
    assert not P.EMPTY_TABLE_MARKUP.match(line)
    assert time.process_time() - start < 1.0  # the old form took minutes on 200,000 pipes


@pytest.mark.parametrize("text", ["1", "-1.5", "12%", "-", "—", "／", "增2", "减少 4", "持平", "平", "a", "", "1a", "增"])
def test_is_value_cell_is_unchanged_by_its_cheap_first_test(text):
    full = bool(P.NUMBER_CELL.match(text) or P.DASH_CELL.match(text) or P.WORD_CHANGE.match(text))
    assert P.is_value_cell(text) == full
