"""The Discord bot: an `/interview` command group, a thread per interview,
answers read from the owner's messages.

Every piece of state lives in the core's database: a thread id (or, in a DM,
the id of the interview's first message) names the interview, and buttons
carry the interview id in their custom_id. So any shard, or a restarted
process, continues any interview.

Every interaction is deferred before anything slow (a download, a parse, the
interviewer) so Discord's 3-second window is always met, then answered by
editing the deferred reply; past the token's 15 minutes, by a message (DMs
for what only the user should see).

Whatever Discord refuses (a typing indicator, a post in a locked thread, a
429 that outlasts the retries) costs nothing: the core stored the answer and
the question first, the user gets a hint, and `/interview resume` re-posts.
Attachments are streamed with no credentials and cut off at the size limit,
whatever size they claimed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

import aiohttp
import discord
from discord import app_commands

from adapters.discord import render
from adapters.discord.config import DiscordConfig
from adapters.discord.transport import use_gateway_url
from interview_core.documents import (
    CONVERTIBLE_EXTENSIONS,
    DOCX_CONTENT_TYPES,
    DOCX_EXTENSIONS,
    PDF_CONTENT_TYPES,
    PDF_EXTENSIONS,
    TEXT_CONTENT_TYPES,
    TEXT_EXTENSIONS,
    Document,
    DocumentError,
    DocumentErrorCode,
    DocumentLimits,
    DocumentReader,
)
from interview_core.models import AnswerOutcome, ConversationRef, InterviewStatus, Owner
from interview_core.roles import guess_role
from interview_core.service import InterviewError, InterviewService

log = logging.getLogger(__name__)

PLATFORM = "discord"
DM_WORKSPACE = "dm"
NO_MENTIONS = discord.AllowedMentions.none()

# What the bot needs, and nothing more: read the channel, talk in threads it
# creates (private ones for CVs), embed the report, reply to answers.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    create_private_threads=True,
    embed_links=True,
    read_message_history=True,
)
SCOPES = ("bot", "applications.commands")

ACCEPTED_EXTENSIONS = PDF_EXTENSIONS | DOCX_EXTENSIONS | TEXT_EXTENSIONS
ACCEPTED_TYPES = PDF_CONTENT_TYPES | DOCX_CONTENT_TYPES | TEXT_CONTENT_TYPES
ACCEPTED = "a PDF, a Word document (.docx), or a text or Markdown file"

SOMETHING_WRONG = (
    "Something went wrong on my side. Try again in a moment "
    "(`/interview resume` picks up where you left off)."
)
ANSWER_FAILED = (
    "Something went wrong on my side, so this answer may not have been saved. Send it again "
    "in a moment: if it was saved after all, I won't count it twice."
)
QUESTION_NOT_POSTED = (
    "Your answer is saved, but Discord wouldn't let me post the next question here just now. "
    "`/interview resume` posts it."
)
REPORT_NOT_POSTED = (
    "All your answers are saved, but I couldn't post your report here just now. "
    "`/interview feedback` shows it."
)
FIRST_QUESTION_NOT_POSTED = "Discord wouldn't let me post the first question there just now: `/interview resume` posts it."
# Interaction tokens live 15 minutes; past that, an edit gets 401 "Invalid
# Webhook Token" (50027) or 404 "Unknown Webhook" (10015).
EXPIRED_TOKEN_CODES = {50027, 10015}
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=120, sock_connect=15, sock_read=30)
DOWNLOAD_CHUNK = 64 * 1024
CANT_POST = (
    "I couldn't post in this channel. Check that I may view it, send messages in threads "
    "and create private threads, or run `/interview start` in a direct message with me."
)
ATTACHMENT_ONLY = (
    "I can only read typed answers, not files or images. Type your answer as a message "
    "(it can span several lines)."
)
NO_CONTENT_INTENT = (
    "I can't read messages here: the bot's owner must turn on the Message Content Intent "
    "(Developer Portal > Bot > Privileged Gateway Intents), then restart me."
)
FINISHED = "This interview is finished: `/interview feedback` shows your report, `/interview start` begins a new one."
DM_HINT = (
    "Hi! `/interview start` with your CV and a job description begins a mock interview "
    "right here. `/interview help` tells you more."
)


class RedactTokens(logging.Filter):
    """discord.py logs request URLs (a 429 as a warning, every call at debug),
    and an interaction's or webhook's URL carries its token: a credential to
    post as the app. Those tokens never reach a log."""

    TOKEN = re.compile(r"(/(?:webhooks|interactions)/\d+/)[^/\s?'\"]+")
    FIELD = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+""")  # raw gateway events at debug

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's business
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # A traceback can quote a URL too: format it now, redacted (handlers reuse exc_text).
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        return True

    def redact(self, text: str) -> str:
        return self.FIELD.sub(r"\1[token]", self.TOKEN.sub(r"\1[token]", text))


REDACT_TOKENS = RedactTokens()
for _name in ("discord.http", "discord.webhook.async_", "discord.gateway", "discord.client", "discord.state",
              "discord.ui.view", "discord.app_commands.tree", __name__):
    if REDACT_TOKENS not in logging.getLogger(_name).filters:
        logging.getLogger(_name).addFilter(REDACT_TOKENS)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


def content_intent_granted(flags: discord.ApplicationFlags) -> bool:
    return bool(flags.gateway_message_content or flags.gateway_message_content_limited)


