"""The admin's retention page: a dry-run listing and the contract end that periods count from."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from intake.db import session_scope
from intake.models import AuditEvent, Submission, Supplier
from tests.intake.test_retention import PURCHASERS, add_submission
from tests.web.conftest import app, cheap_hashes, csrf_of, login, people  # noqa: F401 - fixtures


def test_the_admin_sets_a_contract_end_and_sees_what_falls_due(app, people, settings):
    sid = add_submission(settings, "shika", [("list.pdf", "purchase_list", b"%PDF donors",
                                              {"purchases.rows": PURCHASERS})],
                         supplier="alice商店")
    client = app.test_client()
    login(client, "adam@example.jp")
    page = client.get("/admin/retention").get_data(as_text=True)
    assert "削除の対象はありません" in page and "別紙②" in page          # the rules, cited
    supplier_id = people.supplier_ids["alice"]
    ended = (dt.date.today() - dt.timedelta(days=120)).isoformat()
    resp = client.post(f"/admin/suppliers/{supplier_id}/contract-end",
                       data={"contract_ended_on": ended, "csrf_token": csrf_of(page)})
    assert resp.status_code == 302
    page = client.get("/admin/retention").get_data(as_text=True)
    assert f"#{sid}" in page and "削除対象" in page and "購入者・寄附者の個人情報" in page
    assert "山田" not in page                                           # a listing, not the data
    with session_scope(settings.database_url) as s:
        assert s.get(Supplier, supplier_id).contract_ended_on.isoformat() == ended
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "contract_end")).user_id \
            == people.ids["adam"]
        assert s.get(Submission, sid).documents[0].status == "read"      # a dry run deletes nothing
    bad = client.post(f"/admin/suppliers/{supplier_id}/contract-end",
                      data={"contract_ended_on": "令和8年", "csrf_token": csrf_of(page)},
                      follow_redirects=True)
    assert "YYYY-MM-DD" in bad.get_data(as_text=True)


def test_only_admins_see_the_retention_page(app, people):
    client = app.test_client()
    login(client, "rita@example.jp")
    assert client.get("/admin/retention").status_code in (403, 404)
    assert client.post(f"/admin/suppliers/{people.supplier_ids['alice']}/contract-end",
                       data={"contract_ended_on": "2026-01-01"}).status_code in (400, 403, 404)
