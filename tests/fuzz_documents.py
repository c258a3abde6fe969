"""Atheris fuzz harness for the document boundary (docs/fuzzing.md).

    .fuzz-venv/bin/python tests/fuzz_seeds.py tests/fuzz_corpus/
    .fuzz-venv/bin/python tests/fuzz_documents.py -max_total_time=300 -rss_limit_mb=2048 tests/fuzz_corpus/

Not a pytest module (its name doesn't start with `test_`) and not run by
`.ci/run`: it needs atheris, which lives in its own venv, `.fuzz-venv`.

Each input is a call to `extract_document` or `from_pasted_text`. Its first
three bytes choose the entry point, the file name and the content type;
the rest is the payload. Four entry points:

- `paste`: `from_pasted_text` with `ConsumeUnicode` text (lone surrogates too);
- `file`: `extract_document` with the payload as the file's bytes;
- `docx`: the payload as `word/document.xml` (and, after a `--header1.xml--`
  line, the header it may reference as r:id="rId9") inside a valid zip
  (stored, true CRCs), so mutations reach python-docx and word.py instead of
  the CRC check;
- `pdf`: the payload as the content stream of one page of a valid PDF.

What is checked, for every input:

- only `DocumentError` leaves; its `user_message` is a non-empty friendly
  sentence (no traceback, exception name, newline or hex address) equal to
  `str(e)`, its `code` a `DocumentErrorCode`;
- a returned `Document` has `str` text within `max_chars`, with a visible
  character, that encodes to UTF-8 (no lone surrogates) and holds none of
  the characters `normalize_text` removes (`text.JUNK`, `\r`), and a kind,
  page count and `summary()` that make sense;
- strict by default: an exception the boundary had to turn into its
  "unexpected" sentence is a finding too (the boundary hides bugs from the
  user, not from us); it is re-raised with its own traceback. Set
  FUZZ_DOCS_LENIENT=1 to check only the contract. MemoryError and
  RecursionError ("too complex") are the boundary's designed answer: noted
  on stderr once per place, not a finding.

Options added unless given: -timeout=10 (a slow input is a finding),
-rss_limit_mb=2048, -max_total_time=300, and -artifact_prefix=/tmp/fuzz_findings/
so crash files never land in the working tree.

`--explain FILE...` prints each input as the Python call that replays it.
"""

from __future__ import annotations

import io
import os
import shlex
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

with atheris.instrument_imports(include=["interview_core.documents", "pypdf", "docx"]):
    import docx  # noqa: F401  (imported lazily by word.py; instrumented here)
    import pypdf  # noqa: F401  (imported lazily by pdf.py; instrumented here)
    import pypdfium2  # noqa: F401  (C; imported here so the first input isn't slow)

    import interview_core.documents.pdf
    import interview_core.documents.word  # noqa: F401  (both imported lazily by __init__)
    from interview_core import documents
    from interview_core.documents import (
        Document,
        DocumentError,
        DocumentErrorCode,
        DocumentLimits,
        extract_document,
        from_pasted_text,
    )
    from interview_core.documents.messages import display_name
    from interview_core.documents.text import JUNK, visible_chars

# Small limits keep every input fast: 64 KB in, 2,000 characters out.
LIMITS = DocumentLimits(max_bytes=64 * 1024, max_pages=4, max_chars=2000)

ENTRIES = ("paste", "file", "docx", "pdf")
FILENAMES = (
    "cv.pdf",
    "cv.docx",
    "cv.txt",
    "job.md",
    "cv",  # no extension
    "CV.PDF",
    "resume.doc",
    "notes.markdown",
    "",
    "../../etc/passwd.txt",
    "r\u00e9sum\u00e9 `final`\n.docx",
    "x" * 300 + ".pdf",
    "cv.odt",
    "cv.pdf.exe",
    ".docx",
    "C:\\Users\\me\\cv.txt",
)
CONTENT_TYPES = (
    None,
    "",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
    "text/plain; charset=utf-8",
    "text/plain; charset=utf-16",
    "text/plain; charset=UTF-32-BE",
    "text/markdown; charset=shift_jis",
    "text/plain; charset=iso2022_jp_2",
    "text/plain; charset=punycode",
    'text/plain; charset="cp1252"; format=flowed',
    "application/octet-stream",
    "image/png",
    "text/html",
    "application/x-pdf; name=cv.pdf",
)

