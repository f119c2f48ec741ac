"""Generated documentation stays in step with the data it is generated from."""

import subprocess
import sys

from conftest import ROOT


def test_indicator_reference_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_indicators.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
