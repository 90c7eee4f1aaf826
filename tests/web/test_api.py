"""The JSON API of SPEC §7: shapes, tokens, ownership, corrections and decisions."""
from __future__ import annotations

import io

import pytest

from intake.db import session_scope
from intake.models import AuditEvent, Submission
from tests.web.conftest import make_submission

pytestmark = pytest.mark.usefixtures("people")


def validators_ready() -> bool:
    try:
        from validators.profiles import profile_codes
        import validators.engine  # noqa: F401
    except ImportError:
        return False
    return "hamada" in profile_codes()


needs_validators = pytest.mark.skipif(not validators_ready(), reason="validators not landed yet")


def test_it_requires_a_valid_token(app, people):
    client = app.test_client()
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    for headers in ({}, {"Authorization": "Bearer itk_nope"}, {"Authorization": "Basic abc"}):
        resp = client.get(f"/api/v1/submissions/{sid}", headers=headers)
        assert resp.status_code == 401
        assert resp.json["message"].startswith("認証") and resp.json["message_en"]


def test_it_returns_the_spec_shape(app, people):
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    body = app.test_client().get(f"/api/v1/submissions/{sid}", headers=people.auth("alice")).json
    assert {body["id"], body["profile"], body["status"], body["source"]} == {
        sid, "hamada", "needs_review", "upload"}
    [doc] = body["documents"]
    assert {"source", "sha256", "media_type", "kind", "method", "pages", "fields"} <= set(doc)
    assert doc["kind"] == "food_label" and doc["pages"] == 1
    name = doc["fields"]["label.name"]
    assert name == {"value": "焼菓子", "confidence": 0.98, "method": "text", "page": 1,
                    "bbox": [20.0, 40.0, 120.0, 52.0], "corrected": False}
    [finding] = body["findings"]
    assert finding["code"] == "ALLERGEN_UNDECLARED" and finding["severity"] == "error"
    assert {"message", "message_en", "document", "field", "evidence", "rule"} <= set(finding)


@pytest.mark.parametrize("viewer", ["bob", "nora"])
def test_it_checks_ownership(app, people, viewer):
    """Another supplier, or a reviewer of another municipality: 404, never 403."""
    client = app.test_client()
    sid = make_submission(app.config["INTAKE_SETTINGS"], people, owner="alice", profile="hamada")
    assert client.get(f"/api/v1/submissions/{sid}", headers=people.auth(viewer)).status_code == 404
    resp = client.post(f"/api/v1/submissions/{sid}/decision", headers=people.auth(viewer),
                       json={"decision": "reject", "comment": "x"})
    assert resp.status_code == 404
    listed = client.get("/api/v1/submissions", headers=people.auth(viewer)).json["items"]
    assert sid not in [s["id"] for s in listed]


def test_the_owner_reviewer_and_admin_can_read(app, people):
    client = app.test_client()
    sid = make_submission(app.config["INTAKE_SETTINGS"], people, owner="alice", profile="hamada")
    for who in ("alice", "rita", "adam"):
        assert client.get(f"/api/v1/submissions/{sid}", headers=people.auth(who)).status_code == 200


def test_the_list_is_newest_first_by_keyset(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    ids = [make_submission(settings, people, status=st)
           for st in ("needs_review", "clean", "needs_review", "approved", "needs_review")]
    client = app.test_client()
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/submissions", headers=people.auth("alice"),
                          query_string=query).json
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(ids, reverse=True)
    only = client.get("/api/v1/submissions?status=needs_review",
                      headers=people.auth("rita")).json["items"]
    assert [s["id"] for s in only] == [ids[4], ids[2], ids[0]]
    bad = client.get("/api/v1/submissions?cursor=%%%", headers=people.auth("alice"))
    assert bad.status_code == 400 and bad.json["message_en"] == "Invalid cursor."


