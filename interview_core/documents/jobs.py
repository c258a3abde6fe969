"""One parse as data, and its result, in the form they cross a process boundary.

JSON plus raw bytes, not pickle: a worker parses hostile files, and if one
ever took a worker over, unpickling its answer would hand it the bot. What
comes back is only text, numbers and the codes of `DocumentErrorCode`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

from interview_core.documents.model import Document, DocumentError, DocumentErrorCode, DocumentLimits

JobKind = Literal["bytes", "path", "paste"]
# What a worker sends once its imports are done (pool.py starts the wall limit after it).
READY = b"ready"
LogRecord = tuple[str, int, str]  # logger name, level, message


@dataclass(frozen=True, slots=True)
class Job:
    """One parse: `payload` is the bytes, the path (str) or the pasted text."""

    kind: JobKind
    payload: bytes | str
    name: str | None
    content_type: str | None
    limits: DocumentLimits

    def run(self) -> Document:
        """Parse here, in this process (raises DocumentError)."""
        from interview_core.documents import extract_document, extract_file, from_pasted_text

        if self.kind == "bytes":
            return extract_document(bytes(self.payload), self.name or "",  # type: ignore[arg-type]
                                    content_type=self.content_type, limits=self.limits)
        if self.kind == "path":
            return extract_file(str(self.payload), limits=self.limits)
        return from_pasted_text(str(self.payload), limits=self.limits)

    def payload_bytes(self) -> bytes:
        if isinstance(self.payload, bytes):
            return self.payload
        return self.payload.encode("utf-8", "surrogatepass" if self.kind == "paste" else "surrogateescape")

    def header(self) -> bytes:
        limits = {"max_bytes": self.limits.max_bytes, "max_pages": self.limits.max_pages,
                  "max_chars": self.limits.max_chars}
        return json.dumps({"kind": self.kind, "name": self.name, "content_type": self.content_type,
                           "limits": limits}).encode()

    @classmethod
    def decode(cls, header: bytes, payload: bytes) -> Job:
        head = json.loads(header)
        kind = head["kind"]
        body: bytes | str = payload
        if kind == "paste":
            body = payload.decode("utf-8", "surrogatepass")
        elif kind == "path":
            body = payload.decode("utf-8", "surrogateescape")
        return cls(kind, body, head["name"], head["content_type"], DocumentLimits(**head["limits"]))


def encode_result(result: Document | DocumentError, records: list[LogRecord]) -> bytes:
    if isinstance(result, DocumentError):
        body = {"error": {"code": result.code.value, "message": result.user_message, "filename": result.filename}}
    else:
        body = {"ok": asdict(result)}
    body["logs"] = records
    return json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")


def decode_result(raw: bytes) -> tuple[Document | DocumentError, list[LogRecord]]:
    """Raises ValueError (or KeyError, TypeError) on anything but what `encode_result` writes."""
    body = json.loads(raw.decode("utf-8", "surrogatepass"))
    records = [(str(name), int(level), str(text)) for name, level, text in body.get("logs", [])]
    if "error" in body:
        error = body["error"]
        return DocumentError(DocumentErrorCode(error["code"]), str(error["message"]),
                             filename=error["filename"]), records
    ok = body["ok"]
    document = Document(text=str(ok["text"]), kind=ok["kind"], pages=ok["pages"],
                        filename=ok["filename"], truncated=bool(ok["truncated"]))
    if document.kind not in ("pdf", "docx", "text"):
        raise ValueError("not a document kind")
    return document, records
