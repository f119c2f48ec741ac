"""Where a report comes from: its issuing body resolved to China's divisions (province, prefecture,
county, with their 6-digit codes).

The divisions come from `data/divisions.tsv` (the statistics bureau's code list; its header names
the source, commit and edition) and `data/division_aliases.tsv` (our own table for bodies that are
not divisions: 综合实验区, 高新区, 国家级新区). Names are found inside free text (`株洲市天元区人民政府`,
`上海市科学技术委员会`) and weighed against each other through the hierarchy, so a parent in the text
settles an ambiguous county name (`北京市朝阳区`) while an ambiguous name on its own settles nothing.
A wrong answer is worse than none: when the text does not decide, the answer is the divisions'
common ancestor, else None.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from attrs import frozen

from .ast import Caption, Cell, Paragraph, SignOff, Title, Unplaced


@frozen
class Division:
    code: str
    name: str
    level: str


@frozen
class Jurisdiction:
    code: str  # the most specific division's 6-digit code
    province: Division
    prefecture: Division | None
    county: Division | None
    evidence: str  # the text it was resolved from, e.g. "标题：株洲市天元区人民政府"

    @property
    def level(self) -> str:
        if self.county is not None:
            return "county"
        if self.prefecture is not None:
            return "prefecture"
        return "province"


# --- the gazetteer -------------------------------------------------------------------------------

# Suffixes a division's name drops in everyday use (`株洲市` → `株洲`), longest first per level.
_SUFFIXES = {
    "province": ("自治区", "省", "市"),
    "prefecture": ("自治州", "地区", "盟", "市"),
    "county": ("自治县", "自治旗", "新区", "特区", "林区", "区", "县", "市", "旗"),
}
# Peoples named in autonomous areas' names, dropped with the suffix (`延边朝鲜族自治州` → `延边`).
# Some names use the bare form without 族 (`巴音郭楞蒙古自治州`, `新疆维吾尔自治区`).
_PEOPLE_NAMES = (
    "蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 "
    "黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
    "毛南族 仡佬族 锡伯族 普米族 塔吉克族 怒族 鄂温克族 保安族 裕固族 独龙族 鄂伦春族 各族 "
    "蒙古 维吾尔 哈萨克 柯尔克孜 锡伯 塔吉克"
)
_PEOPLES = re.compile("(?:" + "|".join(sorted(_PEOPLE_NAMES.split(), key=len, reverse=True)) + ")$")


@frozen
class _Gazetteer:
    divisions: dict[str, Division]  # by code
    parents: dict[str, str | None]  # code -> parent code
    full: dict[str, tuple[str, ...]]  # full name or alias -> codes
    short: dict[str, tuple[str, ...]]  # name without its suffix -> codes
    longest: int


def _data_text(path: str) -> str:
    return resources.files("govdisclosure").joinpath(path).read_text(encoding="utf-8")


def _rows(text: str):
    """The data rows of a TSV's text: comments and the header line skipped."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


def _short_name(name: str, level: str, code: str) -> str | None:
    # The statistical codes of development zones (5th digit 7) have no everyday short form.
    if level == "county" and code[4] == "7":
        return None
    stem = next((name[: -len(s)] for s in _SUFFIXES[level] if name.endswith(s)), None)
    if stem is None:
        return None
    while (match := _PEOPLES.search(stem)) and match.start() >= 2:
        stem = stem[: match.start()]
    return stem if len(stem) >= 2 and stem != name else None