def test_a_supplier_cannot_decide_or_correct(app, people):
    client = app.test_client()
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    resp = client.post(f"/api/v1/submissions/{sid}/decision", headers=people.auth("alice"),
                       json={"decision": "approve"})
    assert resp.status_code == 403 and resp.json["message"] and resp.json["message_en"]
    resp = client.patch(f"/api/v1/submissions/{sid}/fields", headers=people.auth("alice"),
                        json={"label.name": "x"})
    assert resp.status_code == 403


def test_approval_is_refused_while_an_error_is_open(app, people):
    client = app.test_client()
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    resp = client.post(f"/api/v1/submissions/{sid}/decision", headers=people.auth("rita"),
                       json={"decision": "approve"})
    assert resp.status_code == 409
    assert "エラー" in resp.json["message"] and "open" in resp.json["message_en"]
    resp = client.post(f"/api/v1/submissions/{sid}/decision", headers=people.auth("rita"),
                       json={"decision": "return", "comment": "乳の表示を追加してください。"})
    assert resp.status_code == 200 and resp.json["status"] == "returned"
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        assert s.get(Submission, sid).status_reason == "乳の表示を追加してください。"
        assert s.query(AuditEvent).filter_by(submission_id=sid, action="return").count() == 1


@pytest.mark.parametrize("body", [{"decision": "maybe"}, {}, {"comment": "x"}])
def test_bad_decisions_are_422_in_two_languages(app, people, body):
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    resp = app.test_client().post(f"/api/v1/submissions/{sid}/decision",
                                  headers=people.auth("rita"), json=body)
    assert resp.status_code == 422
    assert resp.json["message"] == "入力内容に誤りがあります。" and resp.json["message_en"]


def test_bad_corrections_are_refused(app, people):
    client = app.test_client()
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    assert client.patch(f"/api/v1/submissions/{sid}/fields", headers=people.auth("rita"),
                        json={}).status_code == 422
    resp = client.patch(f"/api/v1/submissions/{sid}/fields", headers=people.auth("rita"),
                        json={"no key": 1})
    assert resp.status_code == 422 and resp.json["detail"]["keys"] == ["no key"]


def test_an_upload_without_files_or_profile_is_refused(app, people):
    client = app.test_client()
    resp = client.post("/api/v1/submissions", headers=people.auth("alice"),
                       data={"profile": "hamada"}, content_type="multipart/form-data")
    assert resp.status_code == 422 and resp.json["message_en"]
    resp = client.post("/api/v1/submissions", headers=people.auth("alice"),
                       data={"files": [(io.BytesIO(b"%PDF-1.4"), "a.pdf")]},
                       content_type="multipart/form-data")
    assert resp.status_code == 422


def test_a_reviewer_cannot_submit_for_another_municipality(app, people):
    resp = app.test_client().post(
        "/api/v1/submissions", headers=people.auth("rita"),
        data={"profile": "narita", "files": [(io.BytesIO(b"%PDF-1.4"), "a.pdf")]},
        content_type="multipart/form-data")
    assert resp.status_code == 400 and resp.json["message"].startswith("担当の自治体")


def test_too_large_uploads_are_413_in_japanese(app, people):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    resp = app.test_client().post(
        "/api/v1/submissions", headers=people.auth("alice"),
        data={"profile": "hamada", "files": [(io.BytesIO(b"x" * 5000), "big.pdf")]},
        content_type="multipart/form-data")
    assert resp.status_code == 413 and "大きすぎ" in resp.json["message"]


def test_bank_fields_are_masked_for_the_admin_only(app, people):
    from intake.records import FieldValue

    fields = {"bank.account_number": FieldValue("1234567", 0.9, "text", 1, [1, 2, 3, 4]),
              "applicant.name": FieldValue("アリス商店", 0.9, "text", 1, [1, 2, 3, 4])}
    sid = make_submission(app.config["INTAKE_SETTINGS"], people, fields=fields, findings=[])
    client = app.test_client()

    def account(who):
        body = client.get(f"/api/v1/submissions/{sid}", headers=people.auth(who)).json
        return body["documents"][0]["fields"]["bank.account_number"]["value"]

    assert account("alice") == "1234567" and account("rita") == "1234567"
    assert account("adam") == "●●●"
    resp = client.patch(f"/api/v1/submissions/{sid}/fields", headers=people.auth("adam"),
                        json={"bank.account_number": "7654321"})
    assert resp.status_code == 403


