"""Formal .docx filings (DESIGN §9): house style, document kinds, evidence list, atomic write.

Pure: plain data in (:class:`FilingData`), a python-docx document out (:func:`build`), a
file on disk (:func:`write`). Imports only the domain, the standard library, python-docx
and cn2an — and python-docx/cn2an only when a filing is actually built.
"""

from workbench.filings.documents import (
    KIND_INFO,
    KINDS,
    Addressee,
    Complainant,
    ContactEntry,
    Demand,
    EvidenceItem,
    FilingData,
    FilingKind,
    KindInfo,
    Letterhead,
    Provider,
    kinds_for_stage,
    safe_stem,
    sha256_of,
    write,
)
from workbench.filings.render import build
from workbench.filings.text import amount_in_words, clean_xml, figure_date, yuan

__all__ = [
    "KINDS",
    "KIND_INFO",
    "Addressee",
    "Complainant",
    "ContactEntry",
    "Demand",
    "EvidenceItem",
    "FilingData",
    "FilingKind",
    "KindInfo",
    "Letterhead",
    "Provider",
    "amount_in_words",
    "build",
    "clean_xml",
    "figure_date",
    "kinds_for_stage",
    "safe_stem",
    "sha256_of",
    "write",
    "yuan",
]
