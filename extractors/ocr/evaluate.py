"""Measure the OCR strategies on synthetic pages: character error rate (NFKC, whitespace removed),
exact numbers, checkbox states and seconds per page.  Run:

    .venv/bin/python -m extractors.ocr.evaluate [--pages 12] [--seed 7] [--strategies raw,tesseract,rapidocr,combined]
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
import unicodedata

from intake.domain.jp import edit_distance  # the one Levenshtein (also names across documents)

from .synthetic import samples

BOX_GLYPHS = "□☐☑☒■"
_NUMBER = re.compile(r"\d[\d,.\-]*\d|\d")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in BOX_GLYPHS)


def cer(truth: str, hyp: str) -> float:
    t, h = normalise(truth), normalise(hyp)
    return edit_distance(t, h) / max(1, len(t))


def numbers_exact(truth: str, hyp: str) -> tuple[int, int]:
    nums = _NUMBER.findall(normalise(truth))
    h = normalise(hyp)
    return sum(n in h for n in nums), len(nums)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (tesseract runs as a child process)."""
    import resource
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_strategy(name: str, image):
    """(text, checkboxes) read by one strategy."""
    if name == "raw":
        from . import registry
        return "\n".join(ln.text for ln in registry.engine("tesseract-raw").recognize(image)), []
    from .page import ocr_image
    page = ocr_image(image, strategy=name)
    return page.text, page.checkboxes


def evaluate(pages: int, seed: int, strategies: list[str], verbose: bool = False) -> dict:
    data = samples(pages, seed)
    results: dict = {s: [] for s in strategies}
    for sample in data:
        for name in strategies:
            start, cpu = time.perf_counter(), _cpu()
            text, boxes = run_strategy(name, sample.image)
            secs, cpu = time.perf_counter() - start, _cpu() - cpu
            ok, total = numbers_exact(sample.truth, text)
            found = {cb.label: cb.checked for cb in boxes}
            box_ok = sum(found.get(label) == state for label, state in sample.boxes.items())
            results[name].append({"page": sample.name, "condition": sample.condition, "kind": sample.kind,
                                  "cer": cer(sample.truth, text), "secs": secs, "cpu": cpu, "numbers": (ok, total),
                                  "boxes": (box_ok, len(sample.boxes))})
            if verbose:
                r = results[name][-1]
                print(f"{name:<10} {r['page']:<16} CER {r['cer']:.1%}  {r['secs']:.2f}s ({r['cpu']:.2f} CPU)"
                      f"  numbers {r['numbers']}  boxes {r['boxes']}", flush=True)
    return results


def report(results: dict) -> str:
    lines = ["strategy     median CER  (clean / scan / photo)   mean CER  numbers exact   boxes   median wall s / CPU s per page"]
    for name, rows in results.items():
        by = {c: [r["cer"] for r in rows if r["condition"] == c] for c in ("clean", "scan", "photo")}
        med = lambda xs: statistics.median(xs) if xs else float("nan")  # noqa: E731
        nums = sum(r["numbers"][0] for r in rows), sum(r["numbers"][1] for r in rows)
        boxes = sum(r["boxes"][0] for r in rows), sum(r["boxes"][1] for r in rows)
        lines.append(f"{name:<12} {med([r['cer'] for r in rows]):>9.1%}  ({med(by['clean']):.1%} / {med(by['scan']):.1%}"
                     f" / {med(by['photo']):.1%})   {statistics.mean(r['cer'] for r in rows):.1%}"
                     f"   {nums[0]}/{nums[1]} = {nums[0] / max(1, nums[1]):.0%}"
                     f"   {boxes[0]}/{boxes[1]}   {med([r['secs'] for r in rows]):.2f} / {med([r['cpu'] for r in rows]):.2f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--strategies", default="raw,tesseract,rapidocr,combined,tess+rec")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    results = evaluate(args.pages, args.seed, args.strategies.split(","), args.verbose)
    print(report(results))


if __name__ == "__main__":
    main()
