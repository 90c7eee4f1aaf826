"""Server-rendered pages: sign-in, the portal, the queue, the detail page and admin."""
from __future__ import annotations

import io
import re

import pytest

from intake.db import session_scope
from intake.models import FindingRow, Submission
from tests.web.conftest import LABEL, PASSWORD, csrf_of, label_pdf, login, make_submission


@pytest.fixture
def client(app, people):
    return app.test_client()


def post(client, url, page_url, data, **kw):
    token = csrf_of(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kw)


def test_login_logout_and_wrong_password(client):
    assert client.get("/queue/").status_code == 302
    assert login(client, "rita@example.jp", "wrong").status_code == 401
    resp = login(client, "rita@example.jp")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/queue/")
    assert "審査キュー" in client.get("/queue/").get_data(as_text=True)
    post(client, "/logout", "/queue/", {})
    assert client.get("/queue/").status_code == 302


def test_forms_need_a_csrf_token(client):
    resp = client.post("/login", data={"email": "rita@example.jp", "password": PASSWORD})
    assert resp.status_code == 400 and "フォームの有効期限" in resp.get_data(as_text=True)


def test_the_login_is_rate_limited(client):
    for _ in range(5):
        assert login(client, "rita@example.jp", "nope").status_code == 401
    resp = login(client, "rita@example.jp")  # even the right password now waits
    assert resp.status_code == 429 and "しばらく" in resp.get_data(as_text=True)


