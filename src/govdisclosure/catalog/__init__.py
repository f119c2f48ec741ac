"""The indicator catalogue (statistics defined as data) and label matching."""

from .model import Catalog, CatalogError, Column, Indicator, Relation, TableDef, load_catalog, parse_catalog

__all__ = ["Catalog", "CatalogError", "Column", "Indicator", "Relation", "TableDef", "load_catalog", "parse_catalog"]
