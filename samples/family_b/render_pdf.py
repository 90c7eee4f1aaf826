"""Doc → PDF with reportlab: forms (grid / colon / below / twocol), permits (horizontal, vertical), food labels."""
from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from . import fonts

NOSTART = "、。，．）)」』ー・：:％%"


def draw(c, x, y, text, font, size, rng=None, jitter=0.0, color=(0, 0, 0)):
    """draw text with per-char font fallback; `jitter` (points) makes it look hand-written."""
    c.setFillColorRGB(*color)
    if not jitter:
        for f, t in fonts.runs(text, font):
            c.setFont(fonts.register(f), size)
            c.drawString(x, y, t)
            x += fonts.width(t, f, size)
        return x
    for ch in text:
        f = fonts.font_for(ch, font)
        s = size * (1 + rng.uniform(-0.08, 0.08))
        c.saveState()
        c.translate(x, y + rng.uniform(-jitter, jitter))
        c.rotate(rng.uniform(-4, 4))
        c.setFont(fonts.register(f), s)
        c.drawString(0, 0, ch)
        c.restoreState()
        x += fonts.width(ch, f, s) * rng.uniform(0.98, 1.1)
    return x


def fit(text, font, size, w):
    """the font size at which `text` fits in width w (never larger than size)."""
    tw = fonts.width(text, font, size)
    return size if tw <= w else size * w / tw


def wrap(text: str, font: str, size: float, w: float) -> list[str]:
    lines = []
    for para in str(text).split("\n"):
        cur = ""
        for ch in para:
            if cur and fonts.width(cur + ch, font, size) > w and ch not in NOSTART:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        lines.append(cur)
    return lines or [""]


class Pager:
    """A canvas with a y cursor and page breaks."""

    def __init__(self, path, ctx, font, hand_font=None, pagesize=A4, margin=18 * mm):
        self.c = rl_canvas.Canvas(path, pagesize=pagesize)
        self.c.setTitle("")
        self.W, self.H = pagesize
        self.m = margin
        self.y = self.H - margin
        self.font = font
        self.hand = hand_font
        self.rng = random.Random(ctx.rng.random())
        self.pages = 1

    def need(self, h):
        if self.y - h < self.m:
            self.c.showPage()
            self.pages += 1
            self.y = self.H - self.m

    def vfont(self, row):
        return (self.hand, 1.1) if (self.hand and row.get("hand", True)) else (self.font, 0)

    def value_text(self, x, y, text, size, row):
        f, j = self.vfont(row)
        col = (0.05, 0.08, 0.3) if f == self.hand and self.rng.random() < 0.5 else (0, 0, 0)
        return draw(self.c, x, y, text, f, size, self.rng, j, col)

    def save(self):
        self.c.save()
        return self.pages


def check_text(opts, marks: str) -> str:
    on, off, pos = marks.split("/")
    parts = []
    for text, checked in opts:
        m = on if checked else off
        parts.append((m + text) if pos == "before" else (text + m))
    return "　".join(parts)


def row_value(row, marks) -> str:
    if row["t"] == "check":
        v = check_text(row["opts"], marks)
        if row.get("suffix"):
            v += "　" + row["suffix"]
        if row.get("prefix"):
            v = row["prefix"] + "　" + v
        return v
    v = row.get("value", "")
    if row.get("note"):
        v = f"{v}　{row['note']}"
    return v


