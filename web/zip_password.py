"""A reviewer opens a password-protected ZIP (PPAP) by entering its password on the detail page."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from intake import mail_links, worker

from web.access import can_review, submission_or_404
from web.auth import me
from web.store import blobs, db

bp = Blueprint("zip_password", __name__, url_prefix="/submissions")
MAX_PASSWORD = 200


@bp.post("/<int:sub_id>/documents/<int:doc_id>/password")
@login_required
def open_archive(sub_id: int, doc_id: int) -> Any:
    from extractors.archive import opens_with

    sub = submission_or_404(sub_id, me(), lock=True)
    doc = next((d for d in sub.current_documents() if d.id == doc_id), None)
    if not can_review(sub, me()) or doc is None or doc.media_type != mail_links.LOCKED:
        abort(404)
    back = redirect(url_for("detail.show", sub_id=sub.id) + f"#doc-{doc.id}")
    password = request.form.get("password", "").strip()
    archive = mail_links.locked_archives(sub, blobs()).get(doc.sha256)
    if archive is None:
        flash(_("このZIPファイルはすでに開かれています。"), "ok")
        return back
    if not password or len(password) > MAX_PASSWORD or not opens_with(archive[1], password):
        flash(_("パスワードが違います。「%(name)s」を開けませんでした。", name=doc.filename), "error")
        return back
    reread = mail_links.unlock(db(), sub, doc.sha256, password, me().id)
    db().commit()
    if reread:
        worker.enqueue(sub)
    flash(_("「%(name)s」を開きました。中のファイルを読み取っています。", name=doc.filename), "ok")
    return back
