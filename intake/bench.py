"""`intake bench`: throughput and latency per input kind, each beside its floor measured in the same run.

Floors, on the same files: bare pdfplumber `extract_words` (text PDFs), bare `tesseract FILE - -l jpn`
as a whole process (scans and photos; a scanned PDF's pages are rendered to PNG first, not timed),
bare rapidocr (det + rec, same PP-OCRv6 models, warm), bare python-docx / openpyxl (DOCX, XLSX).
"Ours" is `read_document` (read in the limited child + classify + fields), warm. The machine may be
shared: every figure is a median of --repeat runs and is printed as a ratio to its floor.

`--queue` also sends every file as its own submission through Celery with 1 and 2 worker processes
(`intake worker --concurrency N`), on the embedded broker + SQLite and, when they answer on
127.0.0.1, on Redis + PostgreSQL: documents per minute, latency median / p95, peak memory (VmHWM) of
each worker and reading process, and a text PDF sent behind ten scans against its time alone.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from intake.processes import stop

PRODUCT_KINDS = ("product_photo", "package_photo")


def _truth(root: Path) -> dict[Path, dict]:
    out: dict[Path, dict] = {}
    for truth in root.rglob("truth.json"):
        try:
            docs = json.loads(truth.read_text(encoding="utf-8"))["documents"]
        except (OSError, ValueError, KeyError):
            continue
        for name, t in docs.items():
            out[truth.parent / name] = t
    return out


def input_kind(path: Path, data: bytes, truth: dict) -> str:
    """text PDF, scan (300 dpi), fax (200 dpi), phone photo, product photo, DOCX, XLSX …"""
    from extractors import detect
    t = truth.get(path, {})
    kind = t.get("input_kind")
    if not kind:                       # no ground truth: by the sniffed type (an image is a scan)
        media = detect.sniff(data, path.name)
        kind = {detect.PDF: "scan" if _needs_ocr(data) else "pdf", detect.DOCX: "docx", detect.XLSX: "xlsx",
                detect.CSV: "csv", detect.TEXT: "text", detect.EML: "eml"}.get(
            media, "scan" if media.startswith("image/") else media.split("/")[-1])
    if kind == "photo" and t.get("kind") in PRODUCT_KINDS:
        return "product"
    if kind in ("scan", "fax") and path.suffix.lower() == ".pdf":
        return f"{kind}-pdf"
    return kind


def _needs_ocr(data: bytes) -> bool:
    from extractors.readers.pdf import needs_ocr
    return needs_ocr(data)


def _median(v: list[float]) -> float:
    return statistics.median(v) if v else float("nan")


def _p95(values: list[float]) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))] if v else float("nan")


# ---- floors ---------------------------------------------------------------------------------------

def _page_images(data: bytes, tmp: Path, stem: str) -> list[Path]:
    """An image file as it is; a PDF's pages rendered at 300 dpi (PNG) for the bare engines."""
    from extractors.detect import PDF, sniff
    if sniff(data) != PDF:
        path = tmp / stem
        path.write_bytes(data)
        return [path]
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(data)
    out = []
    for i in range(len(doc)):
        path = tmp / f"{stem}-{i}.png"
        doc[i].render(scale=300 / 72, grayscale=True).to_pil().save(path)
        out.append(path)
    doc.close()
    return out


def floor_tesseract(images: list[Path]) -> float:
    start = time.perf_counter()
    for img in images:
        subprocess.run(["tesseract", str(img), "-", "-l", "jpn"], capture_output=True, check=False)
    return time.perf_counter() - start


def floor_rapidocr(images: list[Path]) -> float:
    from rapidocr import RapidOCR

    from extractors.ocr.rapid import _models_dir
    global _bare_rapid
    if "_bare_rapid" not in globals():
        m = _models_dir()
        _bare_rapid = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False,
                                       "Det.model_path": str(m / "PP-OCRv6_det_small.onnx"),
                                       "Rec.model_path": str(m / "PP-OCRv6_rec_small.onnx"),
                                       "Cls.model_path": str(m / "ch_ppocr_mobile_v2.0_cls_mobile.onnx")})
        _bare_rapid(str(images[0]))                    # load the models outside the timing
    start = time.perf_counter()
    for img in images:
        _bare_rapid(str(img))
    return time.perf_counter() - start


