"""Keeping API keys out of every message we write: errors, logs, tracebacks.

A server may quote the key it refused, in a body or a redirect's Location,
whole or in part ("sk-abc123def456... is not valid"), and h11 quotes a bad
header value in its exception. So the rule is strict: no run of
`MIN_PIECE` or more characters of a key survives, in any of the forms a
message can carry it (as is, repr-escaped, percent-encoded).

`redact` is applied where a message is made; `RedactSecrets` is a logging
filter the process installs on its handlers as a second line, for whatever
else (a library, a traceback) might quote a key.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

MIN_PIECE = 8
MASK = "***"
SECRET_HEADERS = frozenset({"authorization", "x-goog-api-key", "x-api-key", "api-key"})
_SCHEMES = frozenset({"bearer", "basic", "token"})


def secrets_in_headers(headers: Mapping[str, str]) -> list[str]:
    """The secret values among request headers ("Bearer sk-..." gives "sk-...")."""
    return [value for name, value in headers.items() if name.lower() in SECRET_HEADERS]


def _forms(secret: str) -> set[str]:
    """The secret, and each way a message may spell it, cut at control characters."""
    forms = {secret, repr(secret)[1:-1], repr(secret.encode("utf-8", "replace"))[2:-1]}
    forms.add(quote(secret, safe=""))
    pieces: set[str] = set()
    for form in forms:
        pieces |= {p for p in re.split(r"[\s\x00-\x1f\x7f]+", form) if p.lower() not in _SCHEMES}
    return {p for p in pieces if p}


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every run of MIN_PIECE+ characters of any secret masked.

    A secret shorter than MIN_PIECE is masked whole (when at least 4 long:
    shorter "keys" are placeholders, and masking every "abc" would garble text).
    """
    for secret in secrets:
        for piece in sorted(_forms(secret), key=len, reverse=True):
            if len(piece) < MIN_PIECE:
                if len(piece) >= 4:
                    text = text.replace(piece, MASK)
                continue
            text = _mask_pieces(text, piece)
    return text


def _mask_pieces(text: str, secret: str) -> str:
    if len(text) < MIN_PIECE:
        return text
    grams = {secret[i : i + MIN_PIECE] for i in range(len(secret) - MIN_PIECE + 1)}
    out: list[str] = []
    i = last = 0
    while i <= len(text) - MIN_PIECE:
        if text[i : i + MIN_PIECE] not in grams:
            i += 1
            continue
        end = i + MIN_PIECE
        # Grow the match while it is still a piece of the secret.
        while end < len(text) and text[i : end + 1] in secret:
            end += 1
        out += [text[last:i], MASK]
        i = last = end
    out.append(text[last:])
    return "".join(out)


class RedactSecrets(logging.Filter):
    """Masks the given secrets in every record that passes (message and traceback)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in (str(v).strip() for v in secrets) if len(s) >= 4]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's business
            return True
        masked = redact(message, self.secrets)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Format the traceback now, masked; handlers reuse exc_text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return True


def install(secrets: Iterable[str], logger: logging.Logger | None = None) -> RedactSecrets:
    """Put one RedactSecrets on every handler of `logger` (the root by default)."""
    target = logger or logging.getLogger()
    redactor = RedactSecrets(secrets)
    for handler in target.handlers:
        handler.addFilter(redactor)
    return redactor
