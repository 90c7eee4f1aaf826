"""Issue 12's holes that only PostgreSQL showed: integer ids and varchar lengths it refuses, and
database errors that quoted row values into the logs; and one full run (web, a real worker
process, the CLI) whose every log line is searched for seeded personal data.
"""
from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import time
from email.message import EmailMessage

import openpyxl
import pytest

from intake.db import session_scope
from intake.models import DocumentRow, FieldRow, FindingRow, Submission
from tests.conftest import SAMPLES, require_service
from tests.intake.test_integration import stop
from tests.web.conftest import LABEL, csrf_of, label_pdf, login, make_submission
from tests.web.test_postgres import pg_settings  # noqa: F401  (a fixture)
# the same tests as on SQLite, here on PostgreSQL
from tests.web.test_security import (  # noqa: F401
    client, test_a_field_key_longer_than_the_column_is_refused_with_a_message,
    test_bad_numbers_in_the_pages_are_4xx, test_the_same_file_twice_in_one_upload_is_two_documents)

pytestmark = pytest.mark.integration

ADDRESS = "群馬県桐生市秘匿町9173番地"     # seeded: a purchaser's address
NAME, PHONE = "秘山 匿子", "090-7305-1846"   # seeded: the purchaser's name and telephone
ACCOUNT = "7305918"                      # seeded: a bank account number


@pytest.fixture
def settings(pg_settings):  # noqa: F811
    """The conftest's app and people on PostgreSQL."""
    return pg_settings


@pytest.mark.parametrize("path", ["/api/v1/submissions/26918186655285", "/api/v1/submissions/2147483648"])
def test_api_ids_above_2_31_are_404(client, people, path):
    resp = client.get(path, headers=people.auth("adam"))
    assert resp.status_code == 404 and resp.json["message"] == "見つかりません。"


def test_page_ids_and_filters_above_2_31_are_404(client, app, people):
    login(client, "adam@example.jp")
    assert client.get("/submissions/2147483648").status_code == 404
    assert client.get("/queue/?supplier=99999999999").status_code == 404
    assert client.get("/submissions/2147483647").status_code == 404    # the largest id: absent
    resp = client.patch("/api/v1/submissions/2147483648/fields", headers=people.auth("rita"),
                        json={"label.name": "x"})
    assert resp.status_code == 404


