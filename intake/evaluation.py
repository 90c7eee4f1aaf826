"""`intake eval DIR`: extraction accuracy against ground truth (samples/README.md format).

For every submission folder under DIR: read each file, classify, extract and
compare with truth.json — document kind, fields (exact match after
normalisation, per kind / field / input kind), time per page; findings too
when the validators are installed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import pickle
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from samples.compare import same

log = logging.getLogger(__name__)
PERSONAL = {"purchases.rows", "bank.account_number", "bank.holder_kana"}   # never echoed in reports
BANDS = ((0.9, 1.01), (0.7, 0.9), (0.5, 0.7), (0.0, 0.5))   # confidence bands of the calibration table
BORN_DIGITAL = {"pdf", "docx", "xlsx", "csv", "eml"}


def _ratio(ok: int, total: int) -> dict:
    return {"correct": ok, "total": total, "accuracy": round(ok / total, 4) if total else None}


def _reader_fingerprint() -> str:
    """A hash of the readers' own code (formats, OCR): a cached Layout is reused only while it is unchanged."""
    import extractors
    root = Path(extractors.__file__).parent
    # every module a Layout is built with (kv.py pairs its lines, cells.py and grid.py its tables …);
    # only classification and field reading, which run on the Layout, are left out
    files = [f for f in root.glob("*.py") if f.name not in ("classify.py", "nlp.py")]
    files += [*root.glob("readers/*.py"), *root.glob("ocr/*.py"), *root.glob("ocr/*.tsv")]
    h = hashlib.sha256()
    for f in sorted(p for p in files if p.exists()):
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


def _read_one(path: Path, cache: Path | None = None) -> tuple[Any, float | None, str | None]:
    """The file's Layout (or None and the reason), and the seconds it took (None when it came from the cache,
    which holds Layouts by file content and reader code, so that evaluating a change to field reading does
    not OCR every page again)."""
    from extractors.layout import UnreadableError
    from extractors.reader import read
    data = path.read_bytes()
    entry = cache / f"{hashlib.sha256(data).hexdigest()[:32]}.pickle" if cache else None
    if entry and entry.exists():
        try:
            layout, err = pickle.loads(entry.read_bytes())
            return layout, None, err
        except Exception:     # a cache entry from another version of the classes: read the file again
            entry.unlink(missing_ok=True)
    t0 = time.perf_counter()
    try:
        layout, err = read(data, path.name), None
    except UnreadableError as e:
        layout, err = None, e.message_en
    except Exception as e:  # a reader bug is a result to report, not a crash of the evaluation
        layout, err = None, f"{type(e).__name__}"
    secs = time.perf_counter() - t0
    if entry:
        entry.parent.mkdir(parents=True, exist_ok=True)
        part = entry.with_suffix(f".{os.getpid()}.part")    # whole or absent: another run may read it
        part.write_bytes(pickle.dumps((layout, err)))
        part.replace(entry)
    return layout, secs, err


def _findings(docs: list, truth: dict) -> set[str] | None:
    try:
        from validators.engine import validate
    except ImportError:
        return None
    from intake.records import Record
    try:
        record = Record(documents=docs, profile=truth["profile"])
        found = validate(record, truth["profile"], dt.date.fromisoformat(truth["as_of"]))
        return {f.code for f in found} | {f.code for d in docs for f in d.findings}
    except Exception as e:
        log.warning("validate failed: %s", type(e).__name__)
        return None


