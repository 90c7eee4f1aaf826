"""Score the client-shaped test messages (tests/extractors/mail_clients.py) against the code on
PYTHONPATH: recognised as mail, every attachment found under its decoded name, subject and body
decoded (no U+FFFD). Runs on older versions of the code too (attachments as (name, bytes) pairs).

    PYTHONPATH=. python scripts/mail_corpus_score.py            # this tree
    PYTHONPATH=/path/to/other/tree python scripts/mail_corpus_score.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "extractors"))

from extractors.detect import sniff  # noqa: E402
from extractors.email_reader import split_eml  # noqa: E402

import mail_clients  # noqa: E402


def _name(a) -> str:  # noqa: ANN001
    return a.name if hasattr(a, "name") else a[0]


def score(case) -> list[str]:  # noqa: ANN001
    """What is wrong with how this message was unpacked (empty: right)."""
    problems = []
    media = sniff(case.raw, "message.eml")
    if media != "message/rfc822":
        problems.append(f"sniffed as {media}")
    try:
        parts = split_eml(case.raw)
    except Exception as e:  # the old code may raise on some of them
        return problems + [f"split_eml: {type(e).__name__}: {e}"]
    names = [_name(a) for a in parts.attachments]
    if names != case.attachments:
        problems.append(f"attachments {names} != {case.attachments}")
    if parts.subject != case.subject:
        problems.append(f"subject {parts.subject!r}")
    missing = [s for s in case.body if s not in parts.body_text]
    if missing:
        problems.append(f"body lacks {missing}")
    if any("\ufffd" in t for t in [parts.subject, parts.body_text, *names]):
        problems.append("U+FFFD in the text")
    return problems


def main() -> int:
    cases = mail_clients.corpus()
    right = 0
    for case in cases:
        problems = score(case)
        right += not problems
        print(f"{'ok ' if not problems else 'BAD'} {case.name}: {'; '.join(problems)[:300]}")
    print(f"{right} of {len(cases)} unpacked right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
