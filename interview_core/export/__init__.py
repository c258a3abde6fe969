"""An interview as a file to keep: Markdown, PDF or JSON (one module each), made from
a typed input (`ExportInput`: the interview, its messages, its report) with no
platform in sight. The conversation layer gathers the input for its owner;
`render` makes the file.

    file = render(ExportInput(interview, tuple(messages), report), "pdf")
    file.filename, file.content_type, file.data
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_core.export.model import (
    CONTENT_TYPES,
    FORMAT_NAMES,
    FORMATS,
    Exchange,
    ExportFormat,
    ExportInput,
    filename,
)


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    data: bytes
    content_type: str
    format: ExportFormat


def render(data: ExportInput, fmt: ExportFormat) -> ExportFile:
    if fmt == "md":
        from interview_core.export.md import to_markdown as write
    elif fmt == "pdf":  # fpdf2 is imported only when a PDF is made
        from interview_core.export.pdf import to_pdf as write
    elif fmt == "json":
        from interview_core.export.json_model import to_json as write
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return ExportFile(filename(data, fmt), write(data), CONTENT_TYPES[fmt], fmt)


__all__ = ["CONTENT_TYPES", "FORMATS", "FORMAT_NAMES", "Exchange", "ExportFile", "ExportFormat", "ExportInput",
           "filename", "render"]
