"""Every document is read in a child process under hard limits, enforced outside the reading code.

The child has RLIMIT_AS (address space, so a decompression bomb or a runaway render fails inside
it, not in the worker) and the parent keeps two deadlines: one per page (reset each time the child
reports a finished page) and one for the whole document. A child that passes a deadline is killed;
one that dies is replaced. Either way the document ends as an UnreadableError naming the limit, the
submission goes on with its other documents, and the task completes normally — so the broker never
redelivers the document into the same fate.

One child serves a worker process (or one CLI run) document after document, its OCR models loaded
once. It is forked before the parent loads any model (onnxruntime is not fork-safe once running),
so its start costs milliseconds, not an interpreter start.
"""
from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

log = logging.getLogger(__name__)
STARTUP_S = 120.0        # a reading child's own start (interpreter, imports, models) is not the document's time


# A small office file (DOCX, XLSX, CSV, text) is read in the calling process: its size bounds what
# reading it can take (the archive's members are read no longer than they say, ziplimits), well under
# the limits, and the round trip to the child costs more than reading it (2–10 ms on a busy host
# against 3–20 ms). PDFs (content streams inflate, pages can hold anything) and images always go to the child.
IN_PROCESS_MAX_BYTES = 1024 * 1024
IN_PROCESS_MAX_INFLATED = 2 * 1024 * 1024
IN_PROCESS_MAX_MEMBERS = 500


def small_enough_in_process(data: bytes, media_type: str) -> bool:
    """Whether this file is read in the caller's process (see IN_PROCESS_*)."""
    from extractors import detect
    if len(data) > IN_PROCESS_MAX_BYTES:
        return False
    if media_type in (detect.CSV, detect.TEXT):
        return True
    if media_type not in (detect.DOCX, detect.XLSX):
        return False
    import io
    import zipfile
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return False                  # the child says what is wrong with it
    return len(infos) <= IN_PROCESS_MAX_MEMBERS and sum(i.file_size for i in infos) <= IN_PROCESS_MAX_INFLATED


@dataclass(frozen=True)
class Limits:
    page_s: float = 30.0
    document_s: float = 600.0
    memory_mb: int = 1536

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        return cls(float(settings.page_timeout_s), float(settings.document_timeout_s), settings.memory_mb)


def _serve(conn, memory_mb: int, warm: bool) -> None:
    """The child: read what the parent sends, report each page, answer with the Layout or the refusal."""
    import resource

    from extractors import limits as xlimits
    from extractors.layout import UnreadableError
    from extractors.reader import read

    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    _spare_address_space()
    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    xlimits.on_page = lambda number: conn.send(("page", number))
    _preload(warm)
    gc.freeze()          # the modules and models loaded so far stay: collections walk only what a document makes
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        data, filename, media_type = request
        try:
            conn.send(("ok", read(data, filename, media_type)))
        except UnreadableError as e:
            conn.send(("unreadable", getattr(e, "reason", "corrupt"), e.message, e.message_en, e.detail))
        except MemoryError:
            conn.send(("limit", "memory", None))
        except BaseException as e:  # a reader bug: the parent logs it as an internal error
            conn.send(("error", f"{type(e).__name__}: {e}"[:500]))


def _spare_address_space() -> None:
    """RLIMIT_AS counts address space reserved, not memory used: glibc reserves 64 MB for each
    thread's malloc arena and 8 MB for each thread's stack. With the OCR models (≈ 950 MB mapped)
    and after a few hundred documents that left a 20-page scan 13 MB from the 1536 MB limit;
    two arenas and small stacks for our own threads (tesseract's output) keep the headroom."""
    threading.stack_size(512 * 1024)
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)     # M_ARENA_MAX
    except (OSError, AttributeError):             # not glibc: nothing to cap
        pass


def _fork_safe(memory_mb: int) -> bool:
    """Fork only a single-threaded parent that has not loaded onnxruntime (its thread pool would be
    missing in the child and the first inference would hang) and is small (a forked child inherits
    the parent's address space, which RLIMIT_AS counts); otherwise start a fresh interpreter."""
    return (threading.active_count() == 1 and "onnxruntime" not in sys.modules
            and _vm_mb() < memory_mb / 4)


def _vm_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("inf")


def _preload(models: bool) -> None:
    """Import the readers (and, for a worker, load the OCR models) before the first deadline starts.

    A one-shot child (`intake process`) imports only the PDF readers, while its parent imports the
    rest of the pipeline: office files are mostly read in the parent, and an image's reader comes with
    its OCR models, which take far longer than the import (OpenCV, python-docx, openpyxl: 0.15 s, the
    longest part of reading a text PDF)."""
    import importlib
    for module in ("pdf", "pdf_text") + (("image", "docx", "xlsx") if models else ()):
        importlib.import_module(f"extractors.readers.{module}")
    import pdfplumber  # noqa: F401  (imported lazily by the PDF reader, 0.15 s)
    if models:
        try:
            from extractors.ocr import registry
            registry.warm()
        except Exception:  # OCR still loads on first use
            log.exception("could not preload the OCR models")


