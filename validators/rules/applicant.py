"""APPLICANT_MISMATCH: the business name differs between documents."""
from __future__ import annotations

import datetime as dt
import re

from intake.records import Finding, Record
from intake.domain import jp
from validators import findings as F
from validators.labels import kind_label
from validators.inputs import Need
from validators.registry import rule
from validators.values import compact

_LEGAL_FORMS = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人|公益財団法人|"
    r"特定非営利活動法人|NPO法人|農事組合法人|社会福祉法人|協同組合|\(株\)|\(有\)|\(同\)|㈱|㈲|[・\s.,、。]")


def name_key(name) -> str:
    """A business name without legal form, blanks and punctuation (for comparison)."""
    return _LEGAL_FORMS.sub("", compact(name))


def same_name(a, b, read_from_image: bool = False) -> bool:
    """Names match without legal form and blanks, one holding the other; a name read from an image may
    differ by a misread glyph in eight (OCR), which is not a different business."""
    ka, kb = name_key(a), name_key(b)
    if not (ka and kb):
        return False
    if ka == kb or ka in kb or kb in ka:
        return True
    return read_from_image and jp.edit_distance(ka, kb) <= max(1, min(len(ka), len(kb)) // 8)



# the name each kind of document carries
NAME_KEYS = {"application": "applicant.name", "pledge": "pledge.business_name", "permit": "permit.holder",
             "complaint_report": "complaint.business_name", "sales_plan": "plan.business_name"}


def _compared(record: Record, profile, doc) -> bool:
    """Names are compared: the profile lists this kind's name and two such documents are in."""
    keys = profile.rule("applicant.mismatch").get("keys") or []
    kinds = [k for k, key in NAME_KEYS.items() if key in keys]
    return NAME_KEYS.get(doc.kind) in keys and sum(d.kind in kinds for d in record.documents) >= 2


@rule("applicant.mismatch", title=("書類間の事業者名の一致", "business name across documents"),
      needs=[Need(key, kinds=(kind,), when=_compared) for kind, key in NAME_KEYS.items()])
def mismatch(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("applicant.mismatch")
    seen = [(doc, key, fv.value, fv.method == "ocr") for key in params.get("keys") or []
            for doc, fv in record.values(key)]
    if not seen:
        return []
    ref_doc, ref_key, ref_name, ref_ocr = seen[0]
    # a permit may be held by the representative in person or by the manufacturer
    also_ok = [v for k in ("applicant.representative", "pledge.representative", "manufacturer.name")
               for _, fv in record.values(k) for v in [fv.value]]
    out = []
    for doc, key, name, ocr in seen[1:]:
        if same_name(ref_name, name, ref_ocr or ocr):
            continue
        if key == "permit.holder" and any(same_name(v, name, ocr) for v in also_ok):
            continue
        out.append(F.make("APPLICANT_MISMATCH", rule=params.get("cite"), document=doc.source, field=key,
                          evidence=f"{ref_name}（{kind_label(ref_doc.kind)[0]}） ≠ {name}（{kind_label(doc.kind)[0]}）",
                          a=ref_name, b=name))
    return out
