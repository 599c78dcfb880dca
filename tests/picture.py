"""What a picture of a chain must never show, checked on the scene's own geometry.

The canvas and every export draw from a ChainScene (app.export.diagram builds one), so checking
the scene's cards, routes and labels checks what the user sees and what they export.
"""

from __future__ import annotations

from models.geometry import LABEL_PX, branch_layout, lane_header, pill_layout
from models.labels import segment_rects
from models.picture_check import all_problems, rect_overlaps
from models.routing import Card, Link
from models.text import line_height, text_width
from widgets.canvas.mark_glyph import icon_rect, label_rect, owner_rect
from widgets.canvas.stage_band import NAME_PAD_X, STAGE_NAME_PX


def squeezed(text: str) -> str:
    return "".join(text.split())


def scene_geometry(scene):
    """(cards with the lane walls, links, routes, labels) as the scene holds them."""
    cards = {id: Card(item.box(), item.kind) for id, item in scene.touchpoint_items.items()}
    cards.update(scene._wall_cards)
    links = [Link(id, *item.ends) for id, item in scene.handoff_items.items() if item.ends[0] != item.ends[1]]
    routes = {link.id: list(scene.handoff_items[link.id].points) for link in links}
    labels = [label for item in scene.handoff_items.values() for label in item.labels]
    return cards, links, routes, labels


def text_problems(scene) -> list[str]:
    """Texts not shown whole: every character of every card label, pill, branch label
    and lane name must be on a line, and every line must fit its room."""
    problems = []
    document = scene.document
    for id, item in scene.touchpoint_items.items():
        label = document.touchpoint(id).label
        layout = item.layout
        if squeezed("".join(layout.lines)) != squeezed(label):
            problems.append(f"card {id} does not show its whole label")
        room = layout.width / 2 if layout.kind == "decision" else layout.width - 20
        if any(text_width(line, LABEL_PX) > room for line in layout.lines):
            problems.append(f"card {id} has a line wider than the card")
        if layout.label_top + len(layout.lines) * layout.line_height > layout.height:
            problems.append(f"card {id} has lines below its bottom edge")
    for id, item in scene.handoff_items.items():
        handoff = document.handoff(id)
        for label in item.labels:
            text = handoff.passes if label.kind == "passes" else handoff.label
            layout = pill_layout(text) if label.kind == "passes" else branch_layout(text)
            if squeezed("".join(label.lines)) != squeezed(text):
                problems.append(f"handoff {id} does not show its whole {label.kind} text")
            width, height = label.rect[2] - label.rect[0], label.rect[3] - label.rect[1]
            if (round(width, 3), round(height, 3)) != (round(layout[0], 3), round(layout[1], 3)):
                problems.append(f"handoff {id}: the {label.kind} box is not the size of its text")
        if (handoff.passes or "").strip() and not any(label.kind == "passes" for label in item.labels):
            problems.append(f"handoff {id} does not show what it passes")
        if (handoff.label or "").strip() and not any(label.kind == "branch" for label in item.labels):
            problems.append(f"handoff {id} does not show its label")
    for department in document.chain.departments:
        lines, needed = lane_header(department.name)
        if squeezed("".join(lines)) != squeezed(department.name):
            problems.append(f"lane {department.id} does not show its whole name")
        if scene.lane_heights[department.id] < needed:
            problems.append(f"lane {department.id} is too short for its name")
    return problems + stage_problems(scene)


def stage_problems(scene) -> list[str]:
    """Stage names not shown whole in their columns, columns out of order or overlapping,
    or a band that reaches into the lanes."""
    problems = []
    band = scene.stage_band
    names = {stage.id: stage.name for stage in scene.document.chain.stages}
    if [column.stage for column in band.columns] != list(names):
        problems.append("the band does not show every stage, in order")
    for before, after in zip(band.columns, band.columns[1:]):
        if after.left < before.right:
            problems.append(f"stage columns {before.stage} and {after.stage} overlap")
    for column in band.columns:
        lines = band.name_lines(column)
        room = band.column_rect(column)
        if squeezed("".join(lines)) != squeezed(names[column.stage]):
            problems.append(f"stage {column.stage} does not show its whole name")
        if any(text_width(line, STAGE_NAME_PX, bold=True) > room.width() - 2 * NAME_PAD_X for line in lines):
            problems.append(f"stage {column.stage} has a line wider than its column")
        if len(lines) * line_height(STAGE_NAME_PX, bold=True) > room.height():
            problems.append(f"stage {column.stage} has lines below the band")
    if band.columns and band.band_rect().bottom() > min(scene.lane_tops.values(), default=0.0):
        problems.append("the stages' band reaches into the lanes")
    return problems


def label_problems(cards, routes, labels, lines: bool = True) -> list[str]:
    """Labels that cover a card, another label or (with `lines`) another handoff's line."""
    problems = []
    for index, label in enumerate(labels):
        name = f"{label.kind} label of {label.handoff}"
        for id, card in cards.items():
            if rect_overlaps(label.rect, card.box):
                problems.append(f"{name} covers card {id}")
        for other in labels[index + 1:]:
            if rect_overlaps(label.rect, other.rect):
                problems.append(f"{name} overlaps the {other.kind} label of {other.handoff}")
        for id, route in routes.items() if lines else ():
            if id != label.handoff and any(rect_overlaps(label.rect, rect) for rect in segment_rects(route)):
                problems.append(f"{name} covers the line of {id}")
    return problems


def overlapping_cards(scene) -> list[str]:
    items = list(scene.touchpoint_items.items())
    problems = []
    for index, (id, item) in enumerate(items):
        for other_id, other in items[index + 1:]:
            if rect_overlaps(item.box(), other.box()):
                problems.append(f"cards {id} and {other_id} overlap")
    return problems


def card_inside_problems(scene) -> list[str]:
    """A card's label, owner (chip or name) and channel icon overlapping one another or
    reaching out of the card."""
    problems = []
    document = scene.document
    for id, item in scene.touchpoint_items.items():
        touchpoint, layout = document.touchpoint(id), item.layout
        owner_text = item.owner_text(touchpoint)
        parts = {"label": label_rect(layout)}
        if not scene.in_customer_lane(touchpoint):
            parts["owner"] = owner_rect(layout, owner_text)
        if touchpoint.channel:
            parts["channel icon"] = icon_rect(layout, owner_text)
        named = list(parts.items())
        for index, (name, rect) in enumerate(named):
            if not item.outline.contains(rect):
                problems.append(f"card {id}: its {name} reaches out of the card")
            for other, other_rect in named[index + 1:]:
                if rect.intersects(other_rect):
                    problems.append(f"card {id}: its {name} overlaps its {other}")
    return problems


def picture_problems(scene, lines: bool = True) -> list[str]:
    """Everything above, and the route checks of models.picture_check (routes through
    cards or out of the lanes, shared ports and lines, slanted segments).

    `lines` False lets a label cover another handoff's line: where several lines fill
    every place along a route (cards drawn close by hand), a label has to cross one.
    """
    cards, links, routes, labels = scene_geometry(scene)
    return (
        overlapping_cards(scene)
        + text_problems(scene)
        + card_inside_problems(scene)
        + all_problems(cards, links, routes)
        + label_problems(cards, routes, labels, lines)
    )