def evaluate_submission(folder: Path, acc: dict, cache: Path | None = None) -> None:
    from extractors.classify import classify
    from extractors.fields import extract
    from intake.records import Document

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    docs = []
    for fname, t in truth["documents"].items():
        path = folder / fname
        ik = t.get("input_kind", "?")
        layout, secs, err = _read_one(path, cache)
        doc = Document(source=fname, size=path.stat().st_size)
        if layout is None:
            acc["unreadable"].append(f"{folder.name}/{fname}: {err}")
            kind, fields = None, {}
        else:
            pages = max(1, len(layout.pages))
            if secs is not None:
                acc["time"][ik].append(secs / pages)
            kind, _ = classify(layout, fname)
            t0 = time.perf_counter()
            fields = extract(kind, layout, fname)
            acc["time_fields"].append(time.perf_counter() - t0)
            doc.kind, doc.fields, doc.pages, doc.method = kind, fields, len(layout.pages), layout.method
        docs.append(doc)
        acc["kind"][t["kind"]][kind or "unreadable"] += 1
        for key, want in t["fields"].items():
            fv = fields.get(key)
            ok = same(want, fv.value if fv else None)
            for bucket in (acc["by_kind"][t["kind"]], acc["by_input"][ik], acc["by_field"][(t["kind"], key)],
                           acc["by_kind_input"][(t["kind"], ik)]):
                bucket[ok] += 1
            if fv is not None:
                band = next(b for b in BANDS if b[0] <= float(fv.confidence) < b[1])
                acc["calibration"][band][ok] += 1
                acc["high_conf"]["born_digital" if ik in BORN_DIGITAL else "image"][float(fv.confidence) >= 0.9] += 1
            if not ok and len(acc["misses"]) < 400:
                shown = (want, fv.value if fv else None) if key not in PERSONAL else ("…", "…")
                acc["misses"].append({"file": f"{folder.name}/{fname}", "input_kind": ik, "key": key,
                                      "want": shown[0], "got": shown[1],
                                      "confidence": round(float(fv.confidence), 3) if fv else None})
    codes = _findings(docs, truth)
    if codes is not None:
        acc["findings_checked"] += 1
        for c in truth.get("findings", []):
            acc["findings"][c][c in codes] += 1
        for c in truth.get("not_findings", []):        # a check that must stay silent
            acc["false_findings"][c][c in codes] += 1
            if c in codes and len(acc["false_list"]) < 100:
                acc["false_list"].append(f"{folder.name}: {c}")


def run_eval(path: str, layout_cache: str | None = None) -> dict:
    """Score every submission folder (one holding truth.json) under `path`; with `layout_cache`, Layouts
    are kept there (by file content, under a hash of the readers' code) and reused."""
    root = Path(path)
    cache = Path(layout_cache) / _reader_fingerprint() if layout_cache else None
    folders = sorted({p.parent for p in root.rglob("truth.json")})
    acc: dict = {"kind": defaultdict(Counter), "by_kind": defaultdict(Counter), "by_input": defaultdict(Counter),
                 "by_field": defaultdict(Counter), "by_kind_input": defaultdict(Counter), "time": defaultdict(list),
                 "time_fields": [], "misses": [], "unreadable": [], "findings": defaultdict(Counter),
                 "findings_checked": 0, "calibration": defaultdict(Counter), "high_conf": defaultdict(Counter),
                 "false_findings": defaultdict(Counter), "false_list": []}
    for folder in folders:
        try:
            evaluate_submission(folder, acc, cache)
        except (OSError, ValueError, KeyError) as e:
            acc["unreadable"].append(f"{folder.name}: bad truth.json ({type(e).__name__})")
    kinds_total = sum(sum(c.values()) for c in acc["kind"].values())
    kinds_ok = sum(c[k] for k, c in acc["kind"].items())
    all_fields = Counter()
    for c in acc["by_kind"].values():
        all_fields.update(c)
    return {
        "path": str(root), "submissions": len(folders), "documents": kinds_total,
        "kind": {**_ratio(kinds_ok, kinds_total),
                 "confusion": {k: dict(c) for k, c in sorted(acc["kind"].items())}},
        "fields": {**_ratio(all_fields[True], all_fields[True] + all_fields[False]),
                   "by_kind": {k: _ratio(c[True], c[True] + c[False]) for k, c in sorted(acc["by_kind"].items())},
                   "by_input_kind": {k: _ratio(c[True], c[True] + c[False]) for k, c in sorted(acc["by_input"].items())},
                   "by_kind_input": {f"{k}/{i}": _ratio(c[True], c[True] + c[False])
                                     for (k, i), c in sorted(acc["by_kind_input"].items())},
                   "by_field": {f"{k}/{f}": _ratio(c[True], c[True] + c[False])
                                for (k, f), c in sorted(acc["by_field"].items())}},
        "time": {"median_s_per_page": {k: round(statistics.median(v), 4) for k, v in sorted(acc["time"].items())},
                 "pages": {k: len(v) for k, v in sorted(acc["time"].items())},
                 "median_s_fields": round(statistics.median(acc["time_fields"]), 4) if acc["time_fields"] else None},
        "findings": ({"submissions": acc["findings_checked"],
                      "by_code": {c: _ratio(n[True], n[True] + n[False]) for c, n in sorted(acc["findings"].items())}}
                     if acc["findings_checked"] else None),
        "calibration": _calibration(acc),
        "checks": _checks(acc) if acc["findings_checked"] else None,
        "unreadable": acc["unreadable"],
        "misses": acc["misses"],
    }