def floor_pdfplumber(data: bytes) -> float:
    import pdfplumber
    start = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()
    return time.perf_counter() - start


def floor_office(data: bytes, kind: str) -> float:
    start = time.perf_counter()
    if kind == "docx":
        import docx
        d = docx.Document(io.BytesIO(data))
        _ = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    else:
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        _ = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    return time.perf_counter() - start


FLOORS = {"pdf": ("pdfplumber",), "docx": ("python-docx",), "xlsx": ("openpyxl",)}
OCR_FLOORS = ("tesseract", "rapidocr")


def _floors(kind: str, data: bytes, images: list[Path]) -> dict[str, float]:
    if kind == "pdf":
        return {"pdfplumber": floor_pdfplumber(data)}
    if kind in ("docx", "xlsx"):
        return {FLOORS[kind][0]: floor_office(data, kind)}
    if images:
        return {"tesseract": floor_tesseract(images), "rapidocr": floor_rapidocr(images)}
    return {}


# ---- in-process ----------------------------------------------------------------------------------

def _ours(name: str, data: bytes) -> tuple[float, float, float, int, bool]:
    """(seconds, reading seconds, engine seconds, pages, unreadable) for read + classify + fields, as
    the worker does."""
    from extractors.classify import classify
    from extractors.fields import extract
    from extractors.layout import UnreadableError
    try:
        from intake.pipeline import read_file
    except ImportError:                  # measuring an older checkout: in-process reading
        from extractors.reader import read as read_file
    start = time.perf_counter()
    try:
        layout = read_file(data, name)
        read_s = time.perf_counter() - start
        kind, _ = classify(layout, name)
        extract(kind, layout, name)
    except UnreadableError:
        return time.perf_counter() - start, time.perf_counter() - start, 0.0, 0, True
    return time.perf_counter() - start, read_s, getattr(layout, "engine_s", 0.0), len(layout.pages), False


def _hwm_mb(pid: int | None) -> int:
    """Peak resident memory (VmHWM, MB) of a process; 0 when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _reset_hwm(pid: int | None) -> None:
    """Start a process's peak-memory count again (Linux: `5` to clear_refs), so each file shows its own."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def _reader_pid() -> int | None:
    reading = sys.modules.get("intake.reading")
    r = getattr(reading, "_reader", None) if reading else None
    return getattr(r, "pid", None)


def run_bench(path: str, repeat: int = 3, kinds: set[str] | None = None) -> dict:
    """Per input kind: our latency and its floors, medians over `repeat` runs of each file."""
    root = Path(path)
    truth = _truth(root)
    files = [p for p in sorted(root.rglob("*")) if p.is_file() and p.name != "truth.json"]
    rows: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory() as tmp:
        for i, p in enumerate(files):
            data = p.read_bytes()
            kind = input_kind(p, data, truth)
            if kinds and kind not in kinds:
                continue
            ocr = kind not in ("pdf", "docx", "xlsx", "csv", "text", "eml", "plain", "rfc822")
            images = _page_images(data, Path(tmp), f"f{i}{p.suffix}") if ocr else []
            _ours(p.name, data)                                   # warm: imports, models, child
            if not ocr:
                _floors(kind, data, images)                       # … and the floor's imports
            child = _reader_pid()
            _reset_hwm(child)
            runs: dict[str, list[float]] = defaultdict(list)
            for _ in range(max(1, repeat)):
                secs, read_s, engine, pages, bad = _ours(p.name, data)
                runs["ours"].append(secs)
                runs["read"].append(read_s)
                runs["engine"].append(engine)
                for floor, value in _floors(kind, data, images).items():
                    runs[floor].append(value)
            print(f"  {kind:10s} {p.name}: ours {_median(runs['ours']):.2f}s "
                  + " ".join(f"{k} {_median(v):.2f}s" for k, v in runs.items() if k not in ("ours",)),
                  file=sys.stderr, flush=True)
            r = rows[kind]
            r["reader_mb"].append(_hwm_mb(child) if child else 0)
            r["files"].append(p.name)
            r["pages"].append(pages)
            r["unreadable"].append(bad)
            for key, values in runs.items():
                r[key].append(_median(values))
    return {"path": str(root), "repeat": repeat, "by_input_kind": {k: _summary(v) for k, v in sorted(rows.items())},
            "process_peak_mb": _hwm_mb(None)}


