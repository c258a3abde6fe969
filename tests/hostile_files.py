"""Hostile documents for the document tests, built at test time.

Nothing here is stored: a "1.5 GB" .docx is a few hundred KB of deflated
spaces whose zip headers are then patched to lie. Each builder returns bytes
(or str) ready for `extract_document` / `from_pasted_text`.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
from pypdf import PdfWriter

MB = 1024 * 1024

_LOCAL = b"PK\x03\x04"
_CENTRAL = b"PK\x01\x02"
_END = b"PK\x05\x06"


def small_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs or ("Senior Backend Engineer: payment services in Go and Python.",):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------
# Zip header surgery
# --------------------------------------------------------------------------


def _central_entries(data: bytes | bytearray) -> list[tuple[int, str]]:
    """(offset, name) of each central-directory entry, read from the end record."""
    end = data.rfind(_END)
    assert end >= 0, "no end-of-central-directory record"
    count, _size, offset = struct.unpack_from("<HII", data, end + 10)
    entries = []
    for _ in range(count):
        assert data[offset : offset + 4] == _CENTRAL
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        name = bytes(data[offset + 46 : offset + 46 + name_len]).decode("utf-8")
        entries.append((offset, name))
        offset += 46 + name_len + extra_len + comment_len
    return entries


_W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_M = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def docx_shared_header(sections: int = 400, paragraphs: int = 2000) -> bytes:
    """About 2 KB: `sections` sections that all name one header of `paragraphs` lines
    (found by the fuzzing session: reading the header once per section took 6.5 s)."""
    section = '<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rId9"/></w:sectPr></w:pPr></w:p>'
    return _zip({
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_M}.document.main+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{_M}.header+xml"/></Types>'.encode(),
        "_rels/.rels": ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/>'
                        '</Relationships>').encode(),
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId9" Type="{_R}/header" Target="header1.xml"/></Relationships>').encode(),
        "word/document.xml": f"<w:document {_W}><w:body>{section * sections}</w:body></w:document>".encode(),
        "word/header1.xml": (f"<w:hdr {_W}>" + "<w:p><w:r><w:t>Jane Doe header line</w:t></w:r></w:p>" * paragraphs
                             + "</w:hdr>").encode(),
    }, zipfile.ZIP_DEFLATED)


def _patch_headers(data: bytes, member: str | None, fmt: str, central_at: int, local_at: int, value: int) -> bytes:
    """`value` written at the same field of `member`'s (every member's, for None) central
    directory entry and local header, at those offsets."""
    out = bytearray(data)
    for central, name in _central_entries(out):
        if member is None or name == member:
            struct.pack_into(fmt, out, central + central_at, value)
            local = struct.unpack_from("<I", out, central + 42)[0]
            assert out[local : local + 4] == _LOCAL
            struct.pack_into(fmt, out, local + local_at, value)
    return bytes(out)


def with_zip_version(data: bytes, version: int = 99) -> bytes:
    """Every entry says it needs zip version `version` / 10 to extract (9.9 by default)."""
    return _patch_headers(data, None, "<H", 6, 4, version)


def with_compression_method(data: bytes, member: str, method: int) -> bytes:
    """`member` claims another compression method (99 is WinZip AES, 12 bzip2, 14 LZMA)."""
    return _patch_headers(data, member, "<H", 10, 8, method)


def with_declared_size(data: bytes, member: str, declared: int) -> bytes:
    """`member`'s uncompressed size, in its local header and the central directory, is `declared`."""
    return _patch_headers(data, member, "<I", 24, 22, declared)


def lying_docx(real_bytes: int = 200 * MB, declared: int = 1000) -> bytes:
    """A real .docx whose word/document.xml inflates to `real_bytes` (spaces after the XML
    declaration, so it is valid XML) while both zip headers say `declared` bytes."""
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    xml = source.read("word/document.xml")
    split = xml.index(b"?>") + 2
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item.filename, source.read(item.filename))
                continue
            with target.open("word/document.xml", "w") as member:
                member.write(xml[:split])
                padding = real_bytes - len(xml)
                chunk = b" " * MB
                while padding > 0:
                    member.write(chunk[: min(padding, MB)])
                    padding -= MB
                member.write(xml[split:])
    return with_declared_size(out.getvalue(), "word/document.xml", declared)


def with_extra_entry(data: bytes, info: zipfile.ZipInfo | str, body: bytes = b"x") -> bytes:
    """The zip with one more entry (e.g. `zipfile.ZipInfo("")`: a nameless one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        target.writestr(info, body)
    return out.getvalue()


def zip_with_many_entries(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", b"<x/>")
        for n in range(count):
            zf.writestr(f"{n}", b"")
    return out.getvalue()


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------


def aes_pdf(source: bytes, *, user: str, owner: str) -> bytes:
    """`source` encrypted with AES-256 (pypdf needs `cryptography` to write it, too)."""
    writer = PdfWriter(clone_from=io.BytesIO(source))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _deflate_repeated(chunk: bytes, times: int) -> bytes:
    """zlib data that inflates to `chunk * times`, built in O(len(chunk)): after a full
    flush deflate forgets what came before, so every further chunk deflates to the
    same bytes, which are repeated rather than recomputed."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: header and checksum are ours
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH) == again
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(chunk, adler)
    return b"\x78\xda" + first + again * (times - 1) + c.flush() + struct.pack(">I", adler)


