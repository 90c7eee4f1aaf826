"""SMTP intake over a real socket: intake+CODE@… becomes an e-mail submission."""
from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from intake.db import session_scope
from intake.models import MailMessage, Submission
from tests.conftest import SAMPLES
from tests.intake.test_integration import pg_url  # noqa: F401 — the fixture

LABEL = SAMPLES / "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings, monkeypatch):
    from intake import config
    from intake.mail import smtp_controller

    monkeypatch.setenv("INTAKE_SMTP_PORT", str(free_port()))
    s = config.load()
    controller = smtp_controller(s)
    controller.start()
    yield s
    controller.stop()


def message(to: str, mid: str = "<a1@example.jp>") -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Message-ID"] = "shop@example.jp", to, mid
    msg["Subject"] = "【ふるさと納税返礼品】申請書類の提出"
    msg.set_content("事業者名：いろは商店\n担当者：山田")
    msg.add_attachment(LABEL.read_bytes(), maintype="application", subtype="pdf",
                       filename="食品表示.pdf")
    return msg


def test_it_turns_a_message_into_a_processed_submission(smtp):
    with smtplib.SMTP("127.0.0.1", smtp.smtp_port) as client:
        client.send_message(message("intake+ishigaki@city.example.jp"))
        client.send_message(message("intake+ishigaki@city.example.jp"))  # same Message-ID
    with session_scope(smtp.database_url) as s:
        [sub] = s.scalars(select(Submission)).all()
        assert sub.source == "email" and sub.profile == "ishigaki"
        assert sub.meta["email"]["subject"].startswith("【ふるさと納税")
        assert "いろは商店" in sub.meta["email"]["body"]
        docs = {d.filename: d for d in sub.documents}
        assert docs["message.eml"].status == "expanded"
        assert docs["食品表示.pdf"].kind == "food_label"
        assert "ALLERGEN_UNDECLARED" in {f.code for f in sub.findings}
        assert len(s.scalars(select(MailMessage)).all()) == 1


def test_it_rejects_unknown_mailboxes_at_rcpt(smtp):
    with smtplib.SMTP("127.0.0.1", smtp.smtp_port) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.send_message(message("intake+atlantis@city.example.jp", "<b2@example.jp>"))


def race(s, raw: bytes, n: int = 6) -> list:
    """n entrances hand over the same message at the same moment."""
    import threading

    from intake.mail import accept_message

    barrier, results = threading.Barrier(n), []

    def one(i: int) -> None:
        barrier.wait()
        results.append(accept_message(s, raw, "intake+ishigaki@city.example.jp",
                                      source=("smtp", "imap", "folder")[i % 3]))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def assert_one_submission(s, results) -> None:
    assert sorted(r.status for r in results) == ["accepted"] + ["duplicate"] * (len(results) - 1)
    with session_scope(s.database_url) as db:
        [sub] = db.scalars(select(Submission)).all()
        [mail] = db.scalars(select(MailMessage)).all()
        assert mail.submission_id == sub.id and len(mail.arrivals) == len(results) - 1


def test_the_same_message_at_once_from_several_entrances_is_one_submission(settings, monkeypatch):
    monkeypatch.setenv("INTAKE_EAGER", "false")     # the race is about the claim, not the reading
    monkeypatch.setenv("INTAKE_BROKER_URL", "memory://")
    from intake import config
    from intake.worker import configure
    s = config.load()
    configure(s)
    raw = message("intake+ishigaki@city.example.jp", "<race@example.jp>").as_bytes()
    assert_one_submission(s, race(s, raw))


def test_the_claim_holds_on_postgresql(intake_env, pg_url, monkeypatch):
    from intake import config
    from intake.migrate import upgrade
    from intake.worker import configure

    monkeypatch.setenv("INTAKE_DATABASE_URL", pg_url)
    monkeypatch.setenv("INTAKE_EAGER", "false")
    monkeypatch.setenv("INTAKE_BROKER_URL", "memory://")
    s = config.load()
    upgrade(s.database_url)
    configure(s)
    msg = message("intake+ishigaki@city.example.jp", "<x@example.jp>")
    del msg["Message-ID"]                        # keyed by its contents
    assert_one_submission(s, race(s, msg.as_bytes(), n=8))


def test_a_mailbox_message_finds_its_profile_in_its_recipients_else_the_fallback(settings):
    from intake.mail import arrival_of

    to_intake = message("Shop <intake+ishigaki@city.example.jp>", "<p1@example.jp>").as_bytes()
    to_staff = message("furusato@city.hamada.example.jp", "<p2@example.jp>").as_bytes()
    forwarded = b"Delivered-To: intake+shika@city.example.jp\n" + to_staff
    assert arrival_of(settings, to_intake, None, None, "imap", "hamada").profile == "ishigaki"
    assert arrival_of(settings, to_staff, None, None, "imap", "hamada").profile == "hamada"
    assert arrival_of(settings, to_staff, None, None, "imap").profile is None
    assert arrival_of(settings, forwarded, None, None, "imap").profile == "shika"