def _summary(r: dict[str, list]) -> dict:
    out = {"files": len(r["files"]), "pages": sum(r["pages"]), "unreadable": sum(r["unreadable"]),
           "median_s": round(_median(r["ours"]), 3), "p95_s": round(_p95(r["ours"]), 3),
           "docs_per_min": round(60 / _median(r["ours"]), 1) if r["ours"] else None,
           "read_median_s": round(_median(r["read"]), 3),
           "engine_share": round(sum(r["engine"]) / max(1e-9, sum(r["ours"])), 3),
           "engine_median_s": round(_median(r["engine"]), 3),
           "reader_peak_mb": max(r["reader_mb"], default=0)}
    for floor in ("pdfplumber", "python-docx", "openpyxl", "tesseract", "rapidocr"):
        if r.get(floor):
            ratios = [o / max(1e-6, f) for o, f in zip(r["ours"], r[floor])]
            reading = [o / max(1e-6, f) for o, f in zip(r["read"], r[floor])]
            out[floor] = {"median_s": round(_median(r[floor]), 3), "ratio": round(_median(ratios), 2),
                          "ratio_p95": round(_p95(ratios), 2), "read_ratio": round(_median(reading), 2)}
    return out


def format_report(result: dict) -> str:
    out = [f"bench: {result['path']} (medians of {result['repeat']} runs per file; ratio = ours / floor, same files, same run)",
           "  (ours = read in the limited child + classify + fields; read = the reading alone; engine = share of"
           " ours inside OCR engines)",
           "  (engine = seconds inside the OCR engines, an engine run beside the page analysis by its own run"
           " time; around = the rest of ours per page; MB = the reading child's peak)",
           f"  {'input':10s} {'files':>5s} {'pages':>5s} {'median':>8s} {'p95':>8s} {'read':>7s} {'docs/min':>8s}"
           f" {'engine':>7s} {'around':>7s} {'MB':>5s}  floors: median, ours ×ratio (p95), read ×ratio"]
    for k, r in result["by_input_kind"].items():
        floors = "  ".join(f"{f} {r[f]['median_s']:.3f}s ×{r[f]['ratio']:.2f} (p95 ×{r[f]['ratio_p95']:.2f}) "
                           f"read ×{r[f].get('read_ratio', float('nan')):.2f}"
                           for f in ("pdfplumber", "python-docx", "openpyxl", "tesseract", "rapidocr") if f in r)
        out.append(f"  {k:10s} {r['files']:5d} {r['pages']:5d} {r['median_s']:7.3f}s {r['p95_s']:7.3f}s "
                   f"{r.get('read_median_s', float('nan')):6.3f}s {(r['docs_per_min'] or 0):8.1f} "
                   f"{r['engine_share']:6.0%} {1 - r['engine_share']:6.0%} {r.get('reader_peak_mb', 0):5d}  {floors}"
                   + (f"  unreadable {r['unreadable']}" if r["unreadable"] else ""))
    if result.get("process_peak_mb"):
        out.append(f"  peak memory of this process: {result['process_peak_mb']} MB")
    if "queue" in result:
        out.append(format_queue(result["queue"]))
    return "\n".join(out)


# ---- through the queue ---------------------------------------------------------------------------

def _services() -> list[tuple[str, str, str]]:
    """(label, broker, database) pairs to measure: embedded always, Redis + PostgreSQL if they answer."""
    import socket
    out = [("embedded+sqlite", "embedded", "")]
    up = []
    for port in (6379, 5432):
        with socket.socket() as s:
            s.settimeout(0.3)
            up.append(s.connect_ex(("127.0.0.1", port)) == 0)
    if all(up):
        out.append(("redis+postgresql", "redis://127.0.0.1:6379/14", "postgresql"))
    return out


