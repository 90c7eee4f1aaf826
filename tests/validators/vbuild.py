"""Record builders for validator tests (no extraction involved)."""
from __future__ import annotations

import datetime as dt
from typing import Any


from intake.records import Document, FieldValue, Record

AS_OF = dt.date(2026, 11, 22)


def doc(kind: str, source: str | None = None, confidence: float = 0.99, pages: int = 1, **fields: Any) -> Document:
    """A read document of `kind`; keyword names use '__' for '.' (label__name → label.name)."""
    return Document(source=source or f"{kind}.pdf", kind=kind, pages=pages,
                    fields={k.replace("__", "."): FieldValue(v, confidence=confidence)
                            for k, v in fields.items()})


def record(*docs: Document, profile: str = "hamada") -> Record:
    return Record(documents=list(docs), profile=profile)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


