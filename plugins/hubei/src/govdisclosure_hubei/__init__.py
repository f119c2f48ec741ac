"""govdisclosure-hubei: the Hubei regional plugin of govdisclosure.

It adds the template `hb-f2019`, the 2019 annual-report template (国办公开办函〔2019〕60号) as
Hubei annotated it for the 2020 reports (the extra row 其他主动公开文件, annotated labels), and
the rule HB101, for reports of Hubei (division code 42…). Registered through the `govdisclosure`
entry-point group (`govdisclosure_hubei.plugin`); see README.md.
"""

from importlib import resources

__version__ = "0.1.0"

TEMPLATE = "hb-f2019"
REGIONS = ("42",)  # 湖北省
EXTRA_ROW = "hb-f2019.t2.other_proactive_documents"
EXTRA_CONCEPT = "hb.other_proactive_documents"


def catalog_file():
    """The catalogue TOML shipped with the package (an importlib.resources Traversable)."""
    return resources.files(__name__).joinpath("hb_f2019.toml")
