"""The SVG export's title block and legend, written as SVG text.

Both are laid out where the other exports paint them (Diagram.title_lines,
widgets.canvas.legend.legend_layout) and drawn with the legend's own shapes and sizes,
so the SVG's legend is the one PNG and PDF show. Text is placed as Qt places it in a box
(left or centred, vertically centred or from the top, wrapped at Qt's word breaks).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QPicture, QTextLayout, QTextOption

from app.export.diagram import Diagram
from app.export.svg_writer import (
    Defs,
    badge,
    centred_text,
    dash_array,
    font_size,
    mark_glyph,
    number,
    polygon_data,
    rounded_rect,
    text,
    vertical_metrics,
)
from models.blueprint_lines import LINE_KINDS
from models.chain import MARKS
from widgets.canvas.handoff_item import LINE_WIDTH, PILL_BORDER
from widgets.canvas.legend import (
    FRAME_RADIUS,
    HEADING_PX,
    PILL_TEXT_PX,
    REVIEW_SAMPLE_RADIUS,
    REVIEW_SAMPLE_STRIPE,
    TEXT_PX,
    frame_rect,
    handoff_sample,
    kind_sample_radius,
)
from widgets.canvas.style import BLUEPRINT_LINE_WIDTH, LINE_STYLES, REVIEW_COLOURS, Theme, canvas_font


def _weight(font: QFont) -> str:
    return ' font-weight="700"' if font.bold() else ""


def title_svg(diagram: Diagram) -> str:
    """The title above the diagram and the organisation under it ("" without a title)."""
    written = []
    for line, font, colour, baseline in diagram.title_lines():
        written.append(f'<text x="{number(baseline.x())}" y="{number(baseline.y())}" font-size="{font_size(font)}"'
                       f'{_weight(font)} fill="{colour.name()}">{text(line)}</text>\n')
    return "".join(written)


def wrapped_lines(content: str, font: QFont, width: float) -> list[str]:
    """`content` broken where Qt's word wrap breaks it in a box `width` wide."""
    layout = QTextLayout(content, font, QPicture())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(content[line.textStart(): line.textStart() + line.textLength()].rstrip())
    layout.endLayout()
    return lines


def legend_svg(diagram: Diagram, defs: Defs) -> str:
    """The legend below the lanes, as widgets.canvas.legend.paint_legend draws it."""
    layout = diagram.legend
    theme = Theme.light()
    origin = diagram.legend_rect().topLeft()
    frame = frame_rect(layout)
    written = [
        f'<g transform="translate({number(origin.x())},{number(origin.y())})">\n',
        rounded_rect(frame.x(), frame.y(), frame.width(), frame.height(), FRAME_RADIUS,
                     f' fill="{theme.base.name()}" stroke="{theme.lane_separator.name()}"'),
        "\n",
    ]
    heading_font = canvas_font(HEADING_PX, bold=True)
    ascent, height = vertical_metrics(heading_font)
    for heading in layout.headings:  # left aligned, centred vertically
        rect = heading.label
        baseline = rect.top() + (rect.height() - height) / 2 + ascent
        written.append(f'<text x="{number(rect.left())}" y="{number(baseline)}" font-size="{HEADING_PX}" '
                       f'font-weight="700" fill="{theme.text.name()}">{text(heading.text)}</text>\n')
    entry_font = canvas_font(TEXT_PX)
    ascent, height = vertical_metrics(entry_font)
    for entry in layout.entries:
        written.append(_symbol(theme, defs, entry.key, entry.symbol))
        rect = entry.label
        lines = [entry.text] if rect.height() < 1.5 * height else wrapped_lines(entry.text, entry_font, rect.width())
        for row, line in enumerate(lines):  # from the top, wrapped
            written.append(f'<text x="{number(rect.left())}" y="{number(rect.top() + ascent + row * height)}" '
                           f'font-size="{TEXT_PX}" fill="{theme.text.name()}">{text(line)}</text>')
        written.append("\n")
    written.append("</g>\n")
    return "".join(written)


def _symbol(theme: Theme, defs: Defs, key: str, rect: QRectF) -> str:
    """An entry's symbol, as widgets.canvas.legend._paint_symbol draws it."""
    border = f' stroke="{theme.card_border.name()}"'
    if key in ("start", "end", "step"):
        return rounded_rect(rect.x(), rect.y(), rect.width(), rect.height(), kind_sample_radius(key, rect),
                            f' fill="{theme.card_fill(key).name()}"{border}')
    if key == "decision":
        centre = rect.center()
        diamond = ((centre.x(), rect.top()), (rect.right(), centre.y()), (centre.x(), rect.bottom()), (rect.left(), centre.y()))
        return f'<path d="{polygon_data(diamond)}" fill="{theme.card_fill(key).name()}"{border}/>'
    if key in REVIEW_COLOURS:  # a small step card with its stripe, as the canvas draws it
        card = (rect.x(), rect.y(), rect.width(), rect.height(), REVIEW_SAMPLE_RADIUS)
        clip = defs.clip(rounded_rect(*card, ""))
        return (rounded_rect(*card, f' fill="{theme.card_fill("step").name()}"')
                + f'<rect x="{number(rect.x())}" y="{number(rect.y())}" width="{number(REVIEW_SAMPLE_STRIPE)}" '
                  f'height="{number(rect.height())}" fill="{REVIEW_COLOURS[key]}" clip-path="url(#{clip})"/>'
                + rounded_rect(*card, f' fill="none"{border}'))
    if key in ("error", "warning", "info"):
        return badge((rect.center().x(), rect.center().y()), key, 1)
    if key in MARKS:
        return mark_glyph(key, rect)
    if key == "handoff":
        return _handoff_sample(theme, rect)
    if key in LINE_KINDS:
        y = number(rect.center().y())
        dashes = dash_array(LINE_STYLES[key], BLUEPRINT_LINE_WIDTH)
        return (f'<path d="M{number(rect.left())},{y}H{number(rect.right())}" stroke="{theme.muted_text.name()}" '
                f'stroke-width="{number(BLUEPRINT_LINE_WIDTH)}"' + (f' stroke-dasharray="{dashes}"' if dashes else "") + "/>")
    return ""


def _handoff_sample(theme: Theme, rect: QRectF) -> str:
    """A short arrow with a "passes" pill on it."""
    sample = handoff_sample(rect)
    line = theme.line.name()
    pill = sample.pill
    return (
        f'<path d="M{number(sample.start.x())},{number(sample.start.y())}L{number(sample.line_end.x())},'
        f'{number(sample.line_end.y())}" fill="none" stroke="{line}" stroke-width="{number(LINE_WIDTH)}" '
        f'stroke-linecap="round"/>'
        f'<path d="{polygon_data((point.x(), point.y()) for point in sample.arrow)}" fill="{line}"/>'
        + rounded_rect(pill.x(), pill.y(), pill.width(), pill.height(), pill.height() / 2,
                       f' fill="{theme.base.name()}" stroke="{theme.card_border.name()}" '
                       f'stroke-width="{number(PILL_BORDER)}"')
        + centred_text(sample.text, (pill.x(), pill.y(), pill.width(), pill.height()), canvas_font(PILL_TEXT_PX),
                       f' fill="{theme.text.name()}"')
    )
