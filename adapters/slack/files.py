"""Uploaded CVs and job descriptions: which is which, and a safe download.

The bot token goes only to Slack's own hosts (slack.com and its subdomains,
or the host of SLACK_API_URL when set); the size is checked before the
download and the stream is cut at the limit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

import aiohttp

DocKind = Literal["cv", "jd"]

SLACK_DOMAINS = ("slack.com",)
MAX_REDIRECTS = 3
CHUNK = 64 * 1024

_CV = re.compile(r"(?<![a-z])(cv|cvs|resume|resumes|curriculum)(?![a-z])")
_JD = re.compile(r"(?<![a-z])(jd|job|jobs|description|posting|vacancy|role|position)(?![a-z])")


def _plain(text: str) -> str:
    """Lower case without accents, "_-." as spaces: "Résumé_2024.pdf" -> "resume 2024 pdf"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[_\-.]+", " ", text)


def classify(filename: str | None, message: str | None = None) -> DocKind | None:
    """"cv" or "jd" from the message text first, then the file name; None when unsure."""
    for source in (message, filename):
        if not source:
            continue
        plain = _plain(source)
        cv, jd = bool(_CV.search(plain)), bool(_JD.search(plain))
        if cv != jd:
            return "cv" if cv else "jd"
    return None


def allowed_host(url: str, api_host: str | None = None) -> bool:
    """True for https://slack.com and its subdomains, or the SLACK_API_URL host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return False
    if api_host and host == api_host:
        return parts.scheme in ("http", "https")
    if parts.scheme != "https":
        return False
    # slack.com's subdomains; with SLACK_API_URL at e.g. slack-gov.com, that host's
    # subdomains too (files.slack-gov.com), over https only.
    domains = SLACK_DOMAINS + ((api_host,) if api_host and "." in api_host else ())
    return any(host == d or host.endswith("." + d) for d in domains)


class FileFetchError(Exception):
    """A file we could not fetch; the message is safe to show the user."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True, slots=True)
class SlackFile:
    id: str
    name: str
    size: int | None
    mimetype: str | None
    url: str | None

    @classmethod
    def of(cls, info: dict) -> SlackFile:
        size = info.get("size")
        return cls(
            id=str(info.get("id") or ""),
            name=str(info.get("name") or info.get("title") or "file"),
            size=int(size) if isinstance(size, (int, float)) else None,
            mimetype=info.get("mimetype") or None,
            url=info.get("url_private_download") or info.get("url_private") or None,
        )


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def too_large(name: str, size: int | None, limit: int) -> FileFetchError:
    what = (f"“{name}” is {format_size(size)}; the limit is {format_size(limit)}" if size
            else f"“{name}” is over the {format_size(limit)} limit")
    return FileFetchError(
        f"{what}. "
        "Send a smaller file (for example without images), or paste the text."
    )


async def download(
    session: aiohttp.ClientSession,
    file: SlackFile,
    *,
    token: str,
    max_bytes: int,
    api_host: str | None,
    timeout: float = 30.0,
) -> bytes:
    """The file's bytes, fetched with the bot token from a Slack host only."""
    if file.size is not None and file.size > max_bytes:
        raise too_large(file.name, file.size, max_bytes)
    if not file.url:
        raise FileFetchError(f"Slack gave me no download link for “{file.name}”. Try uploading it again.")
    url = file.url
    for _ in range(MAX_REDIRECTS + 1):
        if not allowed_host(url, api_host):
            host = urlsplit(url).hostname or "an unknown host"
            raise FileFetchError(
                f"I won't download “{file.name}” from {host}: I only fetch files stored on Slack. "
                "Upload the file into this conversation, or paste its text."
            )
        try:
            async with session.get(
                url,
                headers={"Authorization": f"Bearer {token}"},
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=timeout),
            ) as resp:
                if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("Location"):
                    url = urljoin(url, resp.headers["Location"])
                    continue
                if resp.status != 200:
                    raise FileFetchError(
                        f"I couldn't download “{file.name}” from Slack (HTTP {resp.status}). "
                        "Try uploading it again in a moment."
                    )
                if (resp.content_type or "").startswith("text/html") and not file.name.lower().endswith(
                    (".htm", ".html")
                ):
                    # Slack answers a download it won't allow with its sign-in page.
                    raise FileFetchError(
                        f"Slack didn't let me download “{file.name}”. Check that the app has the "
                        "files:read scope, then upload the file again."
                    )
                if resp.content_length is not None and resp.content_length > max_bytes:
                    raise too_large(file.name, resp.content_length, max_bytes)
                data = bytearray()
                async for chunk in resp.content.iter_chunked(CHUNK):
                    data += chunk
                    if len(data) > max_bytes:
                        raise too_large(file.name, None, max_bytes)
                return bytes(data)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise FileFetchError(
                f"I couldn't download “{file.name}” from Slack ({type(exc).__name__}). "
                "Try uploading it again in a moment."
            ) from exc
    raise FileFetchError(f"Slack kept redirecting the download of “{file.name}”. Try uploading it again.")
