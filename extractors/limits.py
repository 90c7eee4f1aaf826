"""Input limits: anything beyond these is refused as unreadable, not processed; and the refusals
for the hard limits a document is read under (time per page and per document, memory), which are
enforced outside the reading code (intake.reading) and reported here in the readers' terms."""
from __future__ import annotations

from typing import Callable

from .layout import UnreadableError

MAX_FILE_BYTES = 50 * 1024 * 1024        # one uploaded file
MAX_PAGES = 200                          # PDF pages, TIFF frames, XLSX sheets
MAX_IMAGE_PIXELS = 80_000_000            # per image file (≈ A3 at 600 dpi)
MAX_RENDER_PIXELS = 12_000_000           # a PDF page is rendered at 300 dpi or at most this (A4 at 300 dpi: 8.7 MP)
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024  # DOCX/XLSX total inflated size
MAX_ZIP_RATIO = 150                      # inflated / compressed, per member
MAX_ZIP_MEMBERS = 5000
MAX_XLSX_CELLS = 500_000                 # non-empty cells across all sheets
MAX_CSV_ROWS = 100_000
RENDER_DPI = 300

on_page: Callable[[int], None] | None = None     # set by the reading child: a page is done


def page_done(number: int) -> None:
    """Readers call this after each page, so the per-page deadline starts again."""
    if on_page is not None:
        on_page(number)


_LIMITS = {
    "page_time": ("1ページの読み取りが制限時間（{v:g}秒）を超えたため、処理を中止しました（{page}ページ目）。",
                  "Reading one page took longer than the limit of {v:g} s (page {page}); stopped."),
    "document_time": ("書類の読み取りが制限時間（{v:g}秒）を超えたため、処理を中止しました。",
                      "Reading the document took longer than the limit of {v:g} s; stopped."),
    "memory": ("書類の読み取りに必要なメモリが上限（{v:g} MB）を超えたため、処理できません（{page}ページ目）。"
               "ファイルが壊れているわけではありません。ページを分けるか解像度を下げて再提出してください。",
               "Reading the document needs more memory than the limit of {v:g} MB (page {page}); the file is "
               "not corrupt — split it or lower its resolution."),
}


def limit_reached(which: str, value: float, page: int = 1, detail: str | None = None) -> UnreadableError:
    """The refusal for a hard limit: which one and its value, never 'corrupt'."""
    ja, en = _LIMITS[which]
    err = UnreadableError(ja.format(v=value, page=page), en.format(v=value, page=page),
                          detail or f"{which} limit {value:g}")
    err.reason = f"limit_{which}"
    return err


def out_of_memory(detail: str = "") -> UnreadableError:
    """Memory ran out inside the reader (MemoryError, an allocation refused under RLIMIT_AS)."""
    import resource
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    mb = soft / 2 ** 20 if soft not in (resource.RLIM_INFINITY, -1) else 0
    if mb:
        return limit_reached("memory", round(mb), detail=detail or None)
    err = UnreadableError("書類の読み取りに必要なメモリが不足したため、処理できません。ファイルが壊れているわけではありません。",
                          "Reading the document ran out of memory; the file is not corrupt.", detail or None)
    err.reason = "limit_memory"
    return err
