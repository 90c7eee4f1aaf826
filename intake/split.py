"""One scanned stack, several documents: a multi-page PDF or TIFF is split where a page begins a
new kind (a counter scans an application, a pledge and a label sheet as one file).

Each page is classified on its own text by the classifier (`extractors.classify`); a page
*begins* a document when it reads as a known kind with confidence and shows one of that kind's
title words in its first lines, or reads as that kind beyond doubt. A split happens only where such a page is of a different kind
than the document running so far; pages that read as nothing (a form's second page, a blank back
side) stay with the document before them, and so do two documents of the same kind.
"""
from __future__ import annotations

from pathlib import PurePosixPath

from intake.domain.jp import squash

SPLITTABLE = ("application/pdf", "image/tiff")
NOT_STARTS = ("other", "product_photo")   # a page of these kinds never begins a document
MIN_CONFIDENCE = 0.6      # with one of the kind's title words in the page's first lines
UNTITLED_CONFIDENCE = 0.95  # without: a label sheet headed by the product's name, not 一括表示
# (measured on the sample PDFs: a form's second page reads as allergen_sheet at 0.79–0.88)


def begins(page, layout) -> str | None:  # noqa: ANN001
    """The kind a page begins, or None when it begins none."""
    from extractors.classify import classify, rules
    from extractors.layout import Layout

    alone = Layout(media_type=layout.media_type, pages=[page], method=page.method,
                   metadata=layout.metadata)
    kind, confidence = classify(alone, "")   # no file name: the stack's name says nothing of a page
    if kind in NOT_STARTS or confidence < MIN_CONFIDENCE:
        return None
    if confidence >= UNTITLED_CONFIDENCE:
        return kind
    r = rules()
    head = squash("".join(line.text for line in page.lines[:r["title_lines"]]))
    titles = r["kinds"].get(kind, {}).get("title") or {}
    return kind if any(squash(word) in head for word in titles) else None


def split(layout, name: str) -> list[tuple[str, object]]:  # noqa: ANN001
    """[(name, layout)] of the documents in a read file: the file itself first (its name, its first
    document), then `<stem>_p3-4<suffix>` for each further document. Parts keep their pages'
    numbers, so a value's page is the file's page (the viewer shows the whole file)."""
    from extractors.layout import Layout

    if layout.media_type not in SPLITTABLE or len(layout.pages) < 2:
        return [(name, layout)]
    starts: list[int] = []
    current = None
    for i, page in enumerate(layout.pages):
        kind = begins(page, layout)
        if kind is not None and kind != current:
            if current is not None:
                starts.append(i)
            current = kind
    if not starts:
        return [(name, layout)]
    bounds = [0, *starts, len(layout.pages)]
    path = PurePosixPath(name)
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        pages = layout.pages[a:b]
        first, last = pages[0].number, pages[-1].number
        label = f"p{first}" if first == last else f"p{first}-{last}"
        parts.append((name if a == 0 else f"{path.stem}_{label}{path.suffix}",
                      Layout(media_type=layout.media_type, pages=pages, method=layout.method,
                             metadata={**layout.metadata, "split_from": name})))
    return parts