# Friendly sentences never hold these (once the file's own name is taken out).
_LEAKS = ("Traceback", 'File "', "Error", "Exception", "0x", "\n", "<", "None")

LENIENT = os.environ.get("FUZZ_DOCS_LENIENT") == "1"


# --------------------------------------------------------------------------
# Inputs: three choice bytes, then the payload
# --------------------------------------------------------------------------


def encode(entry: str, filename: str | None, content_type: str | None, payload: bytes | str) -> bytes:
    """The fuzzer input that `decode` turns back into this call (the seed builder uses it)."""
    head = bytes([ENTRIES.index(entry), FILENAMES.index(filename or ""), CONTENT_TYPES.index(content_type)])
    if entry == "paste":
        assert isinstance(payload, str)
        # ConsumeUnicode: a first byte of 0 means UTF-32 code points, surrogates allowed.
        return head + b"\0" + payload.encode("utf-32-le", "surrogatepass")
    assert isinstance(payload, bytes)
    return head + payload


def decode(data: bytes) -> tuple[str, str, str | None, bytes | str]:
    """(entry, file name, content type, payload) for one fuzzer input."""
    fdp = atheris.FuzzedDataProvider(data)
    entry = ENTRIES[fdp.ConsumeUInt(1) % len(ENTRIES)]
    filename = FILENAMES[fdp.ConsumeUInt(1) % len(FILENAMES)]
    content_type = CONTENT_TYPES[fdp.ConsumeUInt(1) % len(CONTENT_TYPES)]
    if entry == "paste":
        return entry, filename, content_type, fdp.ConsumeUnicode(fdp.remaining_bytes())
    return entry, filename, content_type, fdp.ConsumeBytes(fdp.remaining_bytes())


_CT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/>'
    b'<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.header+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
# A header the fuzzed document.xml may reference as r:id="rId9".
_DOC_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/header" Target="header1.xml"/></Relationships>'
)
_HEADER = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:p><w:r><w:t>Jane Doe, jane@example.com</w:t></w:r></w:p></w:hdr>"
)


# In a `docx` payload, what follows this line is word/header1.xml.
HEADER_SPLIT = b"\n--header1.xml--\n"


def docx_around(payload: bytes, compression: int = zipfile.ZIP_STORED) -> bytes:
    """A valid .docx (stored unless told) whose word/document.xml is `payload`, or
    its part before HEADER_SPLIT, and whose word/header1.xml is the part after."""
    document_xml, split, header_xml = payload.partition(HEADER_SPLIT)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml)
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        zf.writestr("word/header1.xml", header_xml if split else _HEADER)
    return out.getvalue()


def pdf_around(content: bytes) -> bytes:
    """A valid one-page PDF (Helvetica as /F1) whose content stream is `content`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
         b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def file_bytes(entry: str, payload: bytes) -> bytes:
    if entry == "docx":
        return docx_around(payload)
    if entry == "pdf":
        return pdf_around(payload)
    return payload


# --------------------------------------------------------------------------
# What the boundary caught
# --------------------------------------------------------------------------


class UnexpectedAtBoundary(AssertionError):
    """An exception the boundary turned into its "unexpected" sentence: a bug it hid."""


_caught: list[tuple[str, BaseException]] = []
_noted: set[tuple[str, str, str]] = set()
_log_failure = documents._log_failure


def _recording_log_failure(level, what, exc, content):  # same signature as the original
    _caught.append((what, exc))
    if LENIENT or what != "unexpected":
        _note(what, exc)
    # The original logs one ERROR/WARNING line per failure: quiet while fuzzing.


def _note(what: str, exc: BaseException) -> None:
    """One stderr line per (kind, exception type, place), so a run's log says what it met."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else "?"
    key = (what, type(exc).__name__, where)
    if key not in _noted:
        _noted.add(key)
        print(f"\nfuzz_documents: note: {what}: {type(exc).__name__} at {where}", file=sys.stderr)


documents._log_failure = _recording_log_failure


# --------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------


def check_error(error: DocumentError, name: str | None) -> None:
    message = error.user_message
    assert isinstance(message, str) and message.strip(), f"empty user_message: {message!r}"
    assert str(error) == message, (str(error), message)
    assert isinstance(error.code, DocumentErrorCode), error.code
    assert error.filename in (None, name), (error.filename, name)
    rest = message
    if name:
        rest = rest.replace(f"`{name}`", "`NAME`").replace(name, "NAME")
    for leak in _LEAKS:
        assert leak not in rest, f"{leak!r} in user_message: {message!r}"
    assert message.endswith("."), f"not a sentence: {message!r}"


