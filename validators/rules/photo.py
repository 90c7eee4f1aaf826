"""Photo rules (hamada 4(2)): product + packaging photo, size, JPEG, landscape main photo."""
from __future__ import annotations

import datetime as dt
import re

from intake.domain import catalogue
from intake.records import Document, Finding, Record
from validators import findings as F
from validators.inputs import COUNT, Need
from validators.registry import rule
from validators.rules.common import standalone
from validators.values import nfkc, to_int



def photo_role(doc: Document) -> str:
    """product | packaging | unknown: upload role, extracted role, else the file name."""
    for value in (doc.role, doc.value("photo.role")):
        v = nfkc(value).lower()
        if v in ("product", "packaging"):
            return v
    name = nfkc(doc.source).lower()
    for role in ("packaging", "product"):   # 「荷姿」 wins over a generic 「商品」 in one name
        if any(w.lower() in name for w in catalogue.photo_settings()["roles"][role]):
            return role
    return "unknown"


@rule("photo.required", title=("商品写真・荷姿写真", "product and packaging photos"))
def required(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("photo.required")
    if standalone(record, profile):
        return []
    roles = [photo_role(d) for d in record.of_kind("product_photo")]
    n_unknown = roles.count("unknown")
    need_product = roles.count("product") == 0
    need_packaging = roles.count("packaging") == 0
    # photos of unknown role fill the gaps, one each
    if need_product and n_unknown:
        need_product, n_unknown = False, n_unknown - 1
    if need_packaging and n_unknown:
        need_packaging, n_unknown = False, n_unknown - 1
    out = []
    for missing, ja, en in ((need_product, "商品写真（1枚以上）", "product photo"),
                            (need_packaging, "荷姿写真（1枚以上）", "packaging photo")):
        if missing:
            out.append(F.make("PHOTO_MISSING", rule=params.get("cite"), evidence=f"{ja}: 0枚（写真 {len(roles)}枚）",
                              which_ja=ja, which_en=en))
    return out


@rule("photo.quality", title=("写真の大きさ・形式", "photo size and format"),
      needs=[Need("photo.width", kinds=("product_photo",), type=COUNT)])
def quality(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("photo.quality")
    min_w, min_b = int(params.get("min_width", 680)), int(params.get("min_bytes", 1_000_000))
    out = []
    photos = record.of_kind("product_photo")
    for doc in photos:
        width = to_int(doc.value("photo.width"))
        size = to_int(doc.value("photo.bytes")) or (doc.size or None)
        problems = []
        if width is not None and width < min_w:
            problems.append(f"横幅 {width}px < {min_w}px")
        if size is not None and size < min_b:
            problems.append(f"{size:,} bytes < {min_b:,} bytes")
        if problems:
            out.append(F.make("PHOTO_TOO_SMALL", rule=params.get("cite"), document=doc.source,
                              field="photo.width" if width is not None and width < min_w else "photo.bytes",
                              evidence="; ".join(problems), detail="; ".join(problems), min_width=min_w,
                              min_mb=f"{min_b / 1_000_000:g}"))
        fmt = nfkc(doc.value("photo.format") or doc.media_type).lower()
        if params.get("jpeg") and fmt and not re.search(r"jpe?g", fmt):
            out.append(F.make("PHOTO_NOT_JPEG", rule=params.get("cite"), document=doc.source, field="photo.format",
                              evidence=fmt, format=fmt))
    main = next((d for d in photos if photo_role(d) == "product"),
                next((d for d in photos if photo_role(d) == "unknown"), None))
    if main is not None:
        w, h = to_int(main.value("photo.width")), to_int(main.value("photo.height"))
        if w is not None and h is not None and w <= h:
            out.append(F.make("PHOTO_NOT_LANDSCAPE", rule=params.get("cite"), document=main.source,
                              field="photo.width", evidence=f"{w}×{h}", width=w, height=h))
    return out
