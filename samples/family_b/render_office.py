"""Doc → DOCX (python-docx) and XLSX (openpyxl): the forms as suppliers retype them."""
from __future__ import annotations

import csv

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from . import fonts
from .render_pdf import row_value
from .util import letter_space


def _font(run, name, size=None):
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)


def docx_form(doc, path, ctx, style, font, marks, lead):
    fname = fonts.DOCX_NAMES.get(font, "IPAexGothic")
    d = Document()
    st = d.styles["Normal"]
    st.font.name = fname
    st.element.rPr.rFonts.set(qn("w:eastAsia"), fname)
    st.font.size = Pt(10.5)

    def para(text, align=None, size=None, bold=False):
        pg = d.add_paragraph()
        r = pg.add_run(text)
        _font(r, fname, size)
        r.bold = bold
        if align:
            pg.alignment = align
        return pg

    if doc.meta.get("form_no"):
        para(doc.meta["form_no"])
    for line in doc.meta.get("top_right", []):
        para(line["value"] if isinstance(line, dict) else line, WD_ALIGN_PARAGRAPH.RIGHT)
    for line in doc.meta.get("addressee", []):
        para(line)
    para(doc.title, WD_ALIGN_PARAGRAPH.CENTER, 14, True)
    for line in doc.meta.get("applicant_block", []):
        pg = para(f"{line['label']}　{line['value']}")
        pg.paragraph_format.left_indent = Pt(220)
    for line in doc.meta.get("intro", []):
        para(line)
    rows = doc.rows
    table = None
    for row in rows:
        t = row["t"]
        if t == "sec":
            table = None
            para(f"{lead}{row['text']}", bold=True)
        elif t == "para":
            table = None
            para(row["text"])
        elif t == "table":
            table = None
            tb = d.add_table(rows=1 + len(row["rows"]), cols=len(row["head"]))
            tb.style = "Table Grid"
            for j, h in enumerate(row["head"]):
                tb.cell(0, j).text = str(h)
            for i, r in enumerate(row["rows"]):
                for j, v in enumerate(r):
                    tb.cell(i + 1, j).text = str(v)
            d.add_paragraph()
        else:
            val = row_value(row, marks)
            if style == "para":
                para(f"{row['label']}：{val}")
            elif style == "table":
                if table is None:
                    table = d.add_table(rows=0, cols=2)
                    table.style = "Table Grid"
                cells = table.add_row().cells
                cells[0].text = row["label"]
                cells[1].text = val
            else:  # table4: two label/value pairs per row when short
                if table is None:
                    table = d.add_table(rows=0, cols=4)
                    table.style = "Table Grid"
                    table._pending = None
                if len(val) < 18 and table._pending is None:
                    cells = table.add_row().cells
                    cells[0].text = row["label"]
                    cells[1].text = val
                    table._pending = cells
                elif len(val) < 18:
                    table._pending[2].text = row["label"]
                    table._pending[3].text = val
                    table._pending = None
                else:
                    cells = table.add_row().cells
                    cells[0].text = row["label"]
                    m = cells[1].merge(cells[3])
                    m.text = val
                    table._pending = None
    for line in doc.meta.get("footer", []):
        para(line, size=9)
    d.save(path)


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
GREY = PatternFill("solid", fgColor="E7E6E6")


