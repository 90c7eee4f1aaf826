"""A reviewer opens a password ZIP from the detail page; HEIC photos are shown like any scan."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from PIL import Image

from intake.db import session_scope
from intake.models import Submission
from intake.records import FieldValue
from tests.web.conftest import csrf_of, login, make_submission

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extractors"))
import mail_clients as mc  # noqa: E402


@pytest.fixture
def locked(app):
    """A narita e-mail submission holding a password-protected ZIP (read, waiting for the password)."""
    from intake.mail import accept_message

    row = accept_message(app.config["INTAKE_SETTINGS"], mc.outlook_ppap().raw, "intake+narita@example.jp",
                         "suzuki@narita-noen.example.jp")
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        sub = s.get(Submission, row.submission_id)
        doc = next(d for d in sub.documents if d.filename == "申請書類.zip")
        return sub.id, doc.id


def _post(client, sub_id, doc_id, password):
    page = client.get(f"/submissions/{sub_id}").get_data(as_text=True)
    return client.post(f"/submissions/{sub_id}/documents/{doc_id}/password",
                       data={"password": password, "csrf_token": csrf_of(page)})


@pytest.mark.timeout(120)
def test_a_reviewer_opens_the_zip_with_its_password(app, people, locked):
    sub_id, doc_id = locked
    client = app.test_client()
    login(client, "nora@example.jp")
    html = client.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert "パスワード付きZIPファイルです" in html and 'name="password"' in html
    wrong = _post(client, sub_id, doc_id, "not-it")
    assert wrong.status_code == 302
    assert "パスワードが違います" in client.get(wrong.headers["Location"]).get_data(as_text=True)
    right = _post(client, sub_id, doc_id, mc.PPAP_PASSWORD)
    assert right.status_code == 302
    assert "を開きました" in client.get(right.headers["Location"]).get_data(as_text=True)
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        sub = s.get(Submission, sub_id)
        names = {d.filename: d.status for d in sub.current_documents()}
        assert names["申請書類.zip"] == "expanded" and {"申請書.pdf", "誓約書.pdf"} <= set(names)
        assert {"zip_unlocked", "reread"} <= {e.action for e in _events(s, sub_id)}
    assert 'name="password"' not in client.get(f"/submissions/{sub_id}").get_data(as_text=True)


def _events(s, sub_id):
    from sqlalchemy import select

    from intake.models import AuditEvent
    return s.scalars(select(AuditEvent).where(AuditEvent.submission_id == sub_id)).all()


def test_only_the_profiles_reviewers_may_enter_a_password(app, people, locked):
    sub_id, doc_id = locked
    for name in ("rita", "alice"):             # another municipality's reviewer, a supplier
        client = app.test_client()
        login(client, f"{name}@example.jp")
        page = client.get("/", follow_redirects=True).get_data(as_text=True)
        answer = client.post(f"/submissions/{sub_id}/documents/{doc_id}/password",
                             data={"password": mc.PPAP_PASSWORD, "csrf_token": csrf_of(page)})
        assert answer.status_code == 404
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        assert not (s.get(Submission, sub_id).meta or {}).get("zip_passwords")


def test_a_heic_photo_is_shown_upright_in_the_viewer(app, people):
    import extractors.readers.image  # noqa: F401  (registers HEIF)
    img = Image.new("RGB", (300, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6                          # stored sideways: shown 200 wide, 300 high
    buf = io.BytesIO()
    img.save(buf, "HEIF", exif=exif.tobytes())
    fields = {"photo.width": FieldValue(200, 1.0, "image")}
    sid = make_submission(app.config["INTAKE_SETTINGS"], people, fields=fields, findings=[],
                          filename="IMG_0001.HEIC", data=buf.getvalue())
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        doc = s.get(Submission, sid).documents[0]
        doc.media_type, doc_id = "image/heic", doc.id
    client = app.test_client()
    login(client, "rita@example.jp")
    assert "aspect-ratio:200.00 / 300.00" in client.get(f"/submissions/{sid}").get_data(as_text=True)
    page = client.get(f"/submissions/{sid}/documents/{doc_id}/pages/1.png")
    assert page.status_code == 200 and Image.open(io.BytesIO(page.data)).size == (200, 300)
