"""Build a filing: plain data in, a python-docx document out (nothing touches the disk)."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import datetime

from workbench.domain.law import Entry
from workbench.filings.documents import FilingData, FilingKind
from workbench.filings.redact import redact
from workbench.filings.text import clean_xml

if typing.TYPE_CHECKING:
    from docx.document import Document

    from workbench.filings.style import HouseStyle


@dataclass(frozen=True, slots=True)
class Built:
    document: Document
    cited: tuple[Entry, ...]  # the register entries the layout quoted


def build(kind: FilingKind | str, data: FilingData,
          style: HouseStyle | None = None) -> Document:
    """Lay out one filing in the house style and return the python-docx Document.

    Every piece of text passes through :func:`clean_xml`; nothing here touches the disk.
    Personal data in free text is first reduced to what the kind's addressee needs
    (:func:`~workbench.filings.redact.redact`), so every export path is covered.
    A draft (``data.draft``) carries 草稿 behind every page.
    `style` defaults to the shipped house style (:func:`load_style`).
    """
    return build_checked(kind, data, style).document


def build_checked(kind: FilingKind | str, data: FilingData,
                  style: HouseStyle | None = None) -> Built:
    """:func:`build`, with what the pre-flight needs to know about the result."""
    # lazily: python-docx costs 0.15 s to import, and the queue must paint fast
    from workbench.filings.apply import styled_document
    from workbench.filings.bodies import lay_out
    from workbench.filings.style import load_style

    kind = FilingKind(kind)
    if kind.info.suffix != ".docx":
        raise ValueError(f"{kind.value} is not a .docx filing (see workbench.filings.binder)")
    data = redact(data, kind.info.need)
    style = style or load_style()
    document = styled_document(style)
    writer = lay_out(document, style, kind, data)
    letterhead = writer.letterhead
    if data.draft:
        from workbench.filings.watermark import add_watermark

        add_watermark(document, font=style.fonts.heading1)
    props = document.core_properties
    props.title = clean_xml(kind.info.title)
    props.subject = clean_xml(f"{data.case_ref} {data.case_title}")[:255]
    props.author = props.last_modified_by = clean_xml(letterhead.name)
    props.keywords = kind.value
    props.comments = ""
    props.created = props.modified = datetime(data.issued_on.year, data.issued_on.month,
                                              data.issued_on.day)
    props.revision = 1
    return Built(document, tuple(writer.cited))