def _calibration(acc: dict) -> dict:
    """Confidence band -> share of the read values, share right; and the share at >= 0.9 per input type."""
    total = sum(sum(c.values()) for c in acc["calibration"].values())
    bands = []
    for lo, hi in BANDS:
        c = acc["calibration"].get((lo, hi), Counter())
        n = c[True] + c[False]
        bands.append({"band": f"{lo:.1f}–{min(hi, 1.0):.1f}", "values": n,
                      "share": round(n / total, 4) if total else None, **_ratio(c[True], n)})
    reach = {k: round(c[True] / (c[True] + c[False]), 4) for k, c in acc["high_conf"].items() if c[True] + c[False]}
    return {"bands": bands, "share_at_0.9": reach}


def _checks(acc: dict) -> dict:
    """Expected findings raised, and false findings per 100 checks (a check: one code a case must or must not raise)."""
    exp = Counter()
    for c in acc["findings"].values():
        exp.update(c)
    false = Counter()
    for c in acc["false_findings"].values():
        false.update(c)
    checks = sum(exp.values()) + sum(false.values())
    return {"expected": _ratio(exp[True], exp[True] + exp[False]), "checks": checks,
            "false_findings": false[True], "false_per_100": round(100 * false[True] / checks, 2) if checks else None,
            "false_by_code": {c: n[True] for c, n in sorted(acc["false_findings"].items()) if n[True]},
            "false_list": acc["false_list"]}


def _pct(r: dict) -> str:
    return "   -  " if r["accuracy"] is None else f"{100 * r['accuracy']:6.2f}%"


def format_report(result: dict) -> str:
    """A plain-text report of run_eval's result."""
    out = [f"評価 / evaluation: {result['path']}  ({result['submissions']} submissions, {result['documents']} documents)",
           f"document kind  {_pct(result['kind'])}  ({result['kind']['correct']}/{result['kind']['total']})",
           f"fields (all)   {_pct(result['fields'])}  ({result['fields']['correct']}/{result['fields']['total']})",
           "", "fields by input kind:"]
    out += [f"  {k:8s} {_pct(r)}  ({r['correct']}/{r['total']})" for k, r in result["fields"]["by_input_kind"].items()]
    out += ["", "fields by document kind:"]
    out += [f"  {k:17s} {_pct(r)}  ({r['correct']}/{r['total']})" for k, r in result["fields"]["by_kind"].items()]
    weak = [(k, r) for k, r in result["fields"]["by_field"].items() if r["accuracy"] is not None and r["accuracy"] < 1]
    if weak:
        out += ["", "fields below 100 %:"]
        out += [f"  {k:45s} {_pct(r)}  ({r['correct']}/{r['total']})" for k, r in sorted(weak, key=lambda x: x[1]["accuracy"])]
    wrong = {t: {p: n for p, n in c.items() if p != t} for t, c in result["kind"]["confusion"].items()}
    wrong = {t: c for t, c in wrong.items() if c}
    if wrong:
        out += ["", "misclassified (truth -> predicted: n):"] + [f"  {t} -> {c}" for t, c in wrong.items()]
    out += ["", "median seconds per page (read):"]
    out += [f"  {k:8s} {v:.3f} s  ({result['time']['pages'][k]} pages)" for k, v in result["time"]["median_s_per_page"].items()]
    if result["findings"]:
        out += ["", f"findings built into the samples (found / expected), {result['findings']['submissions']} submissions:"]
        out += [f"  {c:32s} {r['correct']}/{r['total']}" for c, r in result["findings"]["by_code"].items()]
    cal = result.get("calibration")
    if cal and any(b["values"] for b in cal["bands"]):
        out += ["", "confidence calibration (band: share of values, share right):"]
        out += [f"  {b['band']}  {b['values']:5d} values  {100 * (b['share'] or 0):5.1f}%  right {_pct(b)}" for b in cal["bands"]]
        out += ["  values at >= 0.9: " + ", ".join(f"{k} {100 * v:.1f}%" for k, v in cal["share_at_0.9"].items())]
    chk = result.get("checks")
    if chk:
        out += ["", f"expected findings raised {_pct(chk['expected'])}  ({chk['expected']['correct']}/{chk['expected']['total']});"
                    f"  false findings {chk['false_findings']} in {chk['checks']} checks"
                    f" ({chk['false_per_100']} per 100)"]
        out += [f"  false: {c} ×{n}" for c, n in chk["false_by_code"].items()]
    if result["unreadable"]:
        out += ["", f"unreadable ({len(result['unreadable'])}):"] + [f"  {u}" for u in result["unreadable"][:20]]
    return "\n".join(out)
