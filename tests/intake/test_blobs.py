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


# --- the interface, both backends; S3 against moto's server mode ---------------------------

@pytest.fixture(params=["file", "s3"])
def any_store(request, tmp_path, monkeypatch):
    from intake.blobs import open_store
    from tests.intake.services import S3_ENV, moto_s3

    if request.param == "file":
        yield open_store((tmp_path / "blobs").as_uri())
        return
    for key, value in S3_ENV.items():
        monkeypatch.setenv(key, value)
    with moto_s3("blobs") as endpoint:
        yield open_store(f"s3://blobs/intake/originals?endpoint={endpoint}")


@pytest.mark.timeout(60)
def test_each_backend_keeps_bytes_by_digest_and_deletes_only_on_request(any_store):
    from intake.blobs import BlobMissing

    data = bytes(range(256)) * 100
    sha = any_store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert any_store.get(sha) == data and any_store.exists(sha)
    assert any_store.put(data) == sha
    assert any_store.get(any_store.put(b"")) == b""
    any_store.check()
    any_store.delete(sha)
    assert not any_store.exists(sha)
    with pytest.raises(BlobMissing):
        any_store.get(sha)
    with pytest.raises(ValueError):
        any_store.get("../etc/passwd")


@pytest.mark.timeout(60)
def test_s3_originals_are_written_once_under_the_prefix(tmp_path, monkeypatch):
    import boto3

    from intake.blobs import S3BlobStore
    from tests.intake.services import S3_ENV, moto_s3

    for key, value in S3_ENV.items():
        monkeypatch.setenv(key, value)
    with moto_s3("once") as endpoint:
        store = S3BlobStore("once", "p/q", endpoint)
        sha = store.put(b"original")
        client = boto3.client("s3", endpoint_url=endpoint)
        [obj] = client.list_objects_v2(Bucket="once")["Contents"]
        assert obj["Key"] == f"p/q/{sha[:2]}/{sha}"
        first = client.head_object(Bucket="once", Key=obj["Key"])["LastModified"]
        store.put(b"original")                                # no second write
        assert client.head_object(Bucket="once", Key=obj["Key"])["LastModified"] == first
        # even a writer that skips the existence check cannot replace it
        from botocore.exceptions import ClientError
        with pytest.raises(ClientError):
            client.put_object(Bucket="once", Key=obj["Key"], Body=b"forged", IfNoneMatch="*")
        assert store.get(sha) == b"original"


def test_the_blob_url_chooses_the_backend(tmp_path, monkeypatch):
    from intake import config
    from intake.blobs import LocalBlobStore, S3BlobStore, blob_store, open_store

    monkeypatch.setenv("INTAKE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("INTAKE_SECRET_KEY", "x")
    monkeypatch.delenv("INTAKE_BLOB_URL", raising=False)
    store = blob_store(config.load())
    assert isinstance(store, LocalBlobStore) and store.root == tmp_path / "home" / "blobs"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    s3 = open_store("s3://bucket/a/b?endpoint=http://127.0.0.1:9&region=ap-northeast-1")
    assert isinstance(s3, S3BlobStore) and (s3.bucket, s3.prefix) == ("bucket", "a/b")
    assert s3.client.meta.endpoint_url == "http://127.0.0.1:9"
    assert s3.client.meta.region_name == "ap-northeast-1"
    for bad in ("ftp://x/y", "s3:///nobucket", "/just/a/path"):
        with pytest.raises(ValueError, match="INTAKE_BLOB_URL"):
            open_store(bad)


def test_local_blobs_are_private(tmp_path):
    store = LocalBlobStore(tmp_path)
    sha = store.put(b"bank account 1234567")
    assert store.path(sha).stat().st_mode & 0o077 == 0
