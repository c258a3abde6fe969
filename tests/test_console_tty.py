"""The interactive console in a real pseudo-terminal: multi-line answers that
end with an empty line, the spinner, /quit, and the way back with --resume."""

from __future__ import annotations

import os
import pty
import re
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


class Terminal:
    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        env.update({"LLM_PROVIDER": "offline", "TERM": "dumb"})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", *args],
            stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True,
        )
        os.close(slave)
        self.screen = ""

    def type(self, *lines: str) -> None:
        for line in lines:
            os.write(self.master, (line + "\r").encode())

    def wait_for(self, pattern: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.screen):
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {pattern!r}; screen:\n{self.screen[-2000:]}")
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536).decode(errors="replace")
                except OSError:  # the child closed the terminal
                    break
        return self.screen

    def close(self) -> int:
        code = self.proc.wait(timeout=30)
        os.close(self.master)
        return code


def test_interactive_answers_span_lines_and_quit_saves(tmp_path: Path) -> None:
    db = tmp_path / "tty.db"
    term = Terminal("--db", str(db), "--user", "tty")
    term.wait_for(r"Question 1/8")
    assert "empty line" in term.screen  # the prompt says how to answer
    term.type("", "I led the migration to Go at Brightwave.", "It cut p99 latency by 75%.", "")
    term.wait_for(r"Question 2/8")
    assert "Type your answer first" in term.screen  # a blank first line is not an answer
    assert "thinking" in term.screen  # the spinner ran while question 2 was written
    term.type("/quit")
    term.wait_for(r"Interview saved")
    assert term.close() == 0
    with sqlite3.connect(db) as conn:
        answers = conn.execute("SELECT text FROM messages WHERE role = 'user'").fetchall()
    assert answers == [("I led the migration to Go at Brightwave.\nIt cut p99 latency by 75%.",)]

    again = Terminal("--db", str(db), "--user", "tty", "--resume")
    again.wait_for(r"Question 2/8")
    assert "1 of 8 questions answered" in again.screen
    again.type("/quit")
    again.wait_for(r"Interview saved")
    assert again.close() == 0
