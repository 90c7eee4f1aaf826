"""One submission: page images with boxes, fields (editable), findings, decisions, history."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from intake.models import AuditEvent, DocumentRow, FieldRow, FindingRow, Submission, Supplier, User
from intake.review import BAD_KEY, DECIDABLE, assign_supplier, bad_keys, claim, correct_fields, decide, judge_finding
from intake.submissions import SubmissionError

from intake import learned, pagewords
from intake.domain import catalogue
from web import fieldforms, pages
from web.access import can_review, may_read, shown, submission_or_404
from web.auth import me, safe_next
from web.serialize import shown_documents
from web.store import db
from web.views import error_text, field_label, finding_title, lang

bp = Blueprint("detail", __name__, url_prefix="/submissions")


@dataclass
class Box:
    kind: str                  # field | finding <severity> | label (where a missing field's label is)
    key: str
    label: str
    style: dict
    target: str                # the id of the row it belongs to


@dataclass
class PageView:
    number: int
    url: str
    size: tuple[float, float]
    boxes: list[Box] = field(default_factory=list)
    words: list[list] = field(default_factory=list)   # [text, left%, top%, width%, height%, x0, y0, x1, y1]


@dataclass
class DocView:
    row: DocumentRow
    pages: list[PageView] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)
    addable: list[tuple[str, str]] = field(default_factory=list)   # (key, Japanese label) not yet read
    no_pages: str | None = None   # why there is no page image (conversion failed, personal data)


def _field_of(sub: Submission, finding: FindingRow) -> FieldRow | None:
    if not finding.field:
        return None
    docs = shown_documents(sub)
    preferred = [d for d in docs if d.id == finding.document_id] + docs
    return next((f for d in preferred for f in d.fields if f.key == finding.field), None)


def _percent(box: list[float] | None, wp: dict | None) -> dict | None:
    """A box in the reader's unit as percent of its page (the page's own size, kept with the words)."""
    if not box or not wp or wp["w"] <= 0 or wp["h"] <= 0:
        return None
    x0, y0, x1, y1 = box
    return {"left": round(x0 / wp["w"] * 100, 3), "top": round(y0 / wp["h"] * 100, 3),
            "width": round(max((x1 - x0) / wp["w"] * 100, 0.4), 3),
            "height": round(max((y1 - y0) / wp["h"] * 100, 0.4), 3)}


def _labels_of(key: str) -> list[str]:
    spec = catalogue.field_spec(key)
    return [] if spec is None else sorted({spec.ja, *spec.labels}, key=len, reverse=True)


def locate_findings(sub: Submission, docs: list[DocumentRow]) -> tuple[dict, dict]:
    """Where each field-level finding points: its field's box, else its label's box on the page
    (a field that was not read), else nowhere — shown as 「ページ上に見つかりません」.
    Returns ({field row id: [findings]}, {finding id: (document id, page, bbox, how) | None})."""
    by_field: dict[int, list[FindingRow]] = defaultdict(list)
    where: dict[int, tuple | None] = {}
    for finding in sub.findings:
        if not finding.field:
            continue
        row = _field_of(sub, finding)
        if row is not None:
            by_field[row.id].append(finding)
            if row.page and row.bbox:
                where[finding.id] = (row.document_id, row.page, row.bbox, "field")
                continue
        where[finding.id] = None
        preferred = [d for d in docs if d.id == finding.document_id] or docs
        for doc in preferred:
            hit = pagewords.find(doc.words, _labels_of(finding.field))
            if hit:
                where[finding.id] = (doc.id, hit[0], hit[1], "label")
                break
    return by_field, where


def doc_views(sub: Submission, user: User, editable: bool = False) -> tuple[list[DocView], dict]:
    docs = shown_documents(sub)
    findings_by_field, where = locate_findings(sub, docs)
    by_id = {f.id: f for f in sub.findings}
    en = lang() == "en"
    views = []
    for doc in docs:
        view = DocView(doc)
        words = doc.words if pages.renderable(doc) else None
        sizes = pages.page_sizes(doc) if pages.renderable(doc) else []
        view.no_pages = pages.no_pages_reason(doc, sub, user)
        if view.no_pages:
            sizes = []
        for n, size in enumerate(sizes, start=1):
            wp = pagewords.page(words, n)
            page = PageView(n, url_for("pages.image", sub_id=sub.id, doc_id=doc.id, number=n), size)
            for f in doc.fields:
                # the text's own box where the page words show it (a stored cell is wider), else
                # where the field was placed (a Word/Excel value found on the converted page)
                tight = _percent(pagewords.tight(words, n, f.bbox), wp) if f.page == n and f.bbox else None
                style = tight or pages.placed(doc, f, n, size)
                if style is None:
                    continue
                page.boxes.append(Box("field", f.key, field_label(f.key), style, f"field-{f.id}"))
                for finding in findings_by_field.get(f.id, []):
                    page.boxes.append(Box("finding " + finding.severity, f.key, finding_title(finding.code),
                                          style, f"finding-{finding.id}"))
            for fid, hit in where.items():
                if hit and hit[3] == "label" and hit[0] == doc.id and hit[1] == n:
                    style = _percent(hit[2], wp)
                    if style is None:
                        where[fid] = None
                        continue
                    finding = by_id[fid]
                    page.boxes.append(Box("label finding " + finding.severity, finding.field,
                                          finding_title(finding.code), style, f"finding-{fid}"))
            if editable and wp:
                page.words = [[w[0], *_percent(w[1:5], wp).values(), *w[1:5]] for w in wp["words"]]
            view.pages.append(page)
        present = {f.key for f in doc.fields}
        if doc.kind:
            view.addable = [(k, spec.en if en else spec.ja) for k, spec in catalogue.fields(doc.kind).items()
                            if k not in present and may_read(k, sub, user)]
        for f in doc.fields:
            readable = may_read(f.key, sub, user)
            value = shown(f.key, f.value, sub, user)
            view.fields.append({
                "row": f, "readable": readable, "text": fieldforms.as_text(value),
                "multiline": "\n" in fieldforms.as_text(value),
                "table": fieldforms.is_table(f.value), "grid": fieldforms.as_grid(value, f.key, en),
                "extracted": fieldforms.as_text(shown(f.key, f.extracted_value, sub, user)),
                "flagged": [x.severity for x in findings_by_field.get(f.id, [])]})
        views.append(view)
    drawn = {b.target for v in views for p in v.pages for b in p.boxes}
    located = {fid: f"finding-{fid}" in drawn for fid in where}   # a box on a page one can see
    return views, located


def history(sub: Submission) -> tuple[list[AuditEvent], dict[int, str]]:
    events = list(db().scalars(select(AuditEvent).where(AuditEvent.submission_id == sub.id)
                               .order_by(AuditEvent.id)))
    ids = {e.user_id for e in events if e.user_id} | ({sub.claimed_by} if sub.claimed_by else set())
    emails = {u.id: u.email for u in db().scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    return events, emails


@bp.get("/<int:sub_id>")
@login_required
def show(sub_id: int) -> Any:
    sub = submission_or_404(sub_id, me())
    if me().role == "supplier":
        from web import portal
        return portal.show(sub)
    events, emails = history(sub)
    reviewers = []
    if me().role == "admin":
        reviewers = list(db().scalars(select(User).where(
            User.role == "reviewer", User.profile == sub.profile, User.active.is_(True))))
    older = [d for d in sub.documents if d.version < sub.version and d.status != "expanded"]
    reviewer = can_review(sub, me())
    suppliers = []   # a submission from the scanner folder waits for a reviewer to name its supplier
    if sub.supplier_id is None and reviewer:
        suppliers = db().scalars(select(Supplier).order_by(Supplier.name).limit(500)).all()
    docs, located = doc_views(sub, me(), editable=reviewer and sub.status in DECIDABLE)
    return render_template("detail.html", sub=sub, docs=docs, located=located, events=events,
                           older=older, suppliers=suppliers,
                           emails=emails, reviewer=reviewer,
                           reviewers=reviewers,
                           blocking=[f for f in sub.findings
                                     if f.severity == "error" and f.status == "open"])


def _reviewable(sub_id: int) -> Submission:
    sub = submission_or_404(sub_id, me(), lock=True)
    if not can_review(sub, me()):
        abort(404)
    return sub


def _hold(sub: Submission) -> bool:
    """Act only on what one holds: claim a free submission, refuse one another reviewer holds."""
    if sub.claimed_by == me().id:
        return True
    if sub.claimed_by is not None:
        flash(_("他の審査担当者が対応中です。引き継ぐ場合は「引き継ぐ」を押してください。"), "error")
        return False
    claim(db(), sub, me().id)
    return True


def _act(sub: Submission, action) -> bool:  # noqa: ANN001
    """Run a review action in one transaction, flashing its refusal in the user's language."""
    try:
        if _hold(sub):
            action()
            db().commit()
            return True
    except SubmissionError as exc:
        flash(error_text(exc), "error")
    db().rollback()
    return False


