"""Reading answers at a terminal (prompt_toolkit) or from a pipe.

At a terminal: Enter sends the answer; Alt+Enter, or Esc then Enter (what a
terminal sends for Alt+Enter anyway), starts a new line; a paste of several
lines stays one answer (bracketed paste); the arrow keys move through the
answer being written. Ctrl-C raises `Interrupted`; Ctrl-D on an empty answer
is the end of input.

From a pipe: each line is one answer. Lines are read by a daemon thread, so a
Ctrl-C never waits for the next line to arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import TextIO

HOW_TO_ANSWER = "Enter sends your answer; Alt+Enter (or Esc, then Enter) starts a new line."


class Interrupted(Exception):
    """The user pressed Ctrl-C."""


class PipedInput:
    """Every input line is one answer."""

    def __init__(self, stdin: TextIO) -> None:
        self.stdin = stdin

    async def readline(self) -> str | None:
        """The next line without its newline, or None at the end of input."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[str] = loop.create_future()

        def settle(line: str | BaseException) -> None:
            if done.done():
                return
            if isinstance(line, BaseException):
                done.set_exception(line)
            else:
                done.set_result(line)

        def read() -> None:
            try:
                line: str | BaseException = self.stdin.readline()
            except (OSError, ValueError) as exc:  # a closed or unreadable stdin
                line = exc
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits
                loop.call_soon_threadsafe(settle, line)

        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        try:
            line = await done
        except (OSError, ValueError):
            return None
        return line.rstrip("\n") if line else None

    async def answer(self) -> str | None:
        return await self.readline()

    async def label(self, what: str) -> str:  # a pipe is not asked: the JD must say
        return ""


class TerminalInput:
    """prompt_toolkit at a real terminal."""

    def __init__(self) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory
        from prompt_toolkit.key_binding import KeyBindings

        keys = KeyBindings()

        @keys.add("enter")
        def _send(event) -> None:  # type: ignore[no-untyped-def]
            event.current_buffer.validate_and_handle()

        @keys.add("escape", "enter")  # Alt+Enter arrives as ESC CR
        def _new_line(event) -> None:  # type: ignore[no-untyped-def]
            event.current_buffer.insert_text("\n")

        self._answers: PromptSession[str] = PromptSession(
            multiline=True,
            key_bindings=keys,
            history=InMemoryHistory(),  # never a file: answers are kept in SQLite only
            prompt_continuation=lambda width, line, wrapped: " " * max(0, width - 2) + ". ",
        )
        self._labels: PromptSession[str] = PromptSession(history=InMemoryHistory())

    async def answer(self) -> str | None:
        try:
            # handle_sigint off: the session's own Ctrl-C handler must stay in place
            return await self._answers.prompt_async("> ", handle_sigint=False)
        except KeyboardInterrupt:
            raise Interrupted from None
        except EOFError:
            return None

    async def label(self, what: str) -> str:
        try:
            return (await self._labels.prompt_async(f"{what}: ", handle_sigint=False)).strip()
        except KeyboardInterrupt:
            raise Interrupted from None
        except EOFError:
            return ""
