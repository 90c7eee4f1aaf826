"""`intake bench`: reading throughput and latency per input kind over the files of a folder.

Input kind comes from truth.json when a submission has one, else from the sniffed media type.
"""
from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from pathlib import Path


def _input_kinds(root: Path) -> dict[Path, str]:
    kinds: dict[Path, str] = {}
    for truth in root.rglob("truth.json"):
        try:
            docs = json.loads(truth.read_text(encoding="utf-8"))["documents"]
        except (OSError, ValueError, KeyError):
            continue
        for name, t in docs.items():
            kinds[truth.parent / name] = t.get("input_kind", "?")
    return kinds


def _kind_of(path: Path, data: bytes, known: dict[Path, str]) -> str:
    if path in known:
        return known[path]
    from extractors.detect import sniff
    try:
        return sniff(data, path.name).split("/")[-1]
    except Exception:
        return "unknown"


def _p95(values: list[float]) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]


def run_bench(path: str, repeat: int = 1) -> dict:
    """Read + classify + extract every file `repeat` times; latency per file, pages per second per input kind."""
    from extractors.classify import classify
    from extractors.fields import extract
    from extractors.layout import UnreadableError
    from extractors.reader import read

    root = Path(path)
    known = _input_kinds(root)
    files = [p for p in sorted(root.rglob("*")) if p.is_file() and p.name != "truth.json"]
    lat: dict[str, list[float]] = defaultdict(list)
    pages: dict[str, int] = defaultdict(int)
    failed: dict[str, int] = defaultdict(int)
    for p in files:
        data = p.read_bytes()
        kind = _kind_of(p, data, known)
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            try:
                layout = read(data, p.name)
                doc_kind, _ = classify(layout, p.name)
                extract(doc_kind, layout, p.name)
                pages[kind] += len(layout.pages)
            except UnreadableError:
                failed[kind] += 1
            lat[kind].append(time.perf_counter() - t0)
    per = {}
    for kind, v in sorted(lat.items()):
        total = sum(v)
        per[kind] = {"runs": len(v), "pages": pages[kind], "unreadable": failed[kind],
                     "median_s": round(statistics.median(v), 4), "p95_s": round(_p95(v), 4),
                     "pages_per_s": round(pages[kind] / total, 3) if total else None}
    return {"path": str(root), "files": len(files), "repeat": repeat, "by_input_kind": per}


def format_report(result: dict) -> str:
    out = [f"bench: {result['path']} ({result['files']} files × {result['repeat']})",
           f"  {'input':8s} {'runs':>5s} {'pages':>6s} {'median':>9s} {'p95':>9s} {'pages/s':>8s} {'unreadable':>10s}"]
    for k, r in result["by_input_kind"].items():
        out.append(f"  {k:8s} {r['runs']:5d} {r['pages']:6d} {r['median_s']:8.3f}s {r['p95_s']:8.3f}s "
                   f"{(r['pages_per_s'] or 0):8.2f} {r['unreadable']:10d}")
    return "\n".join(out)
