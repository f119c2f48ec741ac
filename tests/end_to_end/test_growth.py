"""Time grows linearly with the input on every path the adversarial runs found super-linear
(../shared/adversarial/README.md section 2, R1–R9): each input is timed at 10 KB, 100 KB and
1 MB, and each tenfold step in size may cost at most GROWTH times more (linear gives about 10,
quadratic about 100). These are `slow` (run with GOVDISCLOSURE_LONG=1, docs/testing.md); the
default suite runs each path once at 100 KB, where the quadratic forms took from 10 s to minutes.

The other tests here show that the fast paths taken for speed read text as the plain ones do."""
import itertools
import time

import pytest

import govdisclosure
from conftest import CORPUS, SAMPLE

SIZES = (10_000, 100_000, 1_000_000)
GROWTH = 30  # the most a tenfold step may cost: generous, for a shared machine
FAST_SIZE = 100_000
FAST_SECONDS = 10.0  # the default suite's bound at FAST_SIZE (each took 10 s to minutes before)


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def _pipes(size):  # R1: EMPTY_TABLE_MARKUP on a long run of pipes
    return _repeat("|", size, tail="x")


def _legacy_wuyin(size):  # R2: the zero pattern `无(?:因…)?…行政复议…` on `无因无因…` in a legacy report
    sample = SAMPLE.read_text(encoding="utf-8")
    at = sample.index("\n", len(sample) // 2)
    return sample[:at] + "\n" + _repeat("无因", max(size - len(sample), 2)) + sample[at:]


def _crawler_title(size):  # R3: _TITLE_ISSUER on a crawler header's long title
    return _repeat("2020年", size, head="标题: ", tail="\n==== 正文 ====\n正文。\n")


def _cells_per_line(size):  # R4: a row of cells one per line (join_cell_per_line_tables)
    return _repeat("1\n\n", size)


def _flattened(size):  # R5: a flattened line cut at many numbered headings, full of zero-width runs
    numerals = itertools.cycle("一二三四五六七八九十")
    unit_size = len("x（一）内" + "a\u200b" * 20)
    return "x一、总体" + "".join(f"x（{next(numerals)}）内" + "a\u200b" * 20 for _ in range(max(1, size // unit_size)))


def _prose_numbers(size):  # R7: many prose facts checked against the table
    huaian = (CORPUS / "2024_f2021_huaian_city.txt").read_text(encoding="utf-8")
    at = huaian.index("（一）主动公开情况")
    return huaian[:at] + _repeat("收到政府信息公开申请 5 件，", max(size - len(huaian), 20)) + "\n" + huaian[at:]


def _short_lines(size):  # R9: parse throughput on many short lines
    return _repeat("a\n", size)


def _parse(text):
    govdisclosure.parse(text)


def _extract(text):
    govdisclosure.extract(govdisclosure.parse(text))


def _check(text):
    govdisclosure.check(govdisclosure.parse(text))


PATHS = {
    "R1-pipes": (_pipes, _parse),
    "R2-legacy-wuyin": (_legacy_wuyin, _extract),
    "R3-crawler-title": (_crawler_title, _parse),
    "R4-cells-per-line": (_cells_per_line, _parse),
    "R5-flattened": (_flattened, _parse),
    "R7-prose-vs-table": (_prose_numbers, _check),
    "R9-short-lines": (_short_lines, _parse),
}


def _seconds(run, text, repeat=1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()  # CPU time: other processes on the machine do not count
        run(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.fixture(scope="module", autouse=True)
def warm():
    govdisclosure.check(govdisclosure.parse(SAMPLE.read_text(encoding="utf-8")))  # catalogues, rules, grammar


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHS))
def test_time_grows_linearly_from_10_kb_to_1_mb(name):
    make, run = PATHS[name]
    times = [_seconds(run, make(size), repeat=3 if size < SIZES[-1] else 1) for size in SIZES]
    floor = 0.01  # below this a time is mostly noise
    steps = [max(big, floor) / max(small, floor) for small, big in zip(times, times[1:])]
    assert all(step <= GROWTH for step in steps), (name, times)


@pytest.mark.parametrize("name", sorted(PATHS))
def test_each_formerly_super_linear_path_is_fast_at_100_kb(name):
    make, run = PATHS[name]
    assert _seconds(run, make(FAST_SIZE)) < FAST_SECONDS


# --- the fast paths read as the plain ones ----------------------------------------------------

CORPUS_TEXTS = sorted(CORPUS.glob("*.txt"))
ODD_TEXTS = [
    "a\n" * 50, "1\n\n" * 30, "规章\n1\n2\n3\n" * 5, "a |\n" * 10 + "1 |\n" * 10, "x\n\n" * 20 + "1\n\n" * 10,
    "（一）说明\n表一\n文字\n文字\n| a | 1 |\n文字\n", "表一\n表二\n一、总体情况\n文字\n文字\n| a | 1 |\n",
    "1、一\n2、二\n3、三\n联系电话：1\n联系电话：2\n正文\n正文\n",
]


def _texts():
    return [p.read_text(encoding="utf-8") for p in CORPUS_TEXTS] + ODD_TEXTS


def test_a_run_of_blocks_given_to_lark_as_one_token_parses_as_line_by_line(monkeypatch):
    from govdisclosure import grammar

    texts = _texts()
    fast = [govdisclosure.parse(text) for text in texts]
    monkeypatch.setattr(grammar, "_RUN_KINDS", frozenset())
    assert [govdisclosure.parse(text) for text in texts] == fast


def test_the_table_assembler_skips_only_what_cannot_be_a_table(monkeypatch):
    from govdisclosure import assemble

    texts = _texts()
    fast = [govdisclosure.parse(text) for text in texts]
    # Without the skips: every line ends like a value (no text is refused early)...
    monkeypatch.setattr(assemble, "_VALUE_ENDS", type("All", (), {"__contains__": lambda self, item: True})())
    assert [govdisclosure.parse(text) for text in texts] == fast


def test_source_spans_of_many_lines_at_once_are_those_of_each_line():
    from govdisclosure.normalize import normalize

    for text in _texts() + ["  x  y \r\n\u3000z\n\n\tq\t\n" * 5, "a\u200bb\nc"]:
        normalized = normalize(text)
        smap = normalized.source_map
        assert smap.line_spans(normalized.lines) == [smap.line_span(line) for line in normalized.lines]


def test_a_run_the_grammar_refuses_is_unplaced_line_by_line_as_without_runs(monkeypatch):
    # The lexer never leaves a caption without its rows; made to here, the lines after it are
    # refused, and a run of them must come out as the lines one by one did.
    from govdisclosure import grammar

    lex = grammar.L.lex

    def caption_first(lines, source_map, problems):
        lexed = lex(lines, source_map, problems)
        lexed[0].kind = grammar.L.CAPTION
        return lexed

    monkeypatch.setattr(grammar.L, "lex", caption_first)
    text = "表一\n文字一\n文字二\n文字三\n一、总体情况\n文字四\n文字五\n| a | 1 |\n"
    fast = govdisclosure.parse(text)
    assert [p.code for p in fast.problems].count("unplaced-line") >= 3
    monkeypatch.setattr(grammar, "_RUN_KINDS", frozenset())
    assert govdisclosure.parse(text) == fast


def test_a_line_the_normaliser_passes_over_is_the_line_it_would_have_made(monkeypatch):
    import random

    from govdisclosure import normalize

    chars = "ab中（）：，；！？(),:;!? \t\x00\x01\u3000\u200b\uff10\uff41\u00a0"
    rng = random.Random(1)
    lines = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    fast = [normalize._normalise_line(line, 5) for line in lines]
    monkeypatch.setattr(normalize, "_NEEDS_WORK", type("Any", (), {"search": lambda self, text: True})())
    slow = [normalize._normalise_line(line, 5) for line in lines]
    assert [(line.text, line.pieces) for line in fast] == [(line.text, line.pieces) for line in slow]
