"""The supplier portal: send files, follow one's submissions, answer a return."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from intake.models import FindingRow
from intake.submissions import SubmissionError

from web import listing, uploads
from web.access import submission_or_404
from web.auth import me, role_required
from web.store import db
from web.views import error_text

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.get("/")
@role_required("supplier")
def index() -> Any:
    page = listing.newest(me(), status=request.args.get("status") or None,
                          cursor=request.args.get("cursor") or None, limit=50)
    ids = [s.id for s in page.items]
    findings: dict[int, list[FindingRow]] = {i: [] for i in ids}
    if ids:
        rows = db().scalars(select(FindingRow).where(FindingRow.submission_id.in_(ids),
                                                     FindingRow.severity.in_(("error", "warning")),
                                                     FindingRow.status != "overruled")
                            .order_by(FindingRow.id))
        for row in rows:
            findings[row.submission_id].append(row)
    return render_template("portal.html", page=page, findings=findings)


@bp.get("/new")
@role_required("supplier")
def new() -> Any:
    return render_template("upload.html", profiles=uploads.profile_codes(),
                           chosen=request.args.get("profile", ""))


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
        return _done(url_for("portal.new"), False, error_text(exc), 400)
    return _done(url_for("detail.show", sub_id=sub.id), True,
                 _("受け付けました（受付番号 %(id)s）。読み取りが終わると結果が表示されます。", id=sub.id))


@bp.post("/<int:sub_id>/resubmit")
@role_required("supplier")
def resubmit(sub_id: int) -> Any:
    sub = submission_or_404(sub_id, me())
    files = uploads.input_files(request.files.getlist("files"), request.form.getlist("roles"))
    target = url_for("detail.show", sub_id=sub.id)
    try:
        uploads.answer_return(me(), sub, files)
    except SubmissionError as exc:
        return _done(target, False, error_text(exc), 400)
    return _done(target, True, _("修正版を受け付けました。もう一度確認します。"))

