"""Configuration files (config.py) and baseline files (run.read_baseline, run.write_baseline):
every key's type is checked, a bad file is exit 2 naming the file and the key, for `check`
and `extract` alike, and every configuration example in the docs loads."""

import re
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

from govdisclosure.cli import main
from govdisclosure.config import KEYS, Config, ConfigError, _Written, check_config, load_config, parse_config
from govdisclosure.registry import default
from govdisclosure.run import read_baseline, write_baseline
from govdisclosure.sources import LoadError

CASES = ROOT / "tests" / "data" / "hostile" / "config_cases"
BASELINES = CASES / "baselines"
# Each case directory: what its error must name besides the file (None: a file that cannot be
# read at all), or VALID.
VALID = "valid"
EXPECTED = {
    "binary": None, "malformed_toml": None, "not_utf8": None, "pyproject_malformed": None,
    "empty_file": VALID, "pyproject_ok_other_tool": VALID,
    "ignore_indicators_table": "ignore-indicators", "ignore_relations_int": "ignore-relations",
    "ignore_table": "ignore:", "pfi_list": "per-file-ignores", "pfi_string_codes": "per-file-ignores",
    "pyproject_gd_list": "tool.govdisclosure", "pyproject_gd_not_table": "tool.govdisclosure",
    "pyproject_tool_not_table": "tool 应为表",
    "region_bool": "region", "region_garbage": "region", "region_int": "region", "region_table": "region",
    "require_plugins_int": "require-plugins", "require_plugins_missing": "nonexistent",
    "require_plugins_string": "require-plugins",
    "select_ints": "select", "select_string": "select",
    "severity_int": "severity", "severity_string": "severity", "severity_unknown_code": "NOPE1",
    "unknown_key": "selekt",
}
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and p != BASELINES)
# In this process, no worker pool: a bad configuration stops the run before any report anyway.
IN_PROCESS = ["-q", "--timeout", "0"]


def _config_file(case: Path) -> Path:
    (found,) = [p for p in case.iterdir() if p.name in ("govdisclosure.toml", "pyproject.toml")]
    return found


def test_every_case_directory_has_its_expectation():
    assert sorted(p.name for p in CASE_DIRS) == sorted(EXPECTED)


@pytest.mark.parametrize("command", ["check", "extract"])
@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_a_bad_configuration_is_exit_2_naming_the_file_and_the_key(case, command, monkeypatch, capsys):
    monkeypatch.chdir(case)  # found as the working directory's configuration
    status = main([command, *IN_PROCESS, str(SAMPLE)])
    err = capsys.readouterr().err
    expected = EXPECTED[case.name]
    if expected == VALID:
        assert status in ((0, 1) if command == "check" else (0,)), err
        return
    assert status == 2, err
    assert str(_config_file(case)) in err
    assert "internal error" not in err
    if expected:
        assert expected in err


