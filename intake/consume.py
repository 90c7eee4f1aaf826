"""The scanner folder (INTAKE_CONSUME_DIR), like paperless-ngx's consume folder.

A file dropped into `<dir>/<profile>/` becomes a submission of that profile (`source` `folder`, no
supplier until a reviewer assigns one); a subfolder dropped there becomes one submission of all
its files. An entry is taken once it is complete: the same sizes at two looks in a row. It is moved
to `<dir>/done/<profile>/` only after its files are stored and the submission committed; one that
cannot be taken goes to `<dir>/failed/<profile>/` beside a `<name>.reason.txt` saying why (Japanese).
Every entry is logged with the mail (`mail_messages`, source `folder`) and keyed by its contents,
so the same scan dropped twice, or a message that also came by mail, is one submission.
"""
from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

from intake import config
from intake.mail import Arrival, accept, content_key, message_key
from intake.pipeline import InputFile

log = logging.getLogger(__name__)
DONE, FAILED = "done", "failed"
IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".swp", ".reason.txt")


def ignored(path: Path) -> bool:
    """Hidden files, editors' and browsers' partial files, our own reason files."""
    return path.name.startswith((".", "~")) or path.name.lower().endswith(IGNORED_SUFFIXES)


def signature(path: Path) -> tuple | None:
    """What must not change between two looks: each file's relative path and size."""
    try:
        if path.is_file():
            return (("", path.stat().st_size),)
        files = sorted(p for p in path.rglob("*") if p.is_file() and not ignored(p))
        return tuple((str(p.relative_to(path)), p.stat().st_size) for p in files) or None
    except OSError:  # removed or renamed while we looked
        return None


class Consumer:
    def __init__(self, settings: config.Settings):
        self.settings = settings
        self.root = Path(settings.consume_dir)
        self.seen: dict[Path, tuple] = {}

    def prepare(self) -> None:
        """One folder per profile, so a counter sees where to drop."""
        from validators.profiles import profile_codes

        for code in profile_codes():
            (self.root / code).mkdir(parents=True, exist_ok=True)

    def entries(self) -> list[tuple[str, Path]]:
        """(profile folder, entry) of everything dropped; a file beside the folders has profile ""."""
        out = [("", p) for p in sorted(self.root.iterdir()) if p.is_file() and not ignored(p)]
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir() and p.name not in (DONE, FAILED)):
            out += [(folder.name, p) for p in sorted(folder.iterdir()) if not ignored(p)]
        return out

    def look(self) -> int:
        """One look at the folder; takes the entries unchanged since the last look."""
        taken, now = 0, {}
        for profile, path in self.entries():
            sig = signature(path)
            if sig is None:
                continue
            if self.seen.get(path) == sig:
                self.take(profile, path)
                taken += 1
            else:
                now[path] = sig
        self.seen = now
        return taken

    def take(self, profile: str, path: Path) -> None:
        from validators.profiles import profile_codes

        rel = f"{profile}/{path.name}"
        if profile not in profile_codes():
            where = f"フォルダ名「{profile}」は登録された自治体コードではありません。" if profile else ""
            self.move(path, FAILED, profile, f"{where}自治体コードのフォルダ"
                                             f"（例: {', '.join(profile_codes()[:3])}）に置いてください。")
            return
        try:
            files = self.read(path)
        except OSError as exc:
            self.move(path, FAILED, profile, f"ファイルを読み込めませんでした（{type(exc).__name__}）。")
            return
        mine: dict = {}
        try:
            result = accept(self.settings, self.arrival(profile, rel, files),
                            hook=lambda _s, row: mine.update(source=row.source, recipient=row.recipient,
                                                             submission_id=row.submission_id))
        except Exception:  # the database is down: leave the entry where it is, take it next look
            log.exception("folder entry %s could not be stored", rel)
            return
        if result.status == "accepted":
            self.move(path, DONE, profile)
        elif result.status == "duplicate" and mine.get("source") == "folder" and mine.get("recipient") == rel:
            self.move(path, DONE, profile)     # taken before a crash, not yet moved
        elif result.status == "duplicate":
            self.move(path, FAILED, profile, f"既に受け付けた内容と同じです（申請 #{mine.get('submission_id')}）。"
                                             "二重に登録しないため取り込みませんでした。")
        else:
            self.move(path, FAILED, profile, result.error or "取り込めませんでした。")

    @staticmethod
    def read(path: Path) -> list[InputFile]:
        if path.is_file():
            return [InputFile(path.name, path.read_bytes())]
        return [InputFile(p.name, p.read_bytes())
                for p in sorted(path.rglob("*")) if p.is_file() and not ignored(p)]

    @staticmethod
    def arrival(profile: str, rel: str, files: list[InputFile]) -> Arrival:
        """A message file keeps its Message-ID as key (one submission with the same message by mail)."""
        if len(files) == 1 and files[0].name.lower().endswith(".eml"):
            key = message_key(files[0].data)
        else:
            key = content_key(sorted(("", "", f.data) for f in files))
        return Arrival(key=key, source="folder", files=files, profile=profile, recipient=rel[:254],
                       subject="、".join(f.name for f in files)[:500], submission_source="folder",
                       meta={"folder": {"path": rel}})

    def move(self, path: Path, where: str, profile: str, reason: str | None = None) -> None:
        target_dir = self.root / where / profile
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / path.name
        n = 1
        while target.exists() or target.with_name(target.name + ".reason.txt").exists():
            target = target_dir / f"{path.stem}-{n}{path.suffix}"
            n += 1
        if reason:
            target.with_name(target.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
            log.info("folder entry %s/%s set aside: %s", profile, path.name, reason)
        shutil.move(str(path), str(target))


def consume_forever(settings: config.Settings, stopping: threading.Event) -> None:
    consumer = Consumer(settings)
    consumer.prepare()
    log.info("scanner folder %s, a look every %d s", consumer.root, settings.consume_poll_s)
    while not stopping.is_set():
        try:
            consumer.look()
        except Exception:
            log.exception("scanner folder look failed")
        stopping.wait(settings.consume_poll_s)


def start(settings: config.Settings, stopping: threading.Event) -> threading.Thread | None:
    if not settings.consume_dir:
        return None
    thread = threading.Thread(target=consume_forever, args=(settings, stopping), name="consume",
                              daemon=True)
    thread.start()
    return thread
