"""The SVG names the shipped font first and centres card and pill lines with text-anchor,
so a viewer without the font still shows them centred and whole."""

import re
import xml.etree.ElementTree as ET

from app.export import ExportOptions
from app.export.diagram import Diagram
from app.export.svg import svg_bytes
from models.chain_file import load_chain
from resources.samples import sample_paths

SVG = "{http://www.w3.org/2000/svg}"


def ancestry(root: ET.Element) -> dict[ET.Element, ET.Element]:
    """Each element's parent."""
    return {child: parent for parent in root.iter() for child in parent}


def inherited(element: ET.Element, name: str, parents: dict[ET.Element, ET.Element]) -> str:
    """A presentation attribute as a renderer reads it: the element's own, else the nearest
    ancestor's (SVG's inheritance)."""
    while element is not None:
        if element.get(name) is not None:
            return element.get(name)
        element = parents.get(element)
    return ""


def translation(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> tuple[float, float]:
    """The sum of the translate() transforms of an element and its ancestors."""
    x = y = 0.0
    while element is not None:
        match = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", element.get("transform", "translate(0,0)"))
        assert match, element.get("transform")
        x, y = x + float(match.group(1)), y + float(match.group(2))
        element = parents.get(element)
    return x, y


def test_every_label_is_whole_centred_and_in_the_shipped_font(qapp):
    chain = load_chain(sample_paths()[0])
    root = ET.fromstring(svg_bytes(chain, ExportOptions()))
    parents = ancestry(root)
    texts = list(root.iter(f"{SVG}text"))
    assert texts
    assert all(inherited(text, "font-family", parents).startswith("'Noto Sans'") for text in texts)
    centred = " ".join(text.text or "" for text in texts if inherited(text, "text-anchor", parents) == "middle")
    words = centred.split()
    for touchpoint in chain.touchpoints:
        for word in touchpoint.label.split():
            assert word in words, f"{word!r} of {touchpoint.id} is not a centred word of the SVG"
    for handoff in chain.handoffs:
        for word in (handoff.passes or "").split():
            assert word in words
    assert "…" not in " ".join(text.text or "" for text in texts)


def test_a_centred_line_is_anchored_on_the_middle_of_its_card(qapp):
    chain = load_chain(sample_paths()[0])
    chain.touchpoints = chain.touchpoints[:1]
    chain.handoffs = []
    touchpoint = chain.touchpoints[0]
    touchpoint.label = "One line"
    options = ExportOptions(title=False)
    root = ET.fromstring(svg_bytes(chain, options))
    parents = ancestry(root)
    line = next(text for text in root.iter(f"{SVG}text") if text.text == "One line")
    assert inherited(line, "text-anchor", parents) == "middle"
    offset_x, _offset_y = translation(line, parents)
    diagram = Diagram(chain, options)
    item = diagram.scene.touchpoint_items[touchpoint.id]
    card = diagram.to_diagram(item.card_rect())
    assert abs(offset_x + float(line.get("x")) - (card.left() + item.layout.label_centre)) < 0.05
