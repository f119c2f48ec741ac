"""Generated documentation stays in step with the data it is generated from."""

import subprocess
import sys

from conftest import ROOT


def test_indicator_reference_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_indicators.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_rule_pages_are_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rules.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_rules_and_rule_commands(capsys):
    from govdisclosure.cli import main

    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "GD101  relation-sum" in listing and "core-rules" in listing
    assert main(["rule", "gd301"]) == 0
    assert "# GD301 prose-contradicts-table" in capsys.readouterr().out
    assert main(["rule", "XX000"]) == 2


def test_the_testing_guide_example_runs():
    import re

    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.S)
    exec(compile(code, "docs/testing.md", "exec"), {"__name__": "docs_example"})
