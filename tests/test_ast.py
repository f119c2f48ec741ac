"""The tree's walks: `walk` visits every node, `blocks` every node but the inside of tables."""
import pytest

import govdisclosure
from govdisclosure.ast import Caption, Cell, Row, Table, blocks, walk

from conftest import CORPUS_TEXTS


def _outside_tables(node):
    """What `blocks` must give: `walk`'s nodes less those below a table, by a plain walk."""
    inside: set[int] = set()
    for child in walk(node):
        if isinstance(child, Table):
            inside.update(id(n) for n in walk(child))
    return [n for n in walk(node) if id(n) not in inside]


@pytest.mark.parametrize("path", CORPUS_TEXTS[:12], ids=lambda p: p.name)
def test_blocks_are_the_walk_without_the_inside_of_tables(path):
    report = govdisclosure.load(path)
    got = list(report.blocks())
    assert [id(n) for n in got] == [id(n) for n in _outside_tables(report)]
    assert report.tables == tuple(n for n in walk(report) if isinstance(n, Table))
    assert all(not isinstance(n, Table) or n in got for n in walk(report))


def test_a_report_with_tables_has_fewer_blocks_than_nodes():
    report = govdisclosure.load(next(p for p in CORPUS_TEXTS if "shanghai" in p.name))
    assert report.tables
    cells = sum(len(row.cells) for table in report.tables for row in table.rows)
    assert len(list(walk(report))) - len(list(blocks(report))) >= cells > 50
    assert not [n for n in blocks(report) if isinstance(n, (Row, Cell, Caption))]
