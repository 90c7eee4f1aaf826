"""The rule registry: rule name (as used in profile YAML) → function, with the inputs it needs."""
from __future__ import annotations

import datetime as dt
from typing import Callable, Sequence

from intake.records import Finding, Record

RuleFn = Callable[[Record, "Profile", dt.date], list[Finding]]  # noqa: F821
RULES: dict[str, RuleFn] = {}
NEEDS: dict[str, tuple] = {}                 # rule name → its inputs (validators.inputs.Need)
TITLES: dict[str, tuple[str, str]] = {}      # rule name → (Japanese, English) title for messages


def rule(name: str, *, title: tuple[str, str] | None = None,
         needs: Sequence = ()) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function `(record, profile, as_of) -> list[Finding | inputs.Gap]` under `name`.

    `needs` declares the fields the rule reads (`validators.inputs.Need`); the engine
    reports CHECK_NOT_RUN for each one that is missing, unreadable or under the
    profile's confidence threshold, and hides low-confidence values from the rule.
    """
    def deco(fn: RuleFn) -> RuleFn:
        if name in RULES and RULES[name] is not fn:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = fn
        NEEDS[name] = tuple(needs)
        TITLES[name] = title or (name, name)
        return fn
    return deco
