"""interview_core.documents: CVs and job descriptions to clean text.

Real LaTeX CVs come from tests/fixtures/cv/; every other document is made
here, at test time, with pypdf, python-docx or by hand.
"""

from __future__ import annotations

import io
import pickle
import re
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from interview_core.documents import (
    Document,
    DocumentError,
    DocumentErrorCode,
    DocumentLimits,
    extract_document,
    extract_file,
    from_pasted_text,
    normalize_text,
)

CV_DIR = Path(__file__).parent / "fixtures" / "cv"
RESUME = CV_DIR / "awesome-cv-resume.pdf"
CV = CV_DIR / "awesome-cv-cv.pdf"
RUN_ON = re.compile(r"[^\W\d_]{25,}")


# --------------------------------------------------------------------------
# Document builders
# --------------------------------------------------------------------------


def make_pdf(pages: list[str], *, image: bool = False) -> bytes:
    """A minimal valid PDF, one Helvetica text line per entry ("" = blank page).

    With image=True each page also paints a small grey image, like a scan.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    img = None
    if image:
        pixels = bytes(range(0, 256, 16)) * 16  # 16x16 grey gradient
        img = add(
            b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream"
        )
    kids = []
    for text in pages:
        ops = b""
        if img:
            ops += b"q 400 0 0 600 100 100 cm /Im1 Do Q\n"
        if text:
            escaped = re.sub(rb"([\\()])", rb"\\\1", text.encode("cp1252"))
            ops += b"BT /F1 12 Tf 72 720 Td (" + escaped + b") Tj ET\n"
        content = add(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"endstream")
        resources = b"<< /Font << /F1 %d 0 R >>" % font
        if img:
            resources += b" /XObject << /Im1 %d 0 R >>" % img
        resources += b" >>"
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                b"/Resources %s /Contents %d 0 R >>" % (tree, resources, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def encrypt_pdf(data: bytes, *, user: str, owner: str | None) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Zoë Müller · zoe@example.com"
    document.add_heading("Senior Backend Engineer", level=1)
    document.add_paragraph("Built   payment\tservices in Go and Python — 2019–2024.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "2019–2024"
    table.cell(0, 1).text = "Acme GmbH, Berlin"
    table.cell(1, 0).text = "2015–2019"
    table.cell(1, 1).text = "東京 Startup K.K."
    document.add_paragraph("Languages: Français, Deutsch, 日本語.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def error_of(call, *args, **kwargs) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        call(*args, **kwargs)
    return info.value


def assert_friendly(error: DocumentError, code: DocumentErrorCode, filename: str | None) -> None:
    assert error.code == code
    assert str(error) == error.user_message
    message = error.user_message
    if filename is not None:
        assert f"`{filename}`" in message
    assert "Traceback" not in message and "Error" not in message and "0x" not in message
    assert (message[0].isupper() or message.startswith("`")) and message.endswith(".")
    # Every message says what to do next.
    assert re.search(r"paste|send|export|save|check", message, re.IGNORECASE), message


# --------------------------------------------------------------------------
# The real LaTeX CVs
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resume() -> Document:
    return extract_file(RESUME)


@pytest.fixture(scope="module")
def cv() -> Document:
    return extract_file(CV)


def test_resume_keeps_words_apart(resume: Document) -> None:
    assert resume.kind == "pdf"
    assert resume.pages == 3
    assert resume.filename == "awesome-cv-resume.pdf"
    assert "Designed Terraform modules" in resume.text
    assert "Kubernetes" in resume.text
    assert not RUN_ON.findall(resume.text)
    assert resume.words > 1000
    assert resume.summary() == f"3 pages, {resume.words} words"


def test_cv_keeps_words_apart(cv: Document) -> None:
    assert cv.pages == 5
    assert "Kubernetes" in cv.text
    assert "Site Reliability Engineer" in cv.text
    assert not RUN_ON.findall(cv.text)
    assert cv.summary() == f"5 pages, {cv.words} words"
    assert not cv.truncated


def test_pdfium_quirks_are_normalized(resume: Document, cv: Document) -> None:
    for doc in (resume, cv):
        assert "\r" not in doc.text
        assert "\xad" not in doc.text and "\x02" not in doc.text
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", doc.text)
        assert "  " not in doc.text and "\n\n\n" not in doc.text
        assert all(line == line.strip() for line in doc.text.splitlines())
    # LaTeX's U+00AD is a visible hyphen...
    assert "high-impact" in resume.text
    assert "Sep. 2023 - Mar. 2024" in resume.text
    assert "Chun Shin-Il Scholarship" in cv.text
    # ...and U+0002 marks a hyphen PDFium removed at a line break.
    assert "Consul," in resume.text
    assert "enterprise" in cv.text and "management." in cv.text


def test_non_ascii_is_kept(resume: Document, cv: Document) -> None:
    assert "Résumé" in resume.text
    assert "—" in resume.text
    assert "DevOps Engineer · Software Architect" in cv.text
    assert "“Be the change that you want to see in the world.”" in cv.text


def test_pages_are_separated(cv: Document) -> None:
    # PDFium's page texts don't end in a newline; pages must not run together.
    assert "Curriculum Vitae 4\n\n2016 Problem Writer" in cv.text


def test_extract_document_from_bytes_matches_extract_file(resume: Document) -> None:
    doc = extract_document(RESUME.read_bytes(), "uploads/My CV.pdf", content_type="application/pdf")
    assert doc.text == resume.text
    assert doc.filename == "My CV.pdf"


def test_max_chars_truncates(resume: Document) -> None:
    doc = extract_file(RESUME, limits=DocumentLimits(max_chars=1000))
    assert doc.truncated
    assert 800 < len(doc.text) <= 1000
    assert resume.text.startswith(doc.text)
    assert doc.summary() == f"3 pages, {doc.words} words"


def test_concurrent_pdf_extraction_is_safe(resume: Document, cv: Document) -> None:
    with ThreadPoolExecutor(4) as pool:
        docs = list(pool.map(extract_file, [RESUME, CV] * 3))
    assert [d.text for d in docs] == [resume.text, cv.text] * 3


# --------------------------------------------------------------------------
# Other PDFs
# --------------------------------------------------------------------------


def test_generated_text_pdf() -> None:
    data = make_pdf(["Jane Doe - Staff Engineer (Python)", "Second page: Kubernetes, Go"])
    doc = extract_document(data, "jane.pdf")
    assert doc.pages == 2
    assert doc.text == "Jane Doe - Staff Engineer (Python)\n\nSecond page: Kubernetes, Go"
    assert doc.summary() == "2 pages, 9 words"  # "-" is not a word


def test_pdf_magic_wins_over_extension() -> None:
    doc = extract_document(make_pdf(["A perfectly normal CV with enough text."]), "cv.txt")
    assert doc.kind == "pdf"


def test_encrypted_pdf() -> None:
    data = encrypt_pdf(make_pdf(["Secret CV text that nobody may read."]), user="secret", owner=None)
    error = error_of(extract_document, data, "cv.pdf")
    assert_friendly(error, DocumentErrorCode.ENCRYPTED, "cv.pdf")
    assert "password" in error.user_message


def test_owner_password_only_pdf_is_readable() -> None:
    data = encrypt_pdf(make_pdf(["Readable CV text with an owner password."]), user="", owner="owner")
    doc = extract_document(data, "cv.pdf")
    assert doc.text == "Readable CV text with an owner password."


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nthis is not a PDF at all",
        b"%PDF-",
        RESUME.read_bytes()[:40_000],  # truncated upload
    ],
    ids=["garbage", "header-only", "truncated"],
)
def test_broken_pdf(data: bytes) -> None:
    error = error_of(extract_document, data, "cv.pdf")
    assert_friendly(error, DocumentErrorCode.BROKEN, "cv.pdf")
    assert error.user_message == (
        "`cv.pdf` looks damaged and can't be opened. Export it again as a PDF, or paste the text."
    )


def test_pdf_extension_without_pdf_content_is_broken() -> None:
    error = error_of(extract_document, b"just some words, no header", "cv.pdf")
    assert_friendly(error, DocumentErrorCode.BROKEN, "cv.pdf")


@pytest.mark.parametrize(
    "data",
    [blank_pdf(1), make_pdf([""], image=True), make_pdf(["Page 1"])],
    ids=["blank-page", "image-only", "tiny-text"],
)
def test_pdf_without_text_layer(data: bytes) -> None:
    error = error_of(extract_document, data, "scan.pdf")
    assert_friendly(error, DocumentErrorCode.NO_TEXT, "scan.pdf")
    assert "export a text PDF or paste the text" in error.user_message
    assert "scanned" in error.user_message


def test_too_many_pages() -> None:
    error = error_of(extract_document, blank_pdf(4), "thesis.pdf", limits=DocumentLimits(max_pages=3))
    assert_friendly(error, DocumentErrorCode.TOO_MANY_PAGES, "thesis.pdf")
    assert "has 4 pages; the limit is 3" in error.user_message


def test_real_cv_over_page_limit() -> None:
    error = error_of(extract_file, CV, limits=DocumentLimits(max_pages=4))
    assert error.code == DocumentErrorCode.TOO_MANY_PAGES
    assert "5 pages; the limit is 4" in error.user_message


# --------------------------------------------------------------------------
# Size, empty, unsupported
# --------------------------------------------------------------------------


def test_too_large_bytes() -> None:
    data = b"%PDF-1.4\n" + b"x" * (12 * 1024 * 1024 + 300 * 1024)
    error = error_of(extract_document, data, "cv.pdf")
    assert_friendly(error, DocumentErrorCode.TOO_LARGE, "cv.pdf")
    assert "is 12.3 MB; the limit is 10 MB" in error.user_message


def test_too_large_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 400)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    error = error_of(extract_file, path, limits=DocumentLimits(max_bytes=1000))
    assert_friendly(error, DocumentErrorCode.TOO_LARGE, "big.txt")
    assert "is 2 KB; the limit is 1000 bytes" in error.user_message


def test_size_formatting() -> None:
    error = error_of(extract_document, b"a" * 3000, "cv.txt", limits=DocumentLimits(max_bytes=2048))
    assert "is 2.9 KB; the limit is 2 KB" in error.user_message


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", "\ufeff\n".encode("utf-16")], ids=["zero", "blank", "bom"])
def test_empty_file(data: bytes) -> None:
    error = error_of(extract_document, data, "cv.txt")
    assert_friendly(error, DocumentErrorCode.EMPTY, "cv.txt")


def test_empty_file_on_disk(tmp_path: Path) -> None:
    (tmp_path / "cv.pdf").write_bytes(b"")
    error = error_of(extract_file, tmp_path / "cv.pdf")
    assert_friendly(error, DocumentErrorCode.EMPTY, "cv.pdf")


def test_png_is_unsupported() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
    error = error_of(extract_document, png, "photo.png", content_type="image/png")
    assert_friendly(error, DocumentErrorCode.UNSUPPORTED_TYPE, "photo.png")
    assert error.user_message == (
        "I can't read `photo.png`: send it as a PDF, a Word document (.docx) or a text file, "
        "or paste the text."
    )


def test_png_renamed_to_pdf_is_unsupported() -> None:
    error = error_of(extract_document, b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "cv.pdf")
    assert_friendly(error, DocumentErrorCode.UNSUPPORTED_TYPE, "cv.pdf")
    assert "`cv.pdf` is a PNG image, not a PDF." in error.user_message


def test_binary_with_text_extension_is_unsupported() -> None:
    error = error_of(extract_document, b"abc\x00\x01\x02def" * 10, "notes.txt")
    assert_friendly(error, DocumentErrorCode.UNSUPPORTED_TYPE, "notes.txt")


def test_unknown_extension_is_unsupported() -> None:
    error = error_of(extract_document, b"col1,col2\n1,2\n", "data.csv")
    assert_friendly(error, DocumentErrorCode.UNSUPPORTED_TYPE, "data.csv")


def test_old_word_format_says_how_to_convert() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
    error = error_of(extract_document, ole, "cv.doc")
    assert_friendly(error, DocumentErrorCode.UNSUPPORTED_TYPE, "cv.doc")
    assert "Word document (.docx)" in error.user_message


def test_password_protected_docx() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    error = error_of(extract_document, ole, "cv.docx")
    assert_friendly(error, DocumentErrorCode.ENCRYPTED, "cv.docx")


def test_filename_is_sanitized() -> None:
    error = error_of(extract_document, b"\x89PNG\r\n\x1a\n", "C:\\Users\\me\\`evil`\nname.png")
    assert "`'evil'name.png`" in error.user_message
    assert error.filename == "'evil'name.png"


def test_error_pickles() -> None:
    error = error_of(extract_document, b"", "cv.txt")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.user_message, copy.filename) == (error.code, error.user_message, "cv.txt")


def test_missing_file(tmp_path: Path) -> None:
    error = error_of(extract_file, tmp_path / "nope.pdf")
    assert "`nope.pdf`" in error.user_message


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_header(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(make_docx())
    doc = extract_file(path)
    assert doc.kind == "docx"
    assert doc.pages is None
    assert doc.text == (
        "Zoë Müller · zoe@example.com\n"
        "Senior Backend Engineer\n"
        "Built payment services in Go and Python — 2019–2024.\n"
        "2019–2024 | Acme GmbH, Berlin\n"
        "2015–2019 | 東京 Startup K.K.\n"
        "Languages: Français, Deutsch, 日本語."
    )
    assert doc.summary() == f"{doc.words} words"


def test_docx_content_controls_and_text_boxes() -> None:
    """Word templates wrap blocks in content controls and put text in text boxes."""
    from docx.oxml import parse_xml

    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    box = "<w:txbxContent><w:p><w:r><w:t>Contact: zoe@example.com</w:t></w:r></w:p></w:txbxContent>"
    document = docx.Document()
    document.add_paragraph("Profile")
    body = document.element.body
    sect = body[-1]  # w:sectPr stays last
    sect.addprevious(parse_xml(
        f"<w:sdt {ns}><w:sdtContent><w:p><w:r><w:t>Inside a content control</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    ))
    sect.addprevious(parse_xml(
        f"<w:p {ns}><w:r><w:t>Before the box</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
        "<w:r><w:delText>deleted</w:delText><w:t xml:space=\"preserve\"> and after</w:t>"
        "<w:tab/><w:t>tab</w:t><w:br/><w:t>line</w:t><w:noBreakHyphen/><w:t>2</w:t></w:r></w:p>"
    ))
    out = io.BytesIO()
    document.save(out)
    doc = extract_document(out.getvalue(), "template.docx")
    assert doc.text == (
        "Profile\n"
        "Inside a content control\n"
        "Before the box and after tab\n"
        "line-2\n"
        "Contact: zoe@example.com"
    )


def test_docx_detected_by_content_not_name() -> None:
    doc = extract_document(make_docx(), "upload.bin")
    assert doc.kind == "docx"


def test_corrupt_docx_bad_zip() -> None:
    data = make_docx()
    error = error_of(extract_document, data[: len(data) // 2], "cv.docx")
    assert_friendly(error, DocumentErrorCode.BROKEN, "cv.docx")
    assert "Save it again as .docx" in error.user_message


def test_corrupt_docx_bad_xml() -> None:
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml":
                body = body[: len(body) // 2]
            target.writestr(item, body)
    error = error_of(extract_document, out.getvalue(), "cv.docx")
    assert_friendly(error, DocumentErrorCode.BROKEN, "cv.docx")


def test_empty_docx() -> None:
    out = io.BytesIO()
    docx.Document().save(out)
    error = error_of(extract_document, out.getvalue(), "cv.docx")
    assert_friendly(error, DocumentErrorCode.EMPTY, "cv.docx")


def test_other_zip_is_unsupported() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    error = error_of(extract_document, out.getvalue(), "cv.xlsx")
    assert_friendly(error, DocumentErrorCode.UNSUPPORTED_TYPE, "cv.xlsx")


# --------------------------------------------------------------------------
# Text files and pasted text
# --------------------------------------------------------------------------

TEXT = "Zoë Müller — Développeuse\r\n\r\n\r\n  Go, Rust\t\tet  Python · 東京  \r\n"
CLEAN = "Zoë Müller — Développeuse\n\nGo, Rust et Python · 東京"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_unicode_text_files(data: bytes) -> None:
    doc = extract_document(data, "cv.txt")
    assert doc.kind == "text"
    assert doc.text == CLEAN
    assert doc.pages is None
    assert doc.summary() == "8 words"


def test_latin1_and_cp1252_text() -> None:
    assert extract_document("Zoë Müller, Développeuse".encode("latin-1"), "cv.txt").text == (
        "Zoë Müller, Développeuse"
    )
    assert extract_document("“Quoted” – résumé".encode("cp1252"), "cv.text").text == "“Quoted” – résumé"


def test_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "job.md"
    path.write_text("# Senior SRE\n\n## Requirements\n\n- Kubernetes\n- Terraform\n", encoding="utf-8")
    doc = extract_file(path)
    assert doc.text == "# Senior SRE\n\n## Requirements\n\n- Kubernetes\n- Terraform"
    assert doc.filename == "job.md"


def test_text_by_content_type_and_by_sniffing() -> None:
    assert extract_document(b"Job: SRE", "description", content_type="text/plain; charset=utf-8").text == "Job: SRE"
    assert extract_document(b"Job: SRE", "description").kind == "text"
    data = "Café".encode("utf-16-le")
    assert extract_document(data, "jd.txt", content_type="text/plain; charset=utf-16le").text == "Café"


def test_soft_hyphen_in_plain_text_is_invisible() -> None:
    assert extract_document("co\xadoperation".encode(), "cv.txt").text == "cooperation"


def test_from_pasted_text() -> None:
    doc = from_pasted_text("  Senior  SRE\u00a0role\x07\n\n\n\nRemote ok  ")
    assert doc == Document(text="Senior SRE role\n\nRemote ok", kind="text", pages=None, filename=None)
    assert doc.words == 5
    assert doc.summary() == "5 words"


def test_pasted_text_empty_and_too_large() -> None:
    error = error_of(from_pasted_text, " \n\t \u200b ")
    assert_friendly(error, DocumentErrorCode.EMPTY, None)
    error = error_of(from_pasted_text, "x" * 2000, limits=DocumentLimits(max_bytes=1024))
    assert_friendly(error, DocumentErrorCode.TOO_LARGE, None)
    assert "is 2 KB; the limit is 1 KB" in error.user_message


def test_pasted_text_truncated() -> None:
    doc = from_pasted_text("word " * 100, limits=DocumentLimits(max_chars=52))
    assert doc.truncated
    assert doc.text == " ".join(["word"] * 10)


def test_normalize_text() -> None:
    raw = "\n\n e\u0301cole\u00a0\u2003 de\x00 Paris \ufeff\u200b\uf0b7\r\r\x0c\u2028 fin\x1f \n"
    assert normalize_text(raw) == "école de Paris\n\nfin"
    # Joiners some scripts need are kept.
    assert normalize_text("می\u200cخواهم 👩\u200d💻") == "می\u200cخواهم 👩\u200d💻"


def test_docx_zip_bomb_is_refused_before_it_is_inflated() -> None:
    # A real .docx plus a 200 MB "image" of zeros: it packs to a few hundred KB.
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("word/media/image1.png", "w", force_zip64=True) as image:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                image.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    error = error_of(extract_document, data, "cv.docx")
    assert_friendly(error, DocumentErrorCode.TOO_LARGE, "cv.docx")
    assert "unpacked" in error.user_message


def test_docx_with_a_real_photo_is_fine() -> None:
    document = docx.Document()
    document.add_paragraph("Senior Backend Engineer with a photo in the header.")
    out = io.BytesIO()
    document.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/media/photo.jpg", os.urandom(2 * 1024 * 1024))  # incompressible
    assert "photo in the header" in extract_document(packed.getvalue(), "cv.docx").text
