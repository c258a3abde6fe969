"""A fake LLM server on 127.0.0.1 that speaks Gemini's or OpenAI's wire format.

It records every request and answers from a script of `Step`s, then, when
the script is empty, with a fresh plausible question (or, when JSON is asked
for, a valid feedback report). Three ways to run it:

    async with FakeLLMServer("gemini") as server:        # in a test's loop
        server.push(Step.http_error(503), Step.reply("Why Python?"))
        settings = Settings(_env_file=None, **server.settings_kwargs())

    with FakeLLMServer("openrouter").in_thread() as server:   # from sync code
        os.environ.update(server.env())

    python -m tests.llm_servers --kind gemini --port 0 [--script steps.json] [--quirk NAME ...]

`kind` is "gemini", "openrouter" or "openai" (the last two share OpenAI's
wire format; the base URL mimics each real one).

`quirks` give it the habits of real servers and small models, on every
request (see QUIRKS). A request that asks for JSON (a report) is answered
with a report, any other with a question; a scripted Step's `text` still
wins over a quirk's reply. The reject_* quirks answer before the script is
read, as a real server's request validation does, so no Step is used up.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

Kind = Literal["gemini", "openrouter", "openai"]
DEFAULT_KEY = "test-key-not-secret"
# Distinct enough that the provider's repeat check never mistakes one for another.
DEFAULT_QUESTIONS = (
    "Which project on your CV best prepares you for this role, and why?",
    "Tell me about a time a deadline slipped: what did you do about it?",
    "How do you decide what to test first when you join an unfamiliar codebase?",
    "Describe a disagreement with a colleague and how it was resolved.",
    "What metric did you last move, and how did you measure it?",
    "Walk me through a production incident you handled from alert to post-mortem.",
    "Which skill in the job description would you most like to grow here?",
    "How would you explain your biggest technical trade-off to a non-engineer?",
    "What feedback changed the way you work, and what did you change?",
    "If you started here on Monday, what would your first month look like?",
)
# More questions, never among DEFAULT_QUESTIONS (the second item of a numbered list).
SECOND_QUESTIONS = (
    "How did you decide which parts of that work to hand over to others?",
    "What would you do differently if you faced the same problem today?",
    "Which trade-off in that project are you least sure you got right?",
    "How did you know the change was working once it reached production?",
    "Who disagreed with your approach, and how did you bring them along?",
)
PROSE_REPORT = "Thanks for the interview! Overall the candidate did well and communicated clearly."
QUIRKS = frozenset(
    {
        # OpenAI wire: response_format.type "json_schema" is refused, as servers that
        # only know "text" and "json_object" do (llama-cpp-python, vLLM, LM Studio, ...).
        "reject_json_schema_400",
        "reject_json_schema_422",
        "reject_json_schema_500",
        # Gemini wire: generationConfig.responseSchema is refused (an old API or proxy).
        "reject_response_schema",
        # Reports: JSON asked for, prose or decorated JSON sent.
        "ignore_response_format",
        "prose_around_json",
        "fenced_json",
        # Questions: what small models send instead of one clean question.
        "echo_fences",
        "list_of_questions",
        "continue_answer",
        "echo_answer",
    }
)
_ANSWER_BLOCK = re.compile(r"<<<BEGIN ANSWER (\d+)>>>\n(.*?)\n<<<END ANSWER \1>>>", re.DOTALL)
_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


@dataclass
class Step:
    """One scripted answer. Build with the classmethods; fields combine."""

    status: int = 200
    text: str | None = None  # the model's reply; None = the default reply
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (read timeouts)
    error: dict[str, Any] | None = None  # an error object: status>=400, or a 200 with an error
    retry_delay: str | None = None  # Google RetryInfo, e.g. "2s"
    raw: str | None = None  # a raw body, sent as is (invalid JSON)
    blocked: bool = False  # the prompt was blocked (Gemini promptFeedback / OpenAI refusal)
    finish: str | None = None  # finishReason / finish_reason
    empty: bool = False  # no candidates / no choices
    drop: bool = False  # close the connection without a response
    usage: tuple[int, int] = (120, 30)  # prompt, completion tokens reported

    @classmethod
    def reply(cls, text: str, **kw: Any) -> Step:
        return cls(text=text, **kw)

    @classmethod
    def http_error(
        cls, status: int, *, retry_after: str | None = None, message: str = "", **kw: Any
    ) -> Step:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        return cls(
            status=status, headers=headers, error={"message": message or f"fake {status}"}, **kw
        )

    @classmethod
    def slow(cls, seconds: float, text: str | None = None) -> Step:
        return cls(delay=seconds, text=text)

    @classmethod
    def invalid_json(cls, status: int = 200) -> Step:
        return cls(status=status, raw='{"candidates": [ this is not json')

    @classmethod
    def error_body(cls, code: int | str, message: str = "upstream error") -> Step:
        """HTTP 200 whose body is an error object (OpenRouter does this)."""
        return cls(status=200, error={"code": code, "message": message})

    @classmethod
    def blocked_prompt(cls) -> Step:
        return cls(blocked=True)

    @classmethod
    def finished(cls, reason: str, text: str = "") -> Step:
        """A reply that ended for `reason`: SAFETY/MAX_TOKENS (Gemini), content_filter/length."""
        return cls(finish=reason, text=text)

    @classmethod
    def no_candidates(cls) -> Step:
        return cls(empty=True)

    @classmethod
    def dropped(cls) -> Step:
        return cls(drop=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        data = dict(data)
        if "retry_after" in data:
            data.setdefault("headers", {})["Retry-After"] = str(data.pop("retry_after"))
        if "usage" in data:
            data["usage"] = tuple(data["usage"])
        return cls(**data)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: Any

    @property
    def url_has_key(self) -> bool:
        return "key" in self.query

    @property
    def wants_json(self) -> bool:
        """It asks for the report: a JSON response format, or a JSON Schema in its text."""
        return _wants_json(self.body)

    @property
    def answers(self) -> list[str]:
        """The candidate's answers it carries (the fenced ANSWER blocks), in order."""
        return _answers(self.body)


