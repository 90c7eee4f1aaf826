"""Generated documents for the field tests: DocSpec (with truth) and its ideal Layout."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from samples import catalog


@pytest.fixture(scope="session")
def specs():
    """Every kind, several seeds and layout variants (development seeds 100-105)."""
    out = []
    for seed in range(100, 106):
        out += catalog.all_specs(random.Random(seed), seed % 3, dt.date(2026, 11, 1))
    return out