@pytest.mark.parametrize("case", [p for p in CASE_DIRS if EXPECTED[p.name] != VALID], ids=lambda p: p.name)
def test_a_bad_configuration_given_with_config_is_exit_2(case, capsys):
    config = _config_file(case)
    assert main(["check", *IN_PROCESS, "--config", str(config), str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and "internal error" not in err


@pytest.mark.parametrize("data", [
    {"select": "GD1"}, {"ignore": "GD1"}, {"require-plugins": "fujian"}, {"ignore-relations": "a.b"},
    {"per-file-ignores": {"*.txt": "GD201"}}, {"select": ["GD1", 2]}, {"region": 350128}, {"region": ""},
    {"region": "35012"}, {"region": "３５"}, {"severity": {"GD201": "fatal"}}, {"tool": {"govdisclosure": {}}},
])
def test_a_string_is_never_read_as_a_list_of_its_characters(data):
    with pytest.raises(ConfigError, match=re.escape(next(iter(data)))):
        parse_config(data, "x.toml")


def test_valid_values_are_read_as_before():
    config = parse_config({"select": ["GD1"], "ignore": [], "per-file-ignores": {"d/*.txt": ["GD201", "GD3"]},
                           "ignore-relations": ["r"], "ignore-indicators": ["i"],
                           "severity": {"GD301": "warning", "GD201": "error"}, "region": "35",
                           "require-plugins": ["fujian"]}, "x.toml")
    assert config == Config(select=("GD1",), per_file_ignores=(("d/*.txt", ("GD201", "GD3")),),
                            ignore_relations=frozenset({"r"}), ignore_indicators=frozenset({"i"}),
                            severity=(("GD201", "error"), ("GD301", "warning")), origin="x.toml", region="35",
                            require_plugins=("fujian",))
    assert parse_config({}, "x.toml") == Config(origin="x.toml")
    assert {a.name.replace("_", "-") for a in _Written.__attrs_attrs__} == set(KEYS)


def test_codes_are_checked_against_the_registry():
    registry = default()
    check_config(Config(select=("GD1",), severity=(("GD201", "error"),)), lambda: registry)
    with pytest.raises(ConfigError, match="severity: 没有规则 GD2.*GD201"):  # a prefix changes no severity
        check_config(Config(severity=(("GD2", "error"),), origin="x.toml"), lambda: registry)
    with pytest.raises(ConfigError, match="x.toml: per-file-ignores: .*GD2O1"):
        check_config(Config(per_file_ignores=(("*", ("GD2O1",)),), origin="x.toml"), lambda: registry)
    check_config(Config(), lambda: pytest.fail("no code named: no registry built"))


def _documented_configurations():
    """(where, file name, text) of every configuration example: the docs' TOML blocks that hold
    `[tool.govdisclosure]` or open with `# govdisclosure.toml`, and config.py's own."""
    found = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for block in re.findall(r"^ *```toml\n(.*?)^ *```", doc.read_text(encoding="utf-8"), re.S | re.M):
            if "[tool.govdisclosure]" in block:
                found.append((doc.name, "pyproject.toml", block))
            elif block.lstrip().startswith("# govdisclosure.toml"):
                found.append((doc.name, "govdisclosure.toml", block))
    source = (ROOT / "src" / "govdisclosure" / "config.py").read_text(encoding="utf-8")
    docstring = source.split('"""')[1]
    example = "\n".join(line[4:] for line in docstring.splitlines() if line.startswith("    "))
    found.append(("config.py", "govdisclosure.toml", example))
    return found


def test_every_documented_configuration_loads(tmp_path):
    examples = _documented_configurations()
    assert {where for where, _, _ in examples} >= {"README.md", "config.py"}
    registry = default()
    for n, (where, name, text) in enumerate(examples):
        path = tmp_path / str(n) / name
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        config = load_config(path)
        assert config.select, where  # read, not an empty default
        # The codes are the core's; the plugins required are the regional ones, absent here.
        check_config(Config(config.select, config.ignore, config.per_file_ignores, severity=config.severity),
                     lambda: registry)


@pytest.mark.parametrize("baseline", sorted(BASELINES.iterdir()), ids=lambda p: p.name)
def test_a_bad_baseline_is_exit_2_naming_the_file(baseline, capsys):
    with pytest.raises(LoadError, match=re.escape(str(baseline))):
        read_baseline(str(baseline))
    assert main(["check", *IN_PROCESS, "--baseline", str(baseline), str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert str(baseline) in err and "internal error" not in err


def test_a_baseline_round_trips_and_a_missing_one_is_an_error(tmp_path, capsys):
    path = tmp_path / "baseline.json"
    write_baseline(str(path), ["b", "a"])
    assert read_baseline(str(path)) == {"a", "b"}
    write_baseline(str(path), ["c"])  # replaced whole
    assert read_baseline(str(path)) == {"c"} and [p.name for p in tmp_path.iterdir()] == ["baseline.json"]
    assert main(["check", *IN_PROCESS, "--write-baseline", str(path), str(SAMPLE)]) == 1
    assert main(["check", *IN_PROCESS, "--baseline", str(path), str(SAMPLE)]) == 0  # every finding known
    with pytest.raises(LoadError, match="missing.json"):
        read_baseline(str(tmp_path / "missing.json"))


@pytest.mark.parametrize("where", ["missing/dir/x.json", ".", "/dev/full"])
def test_a_baseline_that_cannot_be_written_is_exit_2(where, tmp_path, capsys):
    target = Path(where) if where.startswith("/") else tmp_path / where
    if where == "/dev/full" and not target.exists():
        pytest.skip("no /dev/full here")
    with pytest.raises(LoadError, match="无法写入"):
        write_baseline(str(target), ["a"])
    assert main(["check", *IN_PROCESS, "--write-baseline", str(target), str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert f"无法写入 {target}" in err and "internal error" not in err
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


@pytest.mark.parametrize("case, key", [("select_string", "select"), ("region_bool", "region"),
                                       ("severity_unknown_code", "severity"), ("pfi_list", "per-file-ignores"),
                                       ("unknown_key", "unknown configuration key"),
                                       ("pyproject_tool_not_table", "tool should be a table")])
def test_a_bad_configuration_is_said_in_english_with_lang_en(case, key, monkeypatch, capsys):
    monkeypatch.chdir(CASES / case)
    assert main(["check", "--lang", "en", *IN_PROCESS, str(SAMPLE)]) == 2
    (line,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("govdisclosure: error:")]
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", "", line)  # the user's own values may be in any script
    assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", unquoted), line
    assert str(_config_file(CASES / case)) in line and key in line
