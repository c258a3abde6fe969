"""`/interview ...`, its modal and the buttons, and how their replies are shown.
Every listener acks first."""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError

from adapters.slack import render
from adapters.slack.events import team_of
from adapters.slack.render import ACTIONS
from adapters.slack.replays import Replays, pointer_text
from adapters.slack.runtime import PLATFORM, Reply, SlackBot
from interview_core.chat import (
    ConfirmDeleteReply,
    ExportReply,
    NoticeReply,
    ProgressReply,
    QuestionReply,
    ReportReply,
    StatusReply,
)
from interview_core.models import ConversationRef, Interview, Owner
from interview_core.service import InterviewError

log = logging.getLogger(__name__)

NO_THREAD = "That interview has no thread to continue in. Start a new one."

COMMAND = "/interview"
SUBCOMMANDS = ("start", "drill", "resume", "status", "feedback", "history", "export", "delete", "help")
EXPORT_DEFAULT = "pdf"


def parse_role(text: str) -> tuple[str | None, str | None]:
    """"Senior Backend Engineer | Acme" -> (title, company); either may be None."""
    title, _, company = text.partition("|")
    return (" ".join(title.split()) or None, " ".join(company.split()) or None)


START_OPTIONS = ("persona", "level", "questions", "language", "mode")
DRILL_OPTIONS = ("competency", "skill", "questions")


def _option_re(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\S)({'|'.join(names)}):(?:\"([^\"]*)\"|(\S+))", re.IGNORECASE)


_OPTION_RE = _option_re(START_OPTIONS)
_DRILL_RE = _option_re(DRILL_OPTIONS)


def _options(pattern: re.Pattern[str], text: str) -> tuple[str, dict[str, str]]:
    options: dict[str, str] = {}
    for found in pattern.finditer(text):
        options[found.group(1).lower()] = found.group(2) if found.group(2) is not None else found.group(3)
    return " ".join(pattern.sub(" ", text).split()), options


def parse_start(text: str) -> tuple[str, dict[str, str]]:
    """"Data Engineer | Acme persona:tough questions:5 language:French mode:practice" -> the
    role's text and the options given (language:"Brazilian Portuguese" takes quotes)."""
    return _options(_OPTION_RE, text)


def parse_drill(text: str) -> dict[str, str]:
    """"competency:structure questions:3", 'skill:"stakeholder management"' -> the options;
    words given without a name ("/interview drill STAR") name the competency."""
    rest, options = _options(_DRILL_RE, text)
    if rest and "competency" not in options and "skill" not in options:
        options["competency"] = rest
    return options


def parse_export(text: str) -> tuple[str, int | None]:
    """"pdf", "format:md 12", "md #12" -> (the format, the interview's number or None)."""
    fmt, interview_id = EXPORT_DEFAULT, None
    for word in text.split():
        word = word.lower().removeprefix("format:").removeprefix("interview:").lstrip("#")
        if word.isdigit():
            interview_id = int(word)
        elif word:
            fmt = word
    return fmt, interview_id


def responder(respond: AsyncRespond, *, replace: bool = False) -> Reply:
    async def reply(text: str, blocks: list[dict] | None = None) -> None:
        kwargs: dict = {"text": text, "response_type": "ephemeral", "replace_original": replace}
        if blocks:
            kwargs["blocks"] = blocks
        await respond(**kwargs)

    return reply


def pointer(bot: SlackBot, reply: Reply) -> Callable[[Interview | None], Awaitable[None]]:
    """The answer to a repeated /interview start: where the first one's interview is."""

    async def point(interview: Interview | None) -> None:
        link = None
        if interview is not None and interview.thread:
            link = await bot.permalink(interview.channel, interview.thread)
        await reply(pointer_text(interview, link), None)

    return point