def form_pdf(doc, path, ctx, style, font, hand_font=None, marks="■/□/before", lead="●"):
    p = Pager(path, ctx, font, hand_font)
    c = p.c
    W, m = p.W, p.m
    fs = 9.5 if style != "below" else 9
    if doc.meta.get("form_no"):
        draw(c, m, p.y, doc.meta["form_no"], font, 9)
        p.y -= 16
    for line in doc.meta.get("top_right", []):
        txt = line["value"] if isinstance(line, dict) else line
        wdt = fonts.width(txt, font, 10.5)
        if isinstance(line, dict) and line.get("hand"):
            p.value_text(W - m - wdt - 10, p.y, txt, 10.5, line)
        else:
            draw(c, W - m - wdt, p.y, txt, font, 10.5)
        p.y -= 16
    for line in doc.meta.get("addressee", []):
        draw(c, m, p.y, line, font, 11)
        p.y -= 18
    p.y -= 6
    tw = fonts.width(doc.title, font, 15)
    draw(c, (W - tw) / 2, p.y - 8, doc.title, font, 15)
    p.y -= 34
    for line in doc.meta.get("applicant_block", []):
        lab, val = line["label"], line["value"]
        x0 = W / 2 - 10
        draw(c, x0, p.y, lab, font, 10.5)
        p.value_text(x0 + fonts.width(lab, font, 10.5) + 12, p.y, val, 10.5, line)
        p.y -= 18
    if doc.meta.get("seal"):
        seal(c, W - m - 30, p.y + 30, doc.meta["seal"], p.rng)
    for line in doc.meta.get("intro", []):
        for ln in wrap(line, font, 10, W - 2 * m):
            p.need(15)
            draw(c, m, p.y, ln, font, 10)
            p.y -= 15
        p.y -= 4
    lw = 130 if style in ("grid", "below") else 95
    rows = doc.rows
    i = 0
    while i < len(rows):
        row = rows[i]
        t = row["t"]
        if t == "sec":
            p.need(26)
            p.y -= 6
            if style == "grid":
                c.setFillColorRGB(0.88, 0.88, 0.88)
                c.rect(m, p.y - 5, W - 2 * m, 17, fill=1, stroke=1)
            draw(c, m + 3, p.y, (lead if style != "grid" else "") + row["text"], font, 10.5)
            p.y -= 20
        elif t == "para":
            for ln in wrap(row["text"], font, fs, W - 2 * m):
                p.need(14)
                draw(c, m, p.y, ln, font, fs)
                p.y -= 14
            p.y -= 4
        elif t == "table":
            table(p, row, fs)
        elif t in ("kv", "check"):
            if style == "twocol" and t == "kv" and i + 1 < len(rows) and rows[i + 1]["t"] == "kv" \
                    and len(row_value(row, marks)) < 22 and len(row_value(rows[i + 1], marks)) < 22:
                pair = [row, rows[i + 1]]
                i += 1
                h = 20
                p.need(h)
                cw = (W - 2 * m) / 2
                for k, r in enumerate(pair):
                    x = m + k * cw
                    c.setStrokeColorRGB(0, 0, 0)
                    c.setFillColorRGB(0.93, 0.93, 0.93)
                    c.rect(x, p.y - h + 6, 80, h, fill=1, stroke=1)
                    c.rect(x + 80, p.y - h + 6, cw - 80, h, fill=0, stroke=1)
                    draw(c, x + 3, p.y - 8, r["label"], font, 8 if len(r["label"]) > 9 else 9)
                    p.value_text(x + 84, p.y - 8, row_value(r, marks), fs, r)
                p.y -= h
            elif style in ("grid", "twocol"):
                vw = W - 2 * m - lw - 8
                lines = wrap(row_value(row, marks), font, fs, vw)
                llines = wrap(row["label"], font, 8.5, lw - 6)
                h = max(len(lines), len(llines)) * 13 + 8
                p.need(h)
                c.setStrokeColorRGB(0.2, 0.2, 0.2)
                c.setLineWidth(0.5)
                c.rect(m, p.y - h + 9, lw, h, fill=0, stroke=1)
                c.rect(m + lw, p.y - h + 9, W - 2 * m - lw, h, fill=0, stroke=1)
                yy = p.y - 4
                for ln in llines:
                    draw(c, m + 3, yy, ln, font, 8.5)
                    yy -= 13
                yy = p.y - 4
                for ln in lines:
                    p.value_text(m + lw + 5, yy, ln, fs, row)
                    yy -= 13
                p.y -= h
            elif style == "colon":
                lab = f"{lead}{row['label']}："
                lwid = fonts.width(lab, font, fs)
                lines = wrap(row_value(row, marks), font, fs, W - 2 * m - lwid - 4)
                p.need(len(lines) * 14 + 4)
                draw(c, m, p.y, lab, font, fs)
                for ln in lines:
                    p.value_text(m + lwid + 2, p.y, ln, fs, row)
                    p.y -= 14
                p.y -= 4
            else:  # below
                lines = wrap(row_value(row, marks), font, fs + 1, W - 2 * m - 20)
                p.need(len(lines) * 15 + 18)
                c.setFillColorRGB(0.3, 0.3, 0.3)
                draw(c, m, p.y, row["label"], font, 8, color=(0.35, 0.35, 0.35))
                p.y -= 14
                for ln in lines:
                    p.value_text(m + 14, p.y, ln, fs + 1, row)
                    c.setLineWidth(0.4)
                    c.line(m + 10, p.y - 3, W - m, p.y - 3)
                    p.y -= 15
                p.y -= 5
        i += 1
    for line in doc.meta.get("footer", []):
        p.need(14)
        draw(c, m, p.y - 6, line, font, 8.5)
        p.y -= 14
    return p.save()


