"""Leave-one-out measurement of label → field matching on wordings the catalogue does not list.

For every wording W of a field (family B's *dev* wordings, taken by code through the split, and
the catalogue's own `labels`), W is removed from a copy of the kind's fields (every wording whose
core label equals W's, in every field of the kind), and the matcher is asked which field the
printed label names: the best `label_score` over the kind's label-matched fields, above the
reader's threshold (> 0). Table columns (purchaser lists, plans, licence lists) are asked the
same way of `tables._score`. Each case ends right, wrong (another field, or a tie with one)
or none; fields of one kind that share a wording (商品代 of the proposal and of the retail
section) are told apart by their section, so a field's twins are left out of its competitors.

Labels print with decorations, so each wording is also tried as 「●W：」, 「W　※必須」, 「W（税込）」
(tax-including fields only), letter-spaced (2–3 characters, full-width spaces), 「W等」 and 「W欄」.

    PYTHONPATH=. python -m intake.label_generalization [--strict] [--list]

`--strict` also removes key terms equal to W (a term that only repeats a wording is a wording).
The heldout half of family B's wordings is never read here.
"""
from __future__ import annotations

import argparse
import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass

from intake.domain import catalogue

# family B wording keys that name a catalogue field under another key
ALIASES = {"shipping.period": "shipping.year_round", "permit.validity": "permit.valid_until"}
# family B wording keys of table columns: prefix -> (kind, table field)
TABLES = {"plan.item.": ("sales_plan", "plan.items"), "purchases.": ("purchase_list", "purchases.rows"),
          "license.": ("license_check", "license.items")}
VARIANTS = ("plain", "bullet", "note", "taxed", "spaced", "etc", "box")
NOTE = "　※必須"


@dataclass(frozen=True)
class Case:
    source: str        # "dev" (family B dev wordings) or "catalogue"
    kind: str
    key: str           # field key
    wording: str
    column: str = ""   # for a table field: the column


def _kind_of() -> dict[str, str]:
    out = {}
    for kind in catalogue.kinds():
        for key in catalogue.fields(kind):
            out.setdefault(key, kind)
    return out


def matched_fields(kind: str) -> dict:
    """The fields of a kind that are found by their labels (wordings or key terms)."""
    return {k: f for k, f in catalogue.fields(kind).items() if f.labels or f.terms}


def dev_cases() -> tuple[list[Case], list[str]]:
    """Family B's dev wordings as cases; the wording keys that name no label-matched field."""
    from samples.family_b.util import split_list, wordings
    kinds = _kind_of()
    cases, skipped = [], []
    for wkey, items in wordings()["labels"].items():
        dev = split_list(list(items), "dev")
        prefix = next((p for p in TABLES if wkey.startswith(p)), None)
        if wkey not in kinds and prefix:
            kind, tkey = TABLES[prefix]
            col = wkey[len(prefix):]
            if col in catalogue.columns(tkey):
                cases += [Case("dev", kind, tkey, w, col) for w in dev]
                continue
        key = ALIASES.get(wkey, wkey)
        kind = kinds.get(key)
        if kind is None or key not in matched_fields(kind):
            skipped.append(wkey)
            continue
        cases += [Case("dev", kind, key, w) for w in dev]
    return cases, skipped


def catalogue_cases() -> list[Case]:
    out = []
    for kind in catalogue.kinds():
        for key, f in catalogue.fields(kind).items():
            out += [Case("catalogue", kind, key, w) for w in f.labels]
            for col, ws in f.columns.items():
                out += [Case("catalogue", kind, key, w, col) for w in ws]
    return out


def printed(wording: str, variant: str, spec) -> str | None:
    """The wording as a form prints it; None when the decoration does not apply."""
    from samples.family_b.util import letter_space
    if variant == "plain":
        return wording
    if variant == "bullet":
        return f"●{wording}："
    if variant == "note":
        return wording + NOTE
    if variant == "taxed":
        taxed = "税込" in spec.ja or any("税込" in n for n in spec.labels)
        return f"{wording}（税込）" if taxed and "税込" not in wording else None
    if variant == "etc":
        return None if wording.endswith("等") else wording + "等"
    if variant == "box":
        return wording + "欄"
    if variant == "spaced":
        return letter_space(wording) if len(wording) in (2, 3) and " " not in wording else None
    raise ValueError(variant)


def _without(spec, core: str, strict: bool):
    from extractors.fields.base import core_label
    return dataclasses.replace(
        spec, labels=tuple(n for n in spec.labels if core_label(n) != core),
        terms=tuple(t for t in spec.terms if core_label(t) != core) if strict else spec.terms)


