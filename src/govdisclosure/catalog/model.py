"""The indicator catalogue: templates, tables, indicators and relations, loaded from data files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from attrs import evolve, field, frozen

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

VALUE_KINDS = ("count", "signed_count", "money_wan", "money_yuan", "heading")
MONEY_KINDS = ("money_wan", "money_yuan")
RELATION_KINDS = ("sum", "identity", "not_above", "row_sum", "column_not_above")


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
    # The rule code that reports the relation when a plugin's rule does (FJ101); "" for the
    # core's rule of its kind.
    code: str = ""


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
    # Division-code prefixes where the catalogue applies ("35": Fujian); () = everywhere.
    regions: tuple[str, ...] = ()
    plugin: str = field(default="", eq=False)  # the plugin that contributed it
    # Every report prints every row of the tables (the 2019 and 2021 templates); the legacy
    # tables varied by province and year.
    fixed_rows: bool = False
    # Indicators and tables by id, built with the catalogue: they are looked up for every cell.
    _indicator_index: dict[str, Indicator] = field(init=False, eq=False, repr=False)
    _table_index: dict[str, TableDef] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # (setdefault: the first of two with one id wins, as the linear search it replaces found it)
        indicators: dict[str, Indicator] = {}
        for indicator in self.indicators:
            indicators.setdefault(indicator.id, indicator)
        tables: dict[str, TableDef] = {}
        for table in self.tables:
            tables.setdefault(table.id, table)
        object.__setattr__(self, "_indicator_index", indicators)
        object.__setattr__(self, "_table_index", tables)

    def applies_to(self, region: str | None) -> bool:
        return not self.regions or (region is not None and region.startswith(self.regions))

    def table(self, table_id: str) -> TableDef:
        """The table `table_id` (KeyError when the catalogue has none)."""
        return self._table_index[table_id]

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator `indicator_id` (KeyError when the catalogue has none)."""
        return self._indicator_index[indicator_id]

    def indicators_of(self, table_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.table == table_id)

    def column_label(self, indicator_id: str, column: str) -> str:
        """How the table of an indicator heads one of its columns (the id where it has none)."""
        table = self.table(self.indicator(indicator_id).table)
        return next((c.label for c in table.columns if c.id == column), column)

    def columns_of(self, indicator: Indicator) -> tuple[Column, ...]:
        table = self.table(indicator.table)
        if not indicator.columns:
            return table.columns
        return tuple(table.column(c) for c in indicator.columns)


_DERIVED: dict[tuple[str, int], tuple[object, object]] = {}


def derived(name: str, source, build):
    """What is derived from a catalogue (or the catalogues in force) once: a label index, a
    pattern, a table of labels. Kept by identity, and rebuilt when an id is reused once the
    source is gone."""
    key = (name, id(source))
    cached = _DERIVED.get(key)
    if cached is None or cached[0] is not source:
        cached = _DERIVED[key] = (source, build(source))
    return cached[1]


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


