"""The one place an e-mail is unpacked: EML → EmailParts (sender, subject, body, attachments).

Parsed by structure with `email.policy.default`, whatever headers a client adds. Text is decoded
by `charsets` (Outlook's CP50220/cp932 included), names by `mail_headers`. What is a document:

- every part with a file name or `attachment` disposition, and any non-text part — also inline
  ones in multipart/mixed (iPhone Mail sends photos and PDFs inline);
- in multipart/related (an HTML body and its pictures) a small image is the body's decoration
  (a signature logo) and is listed in `inline`, not read; a large one is a document;
- a forwarded message (message/rfc822, or an .eml file) is opened: its attachments are documents,
  its body is appended, its sender is recorded in `forwarded`; so is the sender of a forward
  quoted in the body (「---------- Forwarded message ---------」, 「-----Original Message-----」);
- a ZIP is opened into its files (`archive`, count and size limits); one that needs a password,
  is over the limits, or a message nested deeper than `max_depth` is kept as an attachment with
  its `refusal`, bytes intact.

Each attachment is sniffed once, here; its media type travels with it.
"""
from __future__ import annotations

import email
import html as html_mod
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message

from . import charsets, detect, mail_headers
from .archive import ZipLimits, expand
from .errors import unreadable
from .layout import UnreadableError

SIGNATURES = ("application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
              "application/pgp-keys")     # S/MIME and PGP parts: never a document
_FORWARD = re.compile(r"(?im)^[ \t>]*(?:-{3,}\s*(?:Forwarded message|Original Message|転送メッセージ|元のメッセージ|"
                      r"転送されたメッセージ)\s*-{3,}|Begin forwarded message:|転送されたメッセージ[:：]|"
                      r"-{3,}\s*Original Message\s*-{3,})")
_FORWARD_FROM = re.compile(r"(?im)^[ \t>]*(?:From|差出人|送信者|送信元)\s*[:：]\s*(.+)$")


@dataclass(frozen=True)
class MailLimits:
    max_depth: int = 3                     # containers within containers: forwards, .eml files, ZIPs
    zip: ZipLimits = ZipLimits()
    decoration_bytes: int = 32 * 1024      # an inline picture of an HTML body under this is decoration


@dataclass
class Attachment:
    name: str
    data: bytes
    media_type: str                         # sniffed once, here
    origin: str = ""                        # the archive or forwarded message it came out of
    refusal: UnreadableError | None = None  # kept, not read: a ZIP needing its password, over limits …


@dataclass
class Forwarded:
    sender: str          # as written: display name and address
    address: str         # lower case
    subject: str = ""


@dataclass
class EmailParts:
    subject: str
    sender: str
    message_id: str
    body_text: str
    attachments: list[Attachment] = field(default_factory=list)
    sender_address: str = ""
    forwarded: list[Forwarded] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)        # decorations of an HTML body, not read

    def addresses(self) -> list[str]:
        """The outer sender's address first, then every forwarded sender's (each once)."""
        seen: list[str] = []
        for addr in [self.sender_address] + [f.address for f in self.forwarded]:
            if addr and addr not in seen:
                seen.append(addr)
        return seen


def parse(data: bytes) -> Message:
    """The message by structure; UnreadableError if these bytes are no mail."""
    if not data or not data.strip():
        raise unreadable("empty")
    msg = email.message_from_bytes(data, policy=policy.default)
    if not msg.keys():
        raise unreadable("corrupt", "no mail headers")
    return msg


def split_eml(data: bytes, limits: MailLimits = MailLimits(), passwords: tuple[str, ...] = ()) -> EmailParts:
    """Unpack one RFC 822 message; raise UnreadableError if it is not one."""
    try:
        msg = parse(data)
        walker = _Walker(limits, tuple(passwords))
        walker.message(msg, 0)
        name, addr = mail_headers.address(mail_headers.raw(msg, "from"))
        body = "\n\n".join(b for b in walker.bodies if b.strip()).strip()
        parts = EmailParts(subject=mail_headers.text(mail_headers.raw(msg, "subject")),
                           sender=_display(name, addr), sender_address=addr,
                           message_id=(mail_headers.raw(msg, "message-id") or "").strip(),
                           body_text=body, attachments=walker.attachments,
                           forwarded=walker.forwarded + _quoted_forwards(body), inline=walker.inline)
    except UnreadableError:
        raise
    except Exception as e:  # malformed MIME must end as unreadable, not a traceback
        raise unreadable("corrupt", f"eml: {type(e).__name__}") from None
    return parts


def unpack_file(name: str, data: bytes, media_type: str, limits: MailLimits = MailLimits(),
                passwords: tuple[str, ...] = ()) -> list[Attachment]:
    """The files inside a ZIP (or an .eml) sent as a file of its own, each sniffed once."""
    walker = _Walker(limits, tuple(passwords))
    walker.file(name, data, 0, "", media_type)
    return walker.attachments or [Attachment(name, data, media_type, refusal=unreadable("no_content", "empty"))]