def _pdf(objects: dict[int, bytes]) -> bytes:
    """A PDF of these numbered objects (1 is the catalog), with a valid xref table."""
    out, offsets = bytearray(b"%PDF-1.7\n"), {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size, xref = max(objects) + 1, len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
                    for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


_CATALOG = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}


def _pdf_with_stream(content: bytes, filters: bytes) -> bytes:
    """A one-page PDF (Helvetica) whose page content is `content`, already encoded."""
    return _pdf(_CATALOG | {
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
           b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        5: b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filters) + content + b"\nendstream",
    })


def pdf_nested_forms(depth: int = 6, fanout: int = 10) -> bytes:
    """2 KB whose page draws a form that draws the one below it `fanout` times, `depth`
    deep: fanout ** depth copies of one line (found by the fuzzing session: depth 5
    took PDFium 3 s and 900 MB, depth 6 aborted the process)."""
    objects = dict(_CATALOG)
    for level in range(depth + 1):
        if level == 0:
            ops, resources = b"BT /F1 12 Tf 72 720 Td (Senior engineer, payments) Tj ET", b"<< /Font << /F1 4 0 R >> >>"
        else:
            ops, resources = b" ".join([b"/X Do"] * fanout), b"<< /XObject << /X %d 0 R >> >>" % (9 + level)
        objects[10 + level] = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s /Length %d >>"
                               b"\nstream\n%s\nendstream" % (resources, len(ops), ops))
    objects[5] = b"<< /Length 5 >>\nstream\n/X Do\nendstream"
    objects[3] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                  b"/Resources << /XObject << /X %d 0 R >> >> /Contents 5 0 R >>" % (10 + depth))
    return _pdf(objects)


def pdf_bomb(inflated: int = 4 * 1024 * MB) -> bytes:
    """A PDF of a few KB whose page content is FlateDecoded twice and inflates to
    `inflated` bytes of spaces (a valid, empty page): PDFium inflates a stream whole."""
    inner = _deflate_repeated(b" " * MB, max(1, inflated // MB))
    return _pdf_with_stream(zlib.compress(inner, 9), b"[/FlateDecode /FlateDecode]")


def pdf_cpu_bomb(operators: int = 3_000_000) -> bytes:
    """A PDF of a few hundred KB whose one page shows `operators` one-letter strings:
    PDFium's text extraction works through each (seconds, and gigabytes)."""
    shows = b"".join(b"%d %d Td (%c) Tj " % (i % 7, i % 5, 97 + i % 26) for i in range(operators))
    return _pdf_with_stream(zlib.compress(b"BT /F1 9 Tf " + shows + b"ET", 9), b"/FlateDecode")


def with_wrong_xref(pdf: bytes) -> bytes:
    """A PDF whose startxref points nowhere: PDFium repairs it, pypdf logs WARNINGs."""
    cut = pdf.rindex(b"startxref")
    return pdf[:cut] + b"startxref\n12\n%%EOF\n"


# --------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------


def combining_marks(size: int) -> str:
    """"a" and then alternating combining marks of two classes: NFC reorders them,
    quadratically, unless the run is bounded. `size` is the UTF-8 size in bytes."""
    return "a" + "\u0301\u0316" * ((size - 1) // 4)


# Zero-width, bidi and filler characters: no glyph, nothing to read.
INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u180e\u034f"
    "\u3164\u115f\u1160\uffa0\u2800\ufe0f\U000e0020\U000e0041"
)


def invisible_text(repeat: int = 40) -> str:
    return "\n".join(INVISIBLE for _ in range(repeat)) + " \u3000 \n"


# --------------------------------------------------------------------------
# Files whose content is another type than their name says
# --------------------------------------------------------------------------


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out.getvalue()


OTHER_TYPES: dict[str, tuple[bytes, str]] = {
    # label: (content, words the message must hold)
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "a PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 40, "a JPEG image"),
    "gif": (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20, "a GIF image"),
    "zip": (_zip({"notes/readme.txt": b"hello"}), "a ZIP archive"),
    "xlsx": (_zip({"xl/workbook.xml": b"<workbook/>"}), "an Excel spreadsheet"),
    "exe": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00", "a Windows program"),
    "elf": (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, "a program"),
    "html": (b"\xef\xbb\xbf  <!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Log in</body></html>",
             "a web page (HTML)"),
    "gzip": (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "a compressed (gzip) file"),
}
