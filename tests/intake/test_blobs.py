import hashlib

import pytest

from intake.blobs import LocalBlobStore


def test_it_stores_by_content_and_keeps_bytes(tmp_path):
    store = LocalBlobStore(tmp_path)
    data = b"%PDF-1.7 \x00\xff"
    sha = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.get(sha) == data and store.exists(sha)
    assert store.put(data) == sha  # idempotent
    assert list(tmp_path.rglob(".tmp-*")) == []


def test_it_keeps_an_empty_file(tmp_path):
    store = LocalBlobStore(tmp_path)
    assert store.get(store.put(b"")) == b""


def test_it_refuses_paths_that_are_not_digests(tmp_path):
    with pytest.raises(ValueError):
        LocalBlobStore(tmp_path).path("../../etc/passwd")
