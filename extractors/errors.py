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
    "unsupported": ("対応していないファイル形式です。PDF・画像（JPEG/PNG/TIFF/HEIC/WebP）・Word（DOCX/DOC）・Excel（XLSX/XLS）・CSVで提出してください。",
                    "Unsupported file type."),
    "too_many_pages": ("ページ数（シート数）が上限を超えています。", "The document has too many pages."),
    "bomb": ("展開後のサイズまたは画素数が上限を超えているため処理できません。",
             "The decompressed size or pixel count exceeds the limits (possible decompression bomb)."),
    "no_content": ("ファイルに読み取れる内容がありません。", "The file contains nothing readable."),
    "zip_password": ("パスワード付きZIPファイルのため、まだ開けていません。パスワードが届いたら、審査画面でパスワードを入力すると開けます。",
                     "A password-protected ZIP archive: a reviewer can open it by entering its password."),
    "zip_limit": ("ZIPファイルの中身が上限（{limit}）を超えているため開けません。ファイルを分けて再提出してください。",
                  "The ZIP archive holds more than the limit ({limit}); send its files separately."),
    "mail_too_deep": ("転送メールの入れ子が深すぎるため、この中のメールは開いていません。元のメールを直接送ってください。",
                      "Forwarded messages are nested too deeply; this inner message was not opened."),
    "conversion_failed": ("旧形式のWord/Excelファイル（.doc/.xls）を変換できませんでした。DOCX/XLSXまたはPDFで保存して再提出してください。",
                          "The legacy .doc/.xls file could not be converted; save it as DOCX/XLSX or PDF."),
}


def unreadable(reason: str, detail: str | None = None) -> UnreadableError:
    """Build the UnreadableError for one of the reasons above."""
    ja, en = MESSAGES[reason]
    err = UnreadableError(ja, en, detail)
    err.reason = reason
    return err