def _fresh_pg() -> tuple[str, callable]:
    import psycopg
    name = f"intake_bench_{os.getpid()}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from intake.db import get_engine
        get_engine.cache_clear() if hasattr(get_engine, "cache_clear") else None
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_s(pid: int) -> float | None:
    """CPU seconds of a process and of its children it has reaped (tesseract runs), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(v) for v in fields[11:15]) / _TICK      # utime stime cutime cstime


def _tree_hwm(pid: int, seen: dict[int, tuple[str, int]], depth: int = 0, prefix: str = "",
              cpu: dict[int, float] | None = None) -> None:
    """Record VmHWM (peak RSS, MB) of a worker and its descendants: the Celery main process, its pool
    processes ("worker"), their reading children ("reader") and the engines those start; the
    `default` queue's own worker process tree is prefixed "default ". With `cpu`, also the CPU
    seconds each has used so far (the last sample of a process that ends counts)."""
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        status = Path(f"/proc/{pid}/status").read_text()
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return
    role = comm if comm == "tesseract" else prefix + ("celery main", "worker", "reader")[min(depth, 2)]
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            mb = int(line.split()[1]) // 1024
            seen[pid] = (role, max(mb, seen.get(pid, ("", 0))[1]))
    if cpu is not None and comm != "tesseract":       # a tesseract's time counts in its reaping parent
        used = _cpu_s(pid)
        if used is not None:
            cpu[pid] = used
    for kid in kids:
        try:
            kid_cmd = Path(f"/proc/{kid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"--queues=default" in kid_cmd and kid_cmd != cmd:
            _tree_hwm(int(kid), seen, 0, "default ", cpu)
        else:
            _tree_hwm(int(kid), seen, depth + 1, prefix, cpu)


def _queue_run(files: list[tuple[str, bytes, str]], workers: int, broker: str, database: str,
               then: list[list[tuple[str, bytes, str]]] = ()) -> dict:
    """Send each file as a submission, wait for all, with `workers` worker processes; then each batch
    of `then` the same way, one after another (their latencies by name in "then")."""
    from intake import config
    from intake.blobs import blob_store
    from intake.db import session_scope
    from intake.migrate import upgrade
    from intake.models import Submission
    from intake.pipeline import InputFile
    from intake.submissions import receive
    home = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    drop = None
    env = {**os.environ, "INTAKE_HOME": str(home), "INTAKE_BROKER_URL": broker, "INTAKE_EAGER": "false",
           "INTAKE_SECRET_KEY": "bench"}
    if database == "postgresql":
        env["INTAKE_DATABASE_URL"], drop = _fresh_pg()
    else:
        env.pop("INTAKE_DATABASE_URL", None)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    broker_proc = worker = None
    try:
        settings = config.load()
        upgrade(settings.database_url)
        if settings.embedded_broker:
            from intake.broker import start_embedded
            broker_proc = start_embedded(settings.redis_socket, settings.home)
        from intake import worker as w
        w.configure(settings)
        worker = subprocess.Popen([sys.executable, "-m", "intake.cli", "worker", f"--concurrency={workers}"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        hwm: dict[int, tuple[str, int]] = {}

        def send(batch) -> dict:
            sent = {}
            for name, data, kind in batch:
                with session_scope(settings.database_url) as s:
                    sid = receive(s, blob_store(settings), "hamada", [InputFile(name, data)]).id
                with session_scope(settings.database_url) as s:
                    w.enqueue(s.get(Submission, sid))
                sent[sid] = (time.time(), kind, name)
            return sent

        def wait(sent: dict, limit: float = 1800, cpu: dict | None = None) -> dict:
            """Submission id → when its result was stored (the row's own timestamp, not when this
            loop, polling every 0.2 s, saw it)."""
            done, deadline = {}, time.monotonic() + limit
            while len(done) < len(sent) and time.monotonic() < deadline:
                _tree_hwm(worker.pid, hwm, cpu=cpu)
                with session_scope(settings.database_url) as s:
                    for sid in sent:
                        sub = s.get(Submission, sid)
                        if sid not in done and sub.status not in ("received", "processing"):
                            done[sid] = sub.updated_at.replace(tzinfo=dt.timezone.utc).timestamp()
                time.sleep(0.2)
            return done

        # Warm-up, not timed: one image per pool process (the reading children load their models).
        warmup = next((f for f in files if f[2] in ("scan", "photo", "product")), files[0])
        wait(send([warmup] * workers), 300)
        cpu_start: dict[int, float] = {}
        _tree_hwm(worker.pid, {}, cpu=cpu_start)
        cpu_end = dict(cpu_start)
        start = time.time()
        sent = send(files)
        done = wait(sent, cpu=cpu_end)
        total = max(done.values(), default=start) - start
        cpu_s = sum(cpu_end.values()) - sum(cpu_start.get(pid, 0.0) for pid in cpu_end)
        lat: dict[str, list[float]] = defaultdict(list)
        by_name = {}
        for sid, (t0, kind, name) in sent.items():
            if sid in done:
                lat[kind].append(done[sid] - t0)
                by_name[name] = done[sid] - t0
        after = []
        for batch in then:
            sent_b = send(batch)
            done_b = wait(sent_b)
            after.append({name: done_b[sid] - t0 for sid, (t0, _, name) in sent_b.items() if sid in done_b})
        peaks: dict[str, int] = {}
        for role, mb in hwm.values():
            peaks[role] = max(peaks.get(role, 0), mb)
        return {"then": after, "docs": len(done), "sent": len(sent), "seconds": round(total, 2), "workers": workers,
                "docs_per_min": round(60 * len(done) / max(total, 1e-6), 1),
                "cpu_s": round(cpu_s, 1), "cores_used": round(cpu_s / max(total, 1e-6), 2),
                "latency": {k: {"median_s": round(_median(v), 2), "p95_s": round(_p95(v), 2)} for k, v in lat.items()},
                "by_name": by_name, "peak_mb": peaks}
    finally:
        if worker is not None:
            stop([worker])
        if broker_proc is not None:
            stop([broker_proc], timeout=10)     # waited for: its folder goes next (a redis that cannot save there would stay)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if drop:
            drop()
        import shutil
        shutil.rmtree(home, ignore_errors=True)


def run_queue(path: str, repeat: int = 1) -> dict:
    """Through the queue: every file of the folder (`repeat` times), 1 and 2 workers, each backend;
    and one text PDF sent behind ten scans against its time alone."""
    root = Path(path)
    truth = _truth(root)
    files = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name != "truth.json":
            data = p.read_bytes()
            files.append((p.name, data, input_kind(p, data, truth)))
    files = files * max(1, repeat)
    out: dict = {}
    for label, broker, database in _services():
        for n in (1, 2):
            out[f"{label} ×{n}"] = _queue_run(files, n, broker, database)
            out[f"{label} ×{n}"].pop("by_name")
    for label in list(out):
        out[label].pop("then")
    scans = [f for f in files if f[2] in ("scan", "scan-pdf", "photo")]
    text = next((f for f in files if f[2] == "pdf"), None)
    if scans and text:
        scans = (scans * 10)[:10]
        # one worker (×2) for all: the text PDF alone three times, then twice sent right after ten scans
        run = _queue_run([text], 2, "embedded", "", then=[[text], [text], scans + [text], scans + [text]])
        rounds = run["then"]
        alone = _median([r[text[0]] for r in [run["by_name"], *rounds[:2]] if text[0] in r])
        behind = _median([r[text[0]] for r in rounds[2:] if text[0] in r])
        out["text pdf behind scans"] = {"alone_s": round(alone, 2), "behind_s": round(behind, 2),
                                        "scans": len(scans), "ratio": round(behind / max(alone, 1e-6), 2)}
    return out


def format_queue(q: dict) -> str:
    out = ["  through the queue (each file its own submission; CPU = seconds used by the worker's process tree,"
           " cores = CPU / wall):",
           f"  {'backend × workers':24s} {'docs':>5s} {'wall':>8s} {'docs/min':>8s} {'CPU':>7s} {'cores':>5s}"
           f"  peak MB (worker / reader)  latency median/p95 per input"]
    for label, r in q.items():
        if label == "text pdf behind scans":
            continue
        lat = "  ".join(f"{k} {v['median_s']:.1f}/{v['p95_s']:.1f}s" for k, v in sorted(r["latency"].items()))
        out.append(f"  {label:24s} {r['docs']:5d} {r['seconds']:7.1f}s {r['docs_per_min']:8.1f} "
                   f"{r.get('cpu_s', 0):6.1f}s {r.get('cores_used', 0):5.2f}  "
                   f"{r['peak_mb'].get('worker', 0):5d} / {r['peak_mb'].get('reader', 0):5d}            {lat}")
    if "text pdf behind scans" in q:
        b = q["text pdf behind scans"]
        out.append(f"  a text PDF behind {b['scans']} scans: {b['behind_s']:.2f}s vs {b['alone_s']:.2f}s alone (×{b['ratio']:.2f})")
    return "\n".join(out)
