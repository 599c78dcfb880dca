"""The SVG export: the diagram with text as text, for decks and web pages.

QSvgGenerator records the diagram (app/export/diagram.py); the XML is then tidied: a
title and description, no empty groups, text clips loosened and centred lines anchored
so another renderer's fonts still fit, font fallbacks, no active content, and, when
asked, the safe procedure links as clickable areas.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from PySide6.QtCore import QBuffer, QIODevice, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator

from app.export.diagram import Diagram, canvas_dpi
from app.export.options import ExportOptions, check_options, scoped_chain, write_file
from models.chain import Chain
from models.collector import collector_paused
from models.links import is_safe_link
from models.text import FAMILY
from widgets.canvas.text_paint import recording_centred_text

FONT_FALLBACKS = ("DejaVu Sans", "Helvetica", "Arial", "sans-serif")  # after the shipped font
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# Characters XML 1.0 cannot hold: C0 controls other than tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def export_svg(chain: Chain, path, options: ExportOptions = ExportOptions()) -> None:
    """Write the diagram as an SVG file with text as text, a title and a description."""
    check_options(options)
    write_file(svg_bytes(chain, options), path)


@collector_paused()  # an export makes and keeps a scene and hundreds of thousands of SVG elements
def svg_bytes(chain: Chain, options: ExportOptions = ExportOptions()) -> bytes:
    """The SVG export as bytes (UTF-8 XML)."""
    diagram = Diagram(scoped_chain(chain, options), options)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # SVG 1.1, not the default Tiny 1.2: only 1.1 carries the clip paths that keep the
    # review stripes inside rounded cards and diamonds.
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
    generator.setOutputDevice(buffer)
    generator.setResolution(canvas_dpi())
    size = diagram.size
    generator.setSize(QSize(math.ceil(size.width()), math.ceil(size.height())))
    generator.setViewBox(diagram.bounds())
    painter = QPainter(generator)
    with recording_centred_text() as centred:
        diagram.paint(painter)
    painter.end()
    text = bytes(buffer.data()).decode("utf-8", errors="replace")
    root = _parse_xml(_NOT_XML.sub("", text))
    _finish_svg(root, diagram, options)
    _anchor_centred_text(root, centred)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _parse_xml(text: str, chunk: int = 1 << 20) -> ET.Element:
    """Parse `text` a megabyte at a time: the XML parser takes a single buffer of a
    hundred megabytes (the SVG of 20,000 touchpoints) at twice the time per byte."""
    parser = ET.XMLParser()
    for start in range(0, len(text), chunk):
        parser.feed(text[start : start + chunk])
    return parser.close()


def _finish_svg(root: ET.Element, diagram: Diagram, options: ExportOptions) -> None:
    width, height = diagram.size.width(), diagram.size.height()
    root.set("width", _number(width))
    root.set("height", _number(height))
    root.set("viewBox", f"0 0 {_number(width)} {_number(height)}")
    _set_title_and_description(root, diagram.chain)
    _prune_empty_groups(root)
    _loosen_text_clips(root)
    _add_font_fallbacks(root)
    _remove_active_content(root)
    if options.links:
        _add_procedure_links(root, diagram)


def _number(value: float) -> str:
    """A coordinate for SVG: at most two decimals, never in exponent notation."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _set_title_and_description(root: ET.Element, chain: Chain) -> None:
    for tag in ("title", "desc"):
        for element in root.findall(f"{{{SVG_NS}}}{tag}"):
            root.remove(element)
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = chain.title.strip() or "Untitled chain"
    description = ET.Element(f"{{{SVG_NS}}}desc")
    parts = [chain.organisation, chain.vision, chain.description]
    description.text = "\n".join(part.strip() for part in parts if part and part.strip()) or (
        f"Service chain: {len(chain.departments)} departments, {len(chain.touchpoints)} touchpoints."
    )
    root.insert(0, description)
    root.insert(0, title)


def _prune_empty_groups(element: ET.Element) -> None:
    """Drop the empty <g> elements QSvgGenerator writes for every state change."""
    for child in element:
        _prune_empty_groups(child)
    # Rebuilt rather than removed one by one: each remove() searches the whole list.
    element[:] = [child for child in element if not _is_empty_group(child)]


def _is_empty_group(element: ET.Element) -> bool:
    return element.tag == f"{{{SVG_NS}}}g" and len(element) == 0 and not (element.text or "").strip()


