"""The allergen engine on 1,802 real ingredient lists (../shared/data/..., not copied here).

Reports coverage numbers and guards them; a real label can be wrong, so the
bound is not 100 %.
"""
import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest

from intake.domain import allergens as A

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real_ingredient_lists" / "dev.tsv"
DAY = dt.date(2026, 11, 22)


@lru_cache(maxsize=1)
def _rows():
    with open(DEV, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


@lru_cache(maxsize=1)
def _parsed():
    """Every list parsed once for the whole module (about 1–2 s)."""
    return [(row, A.parse_ingredients(row[1])) for row in _rows()]


pytestmark = pytest.mark.skipif(not DEV.is_file(), reason="real ingredient lists absent")


def test_never_crashes_and_parses_every_list():
    rows = _parsed()
    assert len(rows) > 1000
    empty = 0
    for row, p in rows:
        A.declared_allergens(p)
        A.contained_allergens(p)
        empty += not p.ingredients
    assert empty == 0


def test_detected_mandatory_allergens_are_declared(capsys):
    lists = covered = total = 0
    for row, p in _parsed():
        if not p.has_declaration:
            continue
        lists += 1
        declared = set(A.declared_allergens(p))
        for m in A.contained_allergens(p):
            st = A.status(m.allergen, DAY)
            if st and st.list == "mandatory":
                total += 1
                covered += m.allergen in declared
    with capsys.disabled():
        print(f"\nreal lists with a declaration: {lists}; mandatory detections {total}, "
              f"covered by the declaration {covered} ({covered / total:.2%})")
    assert lists > 1000 and covered / total > 0.99


def test_collective_declarations_are_read():
    collective = [p for _, p in _parsed()]
    collective = [p for p in collective if p.collective is not None]
    assert len(collective) > 400
    assert all(p.collective for p in collective)


def test_additives_are_split_off():
    with_slash = [p for r, p in _parsed() if "/" in r[1] or "／" in r[1]]
    assert sum(bool(p.additives) for p in with_slash) / len(with_slash) > 0.99
