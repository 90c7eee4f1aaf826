"""EML → EmailParts: subject, sender, Message-ID, body text and attachments (nested messages flattened).

Japanese headers and filenames (RFC 2047 / RFC 2231, ISO-2022-JP, Shift_JIS) are decoded by
`email.policy.default`; bodies fall back through the usual Japanese charsets.
"""
from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.header import decode_header, make_header

from .errors import unreadable

MAX_DEPTH = 5              # message/rfc822 nesting
FALLBACK_CHARSETS = ("utf-8", "iso-2022-jp", "cp932", "euc-jp")


@dataclass
class EmailParts:
    subject: str
    sender: str
    message_id: str
    body_text: str
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def split_eml(data: bytes) -> EmailParts:
    """Parse one RFC 822 message; raise UnreadableError if it is not one."""
    if not data or not data.strip():
        raise unreadable("empty")
    try:
        msg = email.message_from_bytes(data, policy=policy.default)
        if not msg.keys():
            raise unreadable("corrupt", "no mail headers")
        bodies: list[str] = []
        attachments: list[tuple[str, bytes]] = []
        _collect(msg, bodies, attachments, 0)
        return EmailParts(subject=_header(msg, "subject"), sender=_header(msg, "from"),
                          message_id=_header(msg, "message-id"),
                          body_text="\n\n".join(b for b in bodies if b.strip()).strip(),
                          attachments=attachments)
    except Exception as e:  # malformed MIME must end as unreadable, not a traceback
        if hasattr(e, "message_en"):
            raise
        raise unreadable("corrupt", f"eml: {type(e).__name__}") from None


def _header(msg, name: str) -> str:
    raw = msg.get(name)
    if raw is None:
        return ""
    try:
        return str(raw).strip()
    except Exception:
        return str(make_header(decode_header(str(raw)))).strip()


def _collect(part: EmailMessage, bodies: list[str], attachments: list, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    ctype = part.get_content_type()
    if part.is_multipart():
        for sub in part.iter_parts():
            _collect(sub, bodies, attachments, depth + 1)
        return
    if ctype == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) else inner
        if isinstance(inner, EmailMessage):
            _collect(inner, bodies, attachments, depth + 1)
        return
    filename = _filename(part)
    disposition = part.get_content_disposition()
    if filename or disposition == "attachment" or not ctype.startswith("text/"):
        payload = part.get_payload(decode=True) or b""
        attachments.append((filename or f"attachment-{len(attachments) + 1}", payload))
        return
    text = _text(part)
    if ctype == "text/html":
        text = _strip_html(text)
        if bodies:          # a text/plain alternative was already kept
            return
    bodies.append(text)


def _filename(part) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name and "=?" in name:       # some mailers put RFC 2047 words inside a quoted filename
        name = str(make_header(decode_header(name)))
    return (name or "").replace("/", "_").replace("\\", "_").strip()


def _text(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError, ValueError):
        raw = part.get_payload(decode=True) or b""
        for cs in FALLBACK_CHARSETS:
            try:
                return raw.decode(cs)
            except UnicodeDecodeError:
                continue
        return raw.decode("utf-8", "replace")


def _strip_html(html: str) -> str:
    html = re.sub(r"(?is)<(script|style).*?</\1>", " ", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", html)
    text = re.sub(r"<[^>]+>", "", html)
    import html as html_mod
    return html_mod.unescape(text)
