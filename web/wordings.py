"""Admin: the wordings reviewers' picks proposed (intake.learned) — accept, reject, undo, export."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from intake import learned
from intake.models import LearnedWording, User
from intake.submissions import SubmissionError

from web.auth import me, role_required
from web.store import db
from web.uploads import profile_codes
from web.views import error_text

bp = Blueprint("wordings", __name__, url_prefix="/admin/wordings")


@bp.get("/")
@role_required("admin")
def index() -> Any:
    status = request.args.get("status", "proposed")
    status = status if status in learned.STATUSES else "proposed"
    profile = request.args.get("profile", "")
    stmt = select(LearnedWording).where(LearnedWording.status == status)
    if profile:
        stmt = stmt.where(LearnedWording.profile == profile)
    rows = db().scalars(stmt.order_by(LearnedWording.profile, LearnedWording.field_key,
                                      LearnedWording.id).limit(500)).all()
    ids = {r.decided_by for r in rows if r.decided_by} | {r.proposed_by for r in rows if r.proposed_by}
    emails = dict(db().execute(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
    return render_template("admin_wordings.html", rows=rows, status=status, profile=profile,
                           profiles=profile_codes(), statuses=learned.STATUSES, emails=emails)


@bp.post("/<int:wording_id>")
@role_required("admin")
def decide(wording_id: int) -> Any:
    verdict = request.form.get("status", "")
    try:
        row = learned.decide(db(), wording_id, verdict, me().id)
        db().commit()
        flash({"accepted": _("「%(w)s」を採用しました。次の書類から読み取りに使います。", w=row.wording),
               "rejected": _("「%(w)s」を不採用にしました。", w=row.wording),
               "proposed": _("「%(w)s」の判断を取り消しました。", w=row.wording)}[verdict], "ok")
    except SubmissionError as exc:
        db().rollback()
        flash(error_text(exc), "error")
    return redirect(request.form.get("next") if (request.form.get("next") or "").startswith("/admin/")
                    else url_for("wordings.index"))


@bp.get("/export.yaml")
@role_required("admin")
def export() -> Any:
    profile = request.args.get("profile", "")
    if profile not in profile_codes():
        abort(404)
    body = learned.export_yaml(db(), profile)
    return Response(body, mimetype="application/x-yaml", headers={
        "Content-Disposition": f'attachment; filename="wordings-{profile}.yaml"'})