def table(p, row, fs):
    c, m, W = p.c, p.m, p.W
    head, body = row["head"], row["rows"]
    n = len(head)
    weights = row.get("weights") or [1] * n
    tot = sum(weights)
    cws = [(W - 2 * m) * w / tot for w in weights]
    f = 8.5 if n > 5 else fs
    allrows = [(head, False)] + [(r, True) for r in body]
    p.y -= 4
    for cells, is_body in allrows:
        wrapped = [wrap(str(v), p.font, f, cw - 6) for v, cw in zip(cells, cws)]
        h = max(len(w) for w in wrapped) * 12 + 7
        p.need(h)
        x = m
        for k, (lines, cw) in enumerate(zip(wrapped, cws)):
            c.setLineWidth(0.5)
            if not is_body:
                c.setFillColorRGB(0.9, 0.9, 0.9)
                c.rect(x, p.y - h + 9, cw, h, fill=1, stroke=1)
            else:
                c.rect(x, p.y - h + 9, cw, h, fill=0, stroke=1)
            yy = p.y - 3
            for ln in lines:
                if is_body and row.get("hand"):
                    p.value_text(x + 3, yy, ln, f, {"hand": True})
                else:
                    draw(c, x + 3, yy, ln, p.font, f)
                yy -= 12
            x += cw
        p.y -= h
    p.y -= 8


def seal(c, x, y, name, rng, r=17):
    """a red round 印 with (part of) the name in it."""
    c.saveState()
    c.setStrokeColorRGB(0.82, 0.12, 0.1)
    c.setFillColorRGB(0.82, 0.12, 0.1)
    c.setLineWidth(1.6)
    c.translate(x, y)
    c.rotate(rng.uniform(-15, 15))
    c.circle(0, 0, r, stroke=1, fill=0)
    chars = [ch for ch in name if ch not in "株式会社有限合同 　（）()"][:4] or ["印"]
    if len(chars) <= 2:
        for k, ch in enumerate(chars):
            draw(c, -6, 3 - k * 13, ch, "ipaexm", 12, color=(0.82, 0.12, 0.1))
    else:
        for k, ch in enumerate(chars):
            col, rowi = divmod(k, 2)
            draw(c, 1 - col * 12, 3 - rowi * 12, ch, "ipaexm", 10, color=(0.82, 0.12, 0.1))
    c.restoreState()


# ---------------------------------------------------------------- permits