# -- documents ---------------------------------------------------------------


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def check_attachment(attachment: discord.Attachment, what: str, limits: DocumentLimits) -> None:
    """Refuse a file by its size and type before downloading it."""
    name = discord.utils.escape_markdown(attachment.filename)[:80]
    if attachment.size > limits.max_bytes:
        raise DocumentError(
            DocumentErrorCode.TOO_LARGE,
            f"Your {what} `{name}` is {_size(attachment.size)}; the limit is {_size(limits.max_bytes)}. "
            "Send a smaller file (for example without images).",
            filename=attachment.filename,
        )
    ext = PurePath(attachment.filename).suffix.lower()
    mime = (attachment.content_type or "").split(";")[0].strip().lower()
    if ext in ACCEPTED_EXTENSIONS or (not ext and mime in ACCEPTED_TYPES):
        return
    if ext in CONVERTIBLE_EXTENSIONS:
        raise DocumentError(
            DocumentErrorCode.UNSUPPORTED_TYPE,
            f"I can't read your {what} `{name}`: save it as a PDF or a Word document (.docx) "
            "and send it again.",
            filename=attachment.filename,
        )
    raise DocumentError(
        DocumentErrorCode.UNSUPPORTED_TYPE,
        f"I can't read your {what} `{name}`: send it as {ACCEPTED}.",
        filename=attachment.filename,
    )


class _TooLarge(Exception):
    pass


async def download(url: str, limit: int, *, proxy: str | None = None, proxy_auth: Any = None) -> bytes:
    """The file at `url`, streamed and cut off past `limit` bytes (_TooLarge),
    whatever size the attachment claimed. Sent with no credentials at all: the
    bot token is for Discord's API, never for a CDN or any other host."""
    async with aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT) as session:
        async with session.get(url, proxy=proxy, proxy_auth=proxy_auth) as response:
            if response.status != 200:
                raise aiohttp.ClientResponseError(
                    response.request_info, response.history, status=response.status
                )
            if response.content_length is not None and response.content_length > limit:
                raise _TooLarge
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.content.iter_chunked(DOWNLOAD_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _TooLarge
                chunks.append(chunk)
            return b"".join(chunks)


async def read_attachment(
    attachment: discord.Attachment, what: str, reader: DocumentReader, *, requester: str,
    proxy: str | None = None, proxy_auth: Any = None,
) -> Document:
    limits = reader.limits
    check_attachment(attachment, what, limits)
    name = discord.utils.escape_markdown(attachment.filename)[:80]
    try:
        data = await download(attachment.url, limits.max_bytes, proxy=proxy, proxy_auth=proxy_auth)
    except _TooLarge:
        log.warning("attachment %s is larger than it claimed (%s bytes)", attachment.id, attachment.size)
        raise DocumentError(
            DocumentErrorCode.TOO_LARGE,
            f"Your {what} `{name}` is larger than {_size(limits.max_bytes)}, the limit. "
            "Send a smaller file (for example without images).",
            filename=attachment.filename,
        ) from None
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
        status = getattr(exc, "status", None) or exc.__class__.__name__
        log.warning("downloading attachment %s failed: %s", attachment.id, status)
        raise DocumentError(
            DocumentErrorCode.BROKEN,
            f"I couldn't download your {what} `{name}` from Discord. Send it again.",
            filename=attachment.filename,
        ) from None
    # In a worker process: the event loop (and the heartbeat) stays free, and a hostile
    # file takes down only its worker.
    return await reader.read(data, attachment.filename, content_type=attachment.content_type, requester=requester)


# -- buttons (stateless: the custom_id says everything) -----------------------


class NotesButton(discord.ui.DynamicItem[discord.ui.Button], template=r"interview:notes:(?P<id>[0-9]{1,18})"):
    def __init__(self, interview_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Notes on each answer",
                style=discord.ButtonStyle.primary,
                custom_id=f"interview:notes:{interview_id}",
            )
        )
        self.interview_id = interview_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]):  # type: ignore[override]
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot = interaction.client
        assert isinstance(bot, InterviewBot)
        await bot.show_notes(interaction, self.interview_id)


