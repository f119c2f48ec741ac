from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLE = ROOT / "samples" / "2018_legacy_tianyuan_district.txt"
CORPUS_TEXTS = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed():
    import govdisclosure

    return govdisclosure.load(SAMPLE)


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    assert path.exists(), f"missing corpus file {name}"
    return path