class FakeLLMServer:
    def __init__(
        self,
        kind: Kind = "gemini",
        *,
        api_key: str | None = DEFAULT_KEY,
        host: str = "127.0.0.1",
        port: int = 0,
        quirks: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        if kind not in ("gemini", "openrouter", "openai"):
            raise ValueError(f"unknown kind {kind!r}")
        unknown = set(quirks) - QUIRKS
        if unknown:
            raise ValueError(f"unknown quirks {sorted(unknown)}; known: {sorted(QUIRKS)}")
        self.kind: Kind = kind
        self.quirks = frozenset(quirks)
        self.api_key = api_key  # None accepts any (or no) key, like a local Ollama
        self.host = host
        self.port = port
        self.requests: list[Recorded] = []
        self._script: deque[Step] = deque()
        self._lock = threading.Lock()  # the script is pushed from the test's thread
        self._counter = 0
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- scripting ----------------------------------------------------------
    def push(self, *steps: Step) -> FakeLLMServer:
        with self._lock:
            self._script.extend(steps)
        return self

    def clear(self) -> None:
        with self._lock:
            self._script.clear()
            self.requests.clear()

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._script)

    def _next_step(self) -> Step:
        with self._lock:
            self._counter += 1
            return self._script.popleft() if self._script else Step()

    # --- addresses ----------------------------------------------------------
    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What goes in GEMINI_BASE_URL / OPENROUTER_BASE_URL / OPENAI_BASE_URL."""
        return {
            "gemini": self.origin,
            "openrouter": f"{self.origin}/api/v1",
            "openai": f"{self.origin}/v1",
        }[self.kind]

    def settings_kwargs(self, **extra: Any) -> dict[str, Any]:
        """Settings(...) arguments pointing the provider at this server, fast retries."""
        prefix = self.kind
        values: dict[str, Any] = {
            "llm_provider": self.kind,
            f"{prefix}_base_url": self.base_url,
            f"{prefix}_api_key": self.api_key or DEFAULT_KEY,
            "llm_retry_base_delay": 0.01,
            "llm_retry_max_delay": 0.05,
            "llm_read_timeout": 2.0,
            "llm_connect_timeout": 1.0,
        }
        return values | extra

    def env(self, **extra: str) -> dict[str, str]:
        """The same as environment variables, for a subprocess or the console."""
        return {k.upper(): str(v) for k, v in self.settings_kwargs().items()} | extra

    # --- lifecycle ----------------------------------------------------------
    async def start(self) -> FakeLLMServer:
        app = web.Application()
        app.router.add_post("/{path:.*}", self._handle)
        # handler_cancellation: a client that timed out stops the slow handler,
        # so stopping the server never waits on a sleeping reply.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        sockets = site._server.sockets  # type: ignore[union-attr]
        self.port = sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeLLMServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @contextmanager
    def in_thread(self) -> Iterator[FakeLLMServer]:
        """Run on its own event loop in a daemon thread (for sync callers)."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # report, don't hang the caller
                failure.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.close())
            loop.close()

        self._thread = threading.Thread(target=run, name=f"fake-{self.kind}", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        try:
            yield self
        finally:
            assert self._loop is not None
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    # --- answering ----------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body: Any = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            body = raw.decode(errors="replace")
        self.requests.append(
            Recorded(
                request.method,
                request.path,
                dict(request.query),
                {k.lower(): v for k, v in request.headers.items()},
                body,
            )
        )
        if not self._route_ok(request.path):
            return self._error(404, {"message": f"no route {request.path}"})
        auth = self._auth_error(request)
        if auth is not None:
            return auth
        rejected = self._rejected(body)
        if rejected is not None:
            return rejected
        step = self._next_step()
        if step.delay:
            await asyncio.sleep(step.delay)
        if step.drop:
            assert request.transport is not None
            request.transport.close()
            return web.Response()  # never sent: the socket is gone
        if step.raw is not None:
            return web.Response(
                status=step.status,
                text=step.raw,
                content_type="application/json",
                headers=step.headers,
            )
        if step.error is not None:
            return self._error(step.status, step.error, step.headers, step.retry_delay)
        if step.status >= 400:
            return self._error(
                step.status, {"message": f"fake {step.status}"}, step.headers, step.retry_delay
            )
        text = step.text if step.text is not None else self._default_text(body)
        payload = (
            self._gemini_reply(step, text)
            if self.kind == "gemini"
            else self._openai_reply(step, text)
        )
        return web.json_response(payload, status=step.status, headers=step.headers)

    def _route_ok(self, path: str) -> bool:
        if self.kind == "gemini":
            return re.fullmatch(r"/v1beta/models/[^/:]+:generateContent", path) is not None
        return path == self.base_url.removeprefix(self.origin) + "/chat/completions"

    def _auth_error(self, request: web.Request) -> web.Response | None:
        if self.api_key is None:
            return None
        if self.kind == "gemini":
            if request.headers.get("x-goog-api-key") != self.api_key:
                # What Google really answers for a bad key: 400, reason API_KEY_INVALID.
                return self._error(
                    400,
                    {
                        "message": "API key not valid. Please pass a valid API key.",
                        "details": [
                            {
                                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                "reason": "API_KEY_INVALID",
                            }
                        ],
                    },
                )
            return None
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return self._error(401, {"message": "No auth credentials found", "code": 401})
        return None

    def _error(
        self,
        status: int,
        error: dict[str, Any],
        headers: dict[str, str] | None = None,
        retry_delay: str | None = None,
    ) -> web.Response:
        error = dict(error)
        if self.kind == "gemini":
            error.setdefault("code", status)
            error.setdefault("status", _GOOGLE_STATUS.get(status, "UNKNOWN"))
            if retry_delay:
                error.setdefault("details", []).append(
                    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay}
                )
        else:
            error.setdefault("code", status)
            error.setdefault("type", "fake_error")
        return web.json_response({"error": error}, status=status, headers=headers or {})

    def _rejected(self, body: Any) -> web.Response | None:
        """The reject_* quirks: the status and body the real servers send."""
        if not isinstance(body, dict):
            return None
        if self.kind == "gemini":
            config = body.get("generationConfig")
            if (
                "reject_response_schema" in self.quirks
                and isinstance(config, dict)
                and "responseSchema" in config
            ):
                return web.json_response(REJECT_BODIES["reject_response_schema"], status=400)
            return None
        fmt = body.get("response_format")
        if not (isinstance(fmt, dict) and fmt.get("type") == "json_schema"):
            return None
        for status in (400, 422, 500):
            name = f"reject_json_schema_{status}"
            if name in self.quirks:
                return web.json_response(REJECT_BODIES[name], status=status)
        return None

    def _default_text(self, body: Any) -> str:
        strings = list(_strings(body))
        if any("The question to give feedback on" in t for t in strings):
            return json.dumps(default_note(_answers(body)[-1]))  # practice mode: one answer
        if any("<<<BEGIN CANDIDATE QUESTION>>>" in t for t in strings):
            return "From your report: answer 1 was your weakest; add its result."
        if _wants_json(body):
            return self._report_text(body)
        return self._question_text(body)

    def _report_text(self, body: Any) -> str:
        if "ignore_response_format" in self.quirks:
            return PROSE_REPORT
        report = default_report(_count_answers(body))
        if "fenced_json" in self.quirks:
            # Pretty-printed, with the trailing comma small models leave before the last brace.
            text = json.dumps(report, indent=2)
            text = "```json\n" + text[:-1].rstrip() + ",\n}\n```"
        else:
            text = json.dumps(report)
        if "prose_around_json" in self.quirks:
            text = "Sure! Here is the report:\n" + text + "\nHope this helps!"
        return text

    def _question_text(self, body: Any) -> str:
        question = DEFAULT_QUESTIONS[(self._counter - 1) % len(DEFAULT_QUESTIONS)]
        answers = _answers(body)
        n = len(answers)
        last = answers[-1] if answers else ""
        if "continue_answer" in self.quirks and last:
            # The model carries on writing the candidate's answer, fence and all.
            tail = " ".join(last.split()[-25:]).rstrip(".!?")
            question = f"{tail} and that is how we shipped it on time. <<<END ANSWER {n}>>"
        elif "echo_answer" in self.quirks and last:
            # One of the candidate's own sentences, turned into a "question".
            sentence = max(re.split(r"(?<=[.!?])\s+", last.strip()), key=len)
            question = sentence.rstrip(".!?") + "?"
        elif "list_of_questions" in self.quirks:
            second = SECOND_QUESTIONS[(self._counter - 1) % len(SECOND_QUESTIONS)]
            question = (
                "Here are your next 2 questions:\n"
                f"1. Build on the previous answer - {question}\n2. {second}"
            )
        if "echo_fences" in self.quirks:
            # Our fence marker echoed back, one bracket short, as real models do.
            question = f"<<<BEGIN ANSWER {n}>> " + question
        return question

    def _gemini_reply(self, step: Step, text: str) -> dict[str, Any]:
        usage = {
            "promptTokenCount": step.usage[0],
            "candidatesTokenCount": step.usage[1],
            "totalTokenCount": sum(step.usage),
        }
        if step.blocked:
            return {"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": usage}
        if step.empty:
            return {"candidates": [], "usageMetadata": usage}
        candidate: dict[str, Any] = {"finishReason": step.finish or "STOP", "index": 0}
        if text:
            candidate["content"] = {"role": "model", "parts": [{"text": text}]}
        return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": "fake"}

    def _openai_reply(self, step: Step, text: str) -> dict[str, Any]:
        usage = {
            "prompt_tokens": step.usage[0],
            "completion_tokens": step.usage[1],
            "total_tokens": sum(step.usage),
        }
        base = {
            "id": f"fake-{self._counter}",
            "object": "chat.completion",
            "model": "fake",
            "usage": usage,
        }
        if step.empty:
            return base | {"choices": []}
        message: dict[str, Any] = {"role": "assistant", "content": text}
        finish = step.finish or "stop"
        if step.blocked:
            message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
        return base | {"choices": [{"index": 0, "message": message, "finish_reason": finish}]}


