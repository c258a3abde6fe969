"""A .docx's zip, read with a bound on what comes out whatever its headers say.

python-docx reads each part with `ZipFile.read`, which inflates a member in
one call: a part whose headers declare 1,000 bytes but inflate to 1.5 GB is
held whole in memory before the size is even compared. So the parts are
inflated here first, in 64 KB steps, counting the bytes that really come
out against a budget, and checked against their declared size and CRC. The
XML parts are then handed to python-docx in a new, honest zip; images and
other binary parts are not inflated at all (the text doesn't need them).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from interview_core.documents import messages as msg
from interview_core.documents.detect import zip_entry_count
from interview_core.documents.model import (
    DOCX_MAX_RATIO,
    DOCX_UNPACKED_FACTOR,
    DOCX_XML_FACTOR,
    MAX_ZIP_ENTRIES,
    MB,
    DocumentLimits,
)

CHUNK = 64 * 1024
_XML_SUFFIXES = (".xml", ".rels")
_LOCAL_HEADER = b"PK\x03\x04"
_ENCRYPTED_FLAG = 0x1


def read_docx_parts(data: bytes, name: str, limits: DocumentLimits) -> tuple[dict[str, bytes], bool]:
    """(each part's bytes, whether it has images). Non-XML parts come back empty."""
    entries = zip_entry_count(data)
    if entries is not None and entries > MAX_ZIP_ENTRIES:
        raise msg.too_many_parts(name, entries)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except NotImplementedError as exc:
        raise msg.zip_unsupported(name) from exc
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise msg.broken(name, "docx") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise msg.too_many_parts(name, len(infos))

    # What the headers declare first: an honest bomb is refused before
    # anything is inflated.
    declared = sum(info.file_size for info in infos)
    limit = DOCX_UNPACKED_FACTOR * limits.max_bytes
    if declared > limit or declared > DOCX_MAX_RATIO * max(len(data), 1) + MB:
        raise msg.unpacked_too_large(name, declared, limit)

    # Then what really comes out, whatever was declared.
    xml_limit = DOCX_XML_FACTOR * limits.max_bytes
    budget = xml_limit
    view = memoryview(data)
    parts: dict[str, bytes] = {}
    has_media = False
    for info in infos:
        if not info.filename or info.filename.endswith("/"):  # a folder, or a nameless entry
            continue
        if info.filename.startswith("word/media/"):
            has_media = True
        if not info.filename.lower().endswith(_XML_SUFFIXES):
            parts[info.filename] = b""
            continue
        body = inflate(view, info, name, budget, xml_limit)
        budget -= len(body)
        parts[info.filename] = body
    return parts, has_media


def inflate(view: memoryview, info: zipfile.ZipInfo, name: str, budget: int, limit: int) -> bytes:
    """One member's bytes, refused past `budget` bytes out (`limit` is the limit to quote),
    and unless they match its declared CRC and size."""
    if info.flag_bits & _ENCRYPTED_FLAG or info.compress_type not in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    ):
        # Word writes neither; bzip2 and LZMA can't even be inflated in bounded steps.
        raise msg.zip_unsupported(name)
    offset = info.header_offset
    try:
        if view[offset : offset + 4] != _LOCAL_HEADER:
            raise msg.broken(name, "docx")
        name_len, extra_len = struct.unpack_from("<HH", view, offset + 26)
    except struct.error as exc:
        raise msg.broken(name, "docx") from exc
    start = offset + 30 + name_len + extra_len
    packed = view[start : start + info.compress_size]

    if info.compress_type == zipfile.ZIP_STORED:
        if len(packed) > budget:
            raise msg.unpacked_too_large(name, None, limit)
        body = bytes(packed)
    else:
        body = _inflate_deflate(packed, name, budget, limit)
    if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
        raise msg.broken(name, "docx")  # the headers lie
    return body


def _inflate_deflate(packed: memoryview, name: str, budget: int, limit: int) -> bytes:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pieces: list[bytes] = []
    size = 0
    position = 0
    while not inflater.eof:
        if inflater.unconsumed_tail:
            chunk = inflater.unconsumed_tail
        elif position < len(packed):
            chunk = packed[position : position + CHUNK]
            position += CHUNK
        else:
            raise msg.broken(name, "docx")  # the stream stops short
        try:
            piece = inflater.decompress(chunk, CHUNK)  # never more than CHUNK bytes out
        except zlib.error as exc:
            raise msg.broken(name, "docx") from exc
        size += len(piece)
        if size > budget:
            raise msg.unpacked_too_large(name, None, limit)
        pieces.append(piece)
    return b"".join(pieces)


def repack(parts: dict[str, bytes]) -> bytes:
    """The parts as a new zip, stored, whose headers tell the truth."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for part, body in parts.items():
            zf.writestr(part, body)
    return out.getvalue()
