"""Build the seed corpus for tests/fuzz_documents.py (docs/fuzzing.md).

    .fuzz-venv/bin/python tests/fuzz_seeds.py tests/fuzz_corpus/

Seeds are built here from tests/hostile_files.py and small hand-made
documents, never stored in git (tests/fuzz_corpus/ is ignored). Each seed
is one input in the harness's format (three choice bytes, then the payload),
named by what it is. Not a pytest module.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import hostile_files as hostile
from tests.fuzz_documents import HEADER_SPLIT, decode, docx_around, encode, pdf_around

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _text_pdf(*lines: str) -> bytes:
    ops = b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(
        b"(" + line.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)") + b") '" for line in lines
    ) + b" ET"
    return ops


def _document_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:document {_W} {_R}><w:body>{body}</w:body></w:document>").encode()


def _header_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:hdr {_W}>{body}</w:hdr>").encode()


def _pdf_pages(count: int) -> bytes:
    """`count` blank pages (0 is allowed: a PDF with an empty page tree)."""
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _padded_docx(real_bytes: int, declared: int) -> bytes:
    """hostile.lying_docx on the small .docx: word/document.xml inflates to `real_bytes`,
    its headers say `declared`."""
    xml = _document_xml("<w:p><w:r><w:t>Jane Doe</w:t></w:r></w:p>")
    split = xml.index(b"?>") + 2
    padded = xml[:split] + b" " * (real_bytes - len(xml)) + xml[split:]
    return hostile.with_declared_size(docx_around(padded, zipfile.ZIP_DEFLATED), "word/document.xml", declared)


def _entries_announced(data: bytes, count: int) -> bytes:
    """The zip's end record announces `count` entries (hostile.zip_with_many_entries(2001)
    is 166 KB, past the harness's 64 KB limit)."""
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", out, end + 8, count, count)
    return bytes(out)