def _wants_json(body: Any) -> bool:
    if not isinstance(body, dict):
        return False
    config = body.get("generationConfig") or {}
    return (
        config.get("responseMimeType") == "application/json"
        or "response_format" in body
        or ("JSON Schema" in json.dumps(body))
    )


def _count_answers(body: Any) -> int:
    return len(set(re.findall(r"<<<BEGIN ANSWER (\d+)>>>", json.dumps(body)))) or 1


def _strings(value: Any) -> Iterator[str]:
    """Every string in a request body (message contents, parts' text, ...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _answers(body: Any) -> list[str]:
    """The ANSWER blocks' texts in the order they appear, one per answer number."""
    found: dict[str, str] = {}
    for text in _strings(body):
        for number, answer in _ANSWER_BLOCK.findall(text):
            found.pop(number, None)  # the later copy counts, in its later place
            found[number] = answer
    return list(found.values())


def default_note(answer: str) -> dict[str, Any]:
    """Feedback on one answer, as a model writes it: its first words as the evidence (so it
    is verbatim), 8 points a word up to 90."""
    words = answer.split()
    return {"score": min(90, 8 * len(words)), "what_worked": "A concrete example.",
            "to_improve": "Say what changed, in numbers.",
            "stronger_answer": "Situation, task, your actions, the measured result.",
            "evidence": " ".join(words[:5])}