def register(app: AsyncApp, bot: SlackBot, replays: Replays) -> None:
    @app.command(COMMAND)
    async def on_command(ack, body: dict, respond: AsyncRespond) -> None:
        await ack()
        user, channel = body.get("user_id"), body.get("channel_id")
        team = team_of(body)
        if not user or not channel:
            return
        sub, _, rest = render.unesc(str(body.get("text") or "")).strip().partition(" ")
        sub = sub.lower()
        rest = rest.strip()
        reply = responder(respond)
        trigger = body.get("trigger_id")

        if sub == "start":
            role_text, given = parse_start(rest)
            try:
                options = bot.conversation.options(**given)
            except InterviewError as exc:
                bot.spawn(reply(render.esc(str(exc)), None), reply)
                return
            title, company = parse_role(role_text)

            async def open_modal(title: str | None, company: str | None) -> None:
                metadata = json.dumps({"channel": channel, "options": given})
                await bot.client.views_open(trigger_id=trigger, view=render.role_modal(title, company, metadata))

            def run() -> Awaitable[None]:
                return bot.start_interview(
                    team, user, title, company, reply, from_channel=channel,
                    open_modal=open_modal if trigger else None, options=options,
                )

            owner = Owner(PLATFORM, team, user)
            bot.spawn(replays.start(bot.service, owner, channel, rest, trigger, run, pointer(bot, reply)), reply)
        elif sub == "drill":
            given = parse_drill(rest)
            key = f"slack:{trigger}" if isinstance(trigger, str) and trigger else None

            def run_drill() -> Awaitable[None]:
                return bot.start_drill(team, user, reply, from_channel=channel, request_key=key, **given)

            # Replays as for a start: the same trigger_id (or the same command at once) opens one drill.
            owner = Owner(PLATFORM, team, user)
            bot.spawn(replays.start(bot.service, owner, f"drill:{channel}", rest, trigger, run_drill,
                                    pointer(bot, reply)), reply)
        elif replays.replayed(trigger):
            log.info("a Slack command delivered again: acknowledged, not run twice")
        elif sub == "resume":
            bot.spawn(resume(bot, ConversationRef(PLATFORM, team, channel, user), reply), reply)
        elif sub == "status":
            bot.spawn(status(bot, ConversationRef(PLATFORM, team, channel, user), reply), reply)
        elif sub == "feedback":
            again = rest.lower() in ("again", "regenerate", "new", "retry")
            bot.spawn(feedback(bot, Owner(PLATFORM, team, user), reply, regenerate=again), reply)
        elif sub == "history":
            bot.spawn(history(bot, Owner(PLATFORM, team, user), reply), reply)
        elif sub == "export":
            fmt, interview_id = parse_export(rest)
            bot.spawn(export(bot, ConversationRef(PLATFORM, team, channel, user), reply, interview_id, fmt), reply)
        elif sub == "delete":
            bot.spawn(ask_delete(bot, reply), reply)
        else:
            unknown = bot.texts.unknown_command(f"{COMMAND} {render.esc(sub)}")
            prefix = f"{unknown}\n\n" if sub and sub != "help" else ""
            bot.spawn(reply(prefix + render.help_text(bot.service.max_questions), None), reply)

    @app.view("start_interview")
    async def on_start_modal(ack, body: dict, view: dict) -> None:
        values = view.get("state", {}).get("values", {})
        title = " ".join(str((values.get("title", {}).get("value") or {}).get("value") or "").split())
        company = " ".join(str((values.get("company", {}).get("value") or {}).get("value") or "").split())
        errors = {}
        if not title:
            errors["title"] = "Please give the job title."
        if not company:
            errors["company"] = "Please give the company."
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        user = body["user"]["id"]
        team = team_of(body)
        options = None
        with contextlib.suppress(ValueError, TypeError, AttributeError, InterviewError):
            given = json.loads(view.get("private_metadata") or "{}").get("options") or {}
            options = bot.conversation.options(**{k: str(v) for k, v in given.items() if k in START_OPTIONS})

        async def go() -> None:
            dm = await bot.dm_channel(user)
            await bot.start_interview(team, user, title, company, bot.poster(dm), options=options)

        reply = _dm_reply(bot, user)
        owner = Owner(PLATFORM, team, user)
        work = replays.start(bot.service, owner, "modal", f"{title} | {company}", body.get("trigger_id"),
                             go, pointer(bot, reply))
        bot.spawn(work, reply)

    @app.action(re.compile(rf"^({ACTIONS['doc_kind_cv']}|{ACTIONS['doc_kind_jd']})$"))
    async def on_doc_kind(ack, body: dict, action: dict, respond: AsyncRespond) -> None:
        await ack()
        kind = "cv" if action.get("action_id") == ACTIONS["doc_kind_cv"] else "jd"
        user = body["user"]["id"]
        team = team_of(body)
        channel = (body.get("channel") or {}).get("id")

        async def go() -> None:
            await respond(text=f"Noted: that file is your {'CV' if kind == 'cv' else 'job description'}.",
                          replace_original=True)
            await bot.choose_kind(team, user, str(action.get("value") or ""), kind, channel)

        bot.spawn(go(), bot.poster(channel) if channel else _dm_reply(bot, user))

    @app.action(ACTIONS["delete_confirm"])
    async def on_delete(ack, body: dict, respond: AsyncRespond) -> None:
        await ack()
        reply = responder(respond, replace=True)
        bot.spawn(delete(bot, Owner(PLATFORM, team_of(body), body["user"]["id"]), reply), reply)

    @app.action(ACTIONS["delete_cancel"])
    async def on_delete_cancel(ack, respond: AsyncRespond) -> None:
        await ack()
        reply = responder(respond, replace=True)
        bot.spawn(reply(bot.texts.nothing_deleted, None), None)

    @app.action(ACTIONS["retry"])
    async def on_retry(ack, body: dict, action: dict, respond: AsyncRespond) -> None:
        """Practice mode's Try again, under an answer's feedback in the interview's thread."""
        await ack()
        # The same click delivered twice (a retried request, a replay) opens one retry:
        # Slack gives each click its own trigger_id and action_ts.
        click = (body.get("trigger_id"), action.get("action_ts"))
        if any(click) and not bot.seen.first(f"action:{click[0]}:{click[1]}"):
            log.info("a Try again delivered again: acknowledged, not done twice")
            return
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        thread = container.get("thread_ts") or (body.get("message") or {}).get("thread_ts")
        reply = responder(respond)  # only the presser sees what is wrong
        work = retry_pressed(bot, team_of(body), body["user"]["id"], channel, thread,
                             str(action.get("value") or ""), reply,
                             request_key=f"slack-click:{click[0]}:{click[1]}" if any(click) else None)
        bot.spawn(work, reply)

    @app.action(ACTIONS["home_resume"])
    async def on_home_resume(ack, body: dict, action: dict) -> None:
        await ack()
        user = body["user"]["id"]
        team = team_of(body)
        try:
            interview_id = int(action.get("value") or "")
        except ValueError:
            return

        async def go() -> None:
            dm = await bot.dm_channel(user)
            await resume(bot, ConversationRef(PLATFORM, team, dm, user), bot.poster(dm), interview_id)

        bot.spawn(go(), _dm_reply(bot, user))


