"""The reasons a file is refused, as data: Japanese for people, English for logs."""
from __future__ import annotations

from .layout import UnreadableError

MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("ファイルが空です（0バイト）。", "The file is empty (0 bytes)."),
    "too_big": ("ファイルサイズが上限を超えています。", "The file is larger than the allowed size."),
    "encrypted": ("ファイルがパスワードで保護（暗号化）されているため読み取れません。パスワードを解除して再提出してください。",
                  "The file is password-protected (encrypted) and cannot be read."),
    "corrupt": ("ファイルが壊れているか途中で切れているため読み取れません。",
                "The file is corrupt or truncated."),
    "unsupported": ("対応していないファイル形式です。PDF・画像（JPEG/PNG/TIFF）・Word（DOCX）・Excel（XLSX）・CSVで提出してください。",
                    "Unsupported file type."),
    "legacy_office": ("旧形式のWord/Excelファイル（.doc/.xls）には対応していません。DOCX/XLSXまたはPDFで保存して再提出してください。",
                      "Legacy .doc/.xls files are not supported; save as DOCX/XLSX or PDF."),
    "too_many_pages": ("ページ数（シート数）が上限を超えています。", "The document has too many pages."),
    "bomb": ("展開後のサイズまたは画素数が上限を超えているため処理できません。",
             "The decompressed size or pixel count exceeds the limits (possible decompression bomb)."),
    "no_content": ("ファイルに読み取れる内容がありません。", "The file contains nothing readable."),
}


def unreadable(reason: str, detail: str | None = None) -> UnreadableError:
    """Build the UnreadableError for one of the reasons above."""
    ja, en = MESSAGES[reason]
    err = UnreadableError(ja, en, detail)
    err.reason = reason
    return err