def test_the_openapi_document_is_generated(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3")
    paths = spec["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/submissions"])
    assert "patch" in paths["/api/v1/submissions/{sub_id}/fields"]
    assert "BearerAuth" in spec["components"]["securitySchemes"]


@needs_validators
def test_a_correction_revalidates_and_is_audited(app, people):
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    resp = app.test_client().patch(f"/api/v1/submissions/{sid}/fields",
                                   headers=people.auth("rita"),
                                   json={"label.name": "焼き菓子"})
    assert resp.status_code == 200, resp.json
    name = resp.json["documents"][0]["fields"]["label.name"]
    assert name["value"] == "焼き菓子" and name["method"] == "manual" and name["corrected"]
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        assert s.query(AuditEvent).filter_by(submission_id=sid,
                                             action="field_corrected").count() == 1


@needs_validators
def test_an_upload_is_processed(app, people):
    from tests.web.conftest import LABEL, label_pdf

    client = app.test_client()
    resp = client.post("/api/v1/submissions", headers=people.auth("alice"),
                       data={"profile": "hamada",
                             "files": [(io.BytesIO(label_pdf(LABEL)), "label.pdf")]},
                       content_type="multipart/form-data")
    assert resp.status_code == 202 and resp.json["status"] == "received"
    body = client.get(f"/api/v1/submissions/{resp.json['id']}", headers=people.auth("alice")).json
    assert body["status"] in ("needs_review", "clean")
    assert body["documents"][0]["kind"] == "food_label"


def test_a_returned_submission_is_answered_with_new_files(app, people):
    from tests.web.conftest import LABEL, label_pdf
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, status="returned")
    client = app.test_client()

    def send(who):
        return client.post(f"/api/v1/submissions/{sid}/files", headers=people.auth(who),
                           data={"files": [(io.BytesIO(label_pdf(LABEL)), "label-v2.pdf")]},
                           content_type="multipart/form-data")

    assert send("bob").status_code == 404
    assert send("rita").status_code == 403
    resp = send("alice")
    assert resp.status_code == 202 and resp.json["version"] == 2
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        # the new version starts from the previous one's documents; a new name is added
        assert [d.filename for d in sub.current_documents()] == ["label.pdf", "label-v2.pdf"]
        assert len(sub.documents) == 3  # the first version is kept
    from tests.web.conftest import login
    login(client, "alice@example.jp")
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "第2版" in page and "label-v2.pdf" in page and "label.pdf" in page
    again = send("alice")  # no longer returned
    assert again.status_code == 409 and again.json["message"].startswith("差し戻された")


def test_a_submission_held_by_another_reviewer_is_not_decided_through_the_api(app, people):
    from intake.accounts import add_user, create_token
    from intake.review import claim

    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people)
    with session_scope(settings.database_url) as s:
        rei = add_user(s, "rei@example.jp", "reviewer", profile="hamada", password="pw-123456789")
        s.flush()
        token = create_token(s, rei)
        claim(s, s.get(Submission, sid), rei.id)
    resp = app.test_client().post(f"/api/v1/submissions/{sid}/decision", headers=people.auth("rita"),
                                  json={"decision": "reject", "comment": "x"})
    assert resp.status_code == 409 and resp.json["message_en"].startswith("Another reviewer")
    resp = app.test_client().post(f"/api/v1/submissions/{sid}/decision",
                                  headers={"Authorization": f"Bearer {token}"},
                                  json={"decision": "reject", "comment": "重複"})
    assert resp.status_code == 200 and resp.json["status"] == "rejected"