def eml_with(name: str, data: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "shop@example.jp", "intake@example.jp", "申請"
    msg["Message-ID"] = "<long-name@example.jp>"
    msg.set_content("添付のとおり提出します。")
    msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes()


def test_an_attachment_name_over_255_characters_is_processed(client, app, people):
    """As found: processing failed on PostgreSQL (the name did not fit documents.filename and
    findings.document). The stored name is cut with its extension kept."""
    long_name = "食品表示ラベル_" + "とても長い名前" * 40 + ".pdf"
    assert len(long_name) > 255
    resp = client.post("/api/v1/submissions", headers=people.auth("alice"),
                       data={"profile": "hamada",
                             "files": [(io.BytesIO(eml_with(long_name, label_pdf(LABEL))), "mail.eml")]},
                       content_type="multipart/form-data")
    assert resp.status_code == 202
    sid = resp.json["id"]
    body = client.get(f"/api/v1/submissions/{sid}", headers=people.auth("alice")).json
    assert body["status"] in ("clean", "needs_review"), body["status_reason"]
    [doc] = [d for d in body["documents"] if d["kind"] == "food_label"]
    assert len(doc["source"]) == 255 and doc["source"].endswith("….pdf")
    assert doc["source"].startswith("食品表示ラベル_とても長い名前") and doc["fields"]
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        names = [f.document for f in s.query(FindingRow).filter(FindingRow.submission_id == sid)]
        rows = s.query(DocumentRow).filter(DocumentRow.submission_id == sid).count()
    assert all(n is None or len(n) <= 255 for n in names)
    from intake.worker import run
    run(app.config["INTAKE_SETTINGS"], sid)     # processed again (a retry): no extra rows
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        assert s.query(DocumentRow).filter(DocumentRow.submission_id == sid).count() == rows


def test_a_database_error_never_quotes_row_values(app, people, caplog):
    """As found: PostgreSQL's DETAIL ("Failing row contains (…)") and the bound parameters put
    field values into the error logged by the worker and the web app."""
    from intake.db import get_engine
    url = app.config["INTAKE_SETTINGS"].database_url
    assert get_engine(url).hide_parameters
    sid = make_submission(app.config["INTAKE_SETTINGS"], people)
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("intake.worker")
    from sqlalchemy.exc import IntegrityError
    with pytest.raises(IntegrityError) as caught:
        with session_scope(url) as s:
            try:
                s.add(FieldRow(document_id=None, key="bank.account_number", value=ACCOUNT,
                               extracted_value=ADDRESS))
                s.flush()
            except IntegrityError:
                log.exception("storing submission %s failed", sid)
                raise
    assert "not-null" in caplog.text and "storing submission" in caplog.text
    assert caught.value.orig.diag.message_detail      # kept for code, just not in the text
    for text in (caplog.text, str(caught.value), str(caught.value.orig)):
        assert ACCOUNT not in text and ADDRESS not in text


def seeded_files(tmp_path):
    """Real sample workbooks with a purchaser's address and a bank account replaced by ours."""
    purchases = openpyxl.load_workbook(SAMPLES / "s7v4r0_gunma_clean" / "konyu_moushikomisha.xlsx")
    sheet = purchases.active
    sheet["B3"], sheet["D3"], sheet["F3"] = NAME, ADDRESS, PHONE
    purchases.save(tmp_path / "konyu_moushikomisha.xlsx")
    application = openpyxl.load_workbook(SAMPLES / "s7v4r0_hamada_return_ratio" / "teiansho.xlsx")
    application.active["C51"] = ACCOUNT
    application.save(tmp_path / "teiansho.xlsx")
    return tmp_path / "konyu_moushikomisha.xlsx", tmp_path / "teiansho.xlsx"


def stored_values(url: str, sid: int) -> str:
    with session_scope(url) as s:
        sub = s.get(Submission, sid)
        return repr([(f.key, f.value) for d in sub.documents for f in d.fields]) + sub.status


@pytest.mark.timeout(240)
def test_seeded_personal_data_reaches_no_log(app, people, tmp_path, monkeypatch, caplog, capfd):
    """Uploads through the API to a real `intake worker` process (Redis broker), review actions,
    and `intake -v process`: the seeded address and account number are read and stored, and
    appear in no log line of the web app (caplog), the worker or the CLI (their stderr)."""
    require_service("Redis", 6379)
    import redis
    broker = "redis://127.0.0.1:6379/13"
    redis.Redis.from_url(broker).flushdb()
    settings = app.config["INTAKE_SETTINGS"]
    purchases, application = seeded_files(tmp_path)
    env = {**os.environ, "INTAKE_HOME": str(settings.home), "INTAKE_DATABASE_URL": settings.database_url,
           "INTAKE_BROKER_URL": broker, "INTAKE_EAGER": "false", "INTAKE_SECRET_KEY": "test-secret"}
    caplog.set_level(logging.DEBUG)
    import dataclasses

    from intake.worker import configure
    from web import create_app
    queued = dataclasses.replace(settings, broker_url=broker, eager=False)
    web = create_app(settings=queued).test_client()
    worker = subprocess.Popen([sys.executable, "-m", "intake.cli", "-v", "worker", "--concurrency", "1"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        ids = []
        for profile, path, copies in (("gunma", purchases, 2), ("hamada", application, 2)):
            resp = web.post("/api/v1/submissions", headers=people.auth("adam"),
                            data={"profile": profile,
                                  "files": [(io.BytesIO(path.read_bytes()), path.name)
                                            for _ in range(copies)]},
                            content_type="multipart/form-data")
            assert resp.status_code == 202, resp.get_data(as_text=True)
            ids.append(resp.json["id"])
        deadline = time.monotonic() + 90   # a failing task would still be retrying: go on, look
        while any(stored_values(settings.database_url, i).endswith(("received", "processing"))
                  for i in ids) and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
        gunma, hamada = ids
        rita = app.test_client()                         # a reviewer corrects the account number
        login(rita, "rita@example.jp")
        web.get(f"/api/v1/submissions/{hamada}", headers=people.auth("rita"))
        web.patch(f"/api/v1/submissions/{hamada}/fields", headers=people.auth("rita"),
                  json={"bank.account_number": ACCOUNT[::-1] + ACCOUNT})
        rita.get(f"/submissions/{hamada}")
    finally:
        worker_log = stop(worker)
        redis.Redis.from_url(broker).flushdb()
        configure(settings)
    cli = subprocess.run([sys.executable, "-m", "intake.cli", "-v", "process", str(purchases),
                          str(application), "--profile", "gunma", "--format", "json"],
                         env=env, capture_output=True, text=True, timeout=120)
    captured = capfd.readouterr()
    logs = {"web": caplog.text, "worker": worker_log, "cli": cli.stderr,
            "captured": captured.err + captured.out}
    secrets = (ADDRESS, "秘匿町", NAME, PHONE, ACCOUNT,
               *(json.dumps(v)[1:-1] for v in (ADDRESS, NAME)))   # also as escaped in JSON
    for where, text in logs.items():
        for secret in secrets:
            assert secret not in text, f"{secret} in the {where} log"
    # and the data was really there to leak: read, stored, printed as the CLI's result
    assert ADDRESS in stored_values(settings.database_url, gunma), worker_log[-3000:]
    assert NAME in stored_values(settings.database_url, gunma)
    assert ACCOUNT in stored_values(settings.database_url, hamada), worker_log[-3000:]
    assert ADDRESS in cli.stdout and "succeeded" in worker_log, worker_log[-3000:]