def check_document(doc: object, entry: str) -> None:
    assert isinstance(doc, Document), type(doc)
    assert type(doc.text) is str, type(doc.text)
    assert visible_chars(doc.text), f"no visible text returned: {doc.text[:40]!r}"
    assert len(doc.text) <= LIMITS.max_chars, len(doc.text)
    doc.text.encode("utf-8")  # no lone surrogates: the text goes into a JSON prompt
    junk = JUNK.search(doc.text)
    assert junk is None and "\r" not in doc.text, f"not clean: {doc.text[:80]!r}"
    assert doc.kind in ("pdf", "docx", "text"), doc.kind
    assert isinstance(doc.truncated, bool), doc.truncated
    if doc.kind == "pdf":
        assert isinstance(doc.pages, int) and 1 <= doc.pages <= LIMITS.max_pages, doc.pages
    else:
        assert doc.pages is None, doc.pages
    if entry == "paste":
        assert doc.kind == "text" and doc.filename is None, (doc.kind, doc.filename)
    assert isinstance(doc.summary(), str)


def run_one(entry: str, filename: str, content_type: str | None, payload: bytes | str) -> None:
    _caught.clear()
    name = None if entry == "paste" else display_name(filename)
    try:
        if entry == "paste":
            doc = from_pasted_text(payload, limits=LIMITS)
        else:
            doc = extract_document(
                file_bytes(entry, payload), filename, content_type=content_type, limits=LIMITS
            )
    except DocumentError as error:
        _raise_if_unexpected()
        check_error(error, name)
    else:
        # (any other exception propagates: atheris reports it with its traceback)
        _raise_if_unexpected()
        check_document(doc, entry)


def _raise_if_unexpected() -> None:
    for what, exc in _caught:
        if what == "unexpected" and not LENIENT:
            raise UnexpectedAtBoundary(
                f"the boundary caught {type(exc).__name__}: {str(exc)[:200]!r}"
            ) from exc


def TestOneInput(data: bytes) -> None:  # atheris's name for it
    run_one(*decode(data))


# --------------------------------------------------------------------------
# Replay as Python
# --------------------------------------------------------------------------


def explain(path: str) -> str:
    """A self-contained Python snippet that replays the input in `path`."""
    entry, filename, content_type, payload = decode(Path(path).read_bytes())
    limits = "DocumentLimits(max_bytes=64 * 1024, max_pages=4, max_chars=2000)"
    lines = ["from interview_core.documents import DocumentLimits, extract_document, from_pasted_text", ""]
    if entry == "paste":
        lines.append(f"from_pasted_text({payload!r}, limits={limits})")
    else:
        if entry != "file":
            lines.insert(0, f"# ({entry} entry: the payload wrapped by tests/fuzz_documents.py:{entry}_around)")
        lines.append(f"data = {file_bytes(entry, payload)!r}")
        lines.append(f"extract_document(data, {filename!r}, content_type={content_type!r}, limits={limits})")
    return "\n".join(lines)


def _with_defaults(argv: list[str]) -> list[str]:
    argv = list(argv)
    # libFuzzer re-runs argv[0] through the shell for -minimize_crash, -fork and
    # -jobs: make it this venv's python running this file.
    argv[0] = f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve()))}"
    flags = {arg.split("=", 1)[0] for arg in argv[1:] if arg.startswith("-")}
    findings = Path(tempfile.gettempdir()) / "fuzz_findings"
    defaults = {
        "-timeout": "10",
        "-rss_limit_mb": "2048",
        "-artifact_prefix": f"{findings}/",
    }
    if "-runs" not in flags:
        defaults["-max_total_time"] = "300"
    for flag, value in defaults.items():
        if flag not in flags:
            argv.insert(1, f"{flag}={value}")
    if "-artifact_prefix" not in flags:
        findings.mkdir(parents=True, exist_ok=True)
    return argv


def main() -> None:
    if sys.argv[1:2] == ["--explain"]:
        for path in sys.argv[2:]:
            print(f"# {path}\n{explain(path)}\n")
        return
    atheris.Setup(_with_defaults(sys.argv), TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