def default_report(answers: int = 1, overall: int = 72) -> dict[str, Any]:
    """A valid FeedbackReport as a model would send it (no `source`)."""
    return {
        "overall_score": overall,
        "summary": "Clear, relevant answers; add more measurable results.",
        "competencies": [
            {"competency": c, "score": 70, "reason": f"Solid {c}."}
            for c in ("relevance", "structure", "specificity", "communication", "jd_coverage")
        ],
        "answers": [
            {
                "question_number": n,
                "question": f"Question {n}",
                "score": 70,
                "what_worked": "Concrete example.",
                "to_improve": "Quantify the result.",
                "stronger_answer": "Situation, task, action, and a measured result.",
            }
            for n in range(1, answers + 1)
        ],
        "skills_covered": ["Python"],
        "skills_missed": ["Kubernetes"],
        "skills_not_discussed": ["Terraform"],
        "strengths": ["Clarity"],
        "improvements": ["Numbers"],
        "next_steps": ["Practise STAR answers"],
    }


# What each reject_* quirk answers, as the real servers send it.
REJECT_BODIES: dict[str, dict[str, Any]] = {
    # vLLM / LM Studio style: an OpenAI-shaped invalid_request_error.
    "reject_json_schema_400": {
        "error": {
            "message": "'response_format.type' must be 'json_object' or 'text'",
            "type": "invalid_request_error",
            "param": "response_format",
            "code": None,
        }
    },
    # A FastAPI server's own request validation (no OpenAI error wrapper).
    "reject_json_schema_422": {
        "detail": [
            {
                "loc": ["body", "response_format", "type"],
                "msg": "Input should be 'text' or 'json_object'",
                "type": "literal_error",
            }
        ]
    },
    # llama-cpp-python 0.3.x: its RouteErrorHandler catches FastAPI's validation
    # error and wraps str(error) as a 500 internal_server_error.
    "reject_json_schema_500": {
        "error": {
            "message": (
                "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
                "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', "
                "'ctx': {'expected': \"'text' or 'json_object'\"}}]"
            ),
            "type": "internal_server_error",
            "param": None,
            "code": None,
        }
    },
    # Gemini (an older API version or a proxy) that does not know responseSchema.
    "reject_response_schema": {
        "error": {
            "code": 400,
            "message": (
                'Invalid JSON payload received. Unknown name "responseSchema" at '
                "'generation_config': Cannot find field."
            ),
            "status": "INVALID_ARGUMENT",
        }
    },
}


async def _serve(args: argparse.Namespace) -> None:
    server = FakeLLMServer(
        args.kind, api_key=args.api_key or None, port=args.port, quirks=set(args.quirk)
    )
    if args.script:
        with open(args.script, encoding="utf-8") as handle:
            server.push(*(Step.from_dict(item) for item in json.load(handle)))
    await server.start()
    print(server.base_url, flush=True)
    for key, value in server.env().items():
        print(f"{key}={value}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A loopback fake LLM server for tests.")
    parser.add_argument("--kind", choices=["gemini", "openrouter", "openai"], default="gemini")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api-key", default=DEFAULT_KEY, help='"" accepts any key')
    parser.add_argument(
        "--script", help='a JSON file: a list of Step fields, e.g. [{"status": 503}]'
    )
    parser.add_argument(
        "--quirk",
        action="append",
        default=[],
        choices=sorted(QUIRKS),
        help="behave like a real server or small model; repeatable",
    )
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()


__all__ = [
    "DEFAULT_KEY",
    "PROSE_REPORT",
    "QUIRKS",
    "REJECT_BODIES",
    "FakeLLMServer",
    "Recorded",
    "Step",
    "default_report",
]
