"""govdisclosure.dask on a real cluster: a `dask.distributed.LocalCluster` of two worker
processes, inputs read through fsspec URLs; the same findings as `govdisclosure check`."""

import json
from pathlib import Path

import pytest

from govdisclosure.cli import main

from conftest import CORPUS


def _key(source: str, code: str, fingerprint: str, line) -> tuple:
    import pandas as pd

    return (source, code, fingerprint, None if line is None or pd.isna(line) else int(line))


@pytest.fixture(scope="module")
def cluster_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_a_local_cluster_of_two_processes_gives_what_the_command_line_gives(cluster_client, tmp_path, capsys):
    import govdisclosure.dask as gd

    files = [str(p) for p in sorted(CORPUS.glob("*pingtan_zone.html"))[-6:]] + [str(CORPUS / "2024_f2021_hongze_district.pdf")]
    roster = tmp_path / "roster.csv"
    roster.write_text("issuer,years\n平潭综合实验区,2019-2025\n", encoding="utf-8")
    urls = [Path(f).resolve().as_uri() for f in files]
    assert len(cluster_client.scheduler_info()["workers"]) == 2
    own = gd.check(urls).compute()  # (the distributed scheduler: the client is the default)
    across = gd.check_across(urls, roster=str(roster))
    # (the command line reads the same URLs: a finding's values name the other report by them)
    assert main(["check", "--output-format", "json", "--roster", str(roster), *urls]) in (0, 1)
    document = json.loads(capsys.readouterr().out)
    expected = sorted(_key(d["source"], d["code"], d["fingerprint"], d["line"]) for d in document["diagnostics"])
    got = sorted([_key(*row) for row in own[["source", "code", "fingerprint", "line"]].itertuples(index=False)]
                 + [_key(*row) for row in across[["source", "code", "fingerprint", "line"]].itertuples(index=False)])
    assert got == expected
    assert "GD702" in set(across.code) and any(code.startswith("GD5") for code in across.code)  # (cross-year too)
    assert across.line.dtype == "Int64"
    facts = gd.extract(urls).compute()
    assert facts.value.dtype == "float64" and facts[facts.kind == "table"].value.sum() > 0


def test_inputs_on_an_fsspec_file_system_are_listed_and_read(tmp_path):
    import dask
    import fsspec

    import govdisclosure.dask as gd
    from govdisclosure.batch import expand_anywhere

    memory = fsspec.filesystem("memory")
    for path in sorted(CORPUS.glob("*pingtan_zone.html"))[-2:]:
        memory.pipe(f"/reports/{path.name}", path.read_bytes())
    memory.pipe("/reports/.cache/junk.html", b"<html></html>")
    listed = expand_anywhere(["memory://reports/"])
    assert [url.rsplit("/", 1)[1] for url in listed] == ["2024_f2021_pingtan_zone.html", "2025_f2021_pingtan_zone.html"]
    with dask.config.set(scheduler="sync"):  # (the memory file system lives in this process)
        facts = gd.extract("memory://reports/*.html").compute()
        checked = gd.check(["memory://reports/", "memory://reports/missing.html"]).compute()
    assert set(facts.source) == set(listed) and len(facts) > 300
    [missing] = checked[checked.code == "GD000"].itertuples()
    assert missing.source == "memory://reports/missing.html" and "无法读取" in missing.message
