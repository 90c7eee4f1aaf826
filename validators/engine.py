"""Run a profile's rules over a record: `validate(record, profile, as_of)`.

Pure and fast (no extraction, no I/O after the first profile load), so a
reviewer's correction is re-validated in milliseconds.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Union

from intake.records import Finding, Record
from validators import findings as F
from validators import inputs
from validators import rules as _rules  # noqa: F401  (registers every rule module)
from validators.profiles import Profile, load_profile
from validators.registry import NEEDS, RULES, TITLES
from validators.values import to_date

log = logging.getLogger(__name__)
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def validate(record: Record, profile: Union[str, Profile], as_of: dt.date | None = None) -> list[Finding]:
    """Every finding of the profile's rules on `record`, sorted deterministically.

    Raises ValueError only for an unknown profile code. A rule that fails on odd
    input yields an info finding VALIDATOR_ERROR instead of an exception. `as_of`
    defaults to today in the profile's time zone (`timezone`, Asia/Tokyo).

    A rule sees its declared inputs (`validators.inputs`) only where they are sure
    enough; every input it lacks becomes a CHECK_NOT_RUN warning.
    """
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    day = to_date(as_of) or prof.today()
    if not isinstance(record, Record):
        record = Record(profile=prof.code)
    out: list[Finding] = []
    gaps: list[inputs.Gap] = []
    for name in prof.rules:
        fn = RULES.get(name)
        if fn is None:
            log.debug("profile %s names unknown rule %s", prof.code, name)
            continue
        try:
            view, unmet = inputs.prepare(record, prof, name, NEEDS.get(name, ()))
            for item in fn(view, prof, day):     # a rule may also name an input it found missing
                (gaps if isinstance(item, inputs.Gap) else out).append(item)
            gaps.extend(unmet)
        except Exception:  # a bad value must not hide the other rules' findings
            log.exception("rule %s failed", name)
            out.append(F.make("VALIDATOR_ERROR", rule=name, rule_name=name))
    out.extend(inputs.check_not_run(gaps, out, TITLES, prof))
    return _ordered(out)


def _ordered(findings: list[Finding]) -> list[Finding]:
    seen, unique = set(), []
    for f in findings:
        key = (f.code, f.document, f.field, f.evidence)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    order = {c: i for i, c in enumerate(F.codes())}
    return sorted(unique, key=lambda f: (_SEVERITY_RANK.get(f.severity, 9), order.get(f.code, 999),
                                         f.document or "", f.field or "", f.evidence or ""))
