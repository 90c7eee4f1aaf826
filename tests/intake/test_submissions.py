"""The stored path: receive → task → fields/findings → corrections → decisions, with audit."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from intake.blobs import LocalBlobStore
from intake.db import session_scope
from intake.models import AuditEvent, Submission
from intake.pipeline import InputFile
from intake.review import correct_fields, decide, judge_finding
from intake.submissions import SubmissionError, receive
from intake.worker import enqueue, run
from tests.conftest import SAMPLES

FLAWED = SAMPLES / "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"


def submit(settings, files, profile="ishigaki"):
    with session_scope(settings.database_url) as s:
        sub = receive(s, LocalBlobStore(settings.blob_dir), profile, files)
    enqueue(sub)  # eager in tests: runs the real task in-process
    return sub.id


def load(settings, sid, session):
    return session.get(Submission, sid)


def test_a_flawed_label_is_processed_and_flagged(settings):
    sid = submit(settings, [InputFile("label.pdf", FLAWED.read_bytes())])
    with session_scope(settings.database_url) as s:
        sub = load(settings, sid, s)
        assert sub.status == "needs_review" and sub.processed_version == 1
        [doc] = sub.documents
        assert doc.kind == "food_label" and doc.status == "read"
        assert {f.key for f in doc.fields} >= {"label.name", "label.ingredients"}
        assert "ALLERGEN_UNDECLARED" in {f.code for f in sub.findings}
        assert sub.max_severity == 3
        actions = [e.action for e in s.scalars(select(AuditEvent).where(
            AuditEvent.submission_id == sid).order_by(AuditEvent.id))]
        assert actions[0] == "received" and actions[-1] == "processed"


def test_the_task_is_idempotent(settings):
    sid = submit(settings, [InputFile("label.pdf", FLAWED.read_bytes())])
    with session_scope(settings.database_url) as s:
        before = len(load(settings, sid, s).findings)
    assert run(settings, sid) == "already-done"
    with session_scope(settings.database_url) as s:
        assert len(load(settings, sid, s).findings) == before


def test_an_empty_file_is_kept_and_flagged(settings):
    sid = submit(settings, [InputFile("scan.jpg", b"")])
    with session_scope(settings.database_url) as s:
        sub = load(settings, sid, s)
        assert sub.status == "failed"
        assert [f.code for f in sub.findings if f.code == "DOC_UNREADABLE"]
        assert LocalBlobStore(settings.blob_dir).get(sub.documents[0].sha256) == b""


def test_unknown_profile_and_no_files_are_refused(settings):
    with session_scope(settings.database_url) as s:
        blobs = LocalBlobStore(settings.blob_dir)
        with pytest.raises(SubmissionError):
            receive(s, blobs, "atlantis", [InputFile("a.pdf", b"x")])
        with pytest.raises(SubmissionError):
            receive(s, blobs, "hamada", [])


def test_a_correction_revalidates_and_keeps_what_the_machine_read(settings):
    sid = submit(settings, [InputFile("label.pdf", FLAWED.read_bytes())])
    with session_scope(settings.database_url) as s:
        sub = load(settings, sid, s)
        declared = next(f for f in sub.documents[0].fields if f.key == "label.allergens_declared")
        machine = list(declared.value)
        everything = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生", "カシューナッツ",
                      "アーモンド", "大豆", "ごま", "牛肉", "豚肉", "鶏肉", "さけ", "さば", "いか",
                      "ゼラチン", "りんご", "バナナ", "オレンジ", "もも", "やまいも", "キウイフルーツ",
                      "あわび", "いくら", "マカダミアナッツ", "ピスタチオ"]
        correct_fields(s, sub, {"label.allergens_declared": everything}, user_id=None)
        assert "ALLERGEN_UNDECLARED" not in {f.code for f in sub.findings}
        assert declared.method == "manual" and declared.extracted_value == machine


def test_approval_waits_for_open_errors(settings):
    sid = submit(settings, [InputFile("label.pdf", FLAWED.read_bytes())])
    with session_scope(settings.database_url) as s:
        sub = load(settings, sid, s)
        with pytest.raises(SubmissionError):
            decide(s, sub, "approve", None, user_id=None)
        for f in [f for f in sub.findings if f.severity == "error"]:
            judge_finding(s, sub, f.id, "overruled", "表示は別紙で確認済み", user_id=None)
        decide(s, sub, "approve", "ok", user_id=None)
        assert sub.status == "approved"


def test_a_claim_held_by_another_reviewer_is_refused(settings):
    from intake.accounts import add_user
    from intake.review import claim

    sid = submit(settings, [InputFile("label.pdf", FLAWED.read_bytes())])
    with session_scope(settings.database_url) as s:
        alice = add_user(s, "alice@city.jp", "reviewer", "ishigaki").id
        bob = add_user(s, "bob@city.jp", "reviewer", "ishigaki").id
        sub = load(settings, sid, s)
        claim(s, sub, alice)
        with pytest.raises(SubmissionError):
            claim(s, sub, bob)
        assert sub.claimed_by == alice
        claim(s, sub, bob, force=True)
        assert sub.claimed_by == bob
