"""The review sheet for the municipality's 決裁: one submission as a printable PDF — fields with
where they were read, findings with their citations and verdicts, decisions with who and when.

Drawn by reportlab with a Japanese TrueType font embedded (reportlab embeds TTF, not the CFF
outlines of Noto CJK's OTF/TTC), so the sheet prints the same on any machine.
"""
from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from flask import Blueprint, abort, send_file
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from extractors.readers.docx import LINE_STEP
from intake.models import Decision, Submission, User, utcnow

from web import fieldforms
from web.access import can_review, shown, submission_or_404
from web.auth import me
from web.serialize import shown_documents
from web.store import db
from web.views import field_label as label_of
from web.views import labels, local_time, message_of

bp = Blueprint("review_sheet", __name__, url_prefix="/submissions")
FONT = "SheetGothic"
FONT_FILES = ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",   # fonts-ipaexfont
              "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",  # fonts-vlgothic
              "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf")


class NoFont(RuntimeError):
    pass


@lru_cache(maxsize=1)
def font() -> str:
    """Register the first installed Japanese TrueType font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FONT_FILES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT, path))
            return FONT
    raise NoFont("no Japanese TrueType font installed (fonts-ipaexfont)")


def _where(row: Any, doc: Any) -> str:
    """Where a value was read: file, page, method, and its place in the page's own unit (a box in
    points or pixels, a row and column of a sheet, a line of a Word file)."""
    parts = [doc.filename]
    if row.page:
        parts.append(f"p.{row.page}")
    parts.append(labels()["METHOD"].get(row.method, row.method))
    pages = (doc.geometry or {}).get("pages") or []
    unit = pages[row.page - 1][2] if row.page and 0 < row.page <= len(pages) and len(pages[row.page - 1]) > 2 else ""
    if row.bbox and len(row.bbox) == 4:
        x0, y0 = float(row.bbox[0]), float(row.bbox[1])
        if unit == "cell":
            parts.append(_("%(row)s行目・%(col)s列目", row=int(y0) + 1, col=int(x0) + 1))
        elif unit == "line":
            parts.append(_("%(n)s行目", n=int(y0 // LINE_STEP) + 1))
        else:
            parts.append("[" + ", ".join(f"{float(v):.0f}" for v in row.bbox) + "]" + (f" {unit}" if unit else ""))
    return " · ".join(parts)


def build(sub: Submission, user: User) -> bytes:
    """The sheet as PDF bytes, with personal values masked as `user` sees them."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle)

    name = font()
    body = ParagraphStyle("body", fontName=name, fontSize=8.5, leading=11, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5)
    h1 = ParagraphStyle("h1", parent=body, fontSize=15, leading=20, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=body, fontSize=11, leading=15, spaceBefore=8, spaceAfter=3)
    lab = labels()

    def p(text: Any, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)

    def table(rows: list[list[Any]], widths: list[float], header: bool = True,
              heights: list[float | None] | None = None) -> Table:
        t = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1 if header else 0,
                  rowHeights=heights)
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa3af")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf2")))
        t.setStyle(TableStyle(style))
        return t

    decisions = list(db().scalars(select(Decision).where(Decision.submission_id == sub.id)
                                  .order_by(Decision.id)))
    ids = {d.user_id for d in decisions} | {f.decided_by for f in sub.findings} | {
        f.corrected_by for d in sub.documents for f in d.fields} | {sub.claimed_by}
    ids.discard(None)
    emails = {u.id: u.email for u in db().scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    docs = shown_documents(sub)
    story: list[Any] = [
        p(_("審査票（決裁用）"), h1),
        table([[p(_("受付番号")), p(f"#{sub.id}　{_('第%(n)s版', n=sub.version)}"),
                p(_("自治体")), p(lab["PROFILE"].get(sub.profile, sub.profile))],
               [p(_("事業者")), p(sub.supplier.name if sub.supplier else sub.source),
                p(_("状態")), p(lab["STATUS"].get(sub.status, sub.status))],
               [p(_("受付日時")), p(local_time(sub.created_at)),
                p(_("担当")), p(emails.get(sub.claimed_by, "—"))],
               [p(_("出力日時")), p(local_time(utcnow())), p(_("出力者")), p(user.email)]],
              [25, 60, 25, 60], header=False),
        Spacer(1, 4 * mm),
        table([[p(_("起案")), p(_("係長")), p(_("課長")), p(_("決裁日"))], ["", "", "", ""]],
              [42.5, 42.5, 42.5, 42.5], heights=[None, 18 * mm]),  # room for the seals
    ]

    story.append(p(_("書類"), h2))
    story.append(table([[p(_("ファイル")), p(_("種類")), p(_("読み取り方法")), p(_("ページ"))]] +
                       [[p(d.filename), p(lab["KIND"].get(d.kind, d.kind or "")),
                         p(lab["METHOD"].get(d.method, d.method or "")), p(d.pages)] for d in docs],
                       [80, 40, 30, 20]))

    story.append(p(_("読み取った項目"), h2))
    rows = [[p(_("項目")), p(_("値")), p(_("読み取った場所")), p(_("確度・修正"))]]
    for d in docs:
        for f in d.fields:
            note = f"{f.confidence * 100:.0f}%"
            if f.corrected_by:
                note += "\n" + _("修正") + f": {emails.get(f.corrected_by, f.corrected_by)} {local_time(f.corrected_at)}"
            rows.append([p(label_of(f.key)), p(fieldforms.as_text(shown(f.key, f.value, sub, user))[:600]),
                         p(_where(f, d), small), p(note, small)])
    story.append(table(rows, [35, 65, 45, 25]))

    story.append(p(_("指摘"), h2))
    rows = [[p(_("重要度")), p(_("内容・根拠")), p(_("規定")), p(_("判断"))]]
    for f in sub.findings:
        what = message_of(f) + (f"\n{_('根拠')}: {f.evidence}" if f.evidence else "") + f"\n({f.code})"
        verdict = lab["FINDING_STATUS"].get(f.status, f.status)
        if f.decided_by:
            verdict += f"\n{emails.get(f.decided_by, f.decided_by)}\n{local_time(f.decided_at)}"
        if f.reason:
            verdict += f"\n{_('理由')}: {f.reason}"
        rows.append([p(lab["SEVERITY"].get(f.severity, f.severity)), p(what), p(f.rule or "", small),
                     p(verdict, small)])
    if len(rows) == 1:
        rows.append([p("—"), p(_("指摘はありません。")), p(""), p("")])
    story.append(table(rows, [15, 90, 30, 35]))

    story.append(p(_("判断"), h2))
    rows = [[p(_("日時")), p(_("判断")), p(_("担当者")), p(_("版")), p(_("コメント"))]]
    names = {"approve": _("承認"), "reject": _("却下"), "return": _("差し戻し")}
    rows += [[p(local_time(d.created_at)), p(names.get(d.decision, d.decision)),
              p(emails.get(d.user_id, "")), p(d.version), p(d.comment or "")] for d in decisions]
    if len(rows) == 1:
        rows.append([p("—"), p(_("まだ判断されていません。")), p(""), p(""), p("")])
    story.append(table(rows, [30, 20, 45, 10, 65]))

    buf = io.BytesIO()

    def footer(canvas: Any, document: Any) -> None:
        canvas.setFont(name, 7)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"#{sub.id} — {document.page}")

    SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
                      bottomMargin=16 * mm, title=f"審査票 #{sub.id}", author="intake").build(
        story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


@bp.get("/<int:sub_id>/review-sheet.pdf")
@login_required
def sheet(sub_id: int) -> Any:
    sub = submission_or_404(sub_id, me())
    if not can_review(sub, me()):
        abort(404)
    try:
        data = build(sub, me())
    except NoFont:
        abort(503, description=_("審査票に使う日本語フォントがインストールされていません。"))
    stamp = dt.datetime.now().strftime("%Y%m%d")
    response = send_file(io.BytesIO(data), mimetype="application/pdf", max_age=0,
                         download_name=f"review-sheet-{sub.id}-{stamp}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response