_RECTANGLE_PATH = re.compile(r"\s*M([-\d.e]+),([-\d.e]+) L([-\d.e]+),\2 L\3,([-\d.e]+) L\1,\4 L\1,\2 Z\s*")
TEXT_CLIP_SLACK = 6.0  # canvas pixels either side


def _loosen_text_clips(root: ET.Element) -> None:
    """Give text a little room beyond the box Qt clips it to.

    Qt clips a line of text that (nearly) fills its box to that box; another renderer's
    glyphs can come out a pixel wider, and the last letter would be cut off. Only the
    sides move, so a long lane name still stops after its three lines.
    """
    text, group = f"{{{SVG_NS}}}text", f"{{{SVG_NS}}}g"
    text_clips = set()
    for element in root.iter(group):
        clip = element.get("clip-path", "")
        tags = {inner.tag for inner in element.iter()}
        if clip.startswith("url(#") and text in tags and tags <= {group, text}:
            text_clips.add(clip[len("url(#"):-1])
    for clip_path in root.iter(f"{{{SVG_NS}}}clipPath"):
        if clip_path.get("id") not in text_clips:
            continue
        for path in clip_path:
            match = _RECTANGLE_PATH.fullmatch(path.get("d", ""))
            if match:
                left, top, right, bottom = (float(number) for number in match.groups())
                left, right = left - TEXT_CLIP_SLACK, right + TEXT_CLIP_SLACK
                left, top, right, bottom = map(_number, (left, top, right, bottom))
                path.set("d", f"M{left},{top} L{right},{top} L{right},{bottom} L{left},{bottom} Z")


def _add_font_fallbacks(root: ET.Element) -> None:
    """The shipped font first, then fallbacks for a machine that does not have it.

    Every text of the picture is in the shipped font; Qt names its default family on the
    groups that hold no text, which is rewritten too so the file names one font.
    """
    families = ", ".join(f"'{f}'" if " " in f else f for f in (FAMILY, *FONT_FALLBACKS))
    for element in root.iter():
        if element.get("font-family"):
            element.set("font-family", families)


def _anchor_centred_text(root: ET.Element, centred: dict[tuple[float, float, str], float]) -> None:
    """Centred lines are anchored on their centre, so they stay centred in any font.

    Qt writes coordinates with six significant digits, so a line is matched to what was
    painted by its text and a position within a tenth of a pixel.
    """
    painted: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
    for (left, baseline, line), centre in centred.items():
        painted.setdefault((line, round(baseline)), []).append((left, baseline, centre))
    for element in root.iter(f"{{{SVG_NS}}}text"):
        try:
            x, y = float(element.get("x", "")), float(element.get("y", ""))
        except ValueError:
            continue
        line = element.text or ""
        for row in (round(y), round(y) - 1, round(y) + 1):
            match = next(
                (centre for left, baseline, centre in painted.get((line, row), ())
                 if abs(left - x) < 0.1 and abs(baseline - y) < 0.1),
                None,
            )
            if match is not None:
                element.set("x", _number(match))
                element.set("text-anchor", "middle")
                break


def _remove_active_content(root: ET.Element) -> None:
    """No scripts, event handlers or foreign objects: the SVG stays a picture."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag.rpartition("}")[2] in ("script", "foreignObject", "handler"):
                parent.remove(child)
    for element in root.iter():
        for name in list(element.attrib):
            if name.rpartition("}")[2].lower().startswith("on"):
                del element.attrib[name]


def _add_procedure_links(root: ET.Element, diagram: Diagram) -> None:
    """A clickable, invisible card-sized area for each safe procedure link, on top."""
    for touchpoint in diagram.chain.touchpoints:
        procedure = touchpoint.procedure
        if procedure is None or not procedure.link or not is_safe_link(procedure.link):
            continue
        rect = diagram.to_diagram(diagram.scene.touchpoint_items[touchpoint.id].card_rect())
        # `href` for SVG 2 readers, `xlink:href` for SVG 1.1 ones.
        link = ET.SubElement(
            root, f"{{{SVG_NS}}}a", {"href": procedure.link, f"{{{XLINK_NS}}}href": procedure.link}
        )
        tip = ET.SubElement(link, f"{{{SVG_NS}}}title")
        tip.text = f"Procedure: {procedure.title}"
        ET.SubElement(
            link,
            f"{{{SVG_NS}}}rect",
            {
                "x": _number(rect.x()),
                "y": _number(rect.y()),
                "width": _number(rect.width()),
                "height": _number(rect.height()),
                "rx": "8",
                # Painted (so it takes clicks) but invisible.
                "fill": "#ffffff",
                "fill-opacity": "0",
            },
        )
