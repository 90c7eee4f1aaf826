"""The IMAP poller against a real Dovecot started by the test: each message one submission, acted
on only after it is committed, a failure retried with backoff, a poller killed mid-message."""
from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
import time
import email.policy
from email.message import EmailMessage

import pytest
from imap_tools import MailBoxUnencrypted, MailMessageFlags
from sqlalchemy import select, update

from intake.db import session_scope
from intake.models import ImapMessage, MailMessage, Submission
from tests.conftest import SAMPLES
from tests.intake import dovecot

LABEL = SAMPLES / "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"
pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def imap_server():
    server = dovecot.start()
    yield server
    server.stop()


def message(n: int, to: str = "intake+ishigaki@city.example.jp", mid: bool = True) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"] = f"shop{n}@example.jp", to
    if mid:
        msg["Message-ID"] = f"<imap-{n}@example.jp>"
    msg["Subject"] = f"【ふるさと納税返礼品】申請書類の提出 その{n}"
    msg.set_content(f"事業者名：いろは商店{n}\n担当者：山田")
    msg.add_attachment(LABEL.read_bytes(), maintype="application", subtype="pdf", filename="食品表示.pdf")
    return msg.as_bytes(policy=email.policy.SMTP)


def append(server, *raws: bytes, folder: str = "INBOX") -> None:
    with MailBoxUnencrypted("127.0.0.1", server.port).login(dovecot.USER, dovecot.PASSWORD) as box:
        for raw in raws:
            box.append(raw, folder)


def flags(server, folder: str = "INBOX") -> list[tuple[str, ...]]:
    with MailBoxUnencrypted("127.0.0.1", server.port).login(dovecot.USER, dovecot.PASSWORD,
                                                            initial_folder=folder) as box:
        return [m.flags for m in box.fetch("ALL", mark_seen=False, headers_only=True)]


def poller_settings(monkeypatch, server, **env):
    from intake import config

    monkeypatch.setenv("INTAKE_IMAP_URL", server.url)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return config.load()


def counts(url: str) -> tuple[int, int]:
    with session_scope(url) as s:
        return len(s.scalars(select(Submission)).all()), len(s.scalars(select(MailMessage)).all())


def test_each_message_becomes_one_submission_and_is_marked_read(settings, monkeypatch, imap_server):
    from intake.imap import Poller

    append(imap_server, message(1), message(2, mid=False))
    s = poller_settings(monkeypatch, imap_server)
    assert Poller(s).poll_once() == 2
    assert all(MailMessageFlags.SEEN in f for f in flags(imap_server))
    with session_scope(s.database_url) as db:
        subs = db.scalars(select(Submission).order_by(Submission.id)).all()
        assert [x.source for x in subs] == ["email", "email"]
        assert {x.profile for x in subs} == {"ishigaki"}
        assert {d.kind for x in subs for d in x.documents} >= {"food_label"}
        mails = db.scalars(select(MailMessage).order_by(MailMessage.id)).all()
        assert [m.source for m in mails] == ["imap", "imap"]
        assert mails[1].message_id.startswith("<sha256:")   # no Message-ID: keyed by its contents
        assert {r.status for r in db.scalars(select(ImapMessage))} == {"done"}
    assert Poller(s).poll_once() == 0 and counts(s.database_url) == (2, 2)


def test_the_same_message_by_smtp_and_by_imap_is_one_submission(settings, monkeypatch, imap_server):
    from intake import config
    from intake.imap import Poller
    from intake.mail import smtp_controller
    from tests.intake.dovecot import free_port

    raw = message(3, mid=False)   # no Message-ID: the body+attachments hash must match across transports
    monkeypatch.setenv("INTAKE_SMTP_PORT", str(free_port()))
    controller = smtp_controller(config.load())
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", config.load().smtp_port) as client:
            client.sendmail("shop3@example.jp", ["intake+ishigaki@city.example.jp"],
                            b"Received: from relay.example.jp by mx; Tue, 1 Dec 2026 10:00:00 +0900\r\n" + raw)
    finally:
        controller.stop()
    append(imap_server, b"Received: from elsewhere.example.jp; Tue, 1 Dec 2026 10:00:05 +0900\r\n" + raw)
    s = poller_settings(monkeypatch, imap_server, INTAKE_IMAP_DONE="move:Done")
    assert Poller(s).poll_once() == 1
    assert counts(s.database_url) == (1, 1)
    with session_scope(s.database_url) as db:
        [mail] = db.scalars(select(MailMessage)).all()
        assert mail.source == "smtp" and [a["source"] for a in mail.arrivals] == ["imap"]
    assert flags(imap_server) == [] and len(flags(imap_server, "Done")) == 1   # moved once stored


