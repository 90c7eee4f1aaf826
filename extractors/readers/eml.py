"""EML read on its own: the body as a text page; attachments are listed (the pipeline reads them)."""
from __future__ import annotations

from ..email_reader import split_eml
from ..kv import kvs_from_lines
from ..layout import Layout, Line, Page


def read_eml(data: bytes) -> Layout:
    parts = split_eml(data)
    texts = [t.strip() for t in ([parts.subject] if parts.subject else []) + parts.body_text.splitlines()]
    lines = [Line(text=t, bbox=[0.0, float(i), 0.0, i + 1.0]) for i, t in enumerate(texts) if t]
    page = Page(number=1, width=0.0, height=float(len(texts)), unit="line", method="email",
                lines=lines, kvs=kvs_from_lines(lines))
    return Layout(media_type="", pages=[page], method="email",
                  metadata={"subject": parts.subject, "message_id": parts.message_id,
                            "attachments": [a.name for a in parts.attachments]})
