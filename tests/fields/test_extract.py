"""Fields per kind on generated documents, read through the ideal Layout (no reader in the loop)."""
from collections import defaultdict

import pytest

from extractors.fields import extract
from samples.compare import same
from samples.render.layout import to_layout

KINDS = ["food_label", "application", "pledge", "license_check", "pl_insurance", "permit", "allergen_sheet",
         "complaint_report", "sales_plan", "purchase_list", "product_photo"]


@pytest.mark.parametrize("kind", KINDS)
def test_it_extracts_the_fields_of(kind, specs):
    total, wrong = 0, defaultdict(list)
    for spec in (s for s in specs if s.kind == kind):
        got = extract(kind, to_layout(spec), spec.stem + ".pdf")
        for key, value in spec.truth.items():
            total += 1
            fv = got.get(key)
            if not same(value, fv.value if fv else None):
                wrong[key].append((value, fv.value if fv else None))
    assert total
    misses = sum(len(v) for v in wrong.values())
    assert misses / total <= 0.02, dict(wrong)


def test_values_carry_provenance(specs):
    spec = next(s for s in specs if s.kind == "food_label")
    fv = extract("food_label", to_layout(spec), "label.pdf")["label.name"]
    assert fv.page == 1 and fv.bbox and fv.method == "text" and 0 < fv.confidence <= 1


def test_it_never_raises_on_nonsense():
    from extractors.layout import Layout
    for kind in KINDS + ["other", "nonsense"]:
        assert isinstance(extract(kind, Layout("application/pdf"), "x.pdf"), dict)
