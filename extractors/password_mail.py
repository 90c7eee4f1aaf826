"""The PPAP follow-up: a short mail with no attachment that carries the password of a ZIP sent before.

Such a mail is not a submission of its own; the caller attaches it to the sender's previous one.
Recognised by what it says (パスワード / 解凍 / password in the subject or body) and by what it
lacks (attachments, a long body); the password candidates are the values after a 「パスワード：」
label, else the lines that look like nothing but a password.
"""
from __future__ import annotations

import re
import unicodedata

from .email_reader import EmailParts

MAX_BODY_CHARS = 800          # a password notice is short; an application is not
_KEYWORD = re.compile(r"パスワード|パス\s*ワード|暗証|解凍|password|passwd|\bPW\b|\bPASS\b", re.IGNORECASE)
_LABELLED = re.compile(r"(?:パスワード|パス\s*ワード|暗証番号|解凍キー|password|passwd|PW|PASS)\s*(?:は|\s)*[:：=]?\s*"
                       r"[「『【\[(（\"']?([!-~]{4,64}?)[」』】\])）\"']?\s*(?:です|となります|でございます)?[。.]?\s*$",
                       re.IGNORECASE | re.MULTILINE)
_BARE = re.compile(r"^\s*([!-~]{6,64})\s*$", re.MULTILINE)
_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)


def password_candidates(parts: EmailParts) -> list[str]:
    """The passwords this mail may carry, most likely first; empty if it is not a password mail."""
    if parts.attachments:
        return []
    body = _QUOTED.sub("", unicodedata.normalize("NFKC", parts.body_text or ""))
    body = body.split("\n-- \n", 1)[0]
    if len(body) > MAX_BODY_CHARS or not (_KEYWORD.search(parts.subject or "") or _KEYWORD.search(body)):
        return []
    found: list[str] = []
    for m in list(_LABELLED.finditer(body)) + list(_BARE.finditer(body)):
        value = m.group(1).strip()
        if value not in found and not _not_a_password(value):
            found.append(value)
    return found


def _not_a_password(value: str) -> bool:
    """Addresses, phone numbers, URLs and file names sit in such mails too."""
    return bool("@" in value or re.fullmatch(r"\(?\d{2,5}[-)]\d{1,4}-\d{3,4}", value) or value.lower().startswith(("http", "www."))
                or re.search(r"\.(zip|pdf|docx?|xlsx?|jpe?g|png)$", value, re.IGNORECASE) or set(value) <= set("-=_*#~"))
