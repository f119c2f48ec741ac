"""The kind of body a report's issuer is, from its name and the divisions."""

import pytest

from govdisclosure.issuer_type import issuer_type


@pytest.mark.parametrize("name, kind, level, makes", [
    ("福建省人民政府", "government", "province", True),
    ("淮安市人民政府", "government", "prefecture", True),
    ("淮安市洪泽区人民政府", "government", "county", False),
    ("平潭综合实验区管委会", "government", "county", False),
    ("北京市城市管理委员会", "department", "province", False),  # a department, though 管理委员会
    ("沭阳县发展和改革局", "department", "county", False),
    ("城关镇人民政府", "township", "township", False),
    ("朝阳街道办事处", "township", "township", False),
    ("国家税务总局淮安市税务局", "vertical", "prefecture", None),
    ("某某单位", "unknown", None, None),
    (None, "unknown", None, None),
])
def test_the_kind_and_level_of_an_issuer(name, kind, level, makes):
    found = issuer_type(name)
    assert (found.kind, found.level, found.can_make_regulations) == (kind, level, makes)
    assert found.regulations_judged == (level in ("county", "township"))
