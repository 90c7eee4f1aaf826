"""Wordings the reviewers teach the reader, per municipality.

A reviewer who fills a field by picking its words on the page proposes the label printed beside
them (intake.pagewords.label_beside) as a wording of that field for the submission's profile. An
admin accepts or rejects it; accepted ones are read from the next document on (the worker enters
`catalogue.learned_wordings(accepted(...))` around the reading). Every decision is audited and can
be undone; `export_yaml` gives them in the catalogue's own shape. `intake eval` never reads them.
"""
from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.audit import record_event
from intake.models import LearnedWording, utcnow
from intake.submissions import SubmissionError

STATUSES = ("proposed", "accepted", "rejected")
MAX_WORDING = 30          # a printed label, not a sentence
MAX_EXAMPLES = 5


def _norm(text: str) -> str:
    from extractors.fields.base import norm_key
    return norm_key(text)


def propose(session: Session, profile: str, kind: str, key: str, label: str | None,
            example: dict[str, Any], user_id: int | None) -> LearnedWording | None:
    """Record `label` as a proposed wording of `key` (None when there is nothing to learn: no
    label, a sentence, the value itself, or a wording the catalogue already knows)."""
    from intake.domain import catalogue

    spec = catalogue.fields(kind).get(key)
    wording = (label or "").strip().rstrip("：:")
    if spec is None or not wording or len(wording) > MAX_WORDING:
        return None
    known = {_norm(x) for x in spec.labels + (spec.ja,)}
    if _norm(wording) in known or _norm(wording) == _norm(str(example.get("value") or "")):
        return None
    if spec.personal:
        example = {k: v for k, v in example.items() if k != "value"}   # never keep personal values
    row = session.scalar(select(LearnedWording).where(
        LearnedWording.profile == profile, LearnedWording.kind == kind,
        LearnedWording.field_key == key, LearnedWording.wording == wording))
    if row is None:
        row = LearnedWording(profile=profile, kind=kind, field_key=key, wording=wording,
                             status="proposed", examples=[], proposed_by=user_id)
        session.add(row)
    if len(row.examples or []) < MAX_EXAMPLES:
        row.examples = list(row.examples or []) + [example]
    session.flush()
    record_event(session, None, "wording_proposed", user_id,
                 {"wording": row.id, "profile": profile, "key": key, "text": wording,
                  "submission": example.get("submission")})
    return row


def decide(session: Session, wording_id: int, status: str, user_id: int) -> LearnedWording:
    """Accept, reject, or return a wording to `proposed` (undo); audited either way."""
    if status not in STATUSES:
        raise SubmissionError("判断が不正です。", "Unknown decision.")
    row = session.get(LearnedWording, wording_id)
    if row is None:
        raise SubmissionError("候補が見つかりません。", "No such wording.")
    before = row.status
    row.status, row.decided_by, row.decided_at = status, user_id, utcnow()
    record_event(session, None, f"wording_{status}", user_id,
                 {"wording": row.id, "profile": row.profile, "key": row.field_key, "text": row.wording,
                  "from": before})
    return row


def accepted(session: Session, profile: str) -> dict[str, dict[str, list[str]]]:
    """The profile's accepted wordings as `catalogue.learned_wordings` takes them."""
    out: dict[str, dict[str, list[str]]] = {}
    for row in session.scalars(select(LearnedWording).where(
            LearnedWording.profile == profile, LearnedWording.status == "accepted")
            .order_by(LearnedWording.id)):
        out.setdefault(row.kind, {}).setdefault(row.field_key, []).append(row.wording)
    return out


def export_yaml(session: Session, profile: str) -> str:
    """The accepted wordings in catalogue.yaml's shape (kinds → fields → labels), to review and merge."""
    kinds = {kind: {"fields": {key: {"labels": words} for key, words in fields.items()}}
             for kind, fields in accepted(session, profile).items()}
    head = f"# {profile}: wordings accepted on the review desk (merge into intake/domain/data/catalogue.yaml)\n"
    return head + yaml.safe_dump({"kinds": kinds}, allow_unicode=True, sort_keys=False)
