"""The yEd boxes in the GraphML export are where the canvas draws cards and lanes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.document import Document
from models.chain_file import load_chain
from models.interchange import to_graphml
from resources.samples import sample_paths
from widgets.canvas.scene import ChainScene
from widgets.canvas.style import Theme

SAMPLES = sample_paths()
G = "{http://graphml.graphdrawing.org/xmlns}"
Y = "{http://www.yworks.com/xml/graphml}"


def yed_boxes(text: str) -> dict[str, tuple[float, float, float, float]]:
    boxes = {}
    for node in ET.fromstring(text).iter(f"{G}node"):
        geometry = node.find(f"{G}data//{Y}Geometry")  # a card's shape, or a lane's group
        boxes[node.get("id")] = tuple(float(geometry.get(n)) for n in ("x", "y", "width", "height"))
    return boxes


@pytest.mark.parametrize("path", SAMPLES, ids=[path.name for path in SAMPLES])
def test_yed_boxes_are_the_canvas_boxes(qapp, path):
    chain = load_chain(path)
    scene = ChainScene(Document(chain), Theme.light())
    boxes = yed_boxes(to_graphml(chain))
    for id, item in scene.touchpoint_items.items():
        width, height = item.size()
        assert boxes[id] == (item.scenePos().x(), item.scenePos().y(), width, height)
    for department in chain.departments:
        top, height = scene.lane_tops[department.id], scene.lane_heights[department.id]
        assert boxes[department.id][1::2] == (top, height)