def seeds() -> dict[str, bytes]:
    cv = ("Jane Doe - Senior Backend Engineer", "2019-2024 Acme: payments in Go and Python",
          "Led a team of five; cut p99 latency by 40%.")
    content = _text_pdf(*cv)
    pdf = pdf_around(content)
    # python-docx's own template unpacks to 800 KB, past the harness's small
    # limits: the .docx seeds are the harness's minimal package, deflated.
    xml = _document_xml("".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in cv))
    small = docx_around(xml, zipfile.ZIP_DEFLATED)
    rich = _document_xml(
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>2019</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Engineer, Acme</w:t><w:tab/><w:br/></w:r></w:p></w:tc>"
        "<w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>in a content control</w:t></w:r></w:p></w:tc>"
        "</w:sdtContent></w:sdt></w:tr></w:tbl>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>Skills: Go</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        "<mc:Choice><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></mc:Choice>"
        "<mc:Fallback><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></mc:Fallback>"
        "</mc:AlternateContent><w:del><w:t>gone</w:t></w:del><w:noBreakHyphen/><w:cr/></w:r></w:p>"
        '<w:sectPr><w:headerReference w:type="default" r:id="rId9"/>'
        '<w:headerReference w:type="first" r:id="rId9"/><w:titlePg/></w:sectPr>')
    long_line = _document_xml("<w:p><w:r><w:t>" + "engineer " * 1200 + "</w:t></w:r></w:p>")
    out: dict[str, bytes] = {
        # whole files
        "file-pdf": encode("file", "cv.pdf", "application/pdf", pdf),
        "file-pdf-no-name": encode("file", "cv", None, pdf),
        "file-pdf-wrong-xref": encode("file", "cv.pdf", None, hostile.with_wrong_xref(pdf)),
        "file-pdf-junk-before-header": encode("file", "CV.PDF", None, b"\r\n\0junk" + pdf),
        "file-pdf-aes-user-password": encode("file", "cv.pdf", None, hostile.aes_pdf(pdf, user="pw", owner="o")),
        "file-pdf-aes-owner-only": encode("file", "cv.pdf", None, hostile.aes_pdf(pdf, user="", owner="o")),
        "file-pdf-5-pages": encode("file", "cv.pdf", None, _pdf_pages(5)),
        "file-pdf-0-pages": encode("file", "cv.pdf", None, _pdf_pages(0)),
        "file-pdf-blank-page": encode("file", "cv.pdf", None, _pdf_pages(1)),
        "file-docx": encode("file", "cv.docx", DOCX, small),
        "file-docx-no-name": encode("file", "cv", DOCX, small),
        "file-docx-rich": encode("file", "cv.docx", None, docx_around(rich, zipfile.ZIP_DEFLATED)),
        "file-docx-zip-9.9": encode("file", "cv.docx", None, hostile.with_zip_version(small)),
        "file-docx-bzip2": encode("file", "cv.docx", None,
                                  hostile.with_compression_method(small, "word/document.xml", 12)),
        "file-docx-lying-size": encode("file", "cv.docx", None, _padded_docx(200 * 1024, 1000)),
        "file-docx-nameless-entry": encode("file", "cv.docx", None,
                                           hostile.with_extra_entry(small, zipfile.ZipInfo(""))),
        "file-docx-image-only": encode("file", "cv.docx", None, hostile.with_extra_entry(
            docx_around(_document_xml("<w:p/>"), zipfile.ZIP_DEFLATED), "word/media/image1.png", b"\x89PNG")),
        "file-zip-many-entries": encode("file", "cv.docx", None, _entries_announced(small, 2001)),
        "file-text-utf8": encode("file", "cv.txt", "text/plain", "\n".join(cv).encode()),
        "file-text-utf16": encode("file", "job.md", "text/plain; charset=utf-16",
                                  "# Job\n\nBackend engineer, r\u00e9mote".encode("utf-16")),
        "file-text-utf32-bom": encode("file", "cv.txt", None, "Jane Doe".encode("utf-32")),
        "file-text-cp1252": encode("file", "cv", None, "Caf\u00e9 \u2013 na\u00efve".encode("cp1252")),
        "file-text-sjis": encode("file", "job.md", "text/markdown; charset=shift_jis",
                                 "\u30a8\u30f3\u30b8\u30cb\u30a2".encode("shift_jis")),
        "file-text-combining": encode("file", "cv.txt", None, hostile.combining_marks(8 * 1024).encode()),
        "file-text-invisible": encode("file", "cv.txt", None, hostile.invisible_text(10).encode()),
        "file-text-long": encode("file", "cv.txt", None, b"word " * 3000),
        "file-html-as-text": encode("file", "job.md", None, b"<!DOCTYPE html><html><body>Job</body></html>"),
        "file-rtf": encode("file", "resume.doc", None, b"{\\rtf1\\ansi Jane Doe}"),
        "file-ole": encode("file", "resume.doc", None, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
        "file-ole-encrypted": encode("file", "cv.docx", None, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                     + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")),
        "file-bmp": encode("file", "cv.pdf", None, b"BM\x36\x00\x00\x00\x00\x00\x00\x00" + b"\0" * 40),
        "file-webp": encode("file", "cv.docx", None, b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\0" * 20),
        "file-heic": encode("file", "cv.txt", None, b"\x00\x00\x00\x18ftypheic" + b"\0" * 20),
        "file-mp4": encode("file", "cv", None, b"\x00\x00\x00\x18ftypisom" + b"\0" * 20),
        # the payload inside a valid container
        "docx-body": encode("docx", "cv.docx", None, xml),
        "docx-rich": encode("docx", "cv.docx", None, rich),
        "docx-own-header": encode("docx", "cv.docx", None, rich + HEADER_SPLIT + _header_xml(
            "<w:p><w:r><w:t>Jane Doe</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>+44 20</w:t>"
            "</w:r></w:p></w:tc></w:tr></w:tbl>")),
        "docx-long-line": encode("docx", "cv.docx", None, long_line),
        "pdf-content": encode("pdf", "cv.pdf", None, content),
        "pdf-content-tj": encode("pdf", "cv.pdf", None,
                                 b"BT /F1 10 Tf 72 700 Td [(Sen) -250 (ior) 120 (Engineer)] TJ ET"),
        "pdf-content-long": encode("pdf", "cv.pdf", None, _text_pdf(*(["engineer " * 60] * 40))),
        # pasted text
        "paste-cv": encode("paste", None, None, "\n".join(cv)),
        "paste-combining": encode("paste", None, None, hostile.combining_marks(4 * 1024)),
        "paste-invisible": encode("paste", None, None, hostile.invisible_text(5)),
        "paste-surrogates": encode("paste", None, None, "Jane \ud800 Doe \udfff\r\n\u2028ok"),
        "paste-long": encode("paste", None, None, "word " * 3000),
    }
    for label, (body, _words) in hostile.OTHER_TYPES.items():
        out[f"file-other-{label}"] = encode("file", "cv.pdf", None, body)
    return out


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "tests" / "fuzz_corpus")
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, data in seeds().items():
        assert encode(*decode(data)) == data, name  # the harness reads it as it was meant
        (target / f"seed-{name}").write_bytes(data)
        total += len(data)
    print(f"{len(seeds())} seeds, {total / 1024:.0f} KB, in {target}")


if __name__ == "__main__":
    main()