class DeleteButton(discord.ui.DynamicItem[discord.ui.Button], template=r"interview:delete:(?P<answer>yes|no)"):
    def __init__(self, answer: str) -> None:
        yes = answer == "yes"
        super().__init__(
            discord.ui.Button(
                label="Delete everything" if yes else "Cancel",
                style=discord.ButtonStyle.danger if yes else discord.ButtonStyle.secondary,
                custom_id=f"interview:delete:{answer}",
            )
        )
        self.answer = answer

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]):  # type: ignore[override]
        return cls(match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot = interaction.client
        assert isinstance(bot, InterviewBot)
        await bot.confirm_delete(interaction, self.answer == "yes")


TYPING_HEAD_START = 1.0  # seconds the first indicator may take before the work starts anyway


@contextlib.asynccontextmanager
async def typing(channel: discord.abc.Messageable) -> AsyncIterator[None]:
    """The typing indicator while the body runs, on the side: a refused,
    slow or rate-limited indicator never costs the user's answer, and holds
    it up for at most TYPING_HEAD_START (so normally the indicator comes
    first and can't show up after the reply)."""
    first = asyncio.Event()

    async def keep_typing() -> None:
        try:
            while True:
                await channel.typing()  # one indicator: ~10 s, refreshed every 5
                first.set()
                await asyncio.sleep(5)
        except Exception as exc:  # noqa: BLE001 - only a nicety: never an error
            log.info("no typing indicator in %s: %s", getattr(channel, "id", "?"), getattr(exc, "status", exc))
        finally:
            first.set()

    task = asyncio.create_task(keep_typing())
    try:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(first.wait(), TYPING_HEAD_START)
        yield
    finally:
        task.cancel()


def expired(exc: discord.HTTPException) -> bool:
    return exc.status == 401 or exc.code in EXPIRED_TOKEN_CODES


def notes_view(interview_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(NotesButton(interview_id))
    return view


def delete_view() -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(DeleteButton("yes"))
    view.add_item(DeleteButton("no"))
    return view


# -- the bot -----------------------------------------------------------------


class InterviewBot(discord.AutoShardedClient):
    def __init__(
        self,
        service: InterviewService,
        config: DiscordConfig,
        *,
        reader: DocumentReader | None = None,
        identify_delay: float = 5.0,
        **options: Any,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.dm_messages = True
        intents.message_content = True
        options.setdefault("chunk_guilds_at_startup", False)
        # No voice here: silence discord.py's warnings about voice libraries.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=intents,
            shard_count=config.discord_shards,
            allowed_mentions=NO_MENTIONS,
            **options,
        )
        self.service = service
        self.config = config
        self.reader = reader or DocumentReader()
        self.limits = self.reader.limits
        self.identify_delay = identify_delay
        self.content_intent = True
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self._inflight: set[asyncio.Task[Any]] = set()
        use_gateway_url(self, config.discord_gateway_url)

    # -- lifecycle -------------------------------------------------------------

    async def setup_hook(self) -> None:
        self.add_dynamic_items(NotesButton, DeleteButton)
        self.tree.add_command(self._command_group())
        app_id = self.application_id or (self.application.id if self.application else None)
        flags = self.application_flags
        if not content_intent_granted(flags):
            # Asking for it anyway would get the connection closed (4014).
            self.content_intent = False
            self._connection._intents.message_content = False
            log.warning(
                "The Message Content Intent is not enabled for this application, so I can't read "
                "answers typed in interview threads. Turn it on: Developer Portal > your app > Bot > "
                "Privileged Gateway Intents > Message Content Intent, then restart."
            )
        if app_id is not None:
            log.info("Invite me to a server with: %s", invite_url(app_id))
        await self._sync_commands()

    async def _sync_commands(self) -> None:
        try:
            if self.config.discord_guild_id:
                guild = discord.Object(self.config.discord_guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("Synced %d command(s) to server %s (instant).", len(synced), guild.id)
            else:
                synced = await self.tree.sync()
                log.info("Synced %d command(s) globally (may take up to an hour to appear).", len(synced))
        except discord.Forbidden:
            log.error(
                "Discord refused to register the slash commands for server %s: invite me with the "
                "applications.commands scope (see the invite URL above).",
                self.config.discord_guild_id,
            )
        except discord.HTTPException as exc:
            log.error("Registering the slash commands failed (%s %s); they may be out of date.", exc.status, exc.text[:200])

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py's default waits 5 s between shards (Discord's identify limit).
        if not initial and self.identify_delay:
            await asyncio.sleep(self.identify_delay)

    async def on_ready(self) -> None:
        log.info("Connected as %s (%s) with %d shard(s).", self.user, self.user and self.user.id, self.shard_count or 1)

    async def close(self) -> None:
        """Stop work in flight (its answers are saved; resume continues), then disconnect."""
        current = asyncio.current_task()
        pending = [t for t in self._inflight if t is not current and not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=10)
        await super().close()

    def _track(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)

    # -- refs --------------------------------------------------------------------

    @staticmethod
    def ref_for(interaction: discord.Interaction) -> ConversationRef:
        user = str(interaction.user.id)
        if interaction.guild_id is None:
            return ConversationRef(PLATFORM, DM_WORKSPACE, str(interaction.channel_id), user)
        channel = interaction.channel
        if isinstance(channel, discord.Thread):
            return ConversationRef(
                PLATFORM, str(interaction.guild_id), str(channel.parent_id), user, thread=str(channel.id)
            )
        return ConversationRef(PLATFORM, str(interaction.guild_id), str(interaction.channel_id), user)

    # -- commands ----------------------------------------------------------------

    def _command_group(self) -> app_commands.Group:
        group = app_commands.Group(
            name="interview",
            description="Practise a job interview with an AI interviewer",
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False),
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
        )

        @group.command(name="start", description="Start a mock interview from your CV and a job description")
        @app_commands.describe(
            cv="Your CV: PDF, Word (.docx), text or Markdown",
            jd="The job description as a file",
            jd_text="Or paste the job description here",
            title="The job title (guessed from the job description if left out)",
            company="The company (guessed from the job description if left out)",
        )
        async def start(
            interaction: discord.Interaction,
            cv: discord.Attachment,
            jd: discord.Attachment | None = None,
            jd_text: app_commands.Range[str, 1, 6000] | None = None,
            title: app_commands.Range[str, 1, 120] | None = None,
            company: app_commands.Range[str, 1, 120] | None = None,
        ) -> None:
            await self._run(interaction, lambda: self.start_interview(interaction, cv, jd, jd_text, title, company))

        @group.command(name="resume", description="Get the question you're on again")
        async def resume(interaction: discord.Interaction) -> None:
            await self._run(interaction, lambda: self.resume_interview(interaction))

        @group.command(name="status", description="Where you are in your interview")
        async def status(interaction: discord.Interaction) -> None:
            await self._run(interaction, lambda: self.show_status(interaction))

        @group.command(name="feedback", description="Your feedback report")
        @app_commands.describe(
            interview="The interview's number (see /interview history); default: the latest finished one",
            regenerate="Write the report again",
        )
        async def feedback(
            interaction: discord.Interaction, interview: int | None = None, regenerate: bool = False
        ) -> None:
            await self._run(interaction, lambda: self.show_feedback(interaction, interview, regenerate))

        @group.command(name="history", description="Your past interviews and scores")
        async def history(interaction: discord.Interaction) -> None:
            await self._run(interaction, lambda: self.show_history(interaction))

        @group.command(name="delete", description="Delete all your interviews, answers and documents")
        async def delete(interaction: discord.Interaction) -> None:
            await self._run(interaction, lambda: self.ask_delete(interaction))

        @group.command(name="help", description="How mock interviews work")
        async def help_(interaction: discord.Interaction) -> None:
            await self._run(interaction, lambda: self._say(interaction, render.help_text(self.service.max_questions)))

        return group

    async def _run(
        self,
        interaction: discord.Interaction,
        work: Callable[[], Awaitable[None]],
        *,
        ephemeral: bool | None = None,
    ) -> None:
        """Defer at once (Discord gives 3 s), then do the work; any failure
        becomes a short, friendly edit of the deferred reply."""
        self._track()
        if ephemeral is None:
            # In a DM nobody else can see it anyway, and the interview's first
            # message must be a real one there (it anchors the interview).
            ephemeral = interaction.guild_id is not None
        interaction.extras["ephemeral"] = ephemeral
        if not interaction.response.is_done():
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)
        try:
            await work()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every error gets a friendly reply
            await self._say(interaction, self.friendly(exc))

    def friendly(self, exc: BaseException) -> str:
        if isinstance(exc, DocumentError):
            return exc.user_message
        if isinstance(exc, InterviewError):
            return str(exc)
        if isinstance(exc, discord.Forbidden):
            log.warning("forbidden: %s", exc.text[:200])
            return CANT_POST
        log.error("unexpected error", exc_info=exc)
        return SOMETHING_WRONG

    async def _say(self, interaction: discord.Interaction, content: str | None = None, **kwargs: Any) -> None:
        """Answer the interaction (edit the deferred reply). Past the token's
        15 minutes (very slow work), the answer becomes a message instead."""
        kwargs.setdefault("allowed_mentions", NO_MENTIONS)
        if content is not None:
            content = render.cut(content, render.MESSAGE_LIMIT)
        try:
            if interaction.response.is_done():
                if interaction.is_expired():
                    await self._say_elsewhere(interaction, content, **kwargs)
                    return
                await interaction.edit_original_response(content=content, **kwargs)
            else:
                await interaction.response.send_message(content, ephemeral=True, **kwargs)
        except discord.HTTPException as exc:
            if expired(exc):
                await self._say_elsewhere(interaction, content, **kwargs)
                return
            log.warning("could not answer interaction %s: %s %s", interaction.id, exc.status, exc.text[:200])

    async def _followup(self, interaction: discord.Interaction, **kwargs: Any) -> None:
        """One more ephemeral message after the reply (or a message, once the token expired)."""
        kwargs.setdefault("allowed_mentions", NO_MENTIONS)
        try:
            if interaction.is_expired():
                await self._say_elsewhere(interaction, None, **kwargs)
                return
            await interaction.followup.send(ephemeral=True, **kwargs)
        except discord.HTTPException as exc:
            if expired(exc):
                await self._say_elsewhere(interaction, None, **kwargs)
                return
            log.warning("could not follow up interaction %s: %s %s", interaction.id, exc.status, exc.text[:200])

    async def _say_elsewhere(self, interaction: discord.Interaction, content: str | None, **kwargs: Any) -> None:
        """The interaction's token expired: say it with a message. What only
        the user should see goes to their DMs; if those are closed, to the
        channel only when it is a private thread (an interview's), else just
        a pointer to the command, never the private content."""
        kwargs.pop("ephemeral", None)
        if kwargs.get("view") is None:
            kwargs.pop("view", None)
        private = interaction.extras.get("ephemeral", interaction.guild_id is not None)
        log.info("interaction %s expired: answering with a message", interaction.id)
        channel = interaction.channel
        targets: list[Callable[[], Awaitable[discord.abc.Messageable]]] = []
        if private and interaction.guild_id is not None:
            targets.append(interaction.user.create_dm)
            if isinstance(channel, discord.Thread) and channel.type is discord.ChannelType.private_thread:
                targets.append(lambda: _const(channel))
        elif channel is not None:
            targets.append(lambda: _const(channel))
        for target in targets:
            try:
                where = await target()
                await where.send(content, **kwargs)  # type: ignore[arg-type]
                return
            except discord.HTTPException as exc:
                log.warning("could not answer interaction %s by message: %s", interaction.id, exc.status)
        if private and isinstance(channel, discord.abc.Messageable):
            try:
                await channel.send(
                    f"{interaction.user.mention} my answer to your last `/interview` command came too late to "
                    "show it to you privately here, and your direct messages are closed to me. "
                    "`/interview status` shows where you are.",
                    allowed_mentions=NO_MENTIONS,
                )
            except discord.HTTPException as exc:
                log.warning("could not tell %s anything: %s", interaction.id, exc.status)

    async def _on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = getattr(error, "original", error)
        if isinstance(error, (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)):
            message = "That command is out of date: wait a minute for Discord to update it, then try again."
        else:
            message = self.friendly(original)
        await self._say(interaction, message)

    # -- /interview start ----------------------------------------------------------

    async def start_interview(
        self,
        interaction: discord.Interaction,
        cv_file: discord.Attachment,
        jd_file: discord.Attachment | None,
        jd_text: str | None,
        title: str | None,
        company: str | None,
    ) -> None:
        """Once per interaction: one delivered again (a gateway replay, even after a
        restart) is answered with where the interview is, and starts nothing."""
        key = _start_key(interaction)
        claim = await self.service.claim_start(Owner.of(self.ref_for(interaction)), key)
        if not claim.first:
            log.info("interaction %s delivered again: no second start", interaction.id)
            await self._say(interaction, render.replayed_start(claim.interview, claim.running))
            return
        try:
            await self._start_interview(interaction, cv_file, jd_file, jd_text, title, company)
        finally:
            await self.service.settle_start(key)

    async def _start_interview(
        self,
        interaction: discord.Interaction,
        cv_file: discord.Attachment,
        jd_file: discord.Attachment | None,
        jd_text: str | None,
        title: str | None,
        company: str | None,
    ) -> None:
        if jd_file is None and not (jd_text and jd_text.strip()):
            raise InterviewError(
                "I need the job description too: attach it (`jd:`) or paste it (`jd_text:`)."
            )
        # Both files are checked (size, type) before either is downloaded.
        check_attachment(cv_file, "CV", self.limits)
        if jd_file is not None:
            check_attachment(jd_file, "job description", self.limits)
        parent = None
        if interaction.guild_id is not None:
            parent = await self._thread_parent(interaction)
        proxy = {"proxy": self.http.proxy, "proxy_auth": self.http.proxy_auth}
        requester = f"discord:{interaction.user.id}"
        cv = await read_attachment(cv_file, "CV", self.reader, requester=requester, **proxy)
        if jd_file is not None:
            jd = await read_attachment(jd_file, "job description", self.reader, requester=requester, **proxy)
        else:
            jd = await self.reader.paste(jd_text or "", requester=requester)
        guessed_title, guessed_company = guess_role(jd.text)
        title = (title or guessed_title or "").strip()
        company = (company or guessed_company or "").strip()
        if not title:
            raise InterviewError("I couldn't tell the job title from the job description: add `title:`.")
        if not company:
            raise InterviewError("I couldn't tell the company from the job description: add `company:`.")
        owner = Owner.of(self.ref_for(interaction))
        await self.service.save_document(owner, "cv", cv)
        await self.service.save_document(owner, "jd", jd)
        documents = f"CV: {cv.summary()}. Job description: {jd.summary()}."
        if parent is None:
            await self._start_in_dm(interaction, cv, jd, title, company, documents)
        else:
            await self._start_in_thread(interaction, parent, cv, jd, title, company, documents)

    async def _thread_parent(self, interaction: discord.Interaction) -> discord.TextChannel:
        channel = interaction.channel
        if isinstance(channel, discord.Thread):
            channel = channel.parent or await self._fetch(channel.parent_id)
        if not isinstance(channel, discord.TextChannel):
            raise InterviewError(
                "I can only open an interview thread in a text channel. Run `/interview start` "
                "in a text channel, or in a direct message with me."
            )
        return channel

    async def _fetch(self, channel_id: int | None) -> Any:
        if channel_id is None:
            return None
        try:
            return await self.fetch_channel(channel_id)
        except (discord.NotFound, discord.Forbidden):
            return None

    async def _create_thread(self, parent: discord.TextChannel, name: str, user: discord.abc.User) -> discord.Thread:
        """A private thread (a CV is private) where the channel allows it, else a public one."""
        try:
            thread = await parent.create_thread(
                name=name,
                type=discord.ChannelType.private_thread,
                invitable=False,
                auto_archive_duration=10080,
            )
        except discord.HTTPException as exc:
            if exc.status not in (400, 403):
                raise
            # No "Create Private Threads" permission, or a channel type without them.
            log.info("private thread refused in %s (%s %s): using a public one", parent.id, exc.status, exc.code)
            return await parent.create_thread(
                name=name, type=discord.ChannelType.public_thread, auto_archive_duration=10080
            )
        try:
            await thread.add_user(user)
        except discord.HTTPException:
            await self._delete_quietly(thread)
            raise
        return thread

    async def _start_in_thread(
        self,
        interaction: discord.Interaction,
        parent: discord.TextChannel,
        cv: Document,
        jd: Document,
        title: str,
        company: str,
        documents: str,
    ) -> None:
        thread = await self._create_thread(parent, render.thread_name(title, company), interaction.user)
        ref = ConversationRef(
            PLATFORM, str(interaction.guild_id), str(parent.id), str(interaction.user.id), thread=str(thread.id)
        )
        try:
            await thread.send(
                f"Mock interview for {interaction.user.mention}: **{title}** at **{company}**.\n"
                f"{documents} I'll ask {self.service.max_questions} questions, one at a time: "
                "answer each one with a message in this thread.",
                allowed_mentions=NO_MENTIONS,
            )
            async with typing(thread):
                outcome = await self.service.start(ref, cv_text=cv.text, jd_text=jd.text, title=title, company=company,
                                                   request_key=_start_key(interaction))
        except BaseException:
            # No interview in it (refused, or the database failed): no empty thread left behind.
            if not await self._holds_interview(ref):
                await self._delete_quietly(thread)
            raise
        if outcome.question is not None:
            first = render.question_message(outcome.question)
        else:
            first = f"{outcome.notice or SOMETHING_WRONG}\nUse `/interview resume` to get the first question."
        ready = f"Your mock interview for **{title}** at **{company}** is ready in {thread.mention}. {documents}"
        try:
            await thread.send(first, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.warning("could not post the first question in %s: %s %s", thread.id, exc.status, exc.text[:200])
            ready = f"{ready}\n{FIRST_QUESTION_NOT_POSTED}"
        await self._say(interaction, ready)

    async def _holds_interview(self, ref: ConversationRef) -> bool:
        try:
            found = await self.service.current(ref)
        except Exception:  # noqa: BLE001 - the database is what failed
            return False
        return found is not None and found.thread == ref.thread

    async def _delete_quietly(self, thread: discord.Thread) -> None:
        try:
            await thread.delete()
        except discord.HTTPException:
            pass

    async def _start_in_dm(
        self,
        interaction: discord.Interaction,
        cv: Document,
        jd: Document,
        title: str,
        company: str,
        documents: str,
    ) -> None:
        # No threads in a DM: the interview is anchored on its first message,
        # whose id names it, and runs in the DM itself.
        anchor = await interaction.edit_original_response(
            content=(
                f"Mock interview: **{title}** at **{company}**.\n{documents} I'll ask "
                f"{self.service.max_questions} questions, one at a time: answer each one with a message here."
            ),
            allowed_mentions=NO_MENTIONS,
        )
        ref = ConversationRef(
            PLATFORM, DM_WORKSPACE, str(interaction.channel_id), str(interaction.user.id), thread=str(anchor.id)
        )
        channel = await self._dm_channel(interaction)
        async with typing(channel):
            outcome = await self.service.start(ref, cv_text=cv.text, jd_text=jd.text, title=title, company=company,
                                                   request_key=_start_key(interaction))
        content = (
            render.question_message(outcome.question)
            if outcome.question is not None
            else f"{outcome.notice}\nUse `/interview resume` to get the first question."
        )
        try:
            await channel.send(
                content, reference=anchor.to_reference(fail_if_not_exists=False), mention_author=False,
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as exc:
            # The interview exists: keep its first message, add a hint after it.
            log.warning("could not post the first question in a DM: %s %s", exc.status, exc.text[:200])
            with contextlib.suppress(discord.HTTPException):
                await channel.send(FIRST_QUESTION_NOT_POSTED, allowed_mentions=NO_MENTIONS)

    async def _dm_channel(self, interaction: discord.Interaction) -> discord.abc.Messageable:
        channel = interaction.channel
        if isinstance(channel, (discord.DMChannel, discord.PartialMessageable)):
            return channel
        return await interaction.user.create_dm()

    # -- answers --------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        self._track()
        kind: str | None = "error"
        try:
            if message.author.bot or message.webhook_id is not None:
                kind = None  # bots (this one included) and webhooks never answer
            elif message.type not in (discord.MessageType.default, discord.MessageType.reply):
                kind = None  # joins, pins, thread renames...
            else:
                # When it reached us, by our own clock (Discord's may differ): an answer
                # that arrives while the next question is being written is an addition.
                kind = await self.take_answer(message, received=datetime.now(UTC))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001
            text = self.friendly(exc)
            if text == SOMETHING_WRONG and kind == "error":
                text = ANSWER_FAILED  # it may have failed before the answer was stored
            await self._reply(message, text)
        # For observers (tests, metrics): this message is fully handled.
        self.dispatch("interview_message_handled", message, kind)

    async def take_answer(self, message: discord.Message, received: datetime | None = None) -> str | None:
        """Handle a message that may be an answer; returns the core's outcome
        kind, or None when the message was not for us."""
        if message.guild is None:
            base = ConversationRef(PLATFORM, DM_WORKSPACE, str(message.channel.id), str(message.author.id))
            interview = await self.service.current(base)
            if interview is None:
                await self._reply(message, DM_HINT)
                return None
            ref, mine = interview.ref, True
        else:
            channel = message.channel
            if not isinstance(channel, (discord.Thread, discord.PartialMessageable)):
                return None  # interviews only live in threads
            parent = getattr(channel, "parent_id", None) or channel.id
            ref = ConversationRef(
                PLATFORM, str(message.guild.id), str(parent), str(message.author.id), thread=str(channel.id)
            )
            mine = None
        text = message.content or ""
        if not text.strip():
            # Asks the core without changing anything: only the owner hears back.
            outcome = await self.service.submit_answer(ref, "")
            if outcome.kind == "rejected":
                if message.attachments or message.stickers:
                    hint = ATTACHMENT_ONLY
                elif not self.content_intent:
                    hint = NO_CONTENT_INTENT
                elif await self._finished_here(ref):
                    hint = FINISHED
                else:
                    hint = outcome.notice or ATTACHMENT_ONLY
                await self._reply(message, hint)
            return outcome.kind
        if mine is None:
            current = await self.service.current(ref)
            mine = current is not None and current.thread == ref.thread
        if mine:
            async with typing(message.channel):
                outcome = await self.service.submit_answer(
                    ref, text, platform_message_id=str(message.id), sent_at=received
                )
        else:
            outcome = await self.service.submit_answer(
                ref, text, platform_message_id=str(message.id), sent_at=received
            )
        if outcome.kind == "no_interview" and not outcome.notice and message.guild is not None:
            await self._hint_defunct_thread(message, ref)
        await self.show_outcome(message, outcome)
        return outcome.kind

    async def _finished_here(self, ref: ConversationRef) -> bool:
        here = await self.service.current(ref)
        return here is not None and here.thread == ref.thread and here.status is InterviewStatus.COMPLETE

    async def _hint_defunct_thread(self, message: discord.Message, ref: ConversationRef) -> None:
        """A message in a thread I opened for an interview that no longer lives
        there (it moved to a new thread on resume, or was deleted): say where
        to go instead of staying silent. Other threads stay none of my business."""
        elsewhere = await self.service.current(ref)
        if elsewhere is None and not await self.service.history(Owner.of(ref), limit=1):
            return  # not someone who uses me: no lookups for their chatter
        channel = message.channel
        owner_id = getattr(channel, "owner_id", None)
        if owner_id is None:  # a thread not in the cache
            channel = await self._fetch(channel.id)
            owner_id = getattr(channel, "owner_id", None)
        if self.user is None or owner_id != self.user.id:
            return
        if elsewhere is not None and elsewhere.thread and elsewhere.thread != ref.thread:
            hint = f"Your interview continues in <#{elsewhere.thread}>: answer there."
        else:
            hint = (
                "No interview runs in this thread any more. `/interview start` begins a new one; "
                "`/interview feedback` shows your reports."
            )
        await self._reply(message, hint)

    async def show_outcome(self, message: discord.Message, outcome: AnswerOutcome) -> None:
        """Everything here comes after the core stored the answer (and the
        question or report), so a post Discord refuses (rate limit, locked
        thread) loses nothing: the user gets a hint to fetch it again."""
        kind = outcome.kind
        if kind == "question" and outcome.question is not None:
            if not await self._reply(message, render.question_message(outcome.question, outcome.notice)):
                await self._reply(message, QUESTION_NOT_POSTED)
        elif kind == "complete":
            total = outcome.progress["max_questions"] if outcome.progress else self.service.max_questions
            await self._reply(message, render.completion_message(total))
            if outcome.report is not None and outcome.interview_id is not None:
                # The report just stored (not rewritten), with its interview's title.
                try:
                    stored = await self.service.feedback(self._owner_of(message), outcome.interview_id)
                    await message.channel.send(
                        embeds=render.report_embeds(outcome.report, stored.interview),
                        view=notes_view(outcome.interview_id),
                        allowed_mentions=NO_MENTIONS,
                    )
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # noqa: BLE001 - every answer is stored by now: say so
                    log.warning("could not post the report in %s: %r", message.channel.id, exc)
                    await self._reply(message, REPORT_NOT_POSTED)
            else:
                await self._reply(message, f"{outcome.notice or ''}\n`/interview feedback` tries again.".strip())
        elif kind == "pending":
            await self._reply(message, f"{outcome.notice}\n`/interview resume` gets the next question.")
        elif kind in ("rejected", "added") or (kind == "no_interview" and outcome.notice):
            await self._reply(message, outcome.notice or "")
        # duplicate, not_owner, no_interview without a notice: nothing to say

    @staticmethod
    def _owner_of(message: discord.Message) -> Owner:
        workspace = str(message.guild.id) if message.guild else DM_WORKSPACE
        return Owner(PLATFORM, workspace, str(message.author.id))

    async def _reply(self, message: discord.Message, content: str) -> bool:
        """Reply to `message`; False (logged) when Discord refused."""
        try:
            await message.channel.send(
                render.cut(content, render.MESSAGE_LIMIT),
                reference=message.to_reference(fail_if_not_exists=False),
                mention_author=False,
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as exc:
            log.warning("could not reply in %s: %s %s", message.channel.id, exc.status, exc.text[:200])
            return False
        return True

    # -- /interview resume ------------------------------------------------------------

    async def resume_interview(self, interaction: discord.Interaction) -> None:
        ref = self.ref_for(interaction)
        outcome = await self.service.resume(ref)
        interview = outcome.interview
        owner = interview.owner
        if outcome.progress["is_complete"]:
            await self._say(
                interaction,
                f"Your interview for {render.role_line(interview)} is finished: `/interview feedback` shows your report.",
            )
            return
        if outcome.question is not None:
            body = render.question_message(outcome.question)
        else:
            body = f"{outcome.notice}\nTry `/interview resume` again in a moment."
        recap = f"Picking up your mock interview: {render.role_line(interview)}. {render.progress_line(outcome.progress)}"
        if owner.workspace == DM_WORKSPACE:
            channel = await self._dm_channel(interaction)
            await channel.send(f"{recap}\n\n{body}", allowed_mentions=NO_MENTIONS)
            await self._say(interaction, "Here is the question you're on: answer it with a message here.")
            return
        content = f"{recap}\n\n{body}"
        thread = await self._live_thread(interview.thread)
        moved = False
        if thread is not None:
            try:
                await thread.send(content, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException as exc:
                if exc.status == 429 or exc.status >= 500:
                    raise  # Discord is busy, the thread is fine: try again later
                # Locked, archived, or I was removed from it: carry on in a new thread.
                log.info("thread %s refused the question (%s %s): a new one", thread.id, exc.status, exc.code)
                thread = None
        if thread is None:
            parent = await self._thread_parent(interaction)
            thread = await self._create_thread(
                parent, render.thread_name(interview.title, interview.company), interaction.user
            )
            try:
                await self.service.move_to_thread(owner, interview.id, str(parent.id), str(thread.id))
            except BaseException:
                await self._delete_quietly(thread)  # the interview stays where it was
                raise
            moved = True
            await thread.send(content, allowed_mentions=NO_MENTIONS)
        note = " (a new thread: the old one is gone, archived or locked)" if moved else ""
        await self._say(interaction, f"Your interview continues in {thread.mention}{note}.")

    async def _live_thread(self, thread_id: str | None) -> discord.Thread | None:
        """The interview's thread if it still exists and is open to answers."""
        if not thread_id or not thread_id.isdigit():
            return None
        channel = await self._fetch(int(thread_id))
        if not isinstance(channel, discord.Thread) or channel.archived or channel.locked:
            return None
        return channel

    # -- /interview status, history, feedback --------------------------------------------

    async def show_status(self, interaction: discord.Interaction) -> None:
        ref = self.ref_for(interaction)
        owner = Owner.of(ref)
        interview = await self.service.current(ref)
        if interview is None:
            latest = await self.service.history(owner, limit=1)
            if not latest:
                await self._say(interaction, "You have no interviews yet. `/interview start` begins one.")
                return
            interview = latest[0].interview
        progress = await self.service.progress(owner, interview.id)
        await self._say(interaction, render.status_text(interview, progress))

    async def show_history(self, interaction: discord.Interaction) -> None:
        summaries = await self.service.history(Owner.of(self.ref_for(interaction)))
        await self._say(interaction, render.history_text(summaries))

    async def show_feedback(self, interaction: discord.Interaction, interview_id: int | None, regenerate: bool) -> None:
        ref = self.ref_for(interaction)
        owner = Owner.of(ref)
        if interview_id is None:
            here = await self.service.current(ref)
            if here is not None and ref.thread is not None and here.thread == ref.thread:
                interview_id = here.id
            else:
                finished = [s for s in await self.service.history(owner) if s.progress["is_complete"]]
                if not finished:
                    raise InterviewError(
                        "You have no finished interview yet: the report comes after the last answer."
                    )
                interview_id = finished[0].interview.id
        outcome = await self.service.feedback(owner, interview_id, regenerate=regenerate)
        if outcome.report is None:
            await self._say(interaction, outcome.notice or SOMETHING_WRONG)
            return
        await self._say(
            interaction,
            content=f"Feedback for {render.role_line(outcome.interview)}:",
            embeds=render.report_embeds(outcome.report, outcome.interview),
            view=notes_view(outcome.interview.id),
        )
        # Any other finished interview whose report was lost (a crash, an engine outage)
        # gets it now, not only the one asked for.
        for owed in await self.service.reports_owed(owner):
            written = await self.service.feedback(owner, owed.id)
            if written.report is not None:
                await self._followup(
                    interaction,
                    content=f"You were also owed the report for {render.role_line(owed)} "
                    f"(`/interview feedback interview:{owed.id}`):",
                    embeds=render.report_embeds(written.report, owed),
                    view=notes_view(owed.id),
                )

    async def show_notes(self, interaction: discord.Interaction, interview_id: int) -> None:
        await self._run(interaction, lambda: self._notes(interaction, interview_id), ephemeral=True)

    async def _notes(self, interaction: discord.Interaction, interview_id: int) -> None:
        owner = Owner.of(self.ref_for(interaction))
        outcome = await self.service.feedback(owner, interview_id)
        if outcome.report is None:
            await self._say(interaction, outcome.notice or SOMETHING_WRONG)
            return
        groups = render.notes_embeds(outcome.report)
        await self._say(interaction, content="Notes on each answer:", embeds=groups[0])
        for embeds in groups[1:]:
            await self._followup(interaction, embeds=embeds)

    # -- /interview delete -----------------------------------------------------------------

    async def ask_delete(self, interaction: discord.Interaction) -> None:
        await self._say(
            interaction,
            "Delete all your mock interviews, answers, reports and uploaded documents, here and in "
            "our direct messages? This can't be undone. (Messages already posted in Discord stay.)",
            view=delete_view(),
        )

    async def confirm_delete(self, interaction: discord.Interaction, confirmed: bool) -> None:
        self._track()
        await interaction.response.defer()  # an update of the ephemeral message, within 3 s
        try:
            if not confirmed:
                await interaction.edit_original_response(content="Nothing was deleted.", view=None)
                return
            ref = self.ref_for(interaction)
            owners = {Owner.of(ref), Owner(PLATFORM, DM_WORKSPACE, ref.user)}
            removed = 0
            for owner in owners:
                removed += await self.service.delete_user_data(owner)
            plural = "interview" if removed == 1 else "interviews"
            await interaction.edit_original_response(
                content=f"Done: I deleted {removed} {plural} and your uploaded documents.", view=None
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001
            await self._say(interaction, self.friendly(exc), view=None)


def build_bot(
    service: InterviewService,
    config: DiscordConfig,
    *,
    reader: DocumentReader | None = None,
    **options: Any,
) -> InterviewBot:
    """The bot, not yet started: `async with bot: await bot.start(token)`.
    Options go to discord.py's client (e.g. guild_ready_timeout); tests also
    pass identify_delay=0."""
    return InterviewBot(service, config, reader=reader, **options)


def _start_key(interaction: discord.Interaction) -> str:
    return f"discord:{interaction.id}"


async def _const(value: Any) -> Any:
    return value