def _dm_reply(bot: SlackBot, user: str) -> Reply:
    async def reply(text: str, blocks: list[dict] | None = None) -> None:
        await bot.post(await bot.dm_channel(user), text, blocks)

    return reply


# -- what the commands answer, the Slack way ------------------------------------------


async def resume(bot: SlackBot, ref: ConversationRef, reply: Reply, interview_id: int | None = None) -> None:
    """The question waiting is posted again in its thread; the command's reply links to it."""
    for item in await bot.conversation.resume(ref, interview_id):
        if not isinstance(item, (QuestionReply, NoticeReply)) or item.interview is None:
            continue
        interview = item.interview
        if not interview.thread:
            raise InterviewError(NO_THREAD)
        if isinstance(item, QuestionReply):
            await bot.update_parent(interview, item.progress)
            await bot.post_question(interview, item.question, item.notice)
            where = await bot.link(interview, render.title_of(interview.title, interview.company))
            await reply(bot.texts.waiting_in(item.question, where), None)
        elif item.retry:  # the question could not be written: said in the thread too
            await bot.update_parent(interview, item.progress)
            await bot.post(interview.channel, render.esc(item.text), thread=interview.thread)
            await reply(render.esc(item.text), None)
        else:  # finished
            await reply(f"{render.esc(item.text)} ({await bot.link(interview, 'its thread')})", None)


async def retry_pressed(bot: SlackBot, team: str, user: str, channel: str | None, thread: str | None,
                        value: str, reply: Reply, *, request_key: str | None = None) -> None:
    """Try again: the presser's own practice interview in this thread opens a retry of the
    question the button is under, and the question is posted again in the thread. Anyone
    else, or an old button, is told why (only them), and nothing changes."""
    parsed = render.parse_retry_value(value)
    if parsed is None or not channel:
        await reply(bot.texts.cant_find_interview, None)
        return
    interview_id, number, owner_user = parsed
    if owner_user != user:
        await reply(bot.texts.retry_not_yours, None)
        return
    # service.retry falls back to the user's latest unfinished interview: checked here first
    # that the button's interview is theirs and lives in this thread.
    found = await bot.service.current(ConversationRef(PLATFORM, team, channel, user, thread=thread))
    if found is None or found.id != interview_id or not found.thread or (thread and found.thread != thread):
        await reply(bot.texts.cant_find_interview, None)
        return
    ref = ConversationRef(PLATFORM, team, found.channel, user, thread=found.thread)
    # The click's ids go to the core too: delivered again after a restart, it opens nothing.
    await bot.show_replies(ref, await bot.conversation.retry(ref, number, request_key=request_key))


