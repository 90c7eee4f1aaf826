"""Word back to the sender: a receipt once a mailed submission is read, a notice to the supplier
when a reviewer returns, approves or rejects — queued in the `outbox` table in the transaction of
the event itself, sent by a retrying sender through INTAKE_SMTP_OUT_URL (off when empty).

Intake never waits on the outgoing server: a mail that cannot be sent stays queued, is retried
with backoff and shows its last error in the admin mail log; after MAX_ATTEMPTS it is `failed`.
One mail per event: the row's key (e.g. `receipt:12:v1`) is unique.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import logging
import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake import config
from intake.db import session_scope
from intake.mail import retry_after
from intake.models import MailMessage, OutboxMail, Submission, User, utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12
LEASE_S = 300   # a claimed mail is tried again after this if its sender died mid-way

# The texts (Japanese; sent as UTF-8 with MIME-encoded headers).
SIGNATURE = "\n\n――\n{municipality} ふるさと納税 返礼品 書類受付\nこのメールは送信専用です。ご返信いただいても確認できません。"
TEXTS = {
    "receipt": ("【受付】申請 #{id} の書類を受け付けました",
                "書類をお送りいただきありがとうございます。\n"
                "以下のとおり受け付けました。担当者が内容を確認し、結果をあらためてお知らせします。\n\n"
                "受付番号: #{id}\n受付日時: {received}\n件名: {subject}\n\n"
                "■ 受け付けた書類\n{documents}\n\n■ 読み取れなかった書類\n{unreadable}"),
    "returned": ("【差し戻し】申請 #{id} の修正をお願いします",
                 "申請 #{id} を確認しました。お手数ですが、以下の点を修正のうえ再提出してください。\n\n"
                 "■ 担当者からのメッセージ\n{comment}"),
    "approved": ("【承認】申請 #{id} を承認しました",
                 "申請 #{id} を審査し、承認しました。ご協力ありがとうございました。{comment_block}"),
    "rejected": ("【審査結果】申請 #{id} は承認されませんでした",
                 "申請 #{id} を審査した結果、今回は承認されませんでした。{comment_block}"),
}
NO_UNREADABLE = "（ありません）"


def enabled() -> bool:
    return bool(config.env_str("INTAKE_SMTP_OUT_URL", ""))


def _municipality(sub: Submission) -> str:
    from validators.profiles import load_profile
    try:
        return load_profile(sub.profile).name
    except ValueError:
        return sub.profile


def _mail_of(session: Session, sub: Submission) -> MailMessage | None:
    return session.scalar(select(MailMessage).where(MailMessage.submission_id == sub.id)
                          .order_by(MailMessage.id))


def supplier_address(session: Session, sub: Submission) -> str | None:
    """Who hears of a decision: the supplier account's address, else the sender of the mail,
    else the supplier user who uploaded it."""
    if sub.supplier is not None and sub.supplier.email:
        return sub.supplier.email
    mail = _mail_of(session, sub)
    if mail is not None and mail.sender and email.utils.parseaddr(mail.sender)[1]:
        return email.utils.parseaddr(mail.sender)[1]
    if sub.created_by:
        user = session.get(User, sub.created_by)
        if user is not None and user.role == "supplier":
            return user.email
    return None


def _queue(session: Session, sub: Submission, kind: str, to: str, subject: str, body: str,
           in_reply_to: str | None = None) -> OutboxMail | None:
    key = f"{kind}:{sub.id}:v{sub.version}"
    if session.scalar(select(OutboxMail.id).where(OutboxMail.key == key)):
        return None     # a repeated event (a task run twice); the unique key guards a race
    row = OutboxMail(key=key, submission_id=sub.id, kind=kind, recipient=to[:254], subject=subject,
                     body=body + SIGNATURE.format(municipality=_municipality(sub)),
                     in_reply_to=in_reply_to, status="queued", attempts=0, next_try_at=utcnow())
    session.add(row)
    return row


def on_read(session: Session, sub: Submission) -> OutboxMail | None:
    """The receipt of a submission that came by mail, once read: its number, its documents, and
    what could not be read. Call in the transaction that stores the result."""
    from intake.domain.catalogue import kind_short

    if not enabled() or sub.source != "email":
        return None
    mail = _mail_of(session, sub)
    to = email.utils.parseaddr(mail.sender or "")[1] if mail is not None else ""
    if not to:
        return None
    docs = [d for d in sub.current_documents() if d.status != "expanded"]
    reasons = {f.document: f.message for f in sub.findings if f.code == "DOC_UNREADABLE"}
    listed = "\n".join(f"・{d.filename}（{kind_short(d.kind) if d.kind else '未分類'}）"
                       for d in docs if d.status != "unreadable") or NO_UNREADABLE
    unreadable = "\n".join(f"・{d.filename}: {reasons.get(d.filename, '読み取れませんでした。')}"
                           for d in docs if d.status == "unreadable") or NO_UNREADABLE
    subject, body = TEXTS["receipt"]
    received = (sub.created_at + dt.timedelta(hours=9)).strftime("%Y-%m-%d %H:%M（日本時間）")
    values = {"id": sub.id, "received": received, "subject": mail.subject or "（件名なし）",
              "documents": listed, "unreadable": unreadable}
    reply_to = mail.message_id if not mail.message_id.startswith("<sha256:") else None
    return _queue(session, sub, "receipt", to, subject.format(**values), body.format(**values),
                  reply_to)


def on_decision(session: Session, sub: Submission, decision: str, comment: str | None) -> OutboxMail | None:
    """The supplier's notice of a return (with the reviewer's message), approval or rejection."""
    kind = {"return": "returned", "approve": "approved", "reject": "rejected"}.get(decision)
    if not enabled() or kind is None:
        return None
    to = supplier_address(session, sub)
    if not to:
        return None
    comment = (comment or "").strip()
    values = {"id": sub.id, "comment": comment,
              "comment_block": f"\n\n■ 担当者からのメッセージ\n{comment}" if comment else ""}
    subject, body = TEXTS[kind]
    return _queue(session, sub, kind, to, subject.format(**values), body.format(**values))


# --- sending ---------------------------------------------------------------

@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str | None
    password: str | None
    tls: str          # "" | "starttls" | "ssl"


def parse_url(url: str) -> Server:
    """smtp://[user:password@]host:port[?starttls=true], smtps:// for implicit TLS."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SystemExit("INTAKE_SMTP_OUT_URL must look like smtp://host:25 or smtps://user:pw@host:465")
    query = parse_qs(parts.query)
    tls = "ssl" if parts.scheme == "smtps" else (
        "starttls" if query.get("starttls", ["false"])[0].lower() in ("1", "true") else "")
    return Server(parts.hostname, parts.port or (465 if tls == "ssl" else 25),
                  unquote(parts.username) if parts.username else None,
                  unquote(parts.password) if parts.password else None, tls)


