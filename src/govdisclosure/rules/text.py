"""The wording of a report (info level): a word written twice in a row, and common mistakes of
wording from a lexicon that plugins add to (the `govdisclosure_lexicon` hook)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..messages import data_toml
from ..prose import prose_texts
from .model import Finding, ReportContext, rule

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
