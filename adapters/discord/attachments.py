"""A CV or job description sent as a Discord attachment.

Refused by its size and type before any download; then streamed with no
credentials and cut off at the size limit, whatever size it claimed (the
download every adapter shares, adapters/shared/download.py); then read by the
DocumentReader (in a worker process).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import aiohttp
import discord

from adapters.discord.process import adapter_logger
from adapters.shared.download import DownloadError, TooLarge, download_capped
from interview_core.chat import (
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
    format_size,
)

log = adapter_logger(__name__)

ACCEPTED_EXTENSIONS = PDF_EXTENSIONS | DOCX_EXTENSIONS | TEXT_EXTENSIONS
ACCEPTED_TYPES = PDF_CONTENT_TYPES | DOCX_CONTENT_TYPES | TEXT_CONTENT_TYPES
ACCEPTED = "a PDF, a Word document (.docx), or a text or Markdown file"
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=120, sock_connect=15, sock_read=30)
MAX_REDIRECTS = 10  # as many as aiohttp follows by itself


def _name(attachment: discord.Attachment) -> str:
    """The file's name as it may appear in a message."""
    return discord.utils.escape_markdown(attachment.filename)[:80]


def check_attachment(attachment: discord.Attachment, what: str, limits: DocumentLimits) -> None:
    """Refuse a file by its size and type before downloading it."""
    name = _name(attachment)
    if attachment.size > limits.max_bytes:
        raise DocumentError(
            DocumentErrorCode.TOO_LARGE,
            f"Your {what} `{name}` is {format_size(attachment.size)}; the limit is {format_size(limits.max_bytes)}. "
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


async def download(url: str, limit: int, *, proxy: str | None = None, proxy_auth: Any = None) -> bytes:
    """The file at `url`, streamed and cut off past `limit` bytes (TooLarge),
    whatever size the attachment claimed. Sent with no credentials at all: the
    bot token is for Discord's API, never for a CDN or any other host."""
    async with aiohttp.ClientSession() as session:
        return await download_capped(session, url, max_bytes=limit, timeout=DOWNLOAD_TIMEOUT,
                                     max_redirects=MAX_REDIRECTS, proxy=proxy, proxy_auth=proxy_auth)


async def read_attachment(
    attachment: discord.Attachment, what: str, reader: DocumentReader, *, requester: str,
    proxy: str | None = None, proxy_auth: Any = None,
) -> Document:
    limits = reader.limits
    check_attachment(attachment, what, limits)
    name = _name(attachment)
    try:
        data = await download(attachment.url, limits.max_bytes, proxy=proxy, proxy_auth=proxy_auth)
    except TooLarge:
        log.warning("attachment %s is larger than it claimed (%s bytes)", attachment.id, attachment.size)
        raise DocumentError(
            DocumentErrorCode.TOO_LARGE,
            f"Your {what} `{name}` is larger than {format_size(limits.max_bytes)}, the limit. "
            "Send a smaller file (for example without images).",
            filename=attachment.filename,
        ) from None
    except DownloadError as exc:
        log.warning("downloading attachment %s failed: %s", attachment.id, exc)
        raise DocumentError(
            DocumentErrorCode.BROKEN,
            f"I couldn't download your {what} `{name}` from Discord. Send it again.",
            filename=attachment.filename,
        ) from None
    # In a worker process: the event loop (and the heartbeat) stays free, and a hostile
    # file takes down only its worker.
    return await reader.read(data, attachment.filename, content_type=attachment.content_type, requester=requester)
