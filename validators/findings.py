"""Build Finding objects from the catalogue in data/findings.yaml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from intake.domain import yamlfile

from intake.records import Finding

CATALOGUE = Path(__file__).parent / "data" / "findings.yaml"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    return yamlfile.load(CATALOGUE)


def codes() -> list[str]:
    return list(catalogue())


def make(code: str, *, rule: str | None, document: str | None = None, field: str | None = None,
         evidence: Any = None, severity: str | None = None, **fmt: Any) -> Finding:
    """A finding of `code`; `fmt` fills the message templates (missing keys → '')."""
    entry = catalogue()[code]
    values = _Blank(document=document or "", field=field or "", **fmt)
    return Finding(code=code, severity=severity or entry["severity"],
                   message=entry["ja"].format_map(values).strip(),
                   message_en=entry["en"].format_map(values).strip(),
                   document=document, field=field,
                   evidence=None if evidence is None else str(evidence), rule=rule)


TITLES = Path(__file__).parent / "data" / "finding_titles.yaml"


@lru_cache(maxsize=1)
def _titles() -> dict[str, list[str]]:
    return yamlfile.load(TITLES)


def title(code: str) -> tuple[str, str]:
    """(Japanese, English) short title of a finding code; the code itself for an unknown one."""
    ja, en = _titles().get(code) or (code, code)
    return ja, en


ACTIONS = Path(__file__).parent / "data" / "finding_actions.yaml"


@lru_cache(maxsize=1)
def actions() -> dict[str, dict[str, str]]:
    """What a supplier should do about each code (data/finding_actions.yaml)."""
    return yamlfile.load(ACTIONS)


def for_supplier(code: str, message: str, lang: str = "ja", document: str | None = None,
                 label: str | None = None) -> tuple[str, str]:
    """(what is wrong, what to do) in plain words: the finding's message, or the code's plain
    sentence where the message speaks of reading internals; and its action sentence."""
    entry = actions().get(code) or {}
    plain = entry.get(f"plain_{lang}")
    text = plain.format_map(_Blank(document=document or "", label=label or "")) if plain else message
    return text, entry.get(lang, "")
