"""The interactive console in a real pseudo-terminal (stdlib `pty.fork`: the child gets the
terminal as its controlling tty, so Ctrl-C is a real SIGINT when the terminal is not in raw
mode): Enter sends, Alt+Enter (ESC CR) starts a new line, a bracketed paste of three lines is
one answer, Ctrl-C saves and exits 0 with a resume hint that works when typed as printed."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shlex
import signal
import sqlite3
import struct
import sys
import termios
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.llm_servers import FakeLLMServer, Step

# prompt_toolkit writes this each time a prompt is live (raw mode on, input attached):
# keys sent after it are read as keys, never by the line discipline.
PROMPT_READY = "\x1b[?2004h"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


class Terminal:
    def __init__(self, *args: str, env: dict[str, str] | None = None, columns: int = 90) -> None:
        environment = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        environment.update({"LLM_PROVIDER": "offline", "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"})
        environment.update(env or {})
        argv = [sys.executable, "-m", "bot", "console", *args]
        self.pid, self.master = pty.fork()
        if self.pid == 0:  # the child: the console, on the terminal
            try:
                os.chdir(ROOT)
                os.execve(sys.executable, argv, environment)
            finally:
                os._exit(127)
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
        self.raw = ""
        self.code: int | None = None

    @property
    def screen(self) -> str:
        """What a person would read: the output without escape sequences."""
        return ANSI.sub("", self.raw)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return False
        self.raw += chunk.decode(errors="replace")
        return bool(chunk)

    def wait_for(self, pattern: str, timeout: float = 60, *, raw: bool = False) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.raw if raw else self.screen, re.DOTALL):
            if time.monotonic() > deadline or not self._read(0.2):
                raise AssertionError(f"never saw {pattern!r}; screen:\n{self.screen[-2500:]}")

    def prompt(self, number: int) -> None:
        """Wait until the `number`th prompt is live."""
        self.wait_for(rf"(?:.*?\x1b\[\?2004h){{{number}}}", raw=True)

    def close(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                raise AssertionError(f"the console did not exit; screen:\n{self.screen[-2500:]}")
            self._read(0.1)
        while self._read(0):  # what it wrote last
            pass
        os.close(self.master)
        self.code = os.waitstatus_to_exitcode(status)
        return self.code


def answers(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [t for (t,) in conn.execute("SELECT text FROM messages WHERE role = 'user' ORDER BY seq")]


def resume_hint(screen: str) -> list[str]:
    """The command the console told the user to run, as words."""
    found = re.findall(r"Run\s+`([^`]+)`\s+to continue", screen)
    assert found, f"no resume hint in:\n{screen[-1500:]}"
    words = shlex.split(" ".join(found[-1].split()))
    assert words[:2] == ["interview-bot", "console"], words
    return words[2:]


def test_enter_sends_alt_enter_adds_a_line_a_paste_is_one_answer_and_ctrl_c_saves(tmp_path: Path) -> None:
    db = tmp_path / "my interviews.db"
    term = Terminal("--db", str(db), "--user", "tty user")
    term.prompt(1)
    assert "Question 1/8" in term.screen
    assert "Enter sends your answer; Alt+Enter (or Esc, then Enter) starts a new line" in " ".join(
        term.screen.split())
    term.send("I led the migration to Go.\r")  # Enter sends
    term.prompt(2)
    assert "Question 2/8" in term.screen
    term.send("First line.\x1b\rSecond line.\r")  # Alt+Enter: a new line; then Enter sends
    term.prompt(3)
    assert "Question 3/8" in term.screen
    term.send("\x1b[200~Line one\rLine two\nLine three\x1b[201~")  # a bracketed paste...
    term.send(" and more.\r")  # ...edited further, then sent
    term.prompt(4)
    assert "Question 4/8" in term.screen
    term.send("Half an answer that is never sent")
    term.send("\x03")  # Ctrl-C at the prompt
    term.wait_for(r"Interview saved")
    assert term.close() == 0
    assert "Traceback" not in term.screen
    assert answers(db) == [
        "I led the migration to Go.",
        "First line.\nSecond line.",
        "Line one\nLine two\nLine three and more.",
    ]

    # The hint, typed as printed (with its --db and --user), finds the interview.
    hint = resume_hint(term.screen)
    assert hint == ["--resume", "--db", str(db), "--user", "tty user"]
    again = Terminal(*hint)
    again.prompt(1)
    assert "3 of 8 questions answered" in again.screen and "Question 4/8" in again.screen
    again.send("\x03")
    again.wait_for(r"Interview saved")
    assert again.close() == 0
    assert len(answers(db)) == 3


def test_ctrl_c_while_the_next_question_is_written_saves_and_leaves(tmp_path: Path) -> None:
    db = tmp_path / "tty.db"
    with FakeLLMServer("openai").in_thread() as server:
        # Question 1 comes at once; question 2 takes a minute: Ctrl-C must not wait for it.
        server.push(Step.reply("Which project are you proudest of?"), Step.slow(60))
        term = Terminal("--db", str(db), "--user", "tty", env=server.env(LLM_FALLBACK="", LLM_READ_TIMEOUT="120"))
        term.prompt(1)
        term.send("The payments migration, which I led.\r")
        term.wait_for(r"thinking")
        deadline = time.monotonic() + 60
        while server.pending and time.monotonic() < deadline:  # question 2 has been asked for
            time.sleep(0.05)
        assert not server.pending, "question 2 was never requested"
        term.send("\x03")  # the terminal is not in raw mode now: a real SIGINT
        term.wait_for(r"Interview saved.*left off")
        assert term.close(timeout=30) == 0
    assert "Traceback" not in term.screen and "KeyboardInterrupt" not in term.screen
    assert answers(db) == ["The payments migration, which I led."]
    assert resume_hint(term.screen) == ["--resume", "--db", str(db), "--user", "tty"]

    again = Terminal("--db", str(db), "--user", "tty", "--resume")  # offline now
    again.prompt(1)
    assert "1 of 8 questions answered" in again.screen and "Question 2/8" in again.screen
    again.send("/quit\r")
    again.wait_for(r"Interview saved")
    assert again.close() == 0


def test_a_blank_answer_is_not_sent_and_ctrl_d_saves(tmp_path: Path) -> None:
    db = tmp_path / "tty.db"
    term = Terminal("--db", str(db), "--user", "tty", columns=50)
    term.prompt(1)
    notice = term.screen.split("CV: ")[0]
    question = term.screen.split("Question 1/8")[1].split("> ")[0]
    prose = [line for line in (notice + question).splitlines() if "`" not in line]  # commands stay whole
    assert len(prose) > 8 and max(len(line) for line in prose) <= 50, prose
    term.send("   \r")
    term.prompt(2)
    assert "Type your answer, then press Enter" in term.screen and "Question 2/8" not in term.screen
    term.send("\x04")  # Ctrl-D on an empty answer: the end of input
    term.wait_for(r"Interview saved")
    assert term.close() == 0
    assert answers(db) == []