def _twins(kind: str) -> dict[str, set[str]]:
    """Fields of one kind that share a wording as printed (the proposal's and the retail section's 商品代):
    their sections tell them apart, so a field's twins are not its competitors."""
    from extractors.fields.base import jp
    fs = matched_fields(kind)
    words = {k: {jp.squash(n) for n in f.labels} for k, f in fs.items()}
    return {k: {o for o in fs if o != k and words[k] & words[o]} for k in fs}


def _scores(label: str, specs: tuple) -> dict[str, float]:
    """The matcher's score of each field: the kind-level `field_scores` where the code has it."""
    from extractors.fields import base
    if hasattr(base, "field_scores"):
        return base.field_scores(label, specs)
    return {f.key: base.label_score(label, f) for f in specs}


def judge(case: Case, label: str, strict: bool = False) -> tuple[str, str | None]:
    """(right|wrong|none, the field or column the matcher chose) for one printed label."""
    from extractors.fields.base import core_label
    core = core_label(case.wording)
    if case.column:
        from extractors.fields.tables import _score
        spec = catalogue.fields(case.kind)[case.key]
        words = {c: [w for w in ws if core_label(w) != core] for c, ws in spec.columns.items()}
        terms = {c: [t for t in spec.column_terms.get(c, []) if not strict or core_label(t) != core]
                 for c in spec.columns}
        scores = {c: _score(label, words[c], terms[c]) for c in spec.columns}
        want, twins = case.column, set()
    else:
        twins = _twins(case.kind)[case.key]
        specs = {k: _without(f, core, strict) for k, f in matched_fields(case.kind).items() if k not in twins}
        scores = _scores(label, tuple(specs.values()))
        want = case.key
    best = max(scores.values(), default=0.0)
    if best <= 0:
        return "none", None
    top = [k for k, s in scores.items() if abs(s - best) < 1e-9]
    if top == [want]:
        return "right", want
    return "wrong", "/".join(k for k in top if k != want) or top[0]


def run(strict: bool = False, sources: tuple[str, ...] = ("dev", "catalogue")) -> dict:
    """{(source, variant): {kind: Counter(right/wrong/none)}} and the cases that were not right."""
    cases = []
    if "dev" in sources:
        cases += dev_cases()[0]
    if "catalogue" in sources:
        cases += catalogue_cases()
    table: dict = defaultdict(lambda: defaultdict(Counter))
    misses = []
    seen = set()
    for case in cases:
        spec = catalogue.fields(case.kind)[case.key]
        for variant in VARIANTS:
            label = printed(case.wording, variant, spec)
            if label is None or (case.source, case.kind, case.key, case.column, label) in seen:
                continue
            seen.add((case.source, case.kind, case.key, case.column, label))
            verdict, chose = judge(case, label, strict)
            table[(case.source, variant)][case.kind][verdict] += 1
            if verdict != "right":
                misses.append((case, variant, label, verdict, chose))
    return {"table": table, "misses": misses}


def totals(result: dict, source: str, variants: tuple[str, ...] = VARIANTS) -> Counter:
    out = Counter()
    for (src, variant), kinds in result["table"].items():
        if src == source and variant in variants:
            for c in kinds.values():
                out.update(c)
    return out


def report(result: dict) -> str:
    lines = []
    for source in ("dev", "catalogue"):
        rows = {v: k for (s, v), k in result["table"].items() if s == source}
        if not rows:
            continue
        t = totals(result, source)
        lines.append(f"== {source}: right {t['right']}  wrong {t['wrong']}  none {t['none']}  (all variants)")
        for variant in VARIANTS:
            c = Counter()
            for k in rows.get(variant, {}).values():
                c.update(k)
            lines.append(f"   {variant:7s} right {c['right']:4d}  wrong {c['wrong']:4d}  none {c['none']:4d}")
        per_kind: dict = defaultdict(Counter)
        for kinds in rows.values():
            for kind, c in kinds.items():
                per_kind[kind].update(c)
        for kind, c in per_kind.items():
            lines.append(f"   {kind:15s} right {c['right']:4d}  wrong {c['wrong']:4d}  none {c['none']:4d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--strict", action="store_true", help="also remove key terms equal to the left-out wording")
    ap.add_argument("--list", action="store_true", help="list the cases that were not right")
    ap.add_argument("--source", choices=["dev", "catalogue"], action="append")
    args = ap.parse_args(argv)
    result = run(args.strict, tuple(args.source or ("dev", "catalogue")))
    print(report(result))
    if args.list:
        for case, variant, label, verdict, chose in result["misses"]:
            print(f"{case.source:9s} {verdict:5s} {case.kind}/{case.key}{'.' + case.column if case.column else ''}"
                  f" {label!r} -> {chose}")


if __name__ == "__main__":
    main()
