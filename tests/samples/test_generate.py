"""The sample generator: deterministic, complete ground truth, every kind; eval on born-digital output."""
import json

import pytest

from intake.evaluation import format_report, run_eval
from samples import generate

KINDS = {"application", "pledge", "license_check", "pl_insurance", "permit", "food_label", "allergen_sheet",
         "complaint_report", "sales_plan", "purchase_list", "product_photo"}
BORN_DIGITAL = ["pdf", "docx", "xlsx", "csv"]


@pytest.fixture(scope="module")
def born_digital(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    generate.generate(out, seed=11, variant=2, rounds=1, formats=BORN_DIGITAL, flawed=2, photos=False)
    return out


@pytest.fixture(scope="module")
def evaluated(born_digital):
    return run_eval(str(born_digital))


def _truths(root):
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.rglob("truth.json"))]


def test_it_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        generate.generate(out, seed=5, variant=1, formats=["pdf"], flawed=1)
    assert any(d["kind"] == "product_photo" for t in _truths(a) for d in t["documents"].values())
    assert _truths(a) == _truths(b)
    assert [p.name for p in sorted(a.rglob("*"))] == [p.name for p in sorted(b.rglob("*"))]


def test_truth_files_follow_the_documented_format(born_digital):
    truths = _truths(born_digital)
    assert {t["profile"] for t in truths} == {"shika", "ishigaki", "hamada", "narita", "gunma"}
    kinds = set()
    for t in truths:
        assert t["as_of"] == "2026-11-22" and isinstance(t["findings"], list)
        for name, d in t["documents"].items():
            assert (born_digital.glob(f"*/{name}"))
            assert d["input_kind"] in {"pdf", "docx", "xlsx", "csv", "scan", "photo", "eml"}
            assert d["fields"]
            kinds.add(d["kind"])
    assert kinds == KINDS - {"product_photo"}


def test_flawed_submissions_name_their_findings(born_digital):
    flawed = [t for p, t in zip(sorted(born_digital.rglob("truth.json")), _truths(born_digital))
              if not p.parent.name.endswith("_clean")]
    assert flawed and all(t["findings"] for t in flawed)


def test_born_digital_extraction_meets_the_targets(evaluated):
    result = evaluated
    report = format_report(result)
    assert result["kind"]["accuracy"] >= 0.98, report
    assert result["fields"]["accuracy"] >= 0.98, report
    assert not result["unreadable"], report


def test_eval_reports_findings_when_validators_exist(evaluated):
    result = evaluated
    if result["findings"] is None:
        pytest.skip("validators not installed")
    assert result["findings"]["submissions"] > 0


def test_the_committed_label_pair_is_there():
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "samples" / "submissions"
    for name, codes in (("food_label_clean", []), ("food_label_undeclared_allergen", ["ALLERGEN_UNDECLARED"])):
        t = json.loads((root / name / "truth.json").read_text(encoding="utf-8"))
        assert t["findings"] == codes
        assert (root / name / "shokuhin_hyoji.pdf").exists()