def permit_pdf(doc, path, ctx, style, font, vertical_lines=None):
    """style: grid | twocol_permit | plain (horizontal) | tate | tate2 (vertical 縦書き)."""
    p = Pager(path, ctx, font, None, margin=22 * mm)
    c, W, H, m = p.c, p.W, p.H, p.m
    c.setStrokeColorRGB(0.25, 0.2, 0.1)
    c.setLineWidth(2.2)
    c.rect(m - 10, m - 10, W - 2 * m + 20, H - 2 * m + 20)
    c.setLineWidth(0.6)
    c.rect(m - 5, m - 5, W - 2 * m + 10, H - 2 * m + 10)
    if style.startswith("tate"):
        tate(p, doc, vertical_lines, style)
        return p.save()
    title = doc.meta["title"]
    spaced = "　".join(title) if len(title) <= 6 else title
    tw = fonts.width(spaced, font, 24)
    draw(c, (W - tw) / 2, H - m - 40, spaced, font, 24)
    y = H - m - 80
    if doc.meta.get("number_top"):
        txt = doc.meta["number_top"]
        draw(c, W - m - fonts.width(txt, font, 11) - 10, y, txt, font, 11)
        y -= 30
    lw = 150 if style == "grid" else 120
    for lab, val in doc.meta["pairs"]:
        lines = []
        for v in val.split("\n"):
            lines += wrap(v, font, 11.5, W - 2 * m - lw - 20)
        h = len(lines) * 17 + 14
        if style == "grid":
            c.setLineWidth(0.6)
            c.rect(m + 5, y - h + 14, lw, h)
            c.rect(m + 5 + lw, y - h + 14, W - 2 * m - 10 - lw, h)
            draw(c, m + 10, y, lab, font, 11)
        elif style == "twocol_permit":
            draw(c, m + 10, y, lab, font, 11)
            c.setDash(1, 2)
            c.line(m + 10, y - h + 14, W - m - 10, y - h + 14)
            c.setDash()
        else:
            draw(c, m + 10, y, f"{lab}", font, 11)
        yy = y
        for ln in lines:
            draw(c, m + 15 + lw, yy, ln, font, 11.5)
            yy -= 17
        y -= h + (6 if style == "plain" else 0)
    y -= 20
    for para in doc.meta.get("body", []):
        for ln in wrap(para, font, 11, W - 2 * m - 40):
            draw(c, m + 25, y, ln, font, 11)
            y -= 17
    y -= 18
    draw(c, m + 40, y, doc.meta["issued"], font, 11)
    y -= 40
    iss = doc.meta["issuer"]
    x = W - m - fonts.width(iss, font, 14) - 50
    draw(c, x, y, iss, font, 14)
    seal_square(c, W - m - 35, y + 4, p.rng)
    return p.save()


def seal_square(c, x, y, rng, s=34):
    c.saveState()
    c.setStrokeColorRGB(0.8, 0.15, 0.12)
    c.setLineWidth(2)
    c.translate(x, y)
    c.rotate(rng.uniform(-3, 3))
    c.rect(-s / 2, -s / 2, s, s)
    c.setLineWidth(0.8)
    c.rect(-s / 2 + 3, -s / 2 + 3, s - 6, s - 6)
    for k, ch in enumerate("之印"):
        draw(c, -6, 4 - k * 13, ch, "ipaexm", 11, color=(0.8, 0.15, 0.12))
    c.restoreState()


ROTATE_IN_TATE = set("ー－-～〜（）()「」『』：:")