def xlsx_form(doc, path, ctx, style, font, marks, lead):
    fname = fonts.DOCX_NAMES.get(font, "IPAexGothic")
    wb = Workbook()
    ws = wb.active
    ws.title = doc.meta.get("sheet", "様式")
    r = ctx.randint(1, 3) if style != "offset" else ctx.randint(3, 6)
    c0 = 1 if style != "offset" else ctx.randint(2, 3)
    for col, wdt in zip("ABCDEFGHIJ", [4, 14, 10, 12, 12, 12, 12, 12, 10, 10]):
        ws.column_dimensions[col].width = wdt

    def put(row, col, val, bold=False, fill=None, border=True, wrap=False):
        cell = ws.cell(row=row, column=col, value=val)
        cell.font = Font(name=fname, size=10, bold=bold)
        if fill:
            cell.fill = fill
        if border:
            cell.border = BOX
        cell.alignment = Alignment(wrap_text=wrap, vertical="center")
        return cell

    if doc.meta.get("form_no"):
        put(r, c0, doc.meta["form_no"], border=False)
        r += 1
    for line in doc.meta.get("top_right", []):
        put(r, c0 + 6, line["value"] if isinstance(line, dict) else line, border=False)
        r += 1
    for line in doc.meta.get("addressee", []):
        put(r, c0, line, border=False)
        r += 1
    put(r, c0 + 1, doc.title, bold=True, border=False).font = Font(name=fname, size=14, bold=True)
    ws.merge_cells(start_row=r, start_column=c0 + 1, end_row=r, end_column=c0 + 6)
    r += 2
    for line in doc.meta.get("applicant_block", []):
        put(r, c0 + 4, line["label"], border=False)
        put(r, c0 + 5, line["value"], border=False)
        r += 1
    for line in doc.meta.get("intro", []):
        put(r, c0, line, border=False)
        r += 1
    for row in doc.rows:
        t = row["t"]
        if t == "sec":
            r += 1
            put(r, c0, f"{lead}{row['text']}", bold=True, border=False)
            r += 1
        elif t == "para":
            put(r, c0, row["text"], border=False)
            r += 1
        elif t == "table":
            for j, h in enumerate(row["head"]):
                put(r, c0 + j, h, bold=True, fill=GREY)
            r += 1
            for rr in row["rows"]:
                for j, v in enumerate(rr):
                    put(r, c0 + j, v)
                r += 1
            r += 1
        else:
            lab = row["label"]
            if style in ("merged", "offset") and len(lab) <= 3:
                lab = letter_space(lab)
            val = row_value(row, marks) if row["t"] == "check" or not row.get("note") else row.get("value", "")
            note = row.get("note") if row["t"] == "kv" else None
            if style == "merged":
                put(r, c0, lab, fill=GREY)
                ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c0 + 1)
                put(r, c0 + 2, _num(val), wrap=True)
                ws.merge_cells(start_row=r, start_column=c0 + 2, end_row=r, end_column=c0 + 6)
                if note:
                    put(r, c0 + 7, note, border=False)
                if len(str(val)) > 40:
                    ws.row_dimensions[r].height = 15 * (len(str(val)) // 40 + 1)
                r += 1
            elif style == "offset":
                put(r, c0, lab, border=False)
                put(r, c0 + 2, _num(val), border=False)
                if note:
                    put(r, c0 + 4, note, border=False)
                r += 1
            else:  # below_xlsx: label row, value under it
                put(r, c0, lab, bold=True, fill=GREY)
                ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c0 + 5)
                r += 1
                put(r, c0, _num(val), wrap=True)
                ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c0 + 5)
                if note:
                    put(r, c0 + 6, note, border=False)
                r += 1
    for line in doc.meta.get("footer", []):
        put(r, c0, line, border=False)
        r += 1
    wb.save(path)


def _num(v):
    """numbers retyped as plain cell numbers (as a supplier would), the rest as text."""
    if isinstance(v, str) and v.isdigit() and not v.startswith("0") and len(v) < 9:
        return int(v)
    return v


def table_xlsx(head, rows, path, sheet="Sheet1", title=None, font="ipaexg"):
    fname = fonts.DOCX_NAMES.get(font, "IPAexGothic")
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    r = 1
    if title:
        ws.cell(row=1, column=1, value=title).font = Font(name=fname, bold=True)
        r = 3
    for j, h in enumerate(head):
        ws.cell(row=r, column=j + 1, value=h).font = Font(name=fname, bold=True)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ws.cell(row=r + 1 + i, column=j + 1, value=v)
    wb.save(path)


def table_csv(head, rows, path, encoding):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for row in rows:
            w.writerow(row)
