"""Japanese/English names of kinds and fields (data/labels.yaml)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

_PATH = Path(__file__).parent / "data" / "labels.yaml"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(_PATH.read_text(encoding="utf-8"))


def kind_label(kind: str) -> tuple[str, str]:
    ja, en = _data()["kinds"].get(kind, [kind, kind])
    return ja, en


def field_label(key: str) -> tuple[str, str]:
    ja, en = _data()["fields"].get(key, [key, key])
    return ja, en