def parse_catalog(data: dict, origin: str, base: Catalog | None = None) -> Catalog:
    """A catalogue from parsed TOML data, checked against the format. A variant (`extends`)
    is read on top of its `base`: its tables, indicators and relations replace the base's of the
    same id or are added; an indicator entry with only an `id` and `aliases` adds wordings to
    the base's indicator (annotated labels)."""
    template = data.get("template")
    if not isinstance(template, dict):
        raise CatalogError(f"{origin}: missing [template]")
    template_id = _require(template, "id", f"{origin} [template]")
    tables = list(base.tables) if base else []
    for index, entry in enumerate(data.get("tables", [])):
        where = f"{origin} tables[{index}]"
        columns = tuple(
            Column(_require(c, "id", where), _require(c, "label", where), _strings(c.get("aliases"), where),
                   c.get("group", ""))
            for c in _require(entry, "columns", where)
        )
        table = TableDef(_require(entry, "id", where), _require(entry, "title", where), columns,
                         bool(entry.get("unit_column", False)), _strings(entry.get("aliases"), where))
        if base and any(t.id == table.id for t in tables):
            tables = [table if t.id == table.id else t for t in tables]  # in the base's order
        else:
            tables.append(table)
    table_ids = {t.id: t for t in tables}
    if len(table_ids) != len(tables):
        raise CatalogError(f"{origin}: duplicate table ids")
    indicators = list(base.indicators) if base else []
    inherited = {i.id for i in indicators}
    for index, entry in enumerate(data.get("indicators", [])):
        where = f"{origin} indicators[{index}] ({entry.get('id', '?')})"
        if base and entry.get("id") in inherited and set(entry) <= {"id", "aliases"}:
            indicators = [evolve(i, aliases=i.aliases + _strings(entry.get("aliases"), where)) if i.id == entry["id"]
                          else i for i in indicators]
            continue
        kind = entry.get("kind", "count")
        if kind not in VALUE_KINDS:
            raise CatalogError(f"{where}: kind {kind!r} is not one of {', '.join(VALUE_KINDS)}")
        table = _require(entry, "table", where)
        if table not in table_ids:
            raise CatalogError(f"{where}: unknown table {table!r}")
        column_ids = _strings(entry.get("columns"), where)
        known_columns = {c.id for c in table_ids[table].columns}
        if set(column_ids) - known_columns:
            raise CatalogError(f"{where}: unknown columns {sorted(set(column_ids) - known_columns)}")
        position = len(indicators)
        if base:
            # A replaced row keeps its place; a new one follows the last row of its table.
            same = [n for n, i in enumerate(indicators) if i.id == entry.get("id")]
            in_table = [n for n, i in enumerate(indicators) if i.table == table]
            position = same[0] if same else (in_table[-1] + 1 if in_table else len(indicators))
            indicators = [i for i in indicators if i.id != entry.get("id")]
        indicators.insert(position, Indicator(
            id=_require(entry, "id", where), table=table, label=_require(entry, "label", where),
            unit=entry.get("unit", ""), kind=kind, concept=_require(entry, "concept", where),
            aliases=_strings(entry.get("aliases"), where), columns=column_ids,
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
    relations = list(base.relations) if base else []
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
            rows=_strings(entry.get("rows"), where), code=entry.get("code", ""),
        )
        named = ({relation.total} - {""}) | set(relation.parts) | set(relation.left) | set(relation.right) | set(relation.rows)
        if named - known:
            raise CatalogError(f"{where}: unknown indicators {sorted(named - known)}")
        relations = [r for r in relations if r.id != relation.id] + [relation]
    return Catalog(
        template=template_id, name=template.get("name", template_id), source=template.get("source", ""),
        first_year=int(template.get("first_year", base.first_year if base else 0)),
        last_year=template.get("last_year", base.last_year if base else None),
        tables=tuple(tables), indicators=tuple(indicators), relations=tuple(relations),
        extends=template.get("extends", ""), origin=origin,
        regions=tuple(str(r) for r in template.get("regions", ())),
        fixed_rows=bool(template.get("fixed_rows", base.fixed_rows if base else False)),
    )


def load_catalog(path: str | Path, base: Catalog | None = None) -> Catalog:
    """Load and check one catalogue file. A variant (`extends = "f2019"`) is read on top of
    `base`, by default the catalogue of that template that the core and the installed plugins
    give (`registry.default()`)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path.name}: not valid TOML: {error}") from None
    template = data.get("template")
    extends = template.get("extends") if isinstance(template, dict) else None
    if extends:
        if base is None:
            from ..registry import default

            base = default().catalogs.get(extends)
        if base is None or base.template != extends:
            raise CatalogError(f"{path.name}: extends {extends!r}, which no loaded catalogue defines"
                               if base is None else f"{path.name}: extends {extends!r}, not {base.template!r}")
    return parse_catalog(data, path.name, base if extends else None)
