import pytest

from extractor_docs import register_font


@pytest.fixture(scope="session")
def jp_font():
    return register_font()
