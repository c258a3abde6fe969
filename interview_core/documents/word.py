"""Word (.docx) text: body, headers, tables, content controls and text boxes, in order.

The zip is read by `unzip.read_docx_parts` first, with a bound on the bytes
inflated; python-docx then opens the honest copy it makes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from interview_core.documents import messages as msg
from interview_core.documents.model import DocumentError, DocumentLimits
from interview_core.documents.text import normalize_text, visible_chars
from interview_core.documents.unzip import read_docx_parts, repack

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "sdt", _W + "sdtContent"
)
_TXBX = _W + "txbxContent"
_RUN_TEXT = {
    _W + "t": None,
    _W + "tab": "\t",
    _W + "br": "\n",
    _W + "cr": "\n",
    _W + "noBreakHyphen": "-",
}
# Inside a paragraph, don't descend into these: text boxes are read as blocks
# of their own, a Fallback repeats its Choice, deleted text isn't text.
_SKIP_IN_PARAGRAPH = frozenset({_TXBX, _MC_FALLBACK, _W + "del", _W + "instrText"})


def docx_text(data: bytes, name: str, limits: DocumentLimits) -> tuple[str, bool]:
    """(clean text, whether raw text was cut at `limits.max_raw_chars`)."""
    parts, has_media = read_docx_parts(data, name, limits)

    import docx

    budget = limits.max_raw_chars
    lines: list[str] = []
    cut = False
    try:
        document = docx.Document(io.BytesIO(repack(parts)))
        del parts
        for line in _document_lines(document):
            if len(line) > budget:
                lines.append(line[: max(budget, 0)])
                cut = True
                break
            lines.append(line)
            budget -= len(line) + 1
    except DocumentError:
        raise
    except Exception as exc:
        raise msg.broken(name, "docx") from exc

    text = normalize_text("\n".join(lines))
    if not visible_chars(text):
        if has_media:
            raise msg.images_only_docx(name)
        raise msg.empty(name)
    return text, cut


def _document_lines(document) -> Iterator[str]:
    seen_headers: set[str] = set()
    # A header part shared by many sections is read once: 400 sections naming one
    # header of 2,000 paragraphs (a 2 KB file) took 6.5 s when each section re-read it.
    seen_parts: dict[int, object] = {}  # id -> the element itself, kept alive so no id is reused
    for section in document.sections:
        # CV templates often put the name and contact details in a header.
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.insert(0, section.first_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                continue
            element = header._element
            if id(element) in seen_parts:
                continue
            seen_parts[id(element)] = element
            block = "\n".join(_block_lines(element))
            if block.strip() and block not in seen_headers:
                seen_headers.add(block)
                yield block
    yield from _block_lines(document.element.body)


def _block_lines(container) -> Iterator[str]:
    """Lines of a body, header, table cell or text box, in document order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _P:
            yield _paragraph_text(child)
            for box in _text_boxes(child):
                yield from _block_lines(box)
        elif tag == _TBL:
            yield from _table_lines(child)
        elif tag in (_SDT, _SDT_CONTENT) or tag == _W + "customXml":
            # Content controls (common in Word templates) wrap ordinary blocks.
            yield from _block_lines(child)


def _table_lines(tbl) -> Iterator[str]:
    for tr in tbl.iterchildren(_TR):
        cells: list[list[str]] = []
        for tc in _row_cells(tr):
            cell = [line for line in _block_lines(tc) if line.strip()]
            if cell:
                cells.append(cell)
        if all(len(cell) == 1 and "\n" not in cell[0] for cell in cells):
            # A row of short cells reads best on one line: "2019 | Engineer, Acme".
            yield " | ".join(cell[0].strip() for cell in cells)
        else:
            # Layout tables hold whole sections in a cell: keep their lines.
            for cell in cells:
                yield from cell


def _row_cells(tr) -> Iterator:
    for child in tr.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _W + "customXml"):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from content.iterchildren(_TC)


def _paragraph_text(p) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_IN_PARAGRAPH:
                continue
            if tag in _RUN_TEXT:
                replacement = _RUN_TEXT[tag]
                parts.append(child.text or "" if replacement is None else replacement)
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _text_boxes(p) -> Iterator:
    """Text boxes anchored in a paragraph, skipping the legacy VML copies."""
    for box in p.iter(_TXBX):
        ancestor = box.getparent()
        nested = False
        while ancestor is not None and ancestor is not p:
            if ancestor.tag == _MC_FALLBACK or ancestor.tag == _TXBX:
                nested = True
                break
            ancestor = ancestor.getparent()
        if not nested:
            yield box