def test_session_cookie_flags(client):
    resp = login(client, "alice@example.jp")
    cookie = [h for h in resp.headers.getlist("Set-Cookie") if h.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/portal/")
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_english_switch(client):
    login(client, "alice@example.jp")
    assert "申請一覧" in client.get("/portal/").get_data(as_text=True)
    post(client, "/lang", "/portal/", {"lang": "en", "next": "/portal/"})
    html = client.get("/portal/").get_data(as_text=True)
    assert "My submissions" in html and 'lang="en"' in html


def test_a_supplier_sees_only_its_own(client, app, people):
    settings = app.config["INTAKE_SETTINGS"]
    mine = make_submission(settings, people, owner="alice")
    theirs = make_submission(settings, people, owner="bob")
    login(client, "alice@example.jp")
    html = client.get("/portal/").get_data(as_text=True)
    assert f"#{mine}" in html and f"#{theirs}" not in html
    assert "表示されていません" in html  # the finding, in plain Japanese
    assert client.get(f"/submissions/{mine}").status_code == 200
    assert client.get(f"/submissions/{theirs}").status_code == 404
    doc_page = client.get(f"/submissions/{theirs}/documents/1/pages/1.png")
    assert doc_page.status_code == 404
    assert client.get("/queue/").status_code == 404


def test_a_reviewer_sees_only_its_municipality(client, app, people):
    settings = app.config["INTAKE_SETTINGS"]
    hamada = make_submission(settings, people, profile="hamada")
    narita = make_submission(settings, people, profile="narita")
    login(client, "rita@example.jp")
    html = client.get("/queue/").get_data(as_text=True)
    assert f"#{hamada}" in html and f"#{narita}" not in html
    assert client.get(f"/submissions/{narita}").status_code == 404


def test_the_queue_is_urgent_first_with_counts_and_filters(client, app, people):
    from intake.records import Finding
    settings = app.config["INTAKE_SETTINGS"]
    warn = make_submission(settings, people, findings=[Finding(
        "FIELD_LOW_CONFIDENCE", "warning", "読み取りの確度が低い項目があります。", "Low confidence.",
        "label.pdf", "label.name", "0.5", "運用基準")])
    err_old = make_submission(settings, people)
    err_new = make_submission(settings, people)
    make_submission(settings, people, status="approved", findings=[])
    login(client, "rita@example.jp")
    html = client.get("/queue/").get_data(as_text=True)
    order = [int(x) for x in re.findall(r'data-id="(\d+)"', html)]
    assert order == [err_old, err_new, warn]
    assert re.search(r"承認済み <span class=\"count\">1</span>", html)
    assert re.search(r"要確認 <span class=\"count\">3</span>", html)
    html = client.get("/queue/?severity=3").get_data(as_text=True)
    assert [int(x) for x in re.findall(r'data-id="(\d+)"', html)] == [err_old, err_new]
    html = client.get("/queue/?kind=permit").get_data(as_text=True)
    assert "data-id=" not in html
    alice = people.supplier_ids["alice"]
    html = client.get(f"/queue/?supplier={alice}").get_data(as_text=True)
    assert f'<option value="{alice}" selected>alice商店</option>' in html
    assert len(re.findall(r'data-id="(\d+)"', html)) == 3
    assert "bob商店" not in html  # bob has nothing in hamada


def test_the_queue_pages_by_keyset(client, app, people, monkeypatch):
    from web import queue
    monkeypatch.setattr(queue, "PAGE", 2)
    settings = app.config["INTAKE_SETTINGS"]
    ids = [make_submission(settings, people) for _ in range(5)]
    login(client, "rita@example.jp")
    seen, url = [], "/queue/"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += [int(x) for x in re.findall(r'data-id="(\d+)"', html)]
        more = re.search(r'href="(/queue/\?cursor=[^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else None
    assert seen == ids


def test_the_detail_page_draws_boxes_over_the_page_image(client, app, people):
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    login(client, "rita@example.jp")
    html = client.get(f"/submissions/{sid}").get_data(as_text=True)
    img = re.search(r'<img src="([^"]+\.png)"', html).group(1)
    png = client.get(img)
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    # label.allergens_declared sits at [20, 56, 280, 68] on an A6 page (297.6 x 419.5 pt)
    box = re.search(r'class="box finding error"[^>]*style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%', html)
    assert box, html
    left, top, width = (float(v) for v in box.groups())
    assert abs(left - 20 / 297.64 * 100) < 0.1 and abs(top - 56 / 419.53 * 100) < 0.1
    assert abs(width - 260 / 297.64 * 100) < 0.1
    assert "食品表示基準 第3条第2項" in html and "バター → 乳" in html


def test_approving_with_an_open_error_is_refused_then_works_after_overruling(client, app, people):
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    login(client, "rita@example.jp")
    page = f"/submissions/{sid}"
    resp = post(client, f"{page}/decision", page, {"decision": "approve"}, follow_redirects=True)
    from intake.review import word
    assert word("refuse.open_errors", n=1)[0] in resp.get_data(as_text=True)
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        fid = s.get(Submission, sid).findings[0].id
    resp = post(client, f"{page}/findings/{fid}", page, {"verdict": "overruled", "reason": ""},
                follow_redirects=True)
    assert "理由を入力してください" in resp.get_data(as_text=True)
    post(client, f"{page}/findings/{fid}", page, {"verdict": "overruled", "reason": "乳は別途表示あり"})
    resp = post(client, f"{page}/decision", page, {"decision": "approve"}, follow_redirects=True)
    assert "承認しました" in resp.get_data(as_text=True)
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        sub = s.get(Submission, sid)
        assert sub.status == "approved" and s.get(FindingRow, fid).status == "overruled"


def test_a_claim_held_by_another_reviewer_blocks_actions(client, app, people):
    from intake.accounts import add_user
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people)
    with session_scope(settings.database_url) as s:
        add_user(s, "rei@example.jp", "reviewer", profile="hamada", password=PASSWORD)
    login(client, "rita@example.jp")
    page = f"/submissions/{sid}"
    post(client, f"/queue/{sid}/claim", page, {})
    other = app.test_client()
    login(other, "rei@example.jp")
    resp = post(other, f"{page}/decision", page, {"decision": "reject"}, follow_redirects=True)
    assert "他の審査担当者が対応中" in resp.get_data(as_text=True)
    assert "rita@example.jp" in resp.get_data(as_text=True)
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).status == "needs_review"


def test_personal_fields_are_masked_on_the_page(client, app, people):
    from intake.records import FieldValue
    fields = {"bank.account_number": FieldValue("7654321", 0.9, "text", 1, [1, 2, 3, 4])}
    sid = make_submission(app.config["INTAKE_SETTINGS"], people, fields=fields, findings=[])
    login(client, "adam@example.jp")
    html = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "7654321" not in html and "●●●" in html
    rita = app.test_client()
    login(rita, "rita@example.jp")
    assert "7654321" in rita.get(f"/submissions/{sid}").get_data(as_text=True)


