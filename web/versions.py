"""What changed between two versions of a submission, side by side: documents, field values,
findings (the reviewer's view of a supplier's answer to a return)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from intake.models import DocumentRow, Submission, User

from web import fieldforms
from web.access import can_review, shown, submission_or_404
from web.auth import me

bp = Blueprint("versions", __name__, url_prefix="/submissions")


@dataclass
class Pair:
    change: str            # same | changed | added | removed
    old: Any = None
    new: Any = None
    label: str = ""


def documents_of(sub: Submission, version: int) -> list[DocumentRow]:
    return [d for d in sub.documents if d.version == version and d.status != "expanded"]


def document_pairs(old: list[DocumentRow], new: list[DocumentRow]) -> list[Pair]:
    """Kept (same content), replaced (same name, else same kind), removed and added documents."""
    left, out = list(old), []
    for d in new:
        match = (next((o for o in left if o.sha256 == d.sha256), None)
                 or next((o for o in left if o.filename == d.filename), None)
                 or next((o for o in left if o.kind and o.kind == d.kind and o.kind != "other"), None))
        if match is None:
            out.append(Pair("added", None, d))
            continue
        left.remove(match)
        out.append(Pair("same" if match.sha256 == d.sha256 else "changed", match, d))
    return out + [Pair("removed", o, None) for o in left]


def _values(docs: list[DocumentRow], sub: Submission, user: User) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for d in docs:
        for f in d.fields:
            out.setdefault((d.kind or "other", f.key), fieldforms.as_text(shown(f.key, f.value, sub, user)))
    return out


def field_pairs(old: list[DocumentRow], new: list[DocumentRow], sub: Submission, user: User) -> list[Pair]:
    """Every field value of either version by document kind and key, changed ones first."""
    a, b = _values(old, sub, user), _values(new, sub, user)
    pairs = []
    for key in list(a) + [k for k in b if k not in a]:
        old_v, new_v = a.get(key), b.get(key)
        change = ("added" if old_v is None else "removed" if new_v is None
                  else "same" if old_v == new_v else "changed")
        pairs.append(Pair(change, old_v, new_v, key[1]))
    return sorted(pairs, key=lambda p: p.change == "same")


def _finding(f: Any) -> dict:
    get = f.get if isinstance(f, dict) else lambda k: getattr(f, k)
    return {k: get(k) for k in ("code", "severity", "message", "message_en", "document", "field",
                                "evidence", "rule", "status", "reason")}


def findings_of(sub: Submission, version: int) -> list[dict]:
    if version == sub.version:
        return [_finding(f) for f in sub.findings]
    kept = ((sub.meta or {}).get("versions") or {}).get(str(version)) or {}
    return [_finding(f) for f in kept.get("findings", [])]


def finding_pairs(old: list[dict], new: list[dict]) -> list[Pair]:
    """Findings matched by code, field and evidence: still there, resolved, or new."""
    def same(f: dict) -> tuple:
        return f["code"], f["field"], f["evidence"]
    left, out = list(old), []
    for f in new:
        match = next((o for o in left if same(o) == same(f)), None)
        if match is None:
            out.append(Pair("added", None, f))
        else:
            left.remove(match)
            out.append(Pair("same", match, f))
    return [Pair("removed", o, None) for o in left] + out


@bp.get("/<int:sub_id>/versions")
@login_required
def compare(sub_id: int) -> Any:
    sub = submission_or_404(sub_id, me())
    if not can_review(sub, me()) or sub.version < 2:
        abort(404)
    new = request.args.get("to", sub.version, type=int)
    old = request.args.get("from", new - 1, type=int)
    if not 1 <= old < new <= sub.version:
        abort(404)
    a, b = documents_of(sub, old), documents_of(sub, new)
    checked = new < sub.version or sub.processed_version >= new  # else the rows are still old's
    return render_template("versions.html", sub=sub, old=old, new=new, checked=checked,
                           documents=document_pairs(a, b), fields=field_pairs(a, b, sub, me()),
                           findings=finding_pairs(findings_of(sub, old), findings_of(sub, new))
                           if checked else [])
