"""The SVG names the shipped font first and centres card and pill lines with text-anchor,
so a viewer without the font still shows them centred and whole."""

import xml.etree.ElementTree as ET

from app.export import ExportOptions
from app.export.diagram import Diagram
from app.export.svg import svg_bytes
from models.chain_file import load_chain
from resources.samples import sample_paths

SVG = "{http://www.w3.org/2000/svg}"


def test_every_label_is_whole_centred_and_in_the_shipped_font(qapp):
    chain = load_chain(sample_paths()[0])
    root = ET.fromstring(svg_bytes(chain, ExportOptions()))
    texts = list(root.iter(f"{SVG}text"))
    assert texts
    assert all(text.get("font-family", "").startswith("'Noto Sans'") for text in texts)
    centred = " ".join(text.text or "" for text in texts if text.get("text-anchor") == "middle")
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
    line = next(text for text in root.iter(f"{SVG}text") if text.text == "One line")
    assert line.get("text-anchor") == "middle"
    group = next(group for group in root.iter(f"{SVG}g") if line in list(group))
    offset_x = float(group.get("transform")[len("matrix("):-1].split(",")[4])
    diagram = Diagram(chain, options)
    item = diagram.scene.touchpoint_items[touchpoint.id]
    card = diagram.to_diagram(item.card_rect())
    assert abs(offset_x + float(line.get("x")) - (card.left() + item.layout.label_centre)) < 0.05
