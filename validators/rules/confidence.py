"""FIELD_LOW_CONFIDENCE: extracted values under the profile's threshold."""
from __future__ import annotations

import datetime as dt

from intake.records import Finding, Record
from validators import findings as F
from validators.labels import field_label
from validators.registry import rule
from validators.values import is_empty, to_number


@rule("confidence.low", title=("読取確信度", "reading confidence"))
def low_confidence(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("confidence.low")
    threshold = profile.low_confidence
    personal = tuple(params.get("personal_prefixes") or ())
    out = []
    for doc in record.documents:
        for key, fv in doc.fields.items():
            conf = to_number(fv.confidence)
            if conf is None or conf >= threshold or fv.method == "manual" or fv.corrected_by:
                continue
            if is_empty(fv.value):
                continue  # an empty value is FIELD_MISSING's business
            shown = "（個人情報のため非表示）" if key.startswith(personal) else str(fv.value)[:80]
            out.append(F.make("FIELD_LOW_CONFIDENCE", rule=params.get("cite"), document=doc.source,
                              field=key, evidence=f"{shown} (confidence {conf:.2f} < {threshold:.2f})",
                              confidence=f"{conf:.2f}", label_ja=_label(key, 0), label_en=_label(key, 1)))
    return out


def _label(key: str, i: int) -> str:
    name = field_label(key)[i]
    return key if name == key else f"{name}（{key}）"
