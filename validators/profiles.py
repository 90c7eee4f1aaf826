"""Municipality profiles: YAML files under validators/profiles/.

A profile names its municipality, the documents it requires, its thresholds
and, for each rule it applies, the parameters and the clause it cites. A file
may `extends:` another (e.g. `_base`, the rules of national law every profile
shares); mappings merge key by key and a rule set to `false` is switched off.
Files whose name starts with `_` are not profiles of their own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from intake.domain import yamlfile

PROFILE_DIR = Path(__file__).parent / "profiles"
DEFAULT_TIMEZONE = "Asia/Tokyo"


def utcnow() -> dt.datetime:
    """The current instant (aware); tests replace it to stand on a given moment."""
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Profile:
    code: str
    name: str
    data: dict[str, Any] = field(repr=False)

    @property
    def rules(self) -> dict[str, dict[str, Any]]:
        """Enabled rules, in file order, each with its parameters."""
        return {k: (v or {}) for k, v in (self.data.get("rules") or {}).items() if v is not False}

    def rule(self, name: str) -> dict[str, Any]:
        return self.rules.get(name, {})

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def municipality(self) -> dict[str, Any]:
        return self.data.get("municipality") or {}

    @property
    def timezone(self) -> ZoneInfo:
        """The municipality's time zone: dates are judged there, not in the server's."""
        return ZoneInfo(str(self.data.get("timezone") or DEFAULT_TIMEZONE))

    def today(self, now: dt.datetime | None = None) -> dt.date:
        """Today in the municipality's time zone (the default as-of date)."""
        now = now or utcnow()
        if now.tzinfo is None:
            now = now.replace(tzinfo=dt.timezone.utc)
        return now.astimezone(self.timezone).date()

    @property
    def low_confidence(self) -> float:
        return float(self.data.get("low_confidence", 0.7))

    def describe(self) -> list[dict[str, Any]]:
        """Rules in file order as {rule, cite, params} (for a read-only view of the profile)."""
        out = []
        for name, params in self.rules.items():
            cites = [params.get("cite")] + [d.get("cite") for d in params.get("documents") or []]
            out.append({"rule": name, "cite": "；".join(c for c in cites if c) or None,
                        "params": {k: v for k, v in params.items() if k != "cite"}})
        return out

    @property
    def effective_from(self) -> dt.date | None:
        v = self.data.get("effective_from")
        return v if isinstance(v, dt.date) else None


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _read(code: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    path = PROFILE_DIR / f"{code}.yaml"
    if code in seen or not path.is_file():
        raise ValueError(f"unknown profile {code!r}; known: {', '.join(profile_codes())}")
    data = yamlfile.load(path) or {}
    parent = data.pop("extends", None)
    return _merge(_read(parent, seen + (code,)), data) if parent else data


@lru_cache(maxsize=None)
def load_profile(code: str) -> Profile:
    """The profile `code` (cached); ValueError names the known codes if it does not exist."""
    if not isinstance(code, str) or not code or code.startswith("_") or "/" in code or "." in code:
        raise ValueError(f"unknown profile {code!r}; known: {', '.join(profile_codes())}")
    data = _read(code)
    return Profile(code=code, name=str(data.get("name", code)), data=data)


def profile_codes() -> list[str]:
    """Codes of every profile file, sorted."""
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml") if not p.stem.startswith("_"))