@bp.post("/<int:sub_id>/supplier")
@login_required
def supplier(sub_id: int) -> Any:
    sub = _reviewable(sub_id)
    try:
        assign_supplier(db(), sub, request.form.get("supplier", type=int) or 0, me().id)
        db().commit()
        flash(_("事業者を割り当てました。"), "ok")
    except SubmissionError as exc:
        db().rollback()
        flash(error_text(exc), "error")
    return redirect(url_for("detail.show", sub_id=sub_id))


@bp.post("/<int:sub_id>/fields")
@login_required
def save_fields(sub_id: int) -> Any:
    sub = _reviewable(sub_id)
    changes: dict[int, dict[str, Any]] = defaultdict(dict)
    rows = {f.id: (d, f) for d in shown_documents(sub) for f in d.fields}
    bad = []
    for name, text in request.form.items():
        if not name.startswith("f:"):
            continue
        try:
            doc, row = rows[int(name[2:])]
        except (KeyError, ValueError):
            continue
        text = text.replace("\r\n", "\n")  # browsers send a textarea's newlines as CRLF
        if not may_read(row.key, sub, me()) or text.strip() == fieldforms.as_text(row.value).strip():
            continue
        try:
            changes[doc.id][row.key] = fieldforms.parse(text, row.value)
        except fieldforms.BadValue:
            bad.append(field_label(row.key))
    for fid in {int(n.split(":")[1]) for n in request.form if n.startswith("t:") and n.split(":")[1].isdigit()}:
        if fid not in rows or not may_read(rows[fid][1].key, sub, me()):
            continue
        doc, row = rows[fid]
        try:
            value = fieldforms.parse_grid(request.form, fid, row.key, row.value)
        except fieldforms.BadValue:
            bad.append(field_label(row.key))
            continue
        if value != row.value:
            changes[doc.id][row.key] = value
    boxes: dict[int, dict[str, tuple[int, list[float]]]] = defaultdict(dict)
    added = _added_field(sub)
    if isinstance(added, str):
        flash(added, "error")
        return redirect(url_for("detail.show", sub_id=sub.id) + "#add-field")
    if added:
        doc, key, value, box = added
        changes[doc.id][key] = value
        if box:
            boxes[doc.id][key] = box
    if bad:
        flash(_("値の形式が正しくありません: %(keys)s", keys="、".join(bad)), "error")
        return redirect(url_for("detail.show", sub_id=sub.id))

    def apply() -> None:
        for doc_id, corrections in changes.items():
            correct_fields(db(), sub, corrections, me().id, document_id=doc_id, boxes=boxes.get(doc_id))
        if added and added[3]:
            _teach(sub, *added)
    if changes and _act(sub, apply):
        flash(_("%(n)s件の項目を修正し、再チェックしました。", n=sum(len(c) for c in changes.values())), "ok")
    elif not changes:
        flash(_("変更された項目はありません。"), "ok")
    return redirect(url_for("detail.show", sub_id=sub.id))


