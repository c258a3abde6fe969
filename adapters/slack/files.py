"""Uploaded CVs and job descriptions: which is which, and a safe download.

The bot token goes only to Slack's own hosts (https://slack.com and its
subdomains, or the scheme, host and port of SLACK_API_URL when set), each
redirect checked again; the size Slack gives is checked before the download,
and adapters/shared/download.py cuts the stream at the limit.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import aiohttp

from adapters.shared.download import (
    BadStatus,
    HostRefused,
    NetworkFailure,
    RefusedType,
    TooLarge,
    TooManyRedirects,
    download_capped,
)
from interview_core.chat import format_size

DocKind = Literal["cv", "jd"]

SLACK_DOMAINS = ("slack.com",)
MAX_REDIRECTS = 3

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


_DEFAULT_PORTS = {"http": 80, "https": 443}


_ASCII_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL, the port filled in; None if unusable."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if not _ASCII_HOST.fullmatch(host) and not _is_ip(host):
        return None  # fullwidth letters, surrogates, other scripts: Slack's hosts are ASCII
    return scheme, host, port if port is not None else _DEFAULT_PORTS[scheme]


def _shown_host(url: str) -> str:
    """The host to name in a refusal: printable, short, and never an exception
    (urlsplit raises on "https://[::1/", a lone surrogate can't be sent to Slack)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    host = "".join(ch for ch in host if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF)[:80]
    return host or "an unknown host"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _within(host: str, domain: str) -> bool:
    """host is domain or one of its subdomains (never for an IP address)."""
    if host == domain:
        return True
    return not _is_ip(domain) and "." in domain and host.endswith("." + domain)


def allowed_host(url: str, api_url: str | None = None) -> bool:
    """True when `url` may receive the bot token: https://slack.com or one of its
    subdomains on the default port, or, with SLACK_API_URL set, a URL with the same
    scheme, host (or a subdomain of a named host) and port as SLACK_API_URL."""
    origin = _origin(url)
    if origin is None:
        return False
    scheme, host, port = origin
    if scheme == "https" and port == 443 and any(_within(host, d) for d in SLACK_DOMAINS):
        return True
    api = _origin(api_url) if api_url else None
    if api is None:
        return False
    api_scheme, api_host, api_port = api
    # e.g. SLACK_API_URL=https://slack-gov.com/api: files.slack-gov.com too, but only
    # over https on the same port; http://127.0.0.1:8080: only that port, over http.
    return scheme == api_scheme and port == api_port and _within(host, api_host)


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


def too_large(name: str, size: int | None, limit: int) -> FileFetchError:
    what = (f"“{name}” is {format_size(size)}; the limit is {format_size(limit)}" if size
            else f"“{name}” is over the {format_size(limit)} limit")
    return FileFetchError(
        f"{what}. "
        "Send a smaller file (for example without images), or paste the text."
    )


def _sign_in_page(name: str) -> Callable[[str], bool]:
    """Slack answers a download it won't allow with its sign-in page: HTML, for a file
    that is no HTML file."""
    html_file = name.lower().endswith((".htm", ".html"))
    return lambda content_type: content_type.startswith("text/html") and not html_file


async def download(
    session: aiohttp.ClientSession,
    file: SlackFile,
    *,
    token: str,
    max_bytes: int,
    api_url: str | None,
    timeout: float = 30.0,
) -> bytes:
    """The file's bytes, fetched with the bot token from a Slack host only."""
    if file.size is not None and file.size > max_bytes:
        raise too_large(file.name, file.size, max_bytes)
    if not file.url:
        raise FileFetchError(f"Slack gave me no download link for “{file.name}”. Try uploading it again.")
    try:
        return await download_capped(
            session, file.url, max_bytes=max_bytes, timeout=aiohttp.ClientTimeout(total=timeout),
            headers={"Authorization": f"Bearer {token}"}, allowed=lambda url: allowed_host(url, api_url),
            max_redirects=MAX_REDIRECTS, refuse_type=_sign_in_page(file.name),
        )
    except HostRefused as exc:
        raise FileFetchError(
            f"I won't download “{file.name}” from {_shown_host(exc.url)}: I only fetch files stored on Slack. "
            "Upload the file into this conversation, or paste its text."
        ) from None
    except BadStatus as exc:
        raise FileFetchError(
            f"I couldn't download “{file.name}” from Slack (HTTP {exc.status}). "
            "Try uploading it again in a moment."
        ) from None
    except RefusedType:
        raise FileFetchError(
            f"Slack didn't let me download “{file.name}”. Check that the app has the "
            "files:read scope, then upload the file again."
        ) from None
    except TooLarge as exc:
        raise too_large(file.name, exc.declared, max_bytes) from None
    except NetworkFailure as exc:
        raise FileFetchError(
            f"I couldn't download “{file.name}” from Slack ({exc.reason}). "
            "Try uploading it again in a moment."
        ) from exc
    except TooManyRedirects:
        raise FileFetchError(
            f"Slack kept redirecting the download of “{file.name}”. Try uploading it again."
        ) from None
