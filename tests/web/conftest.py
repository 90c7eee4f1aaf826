"""Web fixtures: an app on a throw-away SQLite home, three kinds of users, hand-made submissions.

alice and bob are suppliers (bob must never see alice's things), rita reviews
hamada, nora reviews narita (never hamada's), adam is an admin.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A6
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from intake.accounts import add_user, create_token
from intake.blobs import LocalBlobStore
from intake.db import session_scope
from intake.models import DocumentRow, Submission
from intake.records import Document, FieldValue, Finding
from intake.submissions import store_result

PASSWORD = "correct horse 42"
FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


@dataclass
class People:
    ids: dict[str, int]
    supplier_ids: dict[str, int]
    tokens: dict[str, str]

    def auth(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2 at its smallest cost: the tests sign in often, the hashing is argon2's own business."""
    from argon2 import PasswordHasher

    from intake import accounts
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                            parallelism=1))


@pytest.fixture
def app(settings):
    from web import create_app

    return create_app(settings=settings, test_config={"TESTING": True})


@pytest.fixture
def people(settings) -> People:
    spec = {"alice": ("supplier", None), "bob": ("supplier", None),
            "rita": ("reviewer", "hamada"), "nora": ("reviewer", "narita"),
            "adam": ("admin", None)}
    ids, sup, tokens = {}, {}, {}
    with session_scope(settings.database_url) as s:
        for name, (role, profile) in spec.items():
            user = add_user(s, f"{name}@example.jp", role, profile=profile, password=PASSWORD,
                            supplier_name=f"{name}商店")
            tokens[name] = create_token(s, user)
            s.flush()
            ids[name], sup[name] = user.id, user.supplier_id
    return People(ids, sup, tokens)


def japanese_canvas(buf, pagesize, size: float) -> canvas.Canvas:
    """A reportlab canvas writing IPAexGothic text (a real text layer the PDF reader reads)."""
    if "IPAexGothic" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("IPAexGothic", FONT))
    c = canvas.Canvas(buf, pagesize=pagesize)
    c.setFont("IPAexGothic", size)
    return c


def label_pdf(lines: list[str]) -> bytes:
    """A small one-page label PDF with a Japanese text layer."""
    import io

    buf = io.BytesIO()
    c = japanese_canvas(buf, A6, 9)
    y = A6[1] - 40
    for line in lines:
        c.drawString(20, y, line)
        y -= 16
    c.save()
    return buf.getvalue()


LABEL = ["名称　焼菓子", "原材料名　小麦粉（国内製造）、バター、砂糖、鶏卵",
         "内容量　6個", "賞味期限　2027年3月1日"]


def make_submission(settings, people: People, owner: str | None = "alice", profile="hamada",
                    fields: dict[str, FieldValue] | None = None,
                    findings: list[Finding] | None = None, status="needs_review",
                    filename="label.pdf", data: bytes | None = None) -> int:
    """A processed submission written through store_result, without the extractors."""
    data = data if data is not None else label_pdf(LABEL)
    fields = fields if fields is not None else {
        "label.name": FieldValue("焼菓子", 0.98, "text", 1, [20, 40, 120, 52]),
        "label.ingredients": FieldValue(["小麦粉", "バター", "砂糖", "鶏卵"], 0.9, "text", 1,
                                        [20, 56, 280, 68]),
        "label.allergens_declared": FieldValue(["小麦", "卵"], 0.9, "text", 1, [20, 56, 280, 68]),
    }
    findings = findings if findings is not None else [Finding(
        "ALLERGEN_UNDECLARED", "error", "原材料に「乳」が含まれていますが、表示されていません。",
        "乳 is in the ingredients but not declared.", filename, "label.allergens_declared",
        "バター → 乳", "食品表示基準 第3条第2項")]
    blobs = LocalBlobStore(settings.blob_dir)
    with session_scope(settings.database_url) as s:
        sub = Submission(profile=profile, status=status,
                         supplier_id=people.supplier_ids[owner] if owner else None,
                         created_by=people.ids[owner] if owner else None)
        s.add(sub)
        sha = blobs.put(data)
        s.add(DocumentRow(submission=sub, filename=filename, sha256=sha, size=len(data),
                          media_type="application/pdf", status="read"))
        s.flush()
        doc = Document(source=filename, sha256=sha, media_type="application/pdf",
                       kind="food_label", method="text", pages=1, fields=fields, size=len(data))
        store_result(s, sub, [doc], findings)
        return sub.id


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, email: str, password: str = PASSWORD):
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_of(page)})


SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "submissions"