def _added_field(sub: Submission) -> tuple | str | None:
    """The field the reviewer added: (document, key, value, (page, bbox) | None), an error message,
    or None. The key must be one of the document kind's catalogue fields; a box is the words picked."""
    key = (request.form.get("new_key") or "").strip()
    if not key:
        return None
    if bad_keys([key]):       # the same refusal as the API's (a key the column cannot hold)
        return error_text(SubmissionError(*BAD_KEY))
    docs = {str(d.id): d for d in shown_documents(sub)}
    doc = docs.get(request.form.get("new_doc", "")) or (next(iter(docs.values())) if len(docs) == 1 else None)
    if doc is None or key not in catalogue.fields(doc.kind or "other") or not may_read(key, sub, me()):
        return _("追加する項目を一覧から選んでください。")
    value = (request.form.get("new_value") or "").strip()
    if not value:
        return _("「%(label)s」の値を入力するか、ページ上の文字を選んでください。", label=field_label(key))
    box = None
    try:
        page = int(request.form.get("new_page") or 0)
        bbox = [float(v) for v in json.loads(request.form.get("new_bbox") or "null") or []]
        if page >= 1 and len(bbox) == 4 and pagewords.page(doc.words, page):
            box = (page, bbox)
    except (ValueError, TypeError):
        box = None
    spec = catalogue.fields(doc.kind)[key]
    parsed: Any = value
    if spec.type in ("list", "checkboxes"):
        parsed = fieldforms.parse(value, [])
    return doc, key, parsed, box


def _teach(sub: Submission, doc: DocumentRow, key: str, value: Any, box: tuple[int, list[float]]) -> None:
    """The label beside the picked words becomes a proposed wording of the field (intake.learned)."""
    page, bbox = box
    label = pagewords.label_beside(doc.words, page, bbox)
    learned.propose(db(), sub.profile, doc.kind, key, label,
                    {"submission": sub.id, "document": doc.filename, "page": page, "bbox": bbox,
                     "value": fieldforms.as_text(value)[:200]}, me().id)


@bp.post("/<int:sub_id>/findings/<int:finding_id>")
@login_required
def judge(sub_id: int, finding_id: int) -> Any:
    sub = _reviewable(sub_id)
    verdict = request.form.get("verdict", "")
    _act(sub, lambda: judge_finding(db(), sub, finding_id, verdict,
                                    request.form.get("reason"), me().id))
    return redirect(url_for("detail.show", sub_id=sub.id) + f"#finding-{finding_id}")


@bp.post("/<int:sub_id>/decision")
@login_required
def decision(sub_id: int) -> Any:
    sub = _reviewable(sub_id)
    choice = request.form.get("decision", "")
    before = sub.status
    _act(sub, lambda: decide(db(), sub, choice, request.form.get("comment"), me().id))
    if sub.status != before:
        flash({"approved": _("承認しました。"), "rejected": _("却下しました。"),
               "returned": _("事業者に差し戻しました。")}.get(sub.status, ""), "ok")
        return redirect(safe_next(request.form.get("next"), url_for("detail.show", sub_id=sub.id)))
    return redirect(url_for("detail.show", sub_id=sub.id))
