"""The indicator catalogue: templates, tables, indicators and relations, loaded from data files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from attrs import field, frozen

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

VALUE_KINDS = ("count", "signed_count", "money_wan", "money_yuan", "heading")
RELATION_KINDS = ("sum", "identity", "not_above", "row_sum")


class CatalogError(ValueError):
    """A catalogue file that breaks the format (docs/catalog-format.md); says where."""


@frozen
class Column:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str = ""  # the header group it stands under (行政复议, 未经复议直接起诉 …)


@frozen
class TableDef:
    id: str
    title: str
    columns: tuple[Column, ...]
    unit_column: bool = False
    aliases: tuple[str, ...] = ()

    def column(self, column_id: str) -> Column:
        return next(c for c in self.columns if c.id == column_id)


@frozen
class Indicator:
    id: str
    table: str
    label: str
    unit: str
    kind: str
    concept: str
    aliases: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    parent: str = ""
    note: str = ""

    @property
    def signed(self) -> bool:
        return self.kind == "signed_count"


@frozen
class Relation:
    id: str
    kind: str
    exact: bool
    source: str
    total: str = ""
    parts: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    total_column: str = ""
    part_columns: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()


@frozen
class Catalog:
    """One template generation's tables, indicators and relations."""

    template: str
    name: str
    source: str
    first_year: int
    last_year: int | None
    tables: tuple[TableDef, ...]
    indicators: tuple[Indicator, ...]
    relations: tuple[Relation, ...]
    extends: str = ""
    origin: str = field(default="", eq=False)

    def table(self, table_id: str) -> TableDef:
        return next(t for t in self.tables if t.id == table_id)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def indicators_of(self, table_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.table == table_id)

    def columns_of(self, indicator: Indicator) -> tuple[Column, ...]:
        table = self.table(indicator.table)
        if not indicator.columns:
            return table.columns
        return tuple(table.column(c) for c in indicator.columns)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _require(entry: dict, key: str, where: str) -> Any:
    if key not in entry or entry[key] in ("", None):
        raise CatalogError(f"{where}: missing '{key}'")
    return entry[key]


def parse_catalog(data: dict, origin: str) -> Catalog:
    """A catalogue from parsed TOML data, checked against the format."""
    template = data.get("template")
    if not isinstance(template, dict):
        raise CatalogError(f"{origin}: missing [template]")
    template_id = _require(template, "id", f"{origin} [template]")
    tables = []
    for index, entry in enumerate(data.get("tables", [])):
        where = f"{origin} tables[{index}]"
        columns = tuple(
            Column(_require(c, "id", where), _require(c, "label", where), _strings(c.get("aliases"), where),
                   c.get("group", ""))
            for c in _require(entry, "columns", where)
        )
        tables.append(TableDef(_require(entry, "id", where), _require(entry, "title", where), columns,
                               bool(entry.get("unit_column", False)), _strings(entry.get("aliases"), where)))
    table_ids = {t.id: t for t in tables}
    if len(table_ids) != len(tables):
        raise CatalogError(f"{origin}: duplicate table ids")
    indicators = []
    for index, entry in enumerate(data.get("indicators", [])):
        where = f"{origin} indicators[{index}] ({entry.get('id', '?')})"
        kind = entry.get("kind", "count")
        if kind not in VALUE_KINDS:
            raise CatalogError(f"{where}: kind {kind!r} is not one of {', '.join(VALUE_KINDS)}")
        table = _require(entry, "table", where)
        if table not in table_ids:
            raise CatalogError(f"{where}: unknown table {table!r}")
        columns = _strings(entry.get("columns"), where)
        known_columns = {c.id for c in table_ids[table].columns}
        if set(columns) - known_columns:
            raise CatalogError(f"{where}: unknown columns {sorted(set(columns) - known_columns)}")
        indicators.append(Indicator(
            id=_require(entry, "id", where), table=table, label=_require(entry, "label", where),
            unit=entry.get("unit", ""), kind=kind, concept=_require(entry, "concept", where),
            aliases=_strings(entry.get("aliases"), where), columns=columns,
            parent=entry.get("parent", ""), note=entry.get("note", ""),
        ))
    ids = [i.id for i in indicators]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise CatalogError(f"{origin}: duplicate indicator ids {sorted(duplicates)}")
    known = set(ids)
    for indicator in indicators:
        if indicator.parent and indicator.parent not in known:
            raise CatalogError(f"{origin} {indicator.id}: unknown parent {indicator.parent!r}")
    relations = []
    for index, entry in enumerate(data.get("relations", [])):
        where = f"{origin} relations[{index}] ({entry.get('id', '?')})"
        kind = _require(entry, "kind", where)
        if kind not in RELATION_KINDS:
            raise CatalogError(f"{where}: kind {kind!r} is not one of {', '.join(RELATION_KINDS)}")
        relation = Relation(
            id=_require(entry, "id", where), kind=kind, exact=bool(entry.get("exact", True)),
            source=entry.get("source", ""), total=entry.get("total", ""),
            parts=_strings(entry.get("parts"), where), left=_strings(entry.get("left"), where),
            right=_strings(entry.get("right"), where), columns=_strings(entry.get("columns"), where),
            total_column=entry.get("total_column", ""), part_columns=_strings(entry.get("part_columns"), where),
            rows=_strings(entry.get("rows"), where),
        )
        named = ({relation.total} - {""}) | set(relation.parts) | set(relation.left) | set(relation.right) | set(relation.rows)
        if named - known:
            raise CatalogError(f"{where}: unknown indicators {sorted(named - known)}")
        relations.append(relation)
    return Catalog(
        template=template_id, name=template.get("name", template_id), source=template.get("source", ""),
        first_year=int(template.get("first_year", 0)), last_year=template.get("last_year"),
        tables=tuple(tables), indicators=tuple(indicators), relations=tuple(relations),
        extends=template.get("extends", ""), origin=origin,
    )


def load_catalog(path: str | Path) -> Catalog:
    """Load and check one catalogue file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path.name}: not valid TOML: {error}") from None
    return parse_catalog(data, path.name)