def compose(row: OutboxMail, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, row.recipient, row.subject
    msg["Date"] = email.utils.formatdate(localtime=False)
    msg["Message-ID"] = email.utils.make_msgid(idstring=f"intake-{row.id}",
                                               domain=sender.rsplit("@", 1)[-1] or None)
    msg["Auto-Submitted"] = "auto-replied" if row.kind == "receipt" else "auto-generated"
    if row.in_reply_to:
        msg["In-Reply-To"] = msg["References"] = row.in_reply_to
    msg.set_content(row.body, charset="utf-8", cte="base64")
    return msg


def deliver(server: Server, msg: EmailMessage, timeout: float = 30) -> None:
    cls = smtplib.SMTP_SSL if server.tls == "ssl" else smtplib.SMTP
    with cls(server.host, server.port, timeout=timeout) as client:
        if server.tls == "starttls":
            client.starttls(context=ssl.create_default_context())
        if server.user:
            client.login(server.user, server.password or "")
        client.send_message(msg)


def send_due(settings: config.Settings, limit: int = 20) -> int:
    """Send what is due; each row is claimed first (a lease), so two senders never both send it."""
    server = parse_url(settings.smtp_out_url)
    with session_scope(settings.database_url) as session:
        due = session.scalars(select(OutboxMail.id).where(
            OutboxMail.status == "queued", OutboxMail.next_try_at <= utcnow())
            .order_by(OutboxMail.id).limit(limit)).all()
    sent = 0
    for oid in due:
        with session_scope(settings.database_url) as session:
            won = session.execute(update(OutboxMail).where(
                OutboxMail.id == oid, OutboxMail.status == "queued", OutboxMail.next_try_at <= utcnow())
                .values(next_try_at=utcnow() + dt.timedelta(seconds=LEASE_S),
                        attempts=OutboxMail.attempts + 1)
                .execution_options(synchronize_session=False)).rowcount
        if not won:
            continue
        with session_scope(settings.database_url) as session:
            row = session.get(OutboxMail, oid)
            try:
                deliver(server, compose(row, settings.mail_from))
            except (smtplib.SMTPException, OSError) as exc:
                permanent = isinstance(exc, smtplib.SMTPRecipientsRefused)
                row.error = f"送信できませんでした（{row.attempts}回目）: {type(exc).__name__} {exc}"[:1000]
                if permanent or row.attempts >= MAX_ATTEMPTS:
                    row.status = "failed"
                else:
                    row.next_try_at = utcnow() + retry_after(row.attempts)
                log.warning("outbox mail %s not sent (attempt %d): %s", oid, row.attempts,
                            type(exc).__name__)
                continue
            row.status, row.sent_at, row.error = "sent", utcnow(), None
            sent += 1
    return sent


def send_forever(settings: config.Settings, stopping: threading.Event, every: float = 10.0) -> None:
    while not stopping.is_set():
        try:
            send_due(settings)
        except Exception:  # the database may be restarting
            log.exception("outbox round failed")
        stopping.wait(every)


def start(settings: config.Settings, stopping: threading.Event) -> threading.Thread | None:
    if not settings.smtp_out_url:
        return None
    parse_url(settings.smtp_out_url)   # bad settings stop the start
    thread = threading.Thread(target=send_forever, args=(settings, stopping), name="outbox", daemon=True)
    thread.start()
    return thread
