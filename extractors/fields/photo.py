"""商品写真 / 荷姿写真: size, format, bytes, role from the file name."""
from __future__ import annotations

from intake.records import FieldValue

from ..classify import photo_role
from ..layout import Layout


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    meta = layout.metadata or {}
    page = layout.pages[0] if layout.pages else None
    width = meta.get("width") or (int(page.width) if page and page.unit == "px" and page.width else None)
    height = meta.get("height") or (int(page.height) if page and page.unit == "px" and page.height else None)
    # the format as a media subtype names it (jpeg, png, heic, webp), whatever the decoder calls it
    fmt = meta.get("format") or (layout.media_type.split("/")[-1] if layout.media_type else None)
    fmt = fmt.lower() if fmt else None
    fmt = "jpeg" if fmt in ("jpg", "jpeg", "mpo") else fmt
    values = {"photo.width": width, "photo.height": height, "photo.format": fmt,
              "photo.bytes": meta.get("bytes") or meta.get("size"), "photo.role": photo_role(filename)}
    return {k: FieldValue(v, 1.0, "image", 1) for k, v in values.items() if v is not None}
