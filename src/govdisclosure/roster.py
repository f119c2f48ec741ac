"""A roster: the units that must report, and for which years (`check --roster FILE`, GD702).

A CSV file with a header row and the columns `issuer` (the body's name, as its reports give it)
and/or `division` (a division code: the people's government of that division), and `years`
(`2023`, `2021-2023`, `2021;2023`). A unit is matched to the run's reports by its issuer key
(`collection.issuer_key`: 人民政府/管委会 and a prefecture before a district taken out), a division
by a report of a people's government whose division it is.
"""

from __future__ import annotations

import csv
import io
import re

from attrs import frozen

from .sources.errors import LoadError

# A roster is a list of units, not a data dump: far above any real one, and /dev/zero stops here.
MAX_ROSTER_BYTES = 32 * 1024 * 1024
_YEARS = re.compile(r"^(\d{4})(?:\s*[-–~至]\s*(\d{4}))?$")


@frozen
class Unit:
    """One row of a roster: the unit, the years it must report, and the row's line in the file."""

    issuer: str
    division: str
    years: tuple[int, ...]
    line: int

    @property
    def name(self) -> str:
        return self.issuer or self.division


@frozen
class Roster:
    path: str
    units: tuple[Unit, ...]


def _years(text: str) -> tuple[int, ...] | None:
    years: set[int] = set()
    text = re.sub(r"\s*([-–~至])\s*", r"\1", text)  # (`2021 - 2023` is one range)
    for piece in re.split(r"[;；,，、\s]+", text.strip()):
        if not piece:
            continue
        match = _YEARS.match(piece)
        if not match:
            return None
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 2000 <= first <= last <= 2100:
            return None
        years.update(range(first, last + 1))
    return tuple(sorted(years)) or None


def read_roster(path: str) -> Roster:
    """The roster in `path`; LoadError names the file, the line and what is wrong."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ROSTER_BYTES + 1)
    except OSError as error:
        raise LoadError(f"{path}: 无法读取名册（{error.strerror or error}）",
                        en=f"{path}: cannot read the roster ({error.strerror or error})") from None
    if len(data) > MAX_ROSTER_BYTES:
        raise LoadError(f"{path}: 名册超过 {MAX_ROSTER_BYTES // 1024 // 1024} MB",
                        en=f"{path}: the roster is over {MAX_ROSTER_BYTES // 1024 // 1024} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")  # (a roster saved from Excel on a Chinese Windows)
        except UnicodeDecodeError:
            raise LoadError(f"{path}: 名册不是 UTF-8 或 GBK 文本", en=f"{path}: the roster is not UTF-8 or GBK text") from None
    if "\x00" in text:
        raise LoadError(f"{path}: 名册不是文本文件", en=f"{path}: the roster is not a text file")
    return parse_roster(text, path)


def parse_roster(text: str, path: str) -> Roster:
    """The roster of a CSV text (`path` names it in errors and findings)."""
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if "years" not in header or not ({"issuer", "division"} & set(header)):
        raise LoadError(f"{path}: 名册的第一行应为列名：issuer 和/或 division，以及 years",
                        en=f"{path}: the roster's first line must name its columns: issuer and/or division, and years")
    units = []
    for row in reader:
        line = reader.line_num  # (a quoted cell may hold a line break: the row's last line)
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (cell.strip() for cell in row)))
        issuer, division = cells.get("issuer", ""), cells.get("division", "")
        if not issuer and not division:
            raise LoadError(f"{path}:{line}: 没有单位名称或区划代码", en=f"{path}:{line}: no issuer name or division code")
        if division and not re.fullmatch(r"\d{6}", division):
            raise LoadError(f"{path}:{line}: 区划代码应为 6 位数字，而不是 {division!r}",
                            en=f"{path}:{line}: a division code has 6 digits, not {division!r}")
        years = _years(cells.get("years", ""))
        if years is None:
            raise LoadError(f"{path}:{line}: years 应为年份（2023、2021-2023 或 2021;2023），而不是 {cells.get('years', '')!r}",
                            en=f"{path}:{line}: years must be years (2023, 2021-2023 or 2021;2023), "
                               f"not {cells.get('years', '')!r}")
        units.append(Unit(issuer, division, years, line))
    return Roster(path, tuple(units))
