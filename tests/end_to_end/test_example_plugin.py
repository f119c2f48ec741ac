"""docs/plugins.md's example plugin, installed into a fresh virtual environment and run."""

import os
import subprocess
import sys
import venv

import pytest

from conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("venv")
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT), str(ROOT / "plugins" / "example")],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    return folder / "bin" / "govdisclosure"


def run(command, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDISCLOSURE_")}
    return subprocess.run([str(command), *map(str, args)], capture_output=True, text=True, env=env)


def test_the_example_plugin_runs_in_a_fresh_environment(fresh_env):
    listed = run(fresh_env, "plugins")
    assert listed.returncode == 0 and "example" in listed.stdout and "EX101" in listed.stdout
    # The sample is a Hunan report (天元区, 430211): the plugin's rule applies.
    checked = run(fresh_env, "check", SAMPLE, "--select", "EX")
    assert "EX101" in checked.stdout and "没有提到政务新媒体" in checked.stdout
    # Out of its region it does not run; left out, it is gone.
    assert "EX101" not in run(fresh_env, "check", SAMPLE, "--select", "EX", "--region", "350128").stdout
    assert "EX101" not in run(fresh_env, "-p", "no:example", "check", SAMPLE, "--select", "EX").stdout
    # The suite's own environment is untouched: the plugin lives only in the fresh one.
    from importlib import metadata

    assert "example" not in {ep.name for ep in metadata.entry_points(group="govdisclosure")}


def test_the_example_plugin_s_rule_cases(monkeypatch):
    """The case file docs/plugins.md shows, run in-process on the plugin's module."""
    import sys

    from govdisclosure.plugins import make_plugin_manager
    from govdisclosure.registry import of_manager
    from govdisclosure.testing import load_cases, run_rule_case

    monkeypatch.syspath_prepend(str(ROOT / "plugins" / "example" / "src"))
    import govdisclosure_example

    manager, failures = make_plugin_manager(autoload=False)
    manager.register(govdisclosure_example, name="example")
    registry = of_manager(manager, failures)
    cases = load_cases(ROOT / "plugins" / "example" / "tests" / "cases.toml")
    assert [c.code for c in cases] == ["EX101"] * 3
    for case in cases:
        run_rule_case(case, registry)
    sys.modules.pop("govdisclosure_example", None)


def test_a_new_plugin_made_by_the_scaffold_installs_and_its_own_tests_pass(fresh_env, tmp_path):
    """`govdisclosure new-plugin` writes a package that builds, installs into a fresh environment
    and passes its own tests untouched; its rule runs in its region only."""
    made = run(fresh_env, "new-plugin", "hunan-zhuzhou", "--region", "4302", "--code-prefix", "ZZ",
               "--output-dir", tmp_path)
    assert made.returncode == 0, made.stderr
    package = tmp_path / "govdisclosure-hunan-zhuzhou"
    assert {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()} == {
        "pyproject.toml", "README.md", "src/govdisclosure_hunan_zhuzhou/__init__.py",
        "src/govdisclosure_hunan_zhuzhou/catalog.toml", "tests/cases.toml", "tests/test_hunan_zhuzhou.py"}
    python = fresh_env.parent / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(package)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    try:
        own = run(python, package / "tests" / "test_hunan_zhuzhou.py")
        assert own.returncode == 0 and "all tests passed" in own.stdout, own.stderr[-2000:]
        listed = run(fresh_env, "plugins")
        assert "hunan-zhuzhou" in listed.stdout and "ZZ101" in listed.stdout
        report = tmp_path / "zhuzhou.txt"
        report.write_text("株洲市人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度工作有序推进。\n", encoding="utf-8")
        assert "ZZ101" in run(fresh_env, "check", report, "--select", "ZZ").stdout
        assert "ZZ101" not in run(fresh_env, "check", report, "--select", "ZZ", "--region", "350128").stdout
    finally:
        subprocess.run([str(python), "-m", "pip", "uninstall", "-q", "-y", "govdisclosure-hunan-zhuzhou"],
                       capture_output=True)
    # A prefix the registry would refuse, an unknown region, or an existing folder: exit 2, said why.
    for arguments, said in ((("--region", "4302", "--code-prefix", "GD"), "GD"),
                            (("--region", "9999", "--code-prefix", "ZZ"), "9999"),
                            (("--region", "4302", "--code-prefix", "ZZ"), "exists")):
        refused = run(fresh_env, "new-plugin", "hunan-zhuzhou", *arguments, "--output-dir", tmp_path, "--lang", "en")
        assert refused.returncode == 2 and said in refused.stderr, refused.stderr


def _blocks(text: str) -> list[tuple[str, str]]:
    """The fenced code blocks of a page: (language, code), their indentation taken off."""
    import re
    import textwrap

    return [(language, textwrap.dedent(code)) for language, code in
            re.findall(r"^[ \t]*```(\w+)\n(.*?)^[ \t]*```", text, re.S | re.M)]


def test_the_plugin_built_from_docs_plugins_md_s_own_blocks_installs_and_runs(fresh_env, tmp_path):
    """Every code block of docs/plugins.md, run: the files it shows (each block's first line
    names its file) make a package that installs, whose tests pass, and whose commands run."""
    blocks = _blocks((ROOT / "docs" / "plugins.md").read_text(encoding="utf-8"))
    files = {code.split("\n", 1)[0].removeprefix("# ").strip(): code for language, code in blocks
             if language in ("toml", "python")}
    assert set(files) == {"pyproject.toml", "src/govdisclosure_example/__init__.py", "tests/cases.toml",
                          "tests/test_rules.py"}
    package = tmp_path / "from-the-docs"
    for name, code in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(code, encoding="utf-8")
    python = fresh_env.parent / "python"
    pytest_installed = subprocess.run([str(python), "-m", "pip", "install", "-q", "pytest"], capture_output=True, text=True)
    assert pytest_installed.returncode == 0, pytest_installed.stderr[-2000:]
    [commands] = [code for language, code in blocks if language == "sh"]
    try:
        for line in commands.strip().splitlines():
            command = line.split("#", 1)[0].split()
            if command[0] == "pip":  # (in the plugin's folder, into the fresh environment)
                done = subprocess.run([str(python), "-m", *command], capture_output=True, text=True, cwd=package)
            else:
                done = subprocess.run([str(fresh_env), *command[1:]], capture_output=True, text=True, cwd=ROOT,
                                      env={k: v for k, v in os.environ.items() if not k.startswith("GOVDISCLOSURE_")})
            assert done.returncode in (0, 1), (line, done.stderr[-2000:])
            if "no:example" in line:
                assert "EX101" not in done.stdout
            elif " check " in f" {line} ":
                assert "EX101" in done.stdout
            elif "plugins" in command:
                assert "EX101" in done.stdout
        tests = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", package / "tests")
        assert tests.returncode == 0 and "1 passed" in tests.stdout, tests.stdout[-2000:] + tests.stderr[-2000:]
    finally:  # (the example plugin of plugins/example back, as the other tests had it)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps",
                        str(ROOT / "plugins" / "example")], capture_output=True)


def test_every_command_of_docs_testing_md_runs_or_is_collected():
    """docs/testing.md: its Python example runs (test_docs.py); its long soak command is the
    documented long profile, and collects with that profile (running it takes hours)."""
    blocks = _blocks((ROOT / "docs" / "testing.md").read_text(encoding="utf-8"))
    assert [language for language, _ in blocks] == ["python", "sh"]
    environment, *command = blocks[1][1].split()
    name, profile = environment.split("=")
    assert command[0].endswith("pytest")
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                                *command[1:]], capture_output=True, text=True, cwd=ROOT,
                               env={**os.environ, name: profile})
    assert collected.returncode == 0, collected.stdout[-2000:] + collected.stderr[-2000:]
    assert " tests collected" in collected.stdout or "tests collected" in collected.stdout
