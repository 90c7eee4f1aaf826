"""The field catalogue (data/catalogue.yaml): document kinds, their fields, labels, types and key terms.

Classification, the form reader, the web's labels and the validators' messages
all read it; a new kind is one block there.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import yamlfile

_PATH = Path(__file__).parent / "data" / "catalogue.yaml"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str
    ja: str
    en: str
    type: str = "text"
    labels: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    not_terms: tuple[str, ...] = ()
    choices: dict = field(default_factory=dict, hash=False, compare=False)
    columns: dict = field(default_factory=dict, hash=False, compare=False)   # table: column -> header wordings
    column_terms: dict = field(default_factory=dict, hash=False, compare=False)   # column -> words a header holds
    range: tuple[float, float] | None = None     # a number outside it is not this field's (another row's)
    read: bool = True            # false: only the kind's module fills it
    personal: bool = False


@lru_cache(maxsize=1)
def data() -> dict:
    raw = yamlfile.load(_PATH)
    types = set(raw["types"])
    for kind, spec in raw["kinds"].items():
        for key, f in (spec.get("fields") or {}).items():
            if f.get("type", "text") not in types:
                raise ValueError(f"catalogue: {kind}/{key} has unknown type {f.get('type')!r}")
    return raw


def kinds() -> list[str]:
    """Every document kind of SPEC §2, `other` last."""
    return list(data()["kinds"])


def known_kinds() -> list[str]:
    """The kinds a document can be recognised as (all but `other`)."""
    return [k for k in kinds() if k != "other"]


def kind_spec(kind: str) -> dict:
    return data()["kinds"].get(kind) or {}


def kind_label(kind: str) -> tuple[str, str]:
    spec = kind_spec(kind)
    return spec.get("ja", kind), spec.get("en", kind)


def kind_short(kind: str) -> str:
    """The short Japanese name lists and badges show (申請書)."""
    spec = kind_spec(kind)
    return spec.get("short") or spec.get("ja", kind)


# A municipality's accepted wordings (kind → field → labels), layered over the catalogue's
# while one document is read; empty for `intake eval`, so they never reach the measurement.
_learned: ContextVar[dict] = ContextVar("learned_wordings", default={})


@contextmanager
def learned_wordings(extra: dict[str, dict[str, list[str]]] | None):
    token = _learned.set(extra or {})
    try:
        yield
    finally:
        _learned.reset(token)


def fields(kind: str) -> dict[str, FieldSpec]:
    """The fields of one kind, in catalogue order, with any learned wordings after the catalogue's."""
    base = _catalogue_fields(kind)
    more = _learned.get().get(kind)
    if not more:
        return base
    return {key: replace(spec, labels=spec.labels + tuple(w for w in more.get(key, ()) if w not in spec.labels))
            for key, spec in base.items()}


@lru_cache(maxsize=None)
def _catalogue_fields(kind: str) -> dict[str, FieldSpec]:
    out = {}
    for key, f in (kind_spec(kind).get("fields") or {}).items():
        out[key] = FieldSpec(key=key, kind=kind, ja=f["ja"], en=f["en"], type=f.get("type", "text"),
                             labels=tuple(f.get("labels") or ()), terms=tuple(f.get("terms") or ()),
                             not_terms=tuple(f.get("not") or ()), choices=dict(f.get("choices") or {}),
                             columns=dict(f.get("columns") or {}), column_terms=dict(f.get("column_terms") or {}),
                             range=tuple(f["range"]) if f.get("range") else None,
                             read=f.get("read", True), personal=f.get("personal", False))
    return out


@lru_cache(maxsize=1)
def _all_fields() -> dict[str, FieldSpec]:
    out: dict[str, FieldSpec] = {}
    for kind in kinds():
        for key, spec in _catalogue_fields(kind).items():
            out.setdefault(key, spec)
    return out


def field_spec(key: str) -> FieldSpec | None:
    return _all_fields().get(key)


def field_label(key: str) -> tuple[str, str]:
    """(Japanese, English) name of a field key; the key itself when it is not catalogued."""
    spec = field_spec(key)
    return (spec.ja, spec.en) if spec else (key, key)


def field_keys() -> list[str]:
    return list(_all_fields())


def classify_settings() -> dict:
    return data()["classify"]


def cover_sheet() -> dict[str, list[str]]:
    """The titles and words of a fax cover sheet (送信票), whose page holds no field of the form behind it."""
    return classify_settings().get("cover_sheet") or {"titles": [], "words": []}


def classify_words(kind: str) -> dict:
    return kind_spec(kind).get("classify") or {}


def photo_settings() -> dict:
    return data()["photo"]


def categories() -> dict[str, list[str]]:
    return data()["categories"]


def columns(key: str) -> dict[str, list[str]]:
    """The header wordings of each column of a table field (purchases.rows: name → 氏名, お名前…)."""
    spec = field_spec(key)
    return spec.columns if spec else {}


def column_terms(key: str) -> dict[str, list[str]]:
    """Words that make a header unlisted in `columns` name a column anyway (ご連絡先電話 → phone)."""
    spec = field_spec(key)
    return spec.column_terms if spec else {}


def sections(kind: str) -> dict[str, list[str]]:
    """Headings that open a part of a kind's form (application: the retail prices after 一般販売価格)."""
    return kind_spec(kind).get("sections") or {}


def module_of(kind: str) -> str | None:
    return kind_spec(kind).get("module")