def _freeze(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Lists of codes as tuples, duplicates dropped, order kept."""
    return {key: tuple(dict.fromkeys(codes)) for key, codes in table.items()}


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    # Built from about 3,000 rows in a few tens of milliseconds; kept between runs (`cache`).
    from .cache import kept

    texts = [_data_text("data/divisions.tsv"), _data_text("data/division_aliases.tsv")]
    return kept("gazetteer", "\0".join(texts), lambda: _built_gazetteer(*texts), built_by=__file__)


def _built_gazetteer(divisions_text: str, aliases_text: str) -> _Gazetteer:
    divisions: dict[str, Division] = {}
    parents: dict[str, str | None] = {}
    full: dict[str, list[str]] = {}
    short: dict[str, list[str]] = {}
    for code, name, level, parent in _rows(divisions_text):
        divisions[code] = Division(code, name, level)
        parents[code] = parent or None
        full.setdefault(name, []).append(code)
        stem = _short_name(name, level, code)
        if stem:
            short.setdefault(stem, []).append(code)
    for alias, code, _note in _rows(aliases_text):
        if code in divisions:  # the data test checks every alias; a bad row must not break resolution
            full.setdefault(alias, []).append(code)
    frozen_full, frozen_short = _freeze(full), _freeze(short)
    longest = max(map(len, [*frozen_full, *frozen_short]))
    return _Gazetteer(divisions, parents, frozen_full, frozen_short, longest)


def divisions() -> dict[str, Division]:
    """Every division by code."""
    return dict(_gazetteer().divisions)


def full_name(code: str) -> str:
    """A division's name as a body of it writes it: its prefecture's name before a county's
    (`福州市鼓楼区`; a county directly under its province alone), a prefecture's or a province's
    own name. Raises KeyError for an unknown code."""
    known = _gazetteer().divisions
    chain = [known[c] for c in _chain(code) if c in known]
    if not chain:
        raise KeyError(code)
    return "".join(d.name for d in reversed(chain) if d.level != "province") or chain[0].name


def _chain(code: str) -> list[str]:
    """The code and its ancestors, the code first."""
    parents = _gazetteer().parents
    chain = []
    current: str | None = code
    while current:
        chain.append(current)
        current = parents.get(current)
    return chain


# --- finding names in text -----------------------------------------------------------------------

# What may follow a short name (`株洲` in `株洲高新区`, `恩施` in `恩施州`) besides the end of the text,
# punctuation or another name: without it `合作` (合作市) would match `供销合作社`.
_SHORT_FOLLOWERS = (
    "人民政府",
    "政府",
    "州",
    "高新",
    "经济",
    "经开",
    "开发区",
    "新区",
    "管委会",
    "管理委员会",
    "综合",
    "自贸",
)
# What may precede a short name or a two-character name besides the start of the text, punctuation
# or another name: the report year (`2019年上海…`).
_WEAK_PRECEDERS = "年"


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@frozen
class _Match:
    start: int
    end: int
    codes: tuple
    weight: int  # 2 for a full name or alias, 1 for a short name
    strong: bool  # needs no context: a full name or alias of three characters or more


def _raw_matches(text: str) -> list[_Match]:
    gaz = _gazetteer()
    found = []
    for start in range(len(text)):
        for end in range(start + 2, min(len(text), start + gaz.longest) + 1):
            piece = text[start:end]
            codes = gaz.full.get(piece)
            if codes:
                found.append(_Match(start, end, codes, 2, len(piece) >= 3))
            elif piece in gaz.short:
                found.append(_Match(start, end, gaz.short[piece], 1, False))
    # A name inside a longer name is part of it (`株洲` in `株洲市`, `城区` in `东城区`).
    return [
        m
        for m in found
        if not any(
            o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in found
        )
    ]


def _matches(text: str) -> list[_Match]:
    """The names in the text that their context lets stand.

    Short names and two-character names (`和县`, `城区`) are everyday words too, so they must stand
    at a boundary: the text's edge, punctuation, the year, or another accepted name (`湖南株洲`).
    """
    raw = _raw_matches(text)
    left: dict[_Match, bool] = {}
    for m in sorted(raw, key=lambda m: m.start):
        left[m] = (
            m.strong
            or m.start == 0
            or not _cjk(text[m.start - 1])
            or text[m.start - 1] in _WEAK_PRECEDERS
            or any(n.end == m.start and left.get(n) for n in raw)
        )
    right: dict[_Match, bool] = {}
    for m in sorted(raw, key=lambda m: -m.end):
        right[m] = (
            m.strong
            or m.end == len(text)
            or not _cjk(text[m.end])
            or text.startswith(_SHORT_FOLLOWERS, m.end)
            or any(n.start == m.end and right.get(n) for n in raw)
        )
    accepted = []
    for m in raw:
        if m.strong:
            accepted.append(m)
        elif m.weight == 2:  # a two-character full name: `和县` but not `市和县三级`, `县级`
            if left[m] and not text.startswith("级", m.end):
                accepted.append(m)
        elif left[m] and right[m]:
            accepted.append(m)
    return accepted


def _alternatives(codes: tuple) -> int:
    """How many different places a name may mean: `吉林` (the province and its city) is one
    place at two depths, `朝阳区` (北京, 长春) two."""
    leaves = [c for c in codes if not any(c != o and c in _chain(o) for o in codes)]
    return max(1, len(leaves))


def _decide(matches: list[_Match]) -> str | None:
    """The code the matches agree on best.

    Each candidate code scores every match it explains (the match names the code or one of its
    ancestors), weighted by how sure the match is. A tie settles nothing below the tied codes'
    common ancestor.
    """
    candidates = {code for m in matches for code in m.codes}
    if not candidates:
        return None
    scores = {}
    for code in candidates:
        chain = set(_chain(code))
        scores[code] = sum(m.weight / _alternatives(m.codes) for m in matches if chain.intersection(m.codes))
    best = max(scores.values())
    tied = [code for code, score in scores.items() if abs(score - best) < 1e-9]
    if len(tied) == 1:
        return tied[0]
    common = set(_chain(tied[0]))
    for code in tied[1:]:
        common &= set(_chain(code))
    # The deepest common ancestor: the longest chain among them.
    return max(common, key=lambda c: len(_chain(c)), default=None)


def _jurisdiction(code: str, evidence: str) -> Jurisdiction:
    gaz = _gazetteer()
    by_level = {gaz.divisions[c].level: gaz.divisions[c] for c in _chain(code)}
    return Jurisdiction(
        code=code,
        province=by_level["province"],
        prefecture=by_level.get("prefecture"),
        county=by_level.get("county"),
        evidence=evidence,
    )


_SPACE = re.compile(r"\s+")


def _resolve_text(text: str, evidence: str) -> Jurisdiction | None:
    # PDFs space out characters (`洪 泽 区`); names never hold spaces.
    text = _SPACE.sub("", text or "")
    if len(text) < 2:
        return None
    code = _decide(_matches(text))
    return _jurisdiction(code, evidence) if code else None


def resolve_name(name: str) -> Jurisdiction | None:
    """The division a body's name belongs to (`株洲市天元区人民政府` → 天元区 430211), or None
    when the name names none or does not decide between several."""
    if not isinstance(name, str):
        return None
    return _resolve_name(name)


@lru_cache(maxsize=4096)
def _resolve_name(name: str) -> Jurisdiction | None:
    return _resolve_text(name, name)


# --- reports -------------------------------------------------------------------------------------

_PREAMBLE_LINES = 3
# The body names itself early in the preamble; further on come cited rules of other bodies.
_PREAMBLE_CHARS = 120
_METADATA_KEYS = ("发布机构", "来源", "信息来源", "发文机关")
_FILLED_BY = re.compile(r"填报单位(?:（盖章）|\(盖章\))?[：:]?\s*(.+)")


def _sources(report):
    """(label, text) pairs to resolve, in order of trust."""
    yield "发布单位", report.issuer
    yield "标题", report.title
    paragraphs = [b.text for b in report.preamble if isinstance(b, Paragraph)]
    for text in paragraphs[:_PREAMBLE_LINES]:
        yield "前言", text[:_PREAMBLE_CHARS]
    nodes = list(report.walk())
    for node in nodes:
        if isinstance(node, SignOff):
            yield "落款", node.text
    for node in nodes:
        if isinstance(node, (Caption, Paragraph, SignOff, Unplaced, Cell, Title)):
            match = _FILLED_BY.search(node.text or "")
            if match:
                yield "填报单位", match.group(1)
    metadata = report.metadata
    for key in _METADATA_KEYS:
        yield key, metadata.get(key)


def resolve(report) -> Jurisdiction | None:
    """The division a report's issuing body belongs to, from the first of its issuer, title,
    preamble, sign-offs, 填报单位 line and page metadata that names one; None when none does.
    Never raises."""
    try:
        for label, text in _sources(report):
            if not text:
                continue
            found = _resolve_text(text, f"{label}：{text.strip()}")
            if found:
                return found
    except Exception:  # noqa: BLE001 - a report that cannot be read has no known jurisdiction
        return None
    return None
