"""CSV for tabular kinds (purchaser lists): the first Grid of the document."""
from __future__ import annotations

import csv
import io

from samples.model import DocSpec, Grid


def render(spec: DocSpec, style: dict | None = None) -> bytes:
    grid = next(b for b in spec.blocks if isinstance(b, Grid))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(grid.header)
    w.writerows(grid.rows)
    enc = (style or {}).get("csv_encoding", "utf-8-sig")
    return buf.getvalue().encode(enc)
