"""Excel form-control checkboxes: legacy VML shapes (label text + <x:Checked>) found through each
sheet's relationships, anchored to cells."""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree as ET

from ..layout import Checkbox

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SHAPE = re.compile(r"<v:shape\b.*?</v:shape>", re.S)
_CHECKBOX = re.compile(r'ObjectType="Checkbox"', re.I)
_CHECKED = re.compile(r"<x:Checked>\s*(\d)\s*</x:Checked>", re.I)
_ANCHOR = re.compile(r"<x:Anchor>\s*([\d,\s]+)</x:Anchor>", re.I)
_TEXTBOX = re.compile(r"<v:textbox\b.*?</v:textbox>", re.S)
_TAG = re.compile(r"<[^>]+>")


def form_checkboxes(data: bytes) -> list[list[Checkbox]]:
    """Per sheet (workbook order), the checkboxes drawn as form controls; bbox in sheet cell units (0-based)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    out = []
    for sheet_path in _sheet_paths(z, names):
        boxes = []
        for vml in _targets(z, names, sheet_path, "vmlDrawing"):
            boxes += _parse_vml(z.read(vml).decode("utf-8", "replace"))
        out.append(boxes)
    return out


def _rels(z, names, part: str) -> list[ET.Element]:
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in names:
        return []
    return list(ET.fromstring(z.read(rels)).iter(_REL))


def _resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _sheet_paths(z, names) -> list[str]:
    wb = "xl/workbook.xml"
    targets = {r.get("Id"): _resolve(wb, r.get("Target", "")) for r in _rels(z, names, wb)}
    root = ET.fromstring(z.read(wb))
    return [targets.get(s.get(_R + "id"), "") for s in root.iter(_MAIN + "sheet")]


def _targets(z, names, part: str, kind: str) -> list[str]:
    return [t for r in _rels(z, names, part) if r.get("Type", "").endswith("/" + kind)
            and (t := _resolve(part, r.get("Target", ""))) in names]


def _parse_vml(xml: str) -> list[Checkbox]:
    boxes = []
    for shape in _SHAPE.findall(xml):
        if not _CHECKBOX.search(shape):
            continue
        checked = _CHECKED.search(shape)
        text = _TEXTBOX.search(shape)
        label = re.sub(r"\s+", " ", _TAG.sub("", text.group(0))).strip() if text else ""
        anchor = _ANCHOR.search(shape)
        bbox = None
        if anchor:
            a = [int(v) for v in anchor.group(1).replace(" ", "").split(",") if v]
            if len(a) == 8:
                bbox = [float(a[0]), float(a[2]), float(a[4] + 1), float(a[6] + 1)]
        boxes.append(Checkbox(label=label, checked=bool(checked and checked.group(1) == "1"), bbox=bbox))
    return boxes
