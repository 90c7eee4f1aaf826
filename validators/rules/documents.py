"""Document-level rules: DOC_UNKNOWN_KIND, DOC_MISSING, FIELD_MISSING."""
from __future__ import annotations

import datetime as dt

from intake.domain import catalogue
from intake.records import Finding, Record
from validators import findings as F
from validators.labels import field_label, kind_label
from validators.registry import rule
from validators.rules.common import category, food_offered, fresh_food, has_field, standalone
from validators.values import compact, is_empty, to_bool

KNOWN_KINDS = tuple(catalogue.known_kinds())


def condition_holds(when: str | None, record: Record, profile) -> bool:
    """Conditions a profile may put on a required document."""
    if not when:
        return True
    if when == "food":
        return food_offered(record)
    if when == "processed_food":
        return food_offered(record) and not fresh_food(record, profile)
    if when == "goods":
        return category(record) != "service" and not record.value("product.is_service")
    return False


@rule("documents.unknown_kind", title=("書類の種類", "document kind"))
def unknown_kind(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("documents.unknown_kind")
    out = []
    for doc in record.documents:
        if any(f.code in ("DOC_UNREADABLE", "DOC_UNKNOWN_KIND") for f in doc.findings):
            continue  # the pipeline already reported it
        if not doc.pages and not doc.fields:
            continue  # nothing was read (an unreadable file re-validated from stored rows)
        if doc.kind in KNOWN_KINDS or (doc.kind == "other" and params.get("other_expected")):
            continue
        if doc.kind == "other" and doc.method == "email":
            continue  # the body of an e-mail without attachments, not a file to classify
        out.append(F.make("DOC_UNKNOWN_KIND", rule=params.get("cite"), document=doc.source,
                          evidence=f"kind={doc.kind}"))
    return out


@rule("documents.required", title=("必要書類", "required documents"))
def required(record: Record, profile, as_of: dt.date) -> list[Finding]:
    if standalone(record, profile):
        return []
    out = []
    for entry in profile.rule("documents.required").get("documents") or []:
        kind = entry.get("kind")
        if record.of_kind(kind) or not condition_holds(entry.get("when"), record, profile):
            continue
        ja, en = kind_label(kind)
        out.append(F.make("DOC_MISSING", rule=entry.get("cite"), evidence=kind, kind_ja=ja, kind_en=en))
    return out


@rule("documents.required_fields", title=("必須項目", "required entries"))
def required_fields(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("documents.required_fields")
    cite = params.get("cite") or profile.get("source")
    # a form's entries are required by the clause that requires the form
    form_cites = {d.get("kind"): d.get("cite") for d in profile.rule("documents.required").get("documents") or []}
    out = []
    for kind, keys in (params.get("fields") or {}).items():
        for doc in record.of_kind(kind):
            for key in keys or []:
                if not has_field(doc, key) or is_empty(doc.fields[key].value):
                    ja, en = field_label(key)
                    out.append(F.make("FIELD_MISSING", rule=form_cites.get(kind) or cite, document=doc.source, field=key,
                                      evidence=ja, label_ja=ja, label_en=en))
    apps = record.of_kind("application") + record.of_kind("allergen_sheet")
    if apps and food_offered(record):   # without the form, DOC_MISSING already says it
        for entry in params.get("food_fields") or []:
            key = entry["key"]
            if any(to_bool(fv.value) is not False for _, fv in record.values(key)):
                continue
            ja, en = field_label(key)
            out.append(F.make("FIELD_MISSING", rule=entry.get("cite", cite),
                              document=apps[0].source, field=key,
                              evidence=ja, label_ja=ja, label_en=en))
    return out


@rule("documents.email_items", title=("メールの件名・本文の記載事項", "e-mail subject and body items"))
def email_items(record: Record, profile, as_of: dt.date) -> list[Finding]:
    """Shika 4: an application by e-mail needs the fixed subject and the body items."""
    meta = record.meta or {}
    meta = meta.get("email") if isinstance(meta.get("email"), dict) else meta   # the pipeline's shape
    if "subject" not in meta and "body" not in meta:
        return []
    params = profile.rule("documents.email_items")
    out = []
    subject = compact(meta.get("subject"))
    if params.get("subject") and compact(params["subject"]) not in subject:
        out.append(F.make("FIELD_MISSING", rule=params.get("cite"), field="meta.subject",
                          evidence=f"件名: {meta.get('subject') or '（なし）'}",
                          label_ja=f"件名「{params['subject']}」", label_en="the required subject line"))
    body = compact(meta.get("body"))
    missing = [item for item in params.get("body_items") or [] if compact(item) not in body]
    if missing:
        out.append(F.make("FIELD_MISSING", rule=params.get("cite"), field="meta.body",
                          evidence="、".join(missing), label_ja="本文の記載事項（" + "、".join(missing) + "）",
                          label_en="body items: " + ", ".join(missing)))
    return out