class _Walker:
    def __init__(self, limits: MailLimits, passwords: tuple[str, ...]):
        self.limits, self.passwords = limits, passwords
        self.bodies: list[str] = []
        self.attachments: list[Attachment] = []
        self.forwarded: list[Forwarded] = []
        self.inline: list[str] = []

    def message(self, msg: Message, depth: int, origin: str = "") -> None:
        if depth:
            name, addr = mail_headers.address(mail_headers.raw(msg, "from"))
            if addr or name:
                self.forwarded.append(Forwarded(_display(name, addr), addr,
                                                mail_headers.text(mail_headers.raw(msg, "subject"))))
        self.part(msg, depth, body=True, origin=origin)

    def part(self, p: Message, depth: int, body: bool, origin: str, related: bool = False) -> None:
        ctype = p.get_content_type()
        if p.is_multipart() and ctype != "message/rfc822":
            self.multipart(p, depth, body, origin)
        elif ctype == "message/rfc822":
            inner = p.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            name = mail_headers.filename(p) or "forwarded.eml"
            if isinstance(inner, Message):
                self.contained(name, inner.as_bytes(policy=policy.default), depth, origin,
                               lambda: self.message(inner, depth + 1, name))
        elif ctype in SIGNATURES:
            return
        elif self.is_file(p, ctype):
            data = p.get_payload(decode=True) or b""
            name = mail_headers.filename(p) or _generated_name(ctype, len(self.attachments) + 1)
            if related and ctype.startswith("image/") and len(data) < self.limits.decoration_bytes:
                self.inline.append(name)
            else:
                self.file(name, data, depth, origin)
        elif body:
            text = body_text(p)
            if ctype == "text/html":
                text = strip_html(text)
            self.bodies.append(text)

    def multipart(self, p: Message, depth: int, body: bool, origin: str) -> None:
        children = list(p.iter_parts())
        subtype = p.get_content_subtype()
        if subtype == "alternative":       # one branch is the body; the others may still hold files
            plain = [c for c in children if c.get_content_type() == "text/plain"]
            chosen = plain[0] if plain else (children[-1] if children else None)
            for c in children:
                self.part(c, depth, body and c is chosen, origin)
        elif subtype == "related":         # the first part is the body, the rest what it shows
            for i, c in enumerate(children):
                self.part(c, depth, body and i == 0, origin, related=i > 0)
        else:
            for c in children:
                self.part(c, depth, body, origin)

    @staticmethod
    def is_file(p: Message, ctype: str) -> bool:
        disposition = p.get_content_disposition()
        return bool(disposition == "attachment" or mail_headers.filename(p) or not ctype.startswith("text/"))

    def file(self, name: str, data: bytes, depth: int, origin: str, media: str | None = None) -> None:
        """One file: a message or a ZIP is opened (within the depth limit), anything else kept."""
        media = media or detect.sniff(data, name)
        if media == detect.EML:
            try:
                inner = parse(data)
            except UnreadableError:
                inner = None
            if inner is not None:
                self.contained(name, data, depth, origin, lambda: self.message(inner, depth + 1, name))
                return
        if media in (detect.ZIP, detect.ENCRYPTED_ZIP):
            self.contained(name, data, depth, origin, lambda: self.archive(name, data, depth), media)
            return
        self.attachments.append(Attachment(name, data, media, origin))

    def contained(self, name: str, data: bytes, depth: int, origin: str, open_it,  # noqa: ANN001
                  media: str = detect.EML) -> None:
        if depth + 1 > self.limits.max_depth:
            self.attachments.append(Attachment(name, data, media, origin,
                                               unreadable("mail_too_deep", f"depth {depth + 1}")))
            return
        open_it()

    def archive(self, name: str, data: bytes, depth: int) -> None:
        try:
            members = expand(data, self.limits.zip, self.passwords)
        except UnreadableError as refusal:
            media = detect.ENCRYPTED_ZIP if refusal.reason == "zip_password" else detect.ZIP
            self.attachments.append(Attachment(name, data, media, refusal=refusal))
            return
        for member, content in members:
            self.file(member, content, depth + 1, name)


def body_text(part: Message) -> str:
    """A text part's content, by its declared charset when that reads it; format=flowed unwrapped."""
    raw = part.get_payload(decode=True) or b""
    text = charsets.decode(raw, part.get_content_charset())
    if (part.get_param("format") or "").lower() == "flowed":
        text = _unflow(text, (part.get_param("delsp") or "").lower() == "yes")
    return text.replace("\r\n", "\n")


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676: a line ending in a space continues on the next (Thunderbird wraps at 72)."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if out and out[-1].endswith(" ") and out[-1] != "-- ":
            out[-1] = (out[-1][:-1] if delsp else out[-1]) + line.removeprefix(" ")
        else:
            out.append(line.removeprefix(" ") if line.startswith(" ") else line)
    return "\n".join(out)


def strip_html(text: str) -> str:
    text = re.sub(r"(?is)<(script|style|head).*?</\1>", " ", text)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>|</li>|</h[1-6]>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)+", "\n\n", html_mod.unescape(text)).strip()


def _quoted_forwards(body: str) -> list[Forwarded]:
    """Senders of forwards quoted in the body: the first From line after each forward marker."""
    found: list[Forwarded] = []
    for marker in _FORWARD.finditer(body):
        m = _FORWARD_FROM.search(body, marker.end(), marker.end() + 600)
        if m:
            name, addr = mail_headers.address(m.group(1).strip())
            if "@" in addr:
                found.append(Forwarded(_display(name, addr), addr))
    return found


def _display(name: str, addr: str) -> str:
    return f"{name} <{addr}>" if name and addr else (addr or name)


def _generated_name(ctype: str, n: int) -> str:
    ext = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/heic": ".heic",
           "image/gif": ".gif", "text/plain": ".txt"}.get(ctype, "")
    return f"attachment-{n}{ext}"
