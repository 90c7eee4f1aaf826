"""The rule registry: rule name (as used in profile YAML) → function."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from intake.records import Finding, Record

RuleFn = Callable[[Record, "Profile", dt.date], list[Finding]]  # noqa: F821
RULES: dict[str, RuleFn] = {}


def rule(name: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function `(record, profile, as_of) -> list[Finding]` under `name`."""
    def deco(fn: RuleFn) -> RuleFn:
        if name in RULES and RULES[name] is not fn:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = fn
        return fn
    return deco
