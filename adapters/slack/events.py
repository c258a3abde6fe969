"""Event listeners: DM messages (answers, uploads, a pasted JD), file_shared, App Home."""

from __future__ import annotations

import logging
import re

from slack_bolt.async_app import AsyncApp

from adapters.slack import render
from adapters.slack.runtime import SlackBot
from interview_core.chat import HistoryReply
from interview_core.models import ConversationRef, Owner

log = logging.getLogger(__name__)

# Message subtypes a person sends; edits, deletions, joins and bot posts are not answers.
USER_SUBTYPES = {None, "file_share", "thread_broadcast"}
PASTE_MIN_WORDS = 40
_PASTE_LABEL = re.compile(r"^\s*(jd|job description|job|cv|resume|résumé)\s*[:\-]\s*", re.IGNORECASE)

def team_of(body: dict, event: dict | None = None) -> str:
    event = event or {}
    return str(
        body.get("team_id")
        or event.get("team")
        or (body.get("team") or {}).get("id")
        or (body.get("user") or {}).get("team_id")
        or ""
    )


def register(app: AsyncApp, bot: SlackBot) -> None:
    @app.event("message")
    async def on_message(body: dict, event: dict) -> None:
        event_id = body.get("event_id")
        if event_id and not bot.seen.first(f"event:{event_id}"):
            return
        if event.get("channel_type") not in ("im", None) or not str(event.get("channel", "")).startswith("D"):
            return
        if event.get("subtype") not in USER_SUBTYPES or event.get("bot_id") or event.get("hidden"):
            return  # an edit, a deletion, a bot's post: changes nothing
        user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
        if not user or not channel or not ts:
            return
        if not bot.seen.first(f"msg:{channel}:{ts}"):
            return
        team = team_of(body, event)
        text = render.unesc(str(event.get("text") or ""))  # Slack sends &, <, > escaped
        files = event.get("files") or []
        thread = event.get("thread_ts")
        # Work on a message of the user's: a failure may have lost it, and says so.
        lost = bot.texts.maybe_not_saved
        if thread and thread != ts:
            bot.spawn(
                bot.answer(team, user, channel, thread, ts, text, bool(files)),
                bot.poster(channel, thread),
                unexpected=lost,
            )
            return
        if files:
            for info in files:
                if info.get("id") and bot.seen.first(f"file:{info['id']}"):
                    bot.spawn(bot.handle_file(team, user, channel, info, text), bot.poster(channel), unexpected=lost)
            return
        bot.spawn(_pasted(bot, team, user, channel, text), bot.poster(channel), unexpected=lost)

    @app.event("file_shared")
    async def on_file_shared(body: dict, event: dict) -> None:
        event_id = body.get("event_id")
        if event_id and not bot.seen.first(f"event:{event_id}"):
            return
        channel, user = str(event.get("channel_id") or ""), event.get("user_id")
        file_id = event.get("file_id") or (event.get("file") or {}).get("id")
        if not channel.startswith("D") or not user or not file_id:
            return
        if not bot.seen.first(f"file:{file_id}"):
            return  # already handled through its file_share message
        bot.spawn(
            bot.handle_file(team_of(body, event), user, channel, {"id": file_id}, None), bot.poster(channel),
            unexpected=bot.texts.maybe_not_saved,
        )

    @app.event("app_home_opened")
    async def on_home(body: dict, event: dict) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        bot.spawn(_publish_home(bot, team_of(body, event), event["user"]))

    # Events the manifest does not ask for can still arrive; acknowledge them quietly.
    @app.event({"type": re.compile(".*")})
    async def on_other(body: dict) -> None:
        return None


async def _pasted(bot: SlackBot, team: str, user: str, channel: str, text: str) -> None:
    label = _PASTE_LABEL.match(text)
    words = len(text.split())
    if not label and words < PASTE_MIN_WORDS:
        await bot.post(channel, await _hint(bot, team, user, channel))
        return
    kind = "cv" if label and label.group(1).lower() in ("cv", "resume", "résumé") else "jd"
    body = text[label.end():] if label else text
    document = await bot.reader.paste(body, requester=f"slack:{team}:{user}")
    await bot.keep_document(Owner("slack", team, user), channel, kind, document)


async def _hint(bot: SlackBot, team: str, user: str, channel: str) -> str:
    """A message typed outside any thread: point to the interview's thread if one is going."""
    interview = await bot.service.current(ConversationRef("slack", team, channel, user))
    if interview is None or not interview.thread:
        return bot.texts.hello
    return bot.texts.answer_in(await bot.link(interview, "the interview's thread"))


async def _publish_home(bot: SlackBot, team: str, user: str) -> None:
    for item in await bot.conversation.history(Owner("slack", team, user)):
        if isinstance(item, HistoryReply):
            await bot.client.views_publish(user_id=user, view=render.home_view(item))
