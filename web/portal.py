"""The supplier portal: send files, follow one's submissions, answer a return.

Suppliers read plain Japanese: what is wrong and what to do, never codes, field keys,
confidences or internal references.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from intake.models import DocumentRow, FindingRow, Submission
from intake.submissions import ACTIVE, SubmissionError

from web import listing, uploads
from web.access import submission_or_404
from web.auth import me, role_required
from web.serialize import shown_documents
from web.store import db
from web.views import error_text, field_label, lang

bp = Blueprint("portal", __name__, url_prefix="/portal")
REFRESH_SECONDS = 5   # while reading, the supplier's pages reload themselves this often


@dataclass
class Advice:
    severity: str
    text: str          # what is wrong
    action: str        # what to do
    document: str | None


def advice(row: FindingRow) -> Advice:
    from validators.findings import for_supplier

    label = field_label(row.field) if row.field else None
    text, action = for_supplier(row.code, row.message_en if lang() == "en" else row.message, lang(),
                                document=row.document, label=label)
    return Advice(row.severity, text, action, row.document)


def _shown_findings(rows: list[FindingRow]) -> list[Advice]:
    """Errors, then warnings, that a reviewer has not set aside."""
    rows = [f for f in rows if f.severity in ("error", "warning") and f.status != "overruled"]
    return [advice(f) for f in sorted(rows, key=lambda f: (f.severity != "error", f.id))]


@bp.get("/")
@role_required("supplier")
def index() -> Any:
    page = listing.newest(me(), status=request.args.get("status") or None,
                          cursor=request.args.get("cursor") or None, limit=50)
    ids = [s.id for s in page.items]
    rows: dict[int, list[FindingRow]] = {i: [] for i in ids}
    if ids:
        for row in db().scalars(select(FindingRow).where(FindingRow.submission_id.in_(ids))
                                .order_by(FindingRow.id)):
            rows[row.submission_id].append(row)
    findings = {i: _shown_findings(r) for i, r in rows.items()}
    reading = any(s.status in ACTIVE for s in page.items)
    return render_template("portal.html", page=page, findings=findings,
                           refresh=REFRESH_SECONDS if reading else None)


def show(sub: Submission) -> Any:
    """A supplier's own submission: where it stands and what to do (rendered for detail.show)."""
    docs = shown_documents(sub)
    unreadable = {f.document: advice(f) for f in sub.findings if f.code == "DOC_UNREADABLE"}
    findings = _shown_findings([f for f in sub.findings if f.code != "DOC_UNREADABLE"])
    return render_template("supplier_detail.html", sub=sub, docs=docs, findings=findings,
                           unreadable=unreadable, reading=sub.status in ACTIVE,
                           refresh=REFRESH_SECONDS if sub.status in ACTIVE else None,
                           limits=uploads.limits_text())


@bp.get("/new")
@role_required("supplier")
def new() -> Any:
    return render_template("upload.html", profiles=uploads.profile_codes(),
                           chosen=request.args.get("profile", ""), limits=uploads.limits_text())


def _done(target: str, ok: bool, message: str, status: int = 200) -> Any:
    """Answer the upload script with JSON, the plain form with a redirect."""
    xhr = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    if ok or not xhr:  # the script shows a refusal in place; anything else shows after the redirect
        flash(message, "ok" if ok else "error")
    if xhr:
        return jsonify({"ok": ok, "message": message, "redirect": target}), status
    return redirect(target)


@bp.post("/new")
@role_required("supplier")
def upload() -> Any:
    files = uploads.input_files(request.files.getlist("files"), request.form.getlist("roles"))
    try:
        sub = uploads.accept(me(), request.form.get("profile", ""), files)
    except SubmissionError as exc:
        return _done(url_for("portal.new", profile=request.form.get("profile", "")), False,
                     error_text(exc), 400)
    return _done(url_for("detail.show", sub_id=sub.id), True,
                 _("受け付けました（受付番号 %(id)s）。読み取りが終わると結果が表示されます。", id=sub.id))


def _previous(sub: Submission) -> list[DocumentRow]:
    return [d for d in sub.current_documents() if d.parent_id is None]


@bp.get("/<int:sub_id>/resubmit")
@role_required("supplier")
def revise(sub_id: int) -> Any:
    """The next version, started from this one's documents: keep, replace, remove or add."""
    sub = submission_or_404(sub_id, me())
    if sub.status != "returned":
        return redirect(url_for("detail.show", sub_id=sub.id))
    return render_template("resubmit.html", sub=sub, docs=_previous(sub),
                           findings=_shown_findings(list(sub.findings)), limits=uploads.limits_text())


@bp.post("/<int:sub_id>/resubmit")
@role_required("supplier")
def resubmit(sub_id: int) -> Any:
    sub = submission_or_404(sub_id, me())
    files = uploads.input_files(request.files.getlist("files"), request.form.getlist("roles"))
    remove, replace = [], {}
    if request.form.get("listed"):  # the revision form names every previous document
        keep = set(request.form.getlist("keep"))
        for doc in _previous(sub):
            new = uploads.input_files([request.files.get(f"replace-{doc.id}")], [doc.role or ""])
            if new:
                replace[doc.id] = new[0]
            elif str(doc.id) not in keep:
                remove.append(doc.id)
    try:
        uploads.answer_return(me(), sub, files, remove=remove, replace=replace)
    except SubmissionError as exc:
        return _done(url_for("portal.revise", sub_id=sub.id), False, error_text(exc), 400)
    return _done(url_for("detail.show", sub_id=sub.id), True,
                 _("修正版を受け付けました。もう一度確認します。"))
