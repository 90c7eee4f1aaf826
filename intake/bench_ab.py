"""A/B: two checkouts read the same files, requests alternating, so both see the same load.

    python -m intake.bench_ab BEFORE_CHECKOUT FOLDER [--repeat N] [--kinds scan-pdf,fax] [--json]

Each checkout runs in its own process (PYTHONPATH = that checkout, its own reading child) and times
`intake.bench._ours` (read + classify + fields, as the worker does) on a file when asked; this process
asks A, B, A, B … per file. On a shared machine absolute seconds swing with the load between runs;
the ratio after ÷ before of requests made back to back does not.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

# Runs inside each checkout: only what every version of intake.bench has.
_SERVE = """
import json, sys
from intake.bench import _ours
for line in sys.stdin:
    p = json.loads(line)
    data = open(p, "rb").read()
    secs, read_s, engine, pages, bad = _ours(p.rsplit("/", 1)[-1], data)
    print("AB " + json.dumps([secs, read_s, engine, bad]), flush=True)
"""


class _Side:
    def __init__(self, checkout: str):
        env = {**os.environ, "PYTHONPATH": checkout}
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVE], cwd=checkout, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def time(self, path: Path) -> list:
        self.proc.stdin.write(json.dumps(str(path)) + "\n")
        self.proc.stdin.flush()
        while True:                  # anything else a version prints on stdout is not the answer
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the timing process ended")
            if line.startswith("AB "):
                return json.loads(line[3:])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def run_ab(before: str, after: str, folder: str, repeat: int = 3, kinds: set[str] | None = None) -> dict:
    from intake.bench import _truth, input_kind
    root = Path(folder)
    truth = _truth(root)
    sides = {"before": _Side(before), "after": _Side(after)}
    rows: dict[str, list] = defaultdict(list)
    try:
        for p in sorted(root.rglob("*")):
            if not p.is_file() or p.name == "truth.json":
                continue
            kind = input_kind(p, p.read_bytes(), truth)
            if kinds and kind not in kinds:
                continue
            for side in sides.values():
                side.time(p)                               # warm: imports, models, reading child
            runs: dict[str, list] = defaultdict(list)
            for i in range(max(1, repeat)):
                order = ("before", "after") if i % 2 == 0 else ("after", "before")
                for name in order:
                    secs, read_s, _, bad = sides[name].time(p)
                    runs[name].append(secs)
                    runs[name + "_read"].append(read_s)
            med = {k: statistics.median(v) for k, v in runs.items()}
            rows[kind].append({"file": p.name, **{k: round(v, 3) for k, v in med.items()},
                               "ratio": round(med["after"] / max(1e-9, med["before"]), 3),
                               "read_ratio": round(med["after_read"] / max(1e-9, med["before_read"]), 3)})
            print(f"  {kind:10s} {p.name}: before {med['before']:.2f}s after {med['after']:.2f}s "
                  f"× {rows[kind][-1]['ratio']:.2f} (reading × {rows[kind][-1]['read_ratio']:.2f})",
                  file=sys.stderr, flush=True)
    finally:
        for side in sides.values():
            side.close()
    return {"before": before, "after": after, "repeat": repeat,
            "by_input_kind": {k: {"files": len(v),
                                  "before_median_s": round(statistics.median(r["before"] for r in v), 3),
                                  "after_median_s": round(statistics.median(r["after"] for r in v), 3),
                                  "ratio": round(statistics.median(r["ratio"] for r in v), 3),
                                  "read_ratio": round(statistics.median(r["read_ratio"] for r in v), 3),
                                  "per_file": v} for k, v in sorted(rows.items())}}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", help="the other checkout (its root, as PYTHONPATH)")
    ap.add_argument("folder")
    ap.add_argument("--after", default=str(Path(__file__).resolve().parents[1]), help="default: this checkout")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kinds", default="")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    result = run_ab(a.before, a.after, a.folder, a.repeat, set(filter(None, a.kinds.split(","))) or None)
    if a.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for kind, r in result["by_input_kind"].items():
        print(f"{kind:10s} {r['files']:3d} files  before {r['before_median_s']:.3f}s  after {r['after_median_s']:.3f}s"
              f"  after ÷ before {r['ratio']:.2f} (reading alone {r['read_ratio']:.2f})")


if __name__ == "__main__":
    main()
