"""Retention: the policy as data, what falls due from which event, what a keep rule holds back, and
deletion of rows, originals (only when unused), cached renders — each with an audit event."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from intake import retention
from intake.blobs import blob_store
from intake.db import session_scope
from intake.models import (AuditEvent, Decision, DocumentRow, FieldRow, FindingRow, MailMessage,
                           Submission, Supplier)

REQUIREMENTS = Path(__file__).resolve().parents[3] / "shared" / "requirements"
DECIDED = dt.datetime(2026, 1, 10, 9, 0)
PURCHASERS = [{"name": "山田花子", "kana": "ヤマダハナコ", "address": "前橋市大手町1-1-1",
               "birth_date": "1980-01-01", "phone": "027-000-0000", "item": "マスク", "quantity": 2}]


def add_submission(settings, profile: str, docs: list[tuple[str, str, bytes, dict]],
                   supplier: str = "山田商店", decided: dt.datetime | None = DECIDED,
                   status: str = "approved", evidence_field: str | None = None) -> int:
    """A processed, decided submission: docs are (filename, kind, bytes, fields)."""
    store = blob_store(settings)
    with session_scope(settings.database_url) as s:
        sup = s.scalar(select(Supplier).where(Supplier.name == supplier)) or Supplier(name=supplier)
        sub = Submission(profile=profile, status=status, supplier=sup, processed_version=1,
                         kinds=" ".join(sorted({k for _, k, _, _ in docs})),
                         created_at=dt.datetime(2025, 12, 1))
        s.add(sub)
        for name, kind, data, fields in docs:
            doc = DocumentRow(submission=sub, filename=name, sha256=store.put(data), size=len(data),
                              kind=kind, status="read", media_type="application/pdf")
            doc.fields = [FieldRow(key=k, value=v, extracted_value=v) for k, v in fields.items()]
            s.add(doc)
        if evidence_field:
            s.add(FindingRow(submission=sub, code="PURCHASER_OUTSIDE", severity="error",
                             message="県外の住所です。", message_en="outside", document=docs[-1][0],
                             field=evidence_field, evidence="前橋市大手町1-1-1", fingerprint="x"))
        s.flush()
        if decided:
            s.add(Decision(submission_id=sub.id, decision="approve", created_at=decided))
        return sub.id


def render(settings, sha: str) -> Path:
    folder = retention.render_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sha}-1-100.png"
    path.write_bytes(b"\x89PNG fake")
    return path


def gunma(settings, plan_bytes=b"%PDF plan", list_bytes=b"%PDF purchasers") -> int:
    return add_submission(settings, "gunma", [
        ("keikaku.pdf", "sales_plan", plan_bytes, {"plan.month": "2026-01"}),
        ("konyu.pdf", "purchase_list", list_bytes, {"purchases.rows": PURCHASERS})],
        evidence_field="purchases.rows")


def plan_at(settings, day: dt.date, **kw) -> list[retention.Item]:
    with session_scope(settings.database_url) as s:
        return retention.plan(s, day, **kw)


def test_every_profile_has_a_policy_whose_rules_cite_their_clause():
    from validators.profiles import profile_codes

    import yaml

    policy = retention.load_policy()
    raw = yaml.safe_load(retention.POLICY_FILE.read_text(encoding="utf-8"))
    assert set(profile_codes()) <= set(policy.rules)
    texts = {p.name: p.read_text(encoding="utf-8") for p in REQUIREMENTS.glob("*.txt")}
    clauses = {"shika": "業務終了後3ヶ月以内", "hamada": "その完結の日から2年間保存",
               "ishigaki": "作成日から5年間保存", "gunma": "第10条"}
    for code, phrase in clauses.items():   # each period the policy cites is in its document
        assert any(phrase in t for t in texts.values()), phrase
        own = raw["profiles"][code]
        assert own and all(r["cite"].startswith(code) for r in own), code
    assert all(r.get("setting") and r["cite"] for r in raw["defaults"])
    assert retention.personal_keys() == {"purchases.rows"}


def test_a_policy_without_a_citation_or_with_an_unknown_event_is_refused():
    with pytest.raises(retention.PolicyError, match="citation"):
        retention.parse_policy({"profiles": {"x": [{"action": "delete", "what": "submission",
                                                    "from": "decided", "after": {"days": 1}}]}})
    with pytest.raises(retention.PolicyError, match="from"):
        retention.parse_policy({"profiles": {"x": [{"action": "delete", "what": "submission",
                                                    "from": "whenever", "after": {"days": 1},
                                                    "cite": "x 1"}]}})


def test_gunma_purchasers_are_erased_30_days_after_the_decision(settings):
    sid = gunma(settings)
    with session_scope(settings.database_url) as s:
        docs = {d.kind: d.sha256 for d in s.get(Submission, sid).documents}
    renders = {k: render(settings, sha) for k, sha in docs.items()}
    store = blob_store(settings)

    early = plan_at(settings, dt.date(2026, 2, 8), horizon_days=10)
    assert [(i.what, i.state, i.due) for i in early] == [("personal_data", "waiting", "2026-02-09")]
    assert retention.apply(settings, dt.date(2026, 2, 8))["personal_data"] == 0
    totals = retention.apply(settings, dt.date(2026, 2, 9))
    assert totals == {"personal_data": 1, "submission": 0, "blobs": 1, "renders": 1}

    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        by_kind = {d.kind: d for d in sub.documents}
        assert by_kind["purchase_list"].status == "erased" and by_kind["purchase_list"].fields == []
        assert by_kind["sales_plan"].status == "read"
        assert by_kind["sales_plan"].fields[0].value == "2026-01"          # not personal: kept
        assert sub.findings[0].evidence is None and sub.findings[0].code == "PURCHASER_OUTSIDE"
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "retention_erased")).all()
        assert event.submission_id == sid and event.detail["cite"].startswith("gunma 第10条")
        assert event.detail["documents"] == 1 and "山田" not in json.dumps(event.detail, ensure_ascii=False)
    assert not store.exists(docs["purchase_list"]) and store.exists(docs["sales_plan"])
    assert not renders["purchase_list"].exists() and renders["sales_plan"].exists()
    # nothing left to do: a second round deletes nothing and leaves no event
    assert plan_at(settings, dt.date(2026, 3, 1)) == []
    assert retention.apply(settings, dt.date(2026, 3, 1))["personal_data"] == 0


def test_an_original_another_submission_still_uses_is_kept(settings):
    first = gunma(settings)
    second = gunma(settings, plan_bytes=b"%PDF other plan")          # the same purchaser list
    with session_scope(settings.database_url) as s:
        s.execute(Decision.__table__.update().where(Decision.submission_id == second)
                  .values(created_at=dt.datetime(2026, 6, 1)))
        sha = next(d.sha256 for d in s.get(Submission, first).documents if d.kind == "purchase_list")
    assert retention.apply(settings, dt.date(2026, 2, 9))["blobs"] == 0  # only `first` is due
    assert blob_store(settings).exists(sha)
    assert retention.apply(settings, dt.date(2026, 7, 1))["blobs"] == 1
    assert not blob_store(settings).exists(sha)


def test_active_and_undecided_submissions_are_never_touched(settings):
    busy = gunma(settings)
    undecided = add_submission(settings, "gunma", [("konyu.pdf", "purchase_list", b"%PDF x",
                                                    {"purchases.rows": PURCHASERS})],
                               decided=None, status="needs_review")
    with session_scope(settings.database_url) as s:
        s.get(Submission, busy).status = "processing"
    assert plan_at(settings, dt.date(2030, 1, 1)) == []
    assert retention.apply(settings, dt.date(2030, 1, 1))["personal_data"] == 0
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, undecided).documents[0].fields[0].value == PURCHASERS


def test_shika_counts_three_months_from_the_contract_end_an_admin_sets(settings):
    sid = add_submission(settings, "shika", [("list.pdf", "purchase_list", b"%PDF donors",
                                              {"purchases.rows": PURCHASERS})])
    assert plan_at(settings, dt.date(2030, 1, 1)) == []            # no contract end recorded
    with session_scope(settings.database_url) as s:
        sup = s.get(Submission, sid).supplier
        retention.set_contract_end(s, sup, dt.date(2026, 3, 31), user_id=None)
    [item] = plan_at(settings, dt.date(2026, 6, 30))
    assert (item.event, item.event_date, item.due, item.state) == (
        "contract_end", "2026-03-31", "2026-06-30", "due")
    assert "別紙②" in item.cite
    with session_scope(settings.database_url) as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "contract_end")).detail == {
            "supplier_id": s.get(Submission, sid).supplier_id, "from": None, "to": "2026-03-31"}


def test_hamada_complaint_records_are_kept_two_years_from_the_decision(settings):
    sid = add_submission(settings, "hamada", [("kujo.pdf", "complaint_report", b"%PDF complaint",
                                               {"complaint.content": "届いた品が傷んでいた"})])
    with session_scope(settings.database_url) as s:
        retention.set_contract_end(s, s.get(Submission, sid).supplier, dt.date(2026, 2, 1), None)
    [item] = plan_at(settings, dt.date(2026, 6, 1))
    assert item.what == "personal_data" and item.state == "kept"
    assert item.kept_until == "2028-01-10" and "2年間保存" in item.kept_by
    assert retention.apply(settings, dt.date(2026, 6, 1))["personal_data"] == 0
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).documents[0].status == "read"
    assert retention.apply(settings, dt.date(2028, 1, 10))["personal_data"] == 1
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).documents[0].status == "erased"


def test_a_whole_submission_goes_with_its_rows_originals_and_renders_history_kept(settings):
    sid = gunma(settings)
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        shas = [d.sha256 for d in sub.documents]
        s.add(AuditEvent(submission_id=sid, action="received", detail={"files": 2}))
        s.add(MailMessage(message_id="<m1@example.jp>", subject="販売計画", submission_id=sid,
                          sha256=shas[0]))
        retention.set_contract_end(s, sub.supplier, dt.date(2026, 3, 31), None)
    paths = [render(settings, sha) for sha in shas]
    [whole] = [i for i in plan_at(settings, dt.date(2031, 3, 31)) if i.what == "submission"]
    assert whole.due == "2031-03-31"
    totals = retention.apply(settings, dt.date(2031, 3, 31))
    assert totals["submission"] == 1 and totals["blobs"] == 2
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid) is None
        assert s.scalars(select(DocumentRow)).all() == [] and s.scalars(select(FieldRow)).all() == []
        assert s.scalars(select(Decision)).all() == []
        mail = s.scalar(select(MailMessage))
        assert (mail.message_id, mail.subject, mail.sha256) == ("<m1@example.jp>", None, None)
        kept = s.scalar(select(AuditEvent).where(AuditEvent.action == "received"))
        assert kept.submission_id is None and kept.detail["submission_id"] == sid
        gone = s.scalar(select(AuditEvent).where(AuditEvent.action == "retention_deleted"))
        assert gone.detail["submission_id"] == sid and gone.detail["documents"] == 2
    assert not any(blob_store(settings).exists(sha) for sha in shas)
    assert not any(p.exists() for p in paths)


def test_prune_renders_removes_this_hosts_images_of_documents_no_longer_readable(settings):
    sid = gunma(settings)
    with session_scope(settings.database_url) as s:
        docs = s.get(Submission, sid).documents
        docs[1].status = "erased"
        kept, stale = render(settings, docs[0].sha256), render(settings, docs[1].sha256)
    orphan = render(settings, "f" * 64)
    assert retention.prune_renders(settings) == 2
    assert kept.exists() and not stale.exists() and not orphan.exists()


def test_the_cli_lists_in_a_dry_run_and_deletes_only_without_it(settings):
    from intake.cli import main

    sid = gunma(settings)
    runner = CliRunner()
    dry = runner.invoke(main, ["retention", "--dry-run", "--as-of", "2026-02-09", "--json"])
    assert dry.exit_code == 0, dry.output
    [item] = json.loads(dry.output)
    assert item["submission_id"] == sid and item["state"] == "due"
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).documents[1].status == "read"
    text = runner.invoke(main, ["retention", "--dry-run", "--as-of", "2026-02-09"])
    assert f"#{sid} gunma personal_data due 2026-02-09" in text.output
    run = runner.invoke(main, ["retention", "--as-of", "2026-02-09", "--json"])
    assert json.loads(run.output)["personal_data"] == 1
    bad = runner.invoke(main, ["retention", "--as-of", "9.2.2026"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_erased_and_deleted_submissions_leave_no_search_text(settings):
    """Search text and page words are kept data too: an erased list loses its words, a deleted
    submission its search text (SQLite's FTS table has no foreign key to cascade)."""
    from intake import search
    sid = gunma(settings)
    whole = add_submission(settings, "ishigaki", [("shinsei.pdf", "application", b"%PDF app",
                                                    {"applicant.name": "八重山堂"})])
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        sub.documents[1].words = {"pages": [{"number": 1, "words": [["山田花子", 0, 0, 10, 10]]}]}
        s.flush()
        search.reindex(s, sub)
        search.reindex(s, s.get(Submission, whole))

    def found(q: str) -> set[int]:
        with session_scope(settings.database_url) as s:
            return set(s.scalars(search.matching_ids(s, q)).all())

    assert sid in found("2026-01") and whole in found("八重山堂")
    retention.apply(settings, dt.date(2026, 2, 9))
    assert sid in found("2026-01")        # the plan's values stay findable after the purchasers go
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).documents[1].words is None
        retention.delete_submission(s, s.get(Submission, whole))
    assert whole not in found("八重山堂")