def tate(p, doc, columns, style):
    """vertical writing: columns right → left, characters top → bottom."""
    c, W, H, m = p.c, p.W, p.H, p.m
    size = 14 if style == "tate" else 13
    step = size * 1.08
    colw = size * 2.0 if style == "tate" else size * 1.8
    x = W - m - 30
    top = H - m - 30
    for col in columns:
        text, indent, fsz = col["text"], col.get("indent", 0), col.get("size", size)
        if text == "":
            x -= colw * 0.7
            continue
        y = top - indent * step
        for ch in text:
            if y < m + 20:      # wrap to the next column
                x -= colw
                y = top - (indent + 1) * step
            f = fonts.font_for(ch, p.font)
            if ch in ROTATE_IN_TATE:
                c.saveState()
                c.translate(x - fsz * 0.35, y + fsz * 0.8)
                c.rotate(-90)
                c.setFont(fonts.register(f), fsz)
                c.setFillColorRGB(0, 0, 0)
                c.drawString(0, 0, ch)
                c.restoreState()
            elif ch in "、。":
                draw(c, x - fsz * 0.5 + fsz * 0.6, y + fsz * 0.55, ch, f, fsz)
            else:
                wch = fonts.width(ch, f, fsz)
                draw(c, x - wch / 2, y, ch, f, fsz)
            y -= fsz * 1.08
        x -= colw
        if col.get("seal"):
            seal_square(c, x + colw + 5, m + 70, p.rng)


# ---------------------------------------------------------------- food labels

def label_pdf(doc, path, ctx, style, font):
    """一括表示 artwork on a small page.  style: ruled | free | free2 | strip."""
    wide = style == "strip"
    W, H = (150 * mm, 95 * mm) if wide else (100 * mm, 150 * mm)
    p = Pager(path, ctx, font, None, pagesize=(W, H), margin=6 * mm)
    c, m = p.c, p.m
    rows = doc.meta["label_rows"]
    fs = 7.2 if wide else 7.8
    lw = 46 if style in ("ruled", "strip") else 40
    if style == "free2":
        lw = 52
    vw = W - 2 * m - lw - 6
    if wide:
        vw = (W - 2 * m) * 0.62 - lw
    x0 = m
    y = H - m - 4
    box_top = y + 8
    c.setLineWidth(0.6)
    for lab, val in rows:
        lines = wrap(val, font, fs, vw)
        h = len(lines) * (fs + 2.2) + 4
        if style in ("ruled", "strip"):
            c.rect(x0, y - h + fs + 2, lw, h)
            c.rect(x0 + lw, y - h + fs + 2, vw + 6, h)
            lab_s = lab if len(lab) > 3 else "　".join(lab) if style == "ruled" and len(lab) == 2 else lab
            draw(c, x0 + 2, y, lab_s, font, fit(lab_s, font, fs, lw - 3))
        elif style == "free":
            draw(c, x0 + 2, y, lab, font, fit(lab, font, fs, lw - 3))
        else:   # free2: label：value
            draw(c, x0 + 2, y, lab + "：", font, fit(lab + "：", font, fs, lw - 2))
        yy = y
        for ln in lines:
            draw(c, x0 + lw + 3, yy, ln, font, fs)
            yy -= fs + 2.2
        y -= h
    if style in ("free", "free2"):
        c.rect(x0 - 2, y + fs, W - 2 * m + 4, box_top - y - fs + 2)
    nut = doc.meta.get("nutrition")
    if nut:
        if wide:
            nx, ny = m + (W - 2 * m) * 0.66, H - m - 4
        else:
            nx, ny = m, y - 12
        nw = (W - 2 * m) * 0.32 if wide else W - 2 * m
        title, items = nut
        c.rect(nx, ny - (len(items) + 1) * (fs + 3) + fs, nw, (len(items) + 1) * (fs + 3) + 2)
        draw(c, nx + 2, ny, title, font, fs * 0.95)
        yy = ny - fs - 3
        for k, v in items:
            draw(c, nx + 4, yy, k, font, fs)
            draw(c, nx + nw - fonts.width(v, font, fs) - 3, yy, v, font, fs)
            yy -= fs + 3
        y = min(y, yy)
    for extra in doc.meta.get("label_extra", []):
        y -= 12
        draw(c, m, y, extra, font, fs)
    return p.save()
