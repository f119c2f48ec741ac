"""The command line on a real terminal (a pseudo-terminal): the progress bar, drawn on stderr,
never shares a line with a finding or an error printed while it runs."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import termios
import re
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FINDING = re.compile(r":\d+:\d+: [A-Z]{2,3}\d{3} \[|govdisclosure: error:")
BAR = re.compile(r"\d+%\||份/s|s/份")


def _on_a_terminal(*args: str) -> str:
    """What a terminal would receive from `govdisclosure ARGS`, stdout and stderr both on it."""
    master, slave = pty.openpty()
    # A terminal 160 columns wide (a new pseudo-terminal has none, and tqdm then draws nothing).
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "160", "LINES": "50"}
    process = subprocess.Popen([sys.executable, "-m", "govdisclosure", *args], stdin=subprocess.DEVNULL,
                               stdout=slave, stderr=slave, env=env)
    os.close(slave)
    received = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # (EIO: the other end closed)
            break
        if not chunk:
            break
        received += chunk
    process.wait(timeout=300)
    os.close(master)
    return received.decode("utf-8", "replace")


def _screen_lines(output: str) -> list[str]:
    """The lines as the terminal shows them: a carriage return goes back to the line's start,
    and what follows overwrites what was there."""
    shown = []
    for raw in output.replace("\r\n", "\n").split("\n"):
        line: list[str] = []
        for part in raw.split("\r"):
            line[: len(part)] = list(part)
        shown.append("".join(line).rstrip())
    return shown


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs tests/corpus")
def test_progress_and_findings_never_share_a_line(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\x00\x01binary junk\xff" * 50)
    output = _on_a_terminal("check", str(CORPUS), str(broken), "--no-cross-year")
    lines = _screen_lines(output)
    assert BAR.search(output), "the bar was never drawn: the test would prove nothing"
    assert sum(bool(FINDING.search(line)) for line in lines) > 100, output[-2000:]
    mixed = [line for line in lines if FINDING.search(line) and BAR.search(line)]
    assert not mixed, mixed[:3]
