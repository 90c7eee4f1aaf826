"""Generate sample submissions with ground truth.

    python -m samples.generate --seed N --out DIR [--layout-variant K] [--only NAME]

One folder per submission: its files and truth.json (see samples/README.md).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import unicodedata
from pathlib import Path

from samples.builders import common, food_label
from samples.model import DocSpec
from samples.render import pdf

AS_OF = dt.date(2026, 11, 22)


def nfkc_values(v):
    """Truth values as SPEC §3 normalises them (NFKC strings)."""
    if isinstance(v, str):
        return unicodedata.normalize("NFKC", v)
    if isinstance(v, list):
        return [nfkc_values(x) for x in v]
    if isinstance(v, dict):
        return {k: nfkc_values(x) for k, x in v.items()}
    return v


def _doc_entry(spec: DocSpec, input_kind: str) -> dict:
    return {"kind": spec.kind, "input_kind": input_kind, "fields": nfkc_values(spec.truth)}


def write_submission(out: Path, name: str, profile: str, files: list[tuple[str, bytes, DocSpec, str]],
                     findings: list[str] | None = None) -> Path:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    docs = {}
    for fname, data, spec, input_kind in files:
        (folder / fname).write_bytes(data)
        docs[fname] = _doc_entry(spec, input_kind)
    codes = sorted(set((findings or []) + [c for _, _, s, _ in files for c in s.findings]))
    truth = {"profile": profile, "as_of": AS_OF.isoformat(), "documents": docs, "findings": codes}
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return folder


def label_pair(out: Path, seed: int, variant: int) -> list[Path]:
    """A clean and a flawed food label as born-digital PDF (issue 2's slice)."""
    made = []
    for flaw in (None, "undeclared_allergen"):
        rng = random.Random(f"{seed}-{variant}-label-{flaw}")
        profile = rng.choice(["hamada", "ishigaki", "shika"])
        sup = common.supplier(rng, profile)
        spec = food_label.build(rng, sup, variant, flaw=flaw)
        name = f"food_label_{'clean' if flaw is None else flaw}"
        made.append(write_submission(out, name, profile, [(f"{spec.stem}.pdf", pdf.render(spec), spec, "pdf")]))
    return made


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="samples/submissions")
    ap.add_argument("--layout-variant", type=int, default=0)
    args = ap.parse_args(argv)
    out = Path(args.out)
    for p in label_pair(out, args.seed, args.layout_variant):
        print(p)


if __name__ == "__main__":
    main()
