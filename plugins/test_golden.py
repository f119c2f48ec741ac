"""The JSON outputs of `check` and `extract` over tests/corpus, as the README's test command
installs the project (core and the Fujian and Hubei plugins), equal the golden files
(tests/data/golden, written by scripts/golden.py). A change meant to change them rewrites them
in the same commit: the diff shows what changed, and nothing changes unseen (a refactor keeps
behaviour)."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def golden_outputs():
    spec = importlib.util.spec_from_file_location("golden", ROOT / "scripts" / "golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.GOLDEN, module.outputs()


def documents(text: str) -> list:
    decoder, position, found = json.JSONDecoder(), 0, []
    while position < len(text.rstrip()):
        document, position = decoder.raw_decode(text, position)
        found.append(document)
        while position < len(text) and text[position].isspace():
            position += 1
    return found


def test_outputs_equal_the_golden_files():
    folder, outputs = golden_outputs()
    for name, text in outputs.items():
        golden = (folder / name).read_text(encoding="utf-8")
        if text == golden:
            continue
        # Say which report differs first, and how.
        for now, before in zip(documents(text), documents(golden)):
            assert now == before, (name, now.get("source"), [k for k in now if now.get(k) != before.get(k)])
        assert text == golden, f"{name}: run python scripts/golden.py and look at the diff"
