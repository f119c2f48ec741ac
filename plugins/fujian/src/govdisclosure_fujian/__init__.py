"""govdisclosure-fujian: the Fujian regional plugin of govdisclosure.

It adds the provincial statistics table of 2011-2018 (福建省政府信息公开情况统计表, template
`fj-legacy`: 指标名称 | 计量单位 | <YYYY>年度 | 历年累计) and its rules FJ101 and FJ501, for reports
of Fujian (division code 35…). Registered through the `govdisclosure` entry-point group; see
README.md.
"""

from importlib import resources

__version__ = "0.1.0"

TEMPLATE = "fj-legacy"
REGIONS = ("35",)


def catalog_file():
    """The catalogue TOML shipped with the package (an importlib.resources Traversable)."""
    return resources.files(__name__).joinpath("fj_legacy.toml")
