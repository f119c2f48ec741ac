"""The wording of a report (info level): a word written twice in a row, half-width punctuation in
Chinese text, and common mistakes of wording from a lexicon that plugins add to (the
`govdisclosure_lexicon` hook)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..messages import data_toml
from ..prose import prose_texts
from .model import Finding, Related, ReportContext, rule

# A run of two to four Chinese characters written twice in a row (资金资金). Single characters
# doubled are ordinary Chinese (层层、件件、一一), and so are the repeats data/lexicon.toml allows.
_REPEATED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
# A text with none of these is a heading or a table's header printed as text (结果结果其他尚未),
# not a sentence: its repeats are the table's columns.
_SENTENCE_MARKS = re.compile(r"[，。；：、！？]")


@lru_cache(maxsize=1)
def _repeats() -> tuple[frozenset[str], tuple[str, ...]]:
    repeats = data_toml("lexicon.toml")["repeats"]
    return frozenset(repeats["allowed"]), tuple(repeats["idioms"])


@rule(
    code="GD601", name="repeated-word", family="text", severity="info",
    message='“{word}”连写了两次：“{text}”',
    message_en='“{word}” is written twice in a row: “{text}”',
    summary='同一个词连写两次（资金资金）',
    rationale='多是编辑时的误粘贴；单字重叠（层层、件件）和少数习惯用法不算。',
    source='evaluators.md（文字质量：错别字、重复字词）',
)
def check_repeated_words(context: ReportContext):
    allowed, idioms = _repeats()
    for node, text, start in prose_texts(context.report):
        if not _SENTENCE_MARKS.search(text):
            continue
        for match in _REPEATED.finditer(text):
            if match.group(0) in allowed or _in_idiom(text, match.start(), match.end(), idioms):
                continue
            word = match.group(1)
            around = text[max(0, match.start() - 6) : match.end() + 6]
            yield Finding({"word": word, "text": around}, span=node.span, key=f"{word}:{start + match.start()}",
                          quote=match.group(0), quote_at=start + match.start())


def _in_idiom(text: str, start: int, end: int, idioms: tuple[str, ...]) -> bool:
    """Whether the repeat from `start` to `end` overlaps one of the idioms where it stands."""
    window = text[max(0, start - 3) : end + 3]
    for idiom in idioms:
        at = window.find(idiom)
        while at >= 0:
            begin = max(0, start - 3) + at
            if begin < end and begin + len(idiom) > start:
                return True
            at = window.find(idiom, at + 1)
    return False


@lru_cache(maxsize=4)
def _lexicon_pattern(lexicon: tuple[tuple[str, str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for a registry's whole lexicon, longest forms first (one pass over each text),
    and each wrong form's right one (the first registered wins: the core's, then plugins'); made
    once per lexicon, not once per report."""
    pattern = re.compile("|".join(re.escape(wrong) for wrong in sorted({w for w, _, _ in lexicon}, key=len, reverse=True)))
    right_of: dict[str, str] = {}
    for wrong, right, _ in lexicon:
        right_of.setdefault(wrong, right)
    return pattern, right_of


@rule(
    code="GD602", name="common-mistake", family="text", severity="info",
    message='“{wrong}”应为“{right}”：“{text}”',
    message_en='“{wrong}” should be “{right}”: “{text}”',
    summary='常见错别字和用词错误（词表可由插件补充）',
    rationale='只收在任何语境下都错的写法；词表是数据（data/lexicon.toml），省、市插件可通过 '
              'govdisclosure_lexicon 钩子加入自己的。',
    source='evaluators.md（文字质量：错别字）',
)
def check_common_mistakes(context: ReportContext):
    lexicon = context.registry.lexicon if context.registry is not None else ()
    if not lexicon:
        return
    pattern, right_of = _lexicon_pattern(lexicon)
    for node, text, start in prose_texts(context.report):
        for match in pattern.finditer(text):
            wrong = match.group(0)
            around = text[max(0, match.start() - 6) : match.end() + 6]
            yield Finding({"wrong": wrong, "right": right_of[wrong], "text": around}, span=node.span,
                          key=f"{wrong}:{start + match.start()}", quote=wrong, quote_at=start + match.start())


@rule(
    code="GD603", name="half-width-punctuation", family="text", severity="info",
    message='中文里用了半角标点“{marks}”（{count} 处），应为全角：“{text}”',
    message_en='half-width punctuation “{marks}” in Chinese text ({count} times); Chinese takes full-width marks: “{text}”',
    summary='中文句子里的半角标点（, ; : ! ? ( )），每份报告一条',
    rationale='国家标准《标点符号用法》（GB/T 15834—2011）：中文文本用全角标点。半角标点夹在两个中文字符之间，'
              '多是从别处粘贴或输入法切换所致；数字、网址和英文里的半角标点不算。读取时已按全角处理，不影响统计。',
    source='evaluators.md（文字质量）；GB/T 15834—2011',
)
def check_halfwidth_punctuation(context: ReportContext):
    """One finding per report, at the first paragraph or item with half-width marks between
    Chinese characters and naming the others (the reader kept the marks, Report.halfwidth_marks,
    before folding them to full width): a habit of the whole text, not a slip in one place."""
    marks = context.report.halfwidth_marks
    if not marks:
        return
    offsets = [mark.offset for mark in marks]
    # Each mark belongs to the smallest prose node around it: a section's span holds its
    # paragraphs' too (marks × depth steps in all).
    owner: dict[int, tuple[int, int, object]] = {}
    for order, (node, _text, _start) in enumerate(prose_texts(context.report)):
        span = node.span
        if span is None:
            continue
        size = span.end_offset - span.offset
        for index in range(bisect.bisect_left(offsets, span.offset), bisect.bisect_left(offsets, span.end_offset)):
            if index not in owner or size < owner[index][0]:
                owner[index] = (size, order, span)
    by_node: dict[int, list] = {}
    for index in sorted(owner):
        _size, order, span = owner[index]
        by_node.setdefault(order, [span]).append(marks[index])
    places = [(entry[0], entry[1:]) for _order, entry in sorted(by_node.items())]
    if not places:
        return  # only in tables, titles or page chrome
    found = [mark for _, in_node in places for mark in in_node]
    kinds = "".join(sorted({mark.mark for mark in found}, key="(),:;!?".index))
    related = tuple(Related(f"另有半角标点：“{in_node[0].context.strip()}”", span) for span, in_node in places[1:])
    yield Finding({"marks": kinds, "count": len(found), "text": places[0][1][0].context.strip()},
                  span=places[0][0], related=related, values={"count": str(len(found))})