def test_admin_pages(client, app, people):
    settings = app.config["INTAKE_SETTINGS"]
    failed = make_submission(settings, people, status="failed", findings=[])
    login(client, "adam@example.jp")
    assert "rita@example.jp" in client.get("/admin/users").get_data(as_text=True)
    resp = post(client, "/admin/users", "/admin/users",
                {"email": "new@example.jp", "role": "reviewer", "profile": "shika",
                 "password": "long enough pw"}, follow_redirects=True)
    assert "new@example.jp" in resp.get_data(as_text=True)
    short = post(client, "/admin/users", "/admin/users",
                 {"email": "short@example.jp", "role": "supplier", "password": "abc"},
                 follow_redirects=True).get_data(as_text=True)
    assert "10文字以上" in short and "short@example.jp" not in short
    assert "gunma" in client.get("/admin/profiles").get_data(as_text=True)
    profiles = client.get("/admin/profiles?code=hamada").get_data(as_text=True)
    assert "hamada 2(6)" in profiles and "max_pct" in profiles
    assert client.get("/admin/mail").status_code == 200
    health = client.get("/admin/health").get_data(as_text=True)
    assert f"#{failed}" in health
    rita = app.test_client()
    login(rita, "rita@example.jp")
    assert rita.get("/admin/users").status_code == 404


def test_the_portal_upload_form_fallback(client, app, people):
    login(client, "alice@example.jp")
    resp = post(client, "/portal/new", "/portal/new",
                {"profile": "hamada", "files": [(io.BytesIO(label_pdf(LABEL)), "label.pdf")]},
                content_type="multipart/form-data")
    assert resp.status_code == 302 and "/submissions/" in resp.headers["Location"]
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "label.pdf" in html
    bad = post(client, "/portal/new", "/portal/new", {"profile": "nowhere",
               "files": [(io.BytesIO(b"x"), "a.pdf")]}, content_type="multipart/form-data",
               headers={"X-Requested-With": "XMLHttpRequest"})
    assert bad.status_code == 400 and "登録されていません" in bad.json["message"]


def test_every_message_has_an_english_translation():
    """The catalog covers every string of the code and templates, and the .mo matches the .po."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    web = Path(__file__).resolve().parents[2] / "web"
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    wanted = {m[2] if isinstance(m[2], str) else m[2][0]
              for m in extract_from_dir(str(web), method_map, keywords={"_": None, "_l": None,
                                                                        "gettext": None})}
    folder = web / "translations" / "en" / "LC_MESSAGES"
    po = read_po((folder / "messages.po").open("rb"))
    mo = read_mo((folder / "messages.mo").open("rb"))
    translated = {m.id: m.string for m in po if m.id and m.string}
    assert wanted - set(translated) == set()
    assert {m.id: m.string for m in mo if m.id} == translated


def test_an_admin_assigns_a_submission_to_a_reviewer(client, app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people)
    login(client, "adam@example.jp")
    page = f"/submissions/{sid}"
    assert "rita@example.jp" in client.get(page).get_data(as_text=True)  # in the assign list
    post(client, f"/queue/{sid}/claim", page, {"user": str(people.ids["rita"])})
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).claimed_by == people.ids["rita"]
    bad = post(client, f"/queue/{sid}/claim", page, {"user": str(people.ids["alice"])},
               follow_redirects=True)
    assert "担当者を選び直してください" in bad.get_data(as_text=True)


def test_a_too_large_upload_gets_a_japanese_page(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    login(client, "alice@example.jp")
    resp = post(client, "/portal/new", "/portal/new",
                {"profile": "hamada", "files": [(io.BytesIO(b"x" * 10000), "big.pdf")]},
                content_type="multipart/form-data")
    assert resp.status_code == 413 and "ファイルが大きすぎます" in resp.get_data(as_text=True)


def test_an_e_mail_submission_shows_its_subject_and_body(client, app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, owner=None, findings=[])
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        sub.source, sub.meta = "email", {"email": {"subject": "返礼品の申請（志賀町）",
                                                    "body": "事業者名：のと商店\n担当：山田"}}
    login(client, "rita@example.jp")
    html = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "返礼品の申請（志賀町）" in html and "事業者名：のと商店" in html
