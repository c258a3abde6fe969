"""`interview-bot`: the command line, one subcommand per way to run the bot."""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import shutil
import sys
from pathlib import Path

from pydantic import SecretStr, ValidationError

from bot import report as report_command
from bot.logs import configure_logging, library_debug_requested
from interview_core.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interview-bot",
        description="An AI mock-interview coach for Discord, Slack and the terminal.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    console = sub.add_parser("console", help="run an interview in this terminal (the default)")
    console.add_argument("--cv", type=Path, help="your CV: PDF, DOCX, TXT or Markdown")
    console.add_argument("--jd", type=Path, help="the job description: PDF, DOCX, TXT or Markdown")
    console.add_argument("--jd-text", help="the job description, pasted as text")
    console.add_argument("--title", help="the job title (guessed from the JD if left out)")
    console.add_argument("--company", help="the company (guessed from the JD if left out)")
    console.add_argument("--user", help="whose interviews these are (default: your login name)")
    console.add_argument("--db", type=Path, help="the SQLite file (default: DATABASE_URL if set, "
                         "else interview-bot.db in your data folder; `interview-bot doctor` shows it)")
    console.add_argument("--resume", action="store_true", help="continue your unfinished interview")
    console.add_argument("--persona", metavar="friendly|neutral|tough",
                         help="the interviewer's tone and follow-up pressure (default: neutral)")
    console.add_argument("--level", metavar="junior|mid|senior",
                         help="the depth of the questions (default: mid)")
    console.add_argument("--questions", metavar="N", help="how many questions, 1-20 (default: MAX_QUESTIONS)")
    console.add_argument("--mode", metavar="interview|practice",
                         help="interview: the questions, then the report (the default); practice: each "
                              "answer's score and feedback at once, and /retry to answer it again")
    console.add_argument("--language", metavar="NAME",
                         help="the language of the questions and the report (default: English; "
                              "an LLM provider is needed for any other)")

    drill = sub.add_parser(
        "drill", help="a short drill (3-5 questions) on your weakest competency or skill, then its report",
        description="A short drill on what your finished interviews' reports found weakest (or on the "
                    "competency or skill you name), with the CV, job description and role of your latest "
                    "one; answered like `console` (piped or at the terminal), ending with its report.")
    drill.add_argument("--competency", metavar="NAME",
                       help="drill this competency (relevance, structure, specificity, communication, "
                            "jd_coverage) instead of the weakest")
    drill.add_argument("--skill", metavar="NAME",
                       help="drill this skill from the job description (e.g. budgeting) instead")
    drill.add_argument("--questions", metavar="N", help="how many questions, 3-5 (default: 4)")
    drill.add_argument("--user", help="whose interviews (default: your login name)")
    drill.add_argument("--db", type=Path, help="the SQLite file (as for `console`)")

    history = sub.add_parser("history", help="your past interviews and your scores over time")
    history.add_argument("--chart", type=Path, metavar="FILE.png",
                         help="also write a PNG chart of the overall and per-competency scores")
    history.add_argument("--user", help="whose interviews (default: your login name)")
    history.add_argument("--db", type=Path, help="the SQLite file (as for `console`)")

    report_command.add_parser(sub)

    extract = sub.add_parser("extract", help="print the text the interviewer will read from a file")
    extract.add_argument("file", type=Path)

    sub.add_parser("doctor", help="check settings, the database and the LLM providers")
    sub.add_parser("discord", help="run the Discord bot (DISCORD_TOKEN)")
    slack = sub.add_parser("slack", help="run the Slack bot: Socket Mode, or HTTP with --http-port")
    slack.add_argument("--http-port", type=int, help="serve /slack/events over HTTP on this port")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "console"
    if args.command is None:
        args = _parser().parse_args(["console"])
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Configuration error:\n{_settings_errors(exc)}", file=sys.stderr)
        return 2
    # The terminal commands talk to a person at a terminal: only warnings belong on screen.
    terminal = ("console", "drill", "doctor", "extract", "history", "report")
    level = "WARNING" if command in terminal else settings.log_level
    configure_logging(
        level,
        secrets=secret_values(settings, *_platform_secrets(command)),
        library_debug=library_debug_requested(),
    )
    from bot.wiring import ProviderConfigError
    from interview_core.storage import StorageError

    if command in ("slack", "discord"):  # the long-running bots (bot/gc_tuning.py says why)
        from bot.gc_tuning import tune_gc

        tune_gc()
    try:
        return _run(command, settings, args)
    except (ProviderConfigError, StorageError) as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `interview-bot console | head`, `extract ... | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush into
        return 0


def _run(command: str, settings: Settings, args: argparse.Namespace) -> int:
    if command in ("console", "drill"):
        return asyncio.run(_console(settings, args))
    if command == "history":
        return asyncio.run(_history(settings, args))
    if command == "report":
        return asyncio.run(_report(settings, args))
    if command == "extract":
        return _extract(settings, args.file)
    if command == "doctor":
        from bot.doctor import run_doctor

        return asyncio.run(run_doctor(settings))
    from bot.wiring import open_core

    if command == "slack":
        from adapters.slack import run_slack

        return run_slack(lambda: open_core(settings), http_port=args.http_port)
    from adapters.discord import run_discord

    return run_discord(lambda: open_core(settings))


def secret_values(settings: Settings, *extra: SecretStr | str | None) -> list[str]:
    """Every secret the process knows: the LLM keys, plus `extra` (platform tokens)."""
    values = (settings.gemini_api_key, settings.openrouter_api_key, settings.openai_api_key, *extra)
    raw = (v.get_secret_value() if isinstance(v, SecretStr) else v for v in values if v is not None)
    return [value.strip() for value in raw if value.strip()]


def _platform_secrets(command: str) -> list[str | None]:
    """The chat platform's tokens, for the commands that run a chat bot."""
    try:
        if command == "discord":
            from adapters.discord.config import DiscordConfig

            return [DiscordConfig().token]
        if command == "slack":
            from adapters.slack.config import SlackConfig

            config = SlackConfig()
            names = ("slack_bot_token", "slack_signing_secret", "slack_app_token")
            return [config.secret(name) for name in names]
    except ValidationError:
        pass  # the command itself reports the bad setting, without its value
    return []


def _settings_errors(exc: ValidationError) -> str:
    # Only the field and the problem: never echo the value, it may be a secret.
    return "\n".join(
        f"  {'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
    )


def _console_settings(settings: Settings, args: argparse.Namespace) -> Settings | None:
    """The settings with the console's database: --db, else the console's own default (one
    file in the user's data folder, found from any folder). None (said why) if its folder
    can't be made."""
    database = args.db if args.db is not None else settings.console_database_path
    if args.db is None:
        try:
            database.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"Can't create {database.parent} for the database ({exc.strerror or exc}): "
                  "use --db FILE or set DATABASE_URL.", file=sys.stderr)
            return None
    return settings.model_copy(update={"database_url": str(database)})


async def _console(settings: Settings, args: argparse.Namespace) -> int:
    console_settings = _console_settings(settings, args)
    if console_settings is None:
        return 2
    settings = console_settings
    if isinstance(sys.stdin, io.TextIOWrapper):
        # A pasted answer in another encoding must not end the interview.
        sys.stdin.reconfigure(errors="replace")
    return await _console_session(settings, args)


async def _console_session(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.console.session import ConsoleOptions, ConsoleSession, DrillOptions
    from bot.wiring import open_reader, open_service

    # One worker: one user at this terminal.
    async with open_service(settings) as service, open_reader(settings, workers=1) as reader:
        session = ConsoleSession(
            service,
            reader=reader,
            stdin=sys.stdin,
            stdout=sys.stdout,
            interactive=sys.stdin.isatty() and sys.stdout.isatty(),
        )
        if args.command == "drill":
            return await session.run(
                ConsoleOptions(user=args.user, db=args.db, program=_program_name()),
                DrillOptions(competency=args.competency, skill=args.skill, questions=args.questions),
            )
        return await session.run(
            ConsoleOptions(
                cv=args.cv,
                jd=args.jd,
                jd_text=args.jd_text,
                title=args.title,
                company=args.company,
                user=args.user,
                resume=args.resume,
                persona=args.persona,
                level=args.level,
                language=args.language,
                questions=args.questions,
                mode=args.mode,
                db=args.db,
                program=_program_name(),
            )
        )


async def _history(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.console.history import HistoryOptions, run_history
    from bot.wiring import open_service

    console_settings = _console_settings(settings, args)
    if console_settings is None:
        return 2
    options = HistoryOptions(user=args.user, chart=args.chart, db=args.db, program=_program_name())
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A title the output can't encode (an en dash on an ASCII terminal) must not end it.
        sys.stdout.reconfigure(errors="replace")
    async with open_service(console_settings, reads_only=True) as service:
        return await run_history(service, options, sys.stdout)


async def _report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.wiring import open_service

    console_settings = _console_settings(settings, args)  # the console's interviews
    if console_settings is None:
        return 2
    async with open_service(console_settings) as service:
        return await report_command.run_report(service, args, _program_name())


def _program_name() -> str:
    """How to run this program again, for the commands we suggest: `interview-bot`, or
    the path it was started by (`.venv/bin/interview-bot`) when that is not on PATH."""
    started = sys.argv[0] if sys.argv else ""
    if Path(started).name == "interview-bot" and os.sep in started:
        found = shutil.which("interview-bot")
        if found is None or Path(found).resolve() != Path(started).resolve():
            return started
    return "interview-bot"


def _extract(settings: Settings, path: Path) -> int:
    from bot.wiring import open_reader
    from interview_core.documents import DocumentError

    async def read():  # in a worker, with the bot's limits: this is how the bot would read it
        async with open_reader(settings, workers=1) as reader:
            return await reader.read_file(path)

    try:
        doc = asyncio.run(read())
    except DocumentError as exc:
        print(exc.user_message, file=sys.stderr)
        return 2
    print(doc.text)
    print(f"\n--- {doc.summary()}{' (truncated)' if doc.truncated else ''} ---", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