def test_a_failed_message_is_retried_with_backoff_not_skipped(settings, monkeypatch, imap_server):
    from intake.imap import Poller

    append(imap_server, message(4))
    s = poller_settings(monkeypatch, imap_server, INTAKE_IMAP_DONE="flag")
    s.blob_dir.parent.mkdir(parents=True, exist_ok=True)
    s.blob_dir.write_text("not a folder")           # storing the raw message fails
    poller = Poller(s)
    assert poller.poll_once() == 0
    assert flags(imap_server) == [()]               # not acted on: neither read nor flagged
    with session_scope(s.database_url) as db:
        [state] = db.scalars(select(ImapMessage)).all()
        assert state.status == "failed" and state.attempts == 1 and "再試行" in state.error
    s.blob_dir.unlink()
    assert poller.poll_once() == 0 and counts(s.database_url) == (0, 0)   # still backing off
    with session_scope(s.database_url) as db:    # the backoff has passed
        db.execute(update(ImapMessage).values(next_try_at=None))
    assert poller.poll_once() == 1
    assert counts(s.database_url) == (1, 1)
    assert MailMessageFlags.FLAGGED in flags(imap_server)[0]
    assert poller.poll_once() == 0 and counts(s.database_url) == (1, 1)   # flagged, still unseen: remembered


@pytest.mark.timeout(240)
def test_a_poller_killed_mid_message_loses_nothing_and_doubles_nothing(intake_env, tmp_path, imap_server):
    """SIGKILL once the first message is committed but before it is marked read; the restarted
    poller marks it read without a second submission and takes the rest."""
    from intake import config
    from intake.migrate import upgrade

    append(imap_server, message(5), message(6), message(7, mid=False))
    env = {**os.environ, "INTAKE_HOME": str(tmp_path / "var"), "INTAKE_SECRET_KEY": "test-secret",
           "INTAKE_EAGER": "true", "INTAKE_READ_ISOLATED": "false", "INTAKE_IMAP_URL": imap_server.url,
           "INTAKE_IMAP_POLL_S": "1", "INTAKE_SMTP_PORT": str(dovecot.free_port())}
    env.pop("INTAKE_DATABASE_URL", None)
    url = config.load().database_url
    upgrade(url)

    def start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "intake.cli", "mail"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def states() -> list[str]:
        with session_scope(url) as s:
            return [r.status for r in s.scalars(select(ImapMessage).order_by(ImapMessage.uid))]

    proc = start()
    try:
        deadline = time.monotonic() + 120
        while "stored" not in states():           # committed, its processing running, not yet acted on
            assert proc.poll() is None and time.monotonic() < deadline, "the poller never stored a message"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert "stored" in states()
        assert sum(MailMessageFlags.SEEN in f for f in flags(imap_server)) < 3
        proc = start()
        deadline = time.monotonic() + 120
        while states() != ["done"] * 3 or len(flags(imap_server)) != 3 or not all(
                MailMessageFlags.SEEN in f for f in flags(imap_server)):
            assert proc.poll() is None and time.monotonic() < deadline, f"not all taken in: {states()}"
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
    with session_scope(url) as s:
        subs = s.scalars(select(Submission)).all()
        mails = s.scalars(select(MailMessage)).all()
        assert len(subs) == 3 and len(mails) == 3
        assert sorted(m.subject[-3:] for m in mails) == ["その5", "その6", "その7"]
        assert all(m.arrivals == [] for m in mails)     # no second arrival was even needed
