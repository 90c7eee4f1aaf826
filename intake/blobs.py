"""Content-addressed blob store: originals are kept byte for byte, by sha256, written once.

`INTAKE_BLOB_URL` chooses the backend: `file:///path` (the default, `$INTAKE_HOME/blobs`) or
`s3://bucket/prefix?endpoint=http://host:port&region=…` for workers on many hosts. A blob is
never rewritten: the key is its digest, and a put of a key already there writes nothing. Only the
retention job deletes (intake.retention), and only a blob no row uses any more.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlparse


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_digest(sha: str) -> str:
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ValueError("not a sha256 hex digest")
    return sha


class BlobMissing(FileNotFoundError):
    """No blob under this digest (deleted by retention, or a store that lost it)."""


class BlobStore(Protocol):
    def put(self, data: bytes) -> str: ...
    def get(self, sha: str) -> bytes: ...
    def exists(self, sha: str) -> bool: ...
    def delete(self, sha: str) -> None: ...
    def check(self) -> None: ...            # raises when the store cannot be read and written


class LocalBlobStore:
    """Blobs under root/ab/cd/<sha256>; writes are atomic (temp file + rename), files 0600."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        check_digest(sha)
        return self.root / sha[:2] / sha[2:4] / sha

    def put(self, data: bytes) -> str:
        sha = sha256_of(data)
        target = self.path(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha: str) -> bytes:
        try:
            return self.path(sha).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(sha) from None

    def exists(self, sha: str) -> bool:
        return self.path(sha).exists()

    def delete(self, sha: str) -> None:
        self.path(sha).unlink(missing_ok=True)

    def check(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise PermissionError(f"blob folder not writable: {self.root}")


class S3BlobStore:
    """Blobs as objects `prefix/ab/<sha256>` in an S3-compatible bucket (boto3)."""

    def __init__(self, bucket: str, prefix: str = "", endpoint: str | None = None,
                 region: str | None = None):
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = boto3.client(
            "s3", endpoint_url=endpoint, region_name=region or "us-east-1",
            config=Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 3}))

    def key(self, sha: str) -> str:
        check_digest(sha)
        return f"{self.prefix}/{sha[:2]}/{sha}" if self.prefix else f"{sha[:2]}/{sha}"

    def put(self, data: bytes) -> str:
        from botocore.exceptions import ClientError

        sha = sha256_of(data)
        if self.exists(sha):
            return sha
        try:  # IfNoneMatch: a concurrent writer of the same key cannot replace the first one
            self.client.put_object(Bucket=self.bucket, Key=self.key(sha), Body=data,
                                   IfNoneMatch="*", ChecksumSHA256=_b64_digest(data))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("PreconditionFailed", "412"):
                raise
        return sha

    def get(self, sha: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key(sha))["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise BlobMissing(sha) from None
            raise

    def exists(self, sha: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sha))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise

    def delete(self, sha: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha))

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)


def _b64_digest(data: bytes) -> str:
    import base64
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def open_store(url: str) -> BlobStore:
    """The store an `INTAKE_BLOB_URL` names."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return LocalBlobStore(Path(unquote(parsed.path)))
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ValueError("INTAKE_BLOB_URL s3:// needs a bucket: s3://bucket/prefix")
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return S3BlobStore(parsed.netloc, parsed.path, query.get("endpoint"), query.get("region"))
    raise ValueError(f"INTAKE_BLOB_URL must be file:///path or s3://bucket/prefix, got {url!r}")


_stores: dict[tuple[str, int], BlobStore] = {}


def blob_store(settings) -> BlobStore:  # noqa: ANN001 - intake.config.Settings
    """The configured store, one per URL and process (boto3 clients are thread-safe)."""
    key = (settings.blob_url, os.getpid())   # not across a fork: a client's connections are not
    if key not in _stores:
        _stores[key] = open_store(settings.blob_url)
    return _stores[key]
