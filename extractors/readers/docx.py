"""DOCX → Layout (python-docx): body paragraphs and tables in document order, merged cells,
☐☑ glyphs, Wingdings symbols and content-control checkboxes, key–value pairs."""
from __future__ import annotations

import io
import re

from ..cells import table_checkboxes
from ..errors import unreadable
from ..kv import kvs_from_lines, kvs_from_table, union
from ..layout import Cell, Checkbox, Layout, Line, Page, Table
from ..marks import boxes_in_text
from ..ziplimits import check_zip
from .xlsx import SEPARATOR

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wingdings / Wingdings 2 code points Word uses for boxes (w:sym w:char).
SYMBOLS = {"F0FE": "☑", "F0FD": "☑", "F0FB": "☒", "F0FC": "✓", "F053": "☑", "F054": "☒",
           "F0A8": "□", "F06F": "□", "F071": "□", "F0A3": "□", "F0A1": "○", "F0A4": "●"}
LINE_STEP = 10.0    # synthetic y per line: DOCX has no page geometry, but order must survive


def read_docx(data: bytes) -> Layout:
    check_zip(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError as e:
        raise unreadable("corrupt", f"docx: {e}") from None
    page = Page(number=1, width=0.0, height=0.0, unit="line", method="docx")
    for header in _headers(document):
        _add_line(page, paragraph_text(header))
    for block in _blocks(document.element.body):
        if block.tag == W + "p":
            _add_line(page, paragraph_text(block))
        elif block.tag == W + "tbl":
            _add_table(page, block)
    page.kvs = [kv for t in page.tables for kv in kvs_from_table(t)] + kvs_from_lines(page.lines)
    for line in page.lines:
        page.checkboxes.extend(Checkbox(label=label, checked=checked, bbox=line.bbox)
                               for label, checked, _s, _e in boxes_in_text(line.text) if label)
    for t in page.tables:
        page.checkboxes.extend(cb for cb in table_checkboxes(t) if not _duplicate(cb, page.checkboxes))
    if not page.lines and not page.tables:
        raise unreadable("no_content", "docx without text")
    return Layout(media_type="", pages=[page], method="docx",
                  metadata={"paragraphs": len(page.lines), "tables": len(page.tables)})


def _headers(document) -> list:
    """Paragraphs of the first section's own header (form numbers such as 様式第1号 often sit there)."""
    try:
        header = document.sections[0].header
        return [] if header.is_linked_to_previous else [p._p for p in header.paragraphs]
    except (IndexError, AttributeError, KeyError):
        return []


def _blocks(parent):
    """Paragraphs and tables in order, including those inside block-level content controls."""
    for child in parent.iterchildren():
        if child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (W + "p", W + "tbl"):
            yield child


def _duplicate(cb, existing) -> bool:
    return any(e.label == cb.label and e.checked == cb.checked for e in existing)


def _add_line(page: Page, text: str) -> list[float]:
    page.height += LINE_STEP
    bbox = [0.0, page.height - LINE_STEP, 0.0, page.height]
    if text.strip():
        page.lines.append(Line(text=text.strip(), bbox=bbox))
    return bbox


def paragraph_text(p) -> str:
    """Text of a w:p including symbols and content-control checkbox states."""
    parts: list[str] = []
    _walk(p, parts)
    return "".join(parts)


def _walk(node, parts: list[str]) -> None:
    for child in node.iterchildren():
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "sym":
            code = (child.get(W + "char") or "").upper()
            parts.append(SYMBOLS.get(code, ""))
        elif tag == W + "sdt" and _content_checkbox(child) is not None:
            parts.append("☑" if _content_checkbox(child) else "□")   # the state, not the drawn glyph
        elif tag == W + "fldChar" and _form_checkbox(child) is not None:
            parts.append("☑" if _form_checkbox(child) else "□")      # a legacy FORMCHECKBOX: no glyph in the text
        elif tag == W + "instrText" and (enclosed := _enclosed(child.text or "")):
            parts.append(enclosed)
        elif tag in (W + "del", W + "instrText", W + "delText", MC_FALLBACK):
            continue              # deleted revisions, field codes, the VML copy of a text box
        else:
            _walk(child, parts)


def _content_checkbox(sdt) -> bool | None:
    pr = sdt.find(W + "sdtPr")
    box = pr.find(W14 + "checkbox") if pr is not None else None
    if box is None:
        return None
    checked = box.find(W14 + "checked")
    return checked is not None and checked.get(W14 + "val") in ("1", "true", "on")


def _form_checkbox(fld) -> bool | None:
    """A legacy form field's checkbox (開発 > 旧バージョンのフォーム, older templates' FORMCHECKBOX):
    its state is in w:ffData, w:checked over w:default; Word draws the box itself."""
    box = fld.find(f"{W}ffData/{W}checkBox")
    if box is None:
        return None
    state = box.find(W + "checked")
    if state is None:
        state = box.find(W + "default")
        return state is not None and state.get(W + "val") in ("1", "true", "on")
    return state.get(W + "val") in (None, "1", "true", "on")


_ENCLOSED = re.compile(r"\\o\\ac\(\s*([○◯〇])\s*,\s*(?:\\s\\up\s*-?\d+\s*\()?\s*([^()]+?)\s*\)?\s*\)")


def _enclosed(code: str) -> str:
    """Word's 囲い文字 (a character circled to choose it: 有・無 with 有 in a ring) is an EQ field with no
    result text: `eq \\o\\ac(○,有)`. It reads as the ring before the character, as OCR puts a ring back."""
    m = _ENCLOSED.search(code)
    return f"◯{m.group(2)}" if m else ""


def _add_table(page: Page, tbl) -> None:
    """Grid positions from w:gridSpan (colspan) and w:vMerge (rowspan); nested tables read as text."""
    cells: list[Cell] = []
    open_merges: dict[int, Cell] = {}
    for r, tr in enumerate(tbl.iterchildren(W + "tr")):
        col = 0
        for tc in tr.iterchildren(W + "tc"):
            pr = tc.find(W + "tcPr")
            span = _int_attr(pr, "gridSpan", 1)
            vmerge = pr.find(W + "vMerge") if pr is not None else None
            texts = [paragraph_text(p).strip() for p in tc.iter(W + "p")]
            text = "\n".join(t for t in texts if t)
            if SEPARATOR.fullmatch(text):
                text, texts = "", []     # only the colon between a label's cell and its value's
            if vmerge is not None and vmerge.get(W + "val") in (None, "continue") and col in open_merges:
                open_merges[col].rowspan += 1
            else:
                boxes = [_add_line(page, t) for t in texts if t] or [_add_line(page, "")]
                cell = Cell(row=r, col=col, text=text, colspan=span, bbox=union(boxes))
                cells.append(cell)
                open_merges[col] = cell
            col += span
    if cells:
        page.tables.append(Table(cells=cells))


def _int_attr(pr, name: str, default: int) -> int:
    el = pr.find(W + name) if pr is not None else None
    try:
        return int(el.get(W + "val")) if el is not None else default
    except (TypeError, ValueError):
        return default
