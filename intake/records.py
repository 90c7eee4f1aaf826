"""The shared vocabulary: field values, findings, documents and records.

Imports nothing else of the project, so extractors and validators can use
these types without pulling in the pipeline (DESIGN.md).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

SEVERITIES = ("error", "warning", "info")
METHODS = ("text", "ocr", "docx", "xlsx", "email", "image", "manual")


@dataclass
class FieldValue:
    """One extracted (or corrected) value with its provenance (SPEC §3)."""

    value: Any
    confidence: float = 1.0
    method: str = "text"
    page: int | None = None
    bbox: list[float] | None = None
    corrected_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"value": self.value, "confidence": round(float(self.confidence), 3),
             "method": self.method, "page": self.page,
             "bbox": [round(float(v), 1) for v in self.bbox] if self.bbox else None}
        if self.corrected_by:
            d["corrected_by"] = self.corrected_by
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "FieldValue":
        return cls(value=d.get("value"), confidence=d.get("confidence", 1.0),
                   method=d.get("method", "text"), page=d.get("page"),
                   bbox=d.get("bbox"), corrected_by=d.get("corrected_by"))


@dataclass
class Finding:
    """One discrepancy against a rule (SPEC §5)."""

    code: str
    severity: str
    message: str
    message_en: str
    document: str | None = None
    field: str | None = None
    evidence: str | None = None
    rule: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"bad severity {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


@dataclass
class Document:
    """One file of a submission after reading: its kind and its fields."""

    source: str
    sha256: str = ""
    media_type: str = "application/octet-stream"
    kind: str = "other"
    method: str = "text"
    pages: int = 0
    fields: dict[str, FieldValue] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # reading problems
    size: int = 0
    role: str | None = None  # e.g. photo role chosen at upload
    words: dict | None = field(default=None, repr=False)  # the page words (intake.pagewords), not in to_dict
    geometry: dict[str, Any] | None = None  # {"pages": [[w, h, unit], ...]}: where the boxes are measured

    def value(self, key: str, default: Any = None) -> Any:
        fv = self.fields.get(key)
        return default if fv is None or fv.value in (None, "", []) else fv.value

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "sha256": self.sha256,
                "media_type": self.media_type, "kind": self.kind,
                "method": self.method, "pages": self.pages,
                "fields": {k: v.to_dict() for k, v in self.fields.items()}}


@dataclass
class Record:
    """All documents of one submission, as validators see them."""

    documents: list[Document] = field(default_factory=list)
    profile: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. e-mail subject/body

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.documents if d.kind == kind]

    def values(self, key: str) -> Iterator[tuple[Document, FieldValue]]:
        """Every non-empty value of `key`, with the document it came from."""
        for doc in self.documents:
            fv = doc.fields.get(key)
            if fv is not None and fv.value not in (None, "", []):
                yield doc, fv

    def first(self, key: str) -> tuple[Document, FieldValue] | tuple[None, None]:
        return next(self.values(key), (None, None))

    def value(self, key: str, default: Any = None) -> Any:
        _, fv = self.first(key)
        return default if fv is None else fv.value