class Reader:
    """A reading child process and the deadlines kept on it. (Plain fork/exec, not multiprocessing:
    a Celery pool process may not have multiprocessing children.)"""

    def __init__(self, limits: Limits, warm: bool = False):
        self.limits, self.warm = limits, warm
        self._pid: int | None = None
        self._popen = None
        self._conn = None
        self._ready = False
        self._pending = None           # (bytes, when sent) of a file sent ahead of its `read`
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._pid

    def start(self) -> None:
        if self._pid is not None:
            return
        mine, theirs = socket.socketpair()
        if _fork_safe(self.limits.memory_mb):
            pid = os.fork()
            if pid == 0:                      # the child
                mine.close()
                code = 0
                try:
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    _serve(Connection(theirs.detach()), self.limits.memory_mb, self.warm)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            self._pid = pid
        else:
            self._popen = subprocess.Popen(
                [sys.executable, "-m", "intake.reading", str(theirs.fileno()), str(self.limits.memory_mb),
                 "1" if self.warm else "0"], pass_fds=(theirs.fileno(),), close_fds=True)
            self._pid = self._popen.pid
        theirs.close()
        self._conn = Connection(mine.detach())

    def stop(self) -> None:
        if self._pid is None:
            return
        try:
            self._conn.send(None)
        except (OSError, ValueError):
            pass
        self._kill(grace=2.0)

    def _kill(self, grace: float = 0.0) -> int | None:
        """End the child (after `grace` seconds to leave by itself) and reap it; its exit status."""
        status = None
        if self._pid is not None:
            deadline = time.monotonic() + grace
            while status is None and time.monotonic() < deadline:
                status = self._reap(block=False)
                if status is None:
                    time.sleep(0.02)
            if status is None:
                try:
                    os.kill(self._pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                status = self._reap(block=True)
        if self._conn is not None:
            self._conn.close()
        self._pid = self._popen = self._conn = self._pending = None
        self._ready = False
        return status

    def _reap(self, block: bool) -> int | None:
        try:
            if self._popen is not None:
                return self._popen.wait() if block else self._popen.poll()
            pid, status = os.waitpid(self._pid, 0 if block else os.WNOHANG)
            return os.waitstatus_to_exitcode(status) if pid else None
        except ChildProcessError:
            return -1

    def read(self, data: bytes, filename: str = "", media_type: str | None = None):
        """The Layout of the file, or UnreadableError (including for a limit reached)."""
        with self._lock:
            pending, self._pending = self._pending, None
            if pending and pending[0] is data:          # sent ahead (`send_ahead`): its answer is on its way
                return self._wait(pending[1])
            if pending:                                 # sent ahead but not asked for: its answer is dropped
                try:
                    self._wait(pending[1])
                except Exception:  # noqa: BLE001  (nobody wants that file's answer)
                    pass
            return self._wait(self._send(data, filename, media_type))

    def send_ahead(self, data: bytes, filename: str = "", media_type: str | None = None) -> None:
        """Start reading a file the caller asks for next (`read` with the same bytes object), so that
        the child reads while the caller does other work (`intake process` loads its rules meanwhile)."""
        with self._lock:
            if self._pending is None:
                self._pending = (data, self._send(data, filename, media_type))

    def _send(self, data: bytes, filename: str, media_type: str | None) -> float:
        """Hand the file to the child (a fresh one if it had died); when it was sent."""
        if self._pid is not None and self._reap(block=False) is not None:
            log.warning("reading child %s had died; starting another", self._pid)
            self._pid = None           # reaped already
            self._kill()
        self.start()
        try:
            self._conn.send((data, filename, media_type))
        except (OSError, ValueError):      # the child died between documents: once more, fresh
            self._kill(grace=0.5)
            self.start()
            self._conn.send((data, filename, media_type))
        return time.monotonic()

    def _wait(self, start: float):
        page_start, pages = start, 0
        while True:
            now = time.monotonic()
            grace = 0.0 if self._ready else STARTUP_S     # an interpreter start and model loading
            doc_left = self.limits.document_s + grace - (now - start)
            page_left = self.limits.page_s + grace - (now - page_start)
            if doc_left <= 0 or page_left <= 0:
                self._kill()
                which = "document_time" if doc_left <= 0 else "page_time"
                raise limit_error(which, self.limits, pages + 1)
            try:
                ready = self._conn.poll(min(doc_left, page_left))
                message = self._conn.recv() if ready else None
            except (EOFError, OSError):
                code = self._kill(grace=1.0)
                log.warning("reading child died (exit %s) on page %s", code, pages + 1)
                raise limit_error("memory", self.limits, pages + 1, f"reader exited with {code}") from None
            if message is None:
                continue
            if message[0] == "ready":
                self._ready, start, page_start = True, time.monotonic(), time.monotonic()
                continue
            if message[0] == "page":
                pages, page_start = message[1], time.monotonic()
                continue
            return _answer(message, self.limits, pages + 1)


def _answer(message, limits: Limits, page: int):
    from extractors.layout import UnreadableError
    kind = message[0]
    if kind == "ok":
        return message[1]
    if kind == "unreadable":
        _, reason, ja, en, detail = message
        err = UnreadableError(ja, en, detail)
        err.reason = reason
        raise err
    if kind == "limit":
        raise limit_error(message[1], limits, page)
    raise RuntimeError(f"reader failed in the reading child: {message[1]}")


def limit_error(which: str, limits: Limits, page: int, detail: str | None = None):
    """The refusal for a limit reached; says which limit and its value."""
    from extractors.limits import limit_reached
    values = {"page_time": limits.page_s, "document_time": limits.document_s, "memory": limits.memory_mb}
    return limit_reached(which, values[which], page, detail)


_reader: Reader | None = None
_reader_lock = threading.Lock()


def reader(limits: Limits, warm: bool = False) -> Reader:
    """This process's reading child (one per worker process or CLI run)."""
    global _reader
    with _reader_lock:
        if _reader is None or _reader.limits != limits:
            if _reader is not None:
                _reader.stop()
            _reader = Reader(limits, warm)
        return _reader


def shutdown() -> None:
    global _reader
    with _reader_lock:
        if _reader is not None:
            _reader.stop()
            _reader = None


if __name__ == "__main__":        # the spawned child: fd, memory limit (MB), warm (1/0)
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]), sys.argv[3] == "1")
