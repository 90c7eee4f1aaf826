"""One registry of OCR engines by name. An engine is one module that calls `register(name, factory)`
at import and is listed in ENGINE_MODULES; everything else asks `engine(name)`.

Engines are created once per process (models load once) and shared; `warm()` loads them ahead of
the first document (a worker or reading child process does it at start).
"""
from __future__ import annotations

import importlib
import os
import threading
import time
from typing import Callable

from .base import OcrEngine

ENGINE_MODULES = ("tesseract", "rapid")      # modules under extractors.ocr that register engines
_FACTORIES: dict[str, Callable[[], OcrEngine]] = {}
_INSTANCES: dict[str, OcrEngine] = {}
_LOCK = threading.Lock()
_loaded = False
_spent = [0.0]          # seconds inside engines since reset_timing() (the bench's "engine time"; an engine
                        # started in the background counts its own run time, not the wait for it)


class _Timed:
    """The engine, with the wall time of every call to it counted (tesseract's child included)."""

    def __init__(self, inner: OcrEngine):
        self._inner = inner
        self.name = inner.name

    def __getattr__(self, attr):
        value = getattr(self._inner, attr)
        if not callable(value) or attr == "warm":
            return value

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                out = value(*args, **kwargs)
            finally:
                called = time.perf_counter() - start
            if hasattr(out, "ran_s"):           # an engine running beside the page analysis: its own run time
                out.result = _counting_run(out, out.result)
            elif hasattr(out, "result"):        # a started engine: the call and the wait for it
                _spent[0] += called
                out.result = _timing(out.result)
            else:
                _spent[0] += called
            return out
        return timed

    def recognize(self, image):
        return self.__getattr__("recognize")(image)


def _timing(fn):
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _spent[0] += time.perf_counter() - start
    return timed


def _counting_run(pending, fn):
    def result(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            _spent[0] += pending.ran_s or 0.0
    return result


def reset_timing() -> None:
    _spent[0] = 0.0


def engine_seconds() -> float:
    return _spent[0]


def register(name: str, factory: Callable[[], OcrEngine]) -> None:
    _FACTORIES[name] = factory


def threads() -> int:
    """Threads one process's OCR may use: INTAKE_OCR_THREADS (`intake worker` sets cores ÷ processes,
    so two pool processes on two cores do not fight over them), default 2."""
    try:
        return max(1, int(os.environ.get("INTAKE_OCR_THREADS", "2")))
    except ValueError:
        return 2


class Beside:
    """A call run in a thread while the caller works, when the process may use more than one
    (`threads`); otherwise run when its result is asked for. `result()` returns or raises as the call did."""

    def __init__(self, fn: Callable, *args):
        self._fn, self._args, self._out, self._error = fn, args, None, None
        self._thread = None
        if threads() > 1:
            self._thread = threading.Thread(target=self._run, name=f"beside-{getattr(fn, '__name__', 'call')}",
                                            daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._out = self._fn(*self._args)
        except BaseException as e:  # noqa: BLE001  (re-raised in the caller's thread by result())
            self._error = e

    def result(self):
        if self._thread is None:
            return self._fn(*self._args)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._out


def limit_threads() -> None:
    """OpenCV's page analysis to the same number of threads as onnxruntime (tesseract runs with one,
    OMP_THREAD_LIMIT): by default it starts one per core in every process."""
    import cv2
    cv2.setNumThreads(threads())


def _load() -> None:
    global _loaded
    if not _loaded:
        limit_threads()
        for module in ENGINE_MODULES:
            importlib.import_module(f"{__package__}.{module}")
        _loaded = True


def names() -> list[str]:
    _load()
    return sorted(_FACTORIES)


def engine(name: str) -> OcrEngine:
    """The process's engine of that name; KeyError names the registered ones."""
    _load()
    with _LOCK:
        if name not in _INSTANCES:
            if name not in _FACTORIES:
                raise KeyError(f"no OCR engine {name!r}; registered: {', '.join(sorted(_FACTORIES))}")
            _INSTANCES[name] = _Timed(_FACTORIES[name]())
        return _INSTANCES[name]


def warm() -> None:
    """Load every engine's models now."""
    for name in names():
        load = getattr(engine(name), "warm", None)
        if load:
            load()