async def status(bot: SlackBot, ref: ConversationRef, reply: Reply) -> None:
    for item in await bot.conversation.status(ref):
        if isinstance(item, StatusReply):
            interview = item.interview
            parts = [f"*{render.title_of(interview.title, interview.company)}*: {render.progress_text(item.progress)}."]
            if interview.thread:
                parts.append(bot.texts.lives(f"in {await bot.link(interview, 'its thread')}"))
            await reply(" ".join([*parts, item.text]), None)
        elif isinstance(item, NoticeReply):
            await reply(render.esc(item.text), None)


async def feedback(bot: SlackBot, owner: Owner, reply: Reply, *, regenerate: bool) -> None:
    """The latest report, and any an older interview is owed, each posted in its
    interview's thread; the command's reply links to each."""
    for item in await bot.conversation.feedback(owner, regenerate=regenerate):
        if isinstance(item, ReportReply):
            await _report(bot, item, reply)
        elif isinstance(item, NoticeReply):
            await reply(render.esc(item.text), None)


async def _report(bot: SlackBot, item: ReportReply, reply: Reply) -> None:
    interview, report = item.interview, item.report
    if not interview.thread:
        await reply(render.report_text(report), render.report_blocks(report, interview))
        return
    # The report is kept where the interview happened; the command's reply links to it.
    report_ts = await bot.post(
        interview.channel, render.report_text(report), render.report_blocks(report, interview),
        thread=interview.thread,
    )
    label = "in the interview's thread"
    where = await bot.link(interview, label, report_ts) if report_ts else label
    whose = bot.texts.report_for(f"*{render.title_of(interview.title, interview.company)}*", owed=item.owed)
    await reply(f"{whose}: {report.overall_score}/100, {where}.", None)


async def history(bot: SlackBot, owner: Owner, reply: Reply) -> None:
    """The interviews and the scores over time, in one reply; the chart uploaded first, in
    our DM (the scores are the user's own: never in a channel), and the reply says so."""
    for item in await bot.conversation.progress(owner, chart=True):
        if isinstance(item, ProgressReply):
            posted = item.chart_png is not None and await _chart(bot, owner, item.chart_png, len(item.history.scored))
            where = bot.texts.chart_in("our DM") if posted else None
            await reply(bot.texts.history_count(len(item.summaries)), render.progress_blocks(item, where))


async def _chart(bot: SlackBot, owner: Owner, png: bytes, count: int) -> bool:
    """Upload the chart to the user's DM; False (logged) if Slack refused it."""
    title = bot.texts.chart_title(count)
    try:
        await bot.client.files_upload_v2(channel=await bot.dm_channel(owner.user), file=png,
                                          filename=bot.texts.chart_file_name, title=title, alt_txt=title)
    except SlackApiError as exc:  # e.g. an install from before files:write: the history still shows
        log.warning("the progress chart could not be uploaded: %s", exc.response.get("error"))
        return False
    return True


async def export(bot: SlackBot, ref: ConversationRef, reply: Reply, interview_id: int | None, fmt: str) -> None:
    """The interview as a file, uploaded in its thread; the command's reply links to it."""
    for item in await bot.conversation.export(ref, interview_id, fmt):
        if isinstance(item, ExportReply):
            interview = item.interview
            channel = interview.channel if interview.thread else await bot.dm_channel(ref.user)
            await bot.client.files_upload_v2(
                channel=channel, thread_ts=interview.thread or None, file=item.data, filename=item.filename,
                title=item.filename, initial_comment=render.esc(item.text),
            )
            where = await bot.link(interview, "the interview's thread") if interview.thread else "our DM"
            await reply(bot.texts.export_in(where), None)
        elif isinstance(item, NoticeReply):
            await reply(render.esc(item.text), None)


async def ask_delete(bot: SlackBot, reply: Reply) -> None:
    for item in bot.conversation.ask_delete():
        if isinstance(item, ConfirmDeleteReply):
            await reply(item.text, render.delete_confirm_blocks(item))


async def delete(bot: SlackBot, owner: Owner, reply: Reply) -> None:
    for item in await bot.conversation.delete(owner):  # files waiting for their kind too
        if isinstance(item, NoticeReply):
            await reply(render.esc(item.text), None)
