"""The SVG export: the diagram with text as text, for decks and web pages.

The SVG is written as text straight from the geometry the canvas draws (the scene's
lanes, stage band, blueprint lines, cards and routed handoffs, in the white paper theme),
in the order the canvas paints them: no QSvgGenerator, and no XML tree to tidy, so a
thousand touchpoints take a fraction of a second. Given the editor's scene (File >
Export), it takes the cards, routes and labels the canvas shows instead of laying out and
routing the chain again; the colours still come from the white paper theme, and nothing
of the screen's state (selection, hover, review mode, overlays) is drawn.

What the file promises: a <title> and <desc> first; text as <text>, in the shipped font
first with fallbacks, centred lines anchored on their centre so another renderer's fonts
still sit centred; no scripts, foreign objects or event handlers; safe procedure links,
when asked for, as invisible clickable areas over their cards.
"""

from __future__ import annotations

from app.export.diagram import PAPER, Diagram, lending_scene
from app.export.options import ExportOptions, check_options, scoped_chain, write_file
from app.export.svg_legend import legend_svg, title_svg
from app.export.svg_writer import (
    FONT_FALLBACKS,  # noqa: F401 (re-exported: the fonts an SVG names after the shipped one)
    FONT_FAMILY,
    Defs,
    attribute,
    badge,
    dash_array,
    font_size,
    forget_numbers,
    number,
    polygon_data,
    rounded_rect,
    route_data,
    text,
    vertical_metrics,
)
from models.chain import Chain
from models.collector import collector_paused
from models.geometry import CHIP_RADIUS, ICON, LABEL_PX, LANE_NAME_PX, LANE_ROLE_PX, OWNER_PX, PILL_PX, icon_top_left
from models.links import is_safe_link
from models.text import ascent
from widgets.canvas.badge import most_severe
from widgets.canvas.handoff_item import (
    LINE_WIDTH,
    PILL_BORDER,
    arrowhead,
    badge_centre,
    label_text,
    line_points,
    line_width,
    pill_radius,
)
from widgets.canvas.lane_item import SEPARATOR_WIDTH, header_text
from widgets.canvas.lane_item import badge_centre as lane_badge_centre
from widgets.canvas.mark_glyph import mark_rects
from widgets.canvas.scene import ChainScene
from widgets.canvas.stage_band import STAGE_NAME_PX, band_fill, column_separator, name_baselines
from widgets.canvas.style import BLUEPRINT_LINE_WIDTH, HEADER_WIDTH, LINE_STYLES, Theme
from widgets.canvas.touchpoint_item import (
    CHIP_FILL,
    HOLLOW_CHIP_DASHES,
    INITIALS_DROP,
    INITIALS_PX,
    card_badge_centre,
    initials,
    no_label_text,
    owner_row_text,
    stripe_colour,
    stripe_width,
)

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def export_svg(chain: Chain, path, options: ExportOptions = ExportOptions(), scene: ChainScene | None = None) -> None:
    """Write the diagram as an SVG file with text as text, a title and a description.

    `scene`, a scene showing `chain` (the editor's), lends its routes: see svg_bytes."""
    check_options(options)
    write_file(svg_bytes(chain, options, scene), path)


@collector_paused()  # an export may make and keep a scene of tens of thousands of items
def svg_bytes(chain: Chain, options: ExportOptions = ExportOptions(), scene: ChainScene | None = None) -> bytes:
    """The SVG export as bytes (UTF-8 XML).

    With `scene`, a scene showing this very chain, an export of the whole chain takes the
    cards', routes' and labels' geometry from it (routing what it has not routed yet)
    instead of building and routing a scene of its own. A part of the chain (a scope)
    is laid out on its own, so it ignores `scene`.
    """
    diagram = Diagram(scoped_chain(chain, options), options, scene=lending_scene(chain, options, scene))
    try:
        return SvgPicture(diagram, options).svg().encode("utf-8")
    finally:
        forget_numbers()


class SvgPicture:
    """The SVG of one Diagram, written in the canvas's painting order: lanes, the stages'
    band, blueprint lines, handoffs, cards; then the title, the legend and the links."""

    def __init__(self, diagram: Diagram, options: ExportOptions):
        self.diagram = diagram
        self.options = options
        self.theme = Theme.light()  # never the editor's, which may be dark
        self.defs = Defs()
        self.right = diagram.drawing.right()  # the lanes are cut off here (Diagram._drawing_rect)

    def svg(self) -> str:
        diagram = self.diagram
        width, height = number(diagram.size.width()), number(diagram.size.height())
        offset = diagram.offset()
        body: list[str] = [
            f'<g font-family="{FONT_FAMILY}" stroke-linecap="square" stroke-linejoin="bevel">\n',
            f'<rect width="{width}" height="{height}" fill="{PAPER.name()}"/>\n',
            f'<g transform="translate({number(offset.x())},{number(offset.y())})">\n',
        ]
        self._lanes(body)
        self._stage_band(body)
        self._blueprint_lines(body)
        self._handoffs(body)
        self._cards(body)
        body.append("</g>\n")
        body.append(title_svg(diagram))
        if diagram.legend is not None:
            body.append(legend_svg(diagram, self.defs))
        body.append("</g>\n")
        if self.options.links:
            self._links(body)
        body.append("</svg>\n")
        head = (
            f'{XML_DECLARATION}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}" xml:space="preserve">\n'
            f"{self._title_and_description()}{self.defs.svg()}"
        )
        body[0] = head + body[0]
        return "".join(body)

    def _title_and_description(self) -> str:
        chain = self.diagram.chain
        title = chain.title.strip() or "Untitled chain"
        parts = [chain.organisation, chain.vision, chain.description]
        description = "\n".join(part.strip() for part in parts if part and part.strip()) or (
            f"Service chain: {len(chain.departments)} departments, {len(chain.touchpoints)} touchpoints."
        )
        return f"<title>{text(title)}</title>\n<desc>{text(description)}</desc>\n"

    # -- below the cards --------------------------------------------------------------------

    def _lanes(self, out: list[str]) -> None:
        """Each lane: its band, its header column, the lines under it and right of the
        header, the name and role, and its badge."""
        theme, scene = self.theme, self.diagram.scene
        separator = theme.lane_separator.name()
        text_colour, muted = theme.text.name(), theme.muted_text.name()
        out.append(f'<g stroke-width="{number(SEPARATOR_WIDTH)}">\n')
        for department in self.diagram.chain.departments:
            item = scene.lane_items[department.id]
            rect = item.rect
            left, top, bottom = rect.left(), rect.top(), rect.bottom()
            right = min(rect.right(), self.right)
            fill = theme.lane_fill(department.role, department.color, item.alternate).name()
            header = theme.header_fill(department.role, department.color).name()
            x, y, h = number(left), number(top), number(rect.height())
            out.append(f'<rect x="{x}" y="{y}" width="{number(right - left)}" height="{h}" fill="{fill}"/>'
                       f'<rect x="{x}" y="{y}" width="{number(HEADER_WIDTH)}" height="{h}" fill="{header}"/>'
                       f'<path d="M{x},{number(bottom)}H{number(right)}M{number(left + HEADER_WIDTH)},{y}V{number(bottom)}" '
                       f'stroke="{separator}"/>')
            words = header_text(department)
            name_x = number(left + words.left)
            for line, baseline in zip(words.lines, words.baselines):
                out.append(f'<text x="{name_x}" y="{number(top + baseline)}" font-size="{LANE_NAME_PX}" '
                           f'font-weight="700" fill="{text_colour}">{text(line)}</text>')
            out.append(f'<text x="{name_x}" y="{number(top + words.role_baseline)}" font-size="{LANE_ROLE_PX}" '
                       f'fill="{muted}">{text(words.role)}</text>')
            severities = self.diagram.badges.get(department.id)
            if severities:
                centre = lane_badge_centre(item.header_rect())
                out.append(badge((centre.x(), centre.y()), most_severe(severities), 1))
            out.append("\n")
        out.append("</g>\n")

    def _stage_band(self, out: list[str]) -> None:
        """The stages' names above the lanes and the faint separators between their columns."""
        band = self.diagram.scene.stage_band
        if not band.columns:
            return
        theme = self.theme
        rect = band.band_rect()
        left, top, bottom = rect.left(), rect.top(), rect.bottom()
        right = min(rect.right(), self.right)
        out.append(f'<rect x="{number(left)}" y="{number(top)}" width="{number(right - left)}" '
                   f'height="{number(rect.height())}" fill="{band_fill(theme).name()}"/>\n'
                   f'<path d="M{number(left)},{number(bottom)}H{number(right)}M{number(HEADER_WIDTH)},{number(top)}'
                   f'V{number(bottom)}" stroke="{theme.lane_separator.name()}"/>\n')
        separators = "".join(f"M{number(HEADER_WIDTH + column.left)},{number(top)}V{number(band.lanes_bottom)}"
                             for column in band.columns[1:])
        if separators:
            out.append(f'<path d="{separators}" stroke="{column_separator(theme).name()}"/>\n')
        out.append(f'<g font-size="{STAGE_NAME_PX}" font-weight="700" fill="{theme.text.name()}" text-anchor="middle">')
        for column in band.columns:
            column_rect = band.column_rect(column)
            lines = band.name_lines(column)
            centre = number(column_rect.center().x())
            for line, baseline in zip(lines, name_baselines(column_rect.top(), column_rect.height(), len(lines))):
                out.append(f'<text x="{centre}" y="{number(baseline)}">{text(line)}</text>')
        out.append("</g>\n")

    def _blueprint_lines(self, out: list[str]) -> None:
        """The service blueprint's lines between lanes, each with its names in the header column."""
        muted = self.theme.muted_text.name()
        for kinds, line_item, label in self.diagram.scene.blueprint_lines:
            line = line_item.line()
            dashes = dash_array(LINE_STYLES[kinds[0]], BLUEPRINT_LINE_WIDTH)
            dashed = f' stroke-dasharray="{dashes}"' if dashes else ""
            out.append(f'<path d="M{number(line.x1())},{number(line.y1())}H{number(min(line.x2(), self.right))}" '
                       f'stroke="{muted}" stroke-width="{number(BLUEPRINT_LINE_WIDTH)}"{dashed}/>\n')
            font = label.font()
            font_ascent, step = vertical_metrics(font)
            position = label.pos()
            for number_, name in enumerate(label.text().split("\n")):
                out.append(f'<text x="{number(position.x())}" y="{number(position.y() + font_ascent + number_ * step)}" '
                           f'font-size="{font_size(font)}" fill="{muted}">{text(name)}</text>\n')

    # -- handoffs -------------------------------------------------------------------------------

    def _handoffs(self, out: list[str]) -> None:
        """Every routed handoff: the lines, then their arrowheads, then their labels and
        badges on top (the label placer keeps labels off lines they do not belong to)."""
        theme, badges = self.theme, self.diagram.badges
        lines: list[str] = []
        arrows: list[str] = []
        labels: list[str] = []
        marks: list[str] = []
        heavy = f' stroke-width="{number(line_width(True))}"'
        pill = f' fill="{theme.base.name()}" stroke="{theme.card_border.name()}" stroke-width="{number(PILL_BORDER)}"'
        for id, item in self.diagram.scene.handoff_items.items():
            points = item.points
            if len(points) < 2:
                continue
            lines.append(f'<path d="{route_data(line_points(points))}"{heavy if item.cross_lane else ""}/>\n')
            arrows.append(f'<path d="{polygon_data(arrowhead(points[-2], points[-1]))}"/>\n')
            for label in item.labels:
                size, bold, centre, baseline, step = label_text(label)
                if label.kind == "passes":
                    left, top, right, bottom = label.rect
                    labels.append(rounded_rect(left, top, right - left, bottom - top, pill_radius(bottom - top), pill))
                look = (f' font-size="{size}"' if size != PILL_PX else "") + (' font-weight="700"' if bold else "")
                x = number(centre)
                for row, line in enumerate(label.lines):
                    labels.append(f'<text x="{x}" y="{number(baseline + row * step)}"{look}>{text(line)}</text>')
                labels.append("\n")
            severities = badges.get(id)
            if severities:
                severity = most_severe(severities)
                marks.append(badge(badge_centre(points), severity, severities.count(severity)))
        colour = theme.line_name
        out.append(f'<g fill="none" stroke="{colour}" stroke-width="{number(LINE_WIDTH)}" stroke-linecap="round" '
                   f'stroke-linejoin="round">\n')
        out += lines
        out.append(f'</g>\n<g fill="{colour}">\n')
        out += arrows
        out.append(f'</g>\n<g font-size="{PILL_PX}" fill="{theme.text.name()}" text-anchor="middle">\n')
        out += labels
        out.append("</g>\n")
        out += marks

    # -- cards -----------------------------------------------------------------------------------

    def _cards(self, out: list[str]) -> None:
        """Every card in its own group, in its local coordinates: fill, review stripe,
        label, owner, channel icon, marks, border and badge, as the card paints them."""
        diagram, theme, defs = self.diagram, self.theme, self.defs
        chain = diagram.chain
        touchpoints = {touchpoint.id: touchpoint for touchpoint in chain.touchpoints}
        people = {person.id: person for person in chain.people}
        customer_lanes = {department.id for department in chain.departments if department.role == "customer"}
        fills = {kind: theme.card_fill(kind).name() for kind in ("step", "decision", "start", "end")}
        border, muted = theme.card_border.name(), theme.muted_text.name()
        label_ascent = ascent(LABEL_PX)
        show_names, badges = diagram.owner_names, diagram.badges
        hollow = dash_array(HOLLOW_CHIP_DASHES, 1)
        no_label = f'font-style="italic" fill="{muted}">{text(no_label_text())}</text>'
        out.append(f'<g font-size="{LABEL_PX}" fill="{theme.text.name()}" text-anchor="middle">\n')
        for id, item in diagram.scene.touchpoint_items.items():
            touchpoint = touchpoints[id]
            layout = item.layout
            kind, width, height = item.kind, layout.width, layout.height
            position = item.scenePos()
            shape = defs.shape(kind, width, height)
            parts = [
                f'<g transform="translate({number(position.x())},{number(position.y())})">'
                f'<use xlink:href="#s{shape}" fill="{fills.get(kind, fills["step"])}"/>'
                f'<rect width="{number(stripe_width(kind, width))}" height="{number(height)}" '
                f'fill="{stripe_colour(touchpoint.review.status)}" clip-path="url(#c{shape})"/>'
            ]
            centre = number(layout.label_centre)
            baseline = layout.label_top + label_ascent
            step = layout.line_height
            if layout.lines:
                for row, line in enumerate(layout.lines):
                    parts.append(f'<text x="{centre}" y="{number(baseline + row * step)}">{text(line)}</text>')
            else:
                parts.append(f'<text x="{centre}" y="{number(baseline)}" {no_label}')
            owner_shown = None
            if touchpoint.department not in customer_lanes:  # the customer's own actions have no owner
                owner = people.get(touchpoint.owner) if touchpoint.owner else None
                if owner is not None and show_names:
                    owner_shown = owner_row_text(owner, len(touchpoint.marks), layout.owner[2])
                chip_x, chip_y = layout.chip
                if owner_shown is not None:
                    left, row_baseline, _room = layout.owner
                    parts.append(f'<text x="{number(left)}" y="{number(row_baseline)}" font-size="{OWNER_PX}" '
                                 f'fill="{muted}" text-anchor="start">{text(owner_shown)}</text>')
                elif owner is None:
                    parts.append(f'<circle cx="{number(chip_x)}" cy="{number(chip_y)}" r="{number(CHIP_RADIUS)}" '
                                 f'fill="none" stroke="{muted}" stroke-dasharray="{hollow}"/>')
                else:
                    parts.append(f'<circle cx="{number(chip_x)}" cy="{number(chip_y)}" r="{number(CHIP_RADIUS)}" '
                                 f'fill="{CHIP_FILL}"/><text x="{number(chip_x)}" y="{number(chip_y + INITIALS_DROP)}" '
                                 f'font-size="{INITIALS_PX}" font-weight="700" fill="#ffffff">'
                                 f'{text(initials(owner.name))}</text>')
            if touchpoint.channel:
                icon = defs.icon(f"channel-{touchpoint.channel}", muted, ICON)
                if icon is not None:  # a channel without an icon still shows in the tooltip
                    icon_x, icon_y = icon_top_left(layout, bool(owner_shown))
                    parts.append(f'<use xlink:href="#{icon}" x="{number(icon_x)}" y="{number(icon_y)}"/>')
            if touchpoint.marks:
                for mark, rect in zip(touchpoint.marks, mark_rects(layout, tuple(touchpoint.marks), owner_shown,
                                                                   bool(touchpoint.channel))):
                    parts.append(f'<use xlink:href="#{defs.mark(mark, rect.width())}" x="{number(rect.x())}" '
                                 f'y="{number(rect.y())}"/>')
            parts.append(f'<use xlink:href="#s{shape}" fill="none" stroke="{border}"/>')
            severities = badges.get(id)
            if severities:
                severity = most_severe(severities)
                parts.append(badge(card_badge_centre(kind, width), severity, severities.count(severity)))
            parts.append("</g>\n")
            out.append("".join(parts))
        out.append("</g>\n")

    # -- on top ----------------------------------------------------------------------------------

    def _links(self, out: list[str]) -> None:
        """A clickable, invisible card-sized area for each safe procedure link, on top."""
        diagram = self.diagram
        for touchpoint in diagram.chain.touchpoints:
            procedure = touchpoint.procedure
            if procedure is None or not procedure.link or not is_safe_link(procedure.link):
                continue
            rect = diagram.to_diagram(diagram.scene.touchpoint_items[touchpoint.id].card_rect())
            link = attribute(procedure.link)
            # `href` for SVG 2 readers, `xlink:href` for SVG 1.1 ones; painted (so it takes
            # clicks) but invisible.
            out.append(f'<a href="{link}" xlink:href="{link}"><title>{text("Procedure: " + procedure.title)}</title>'
                       f'<rect x="{number(rect.x())}" y="{number(rect.y())}" width="{number(rect.width())}" '
                       f'height="{number(rect.height())}" rx="8" fill="#ffffff" fill-opacity="0"/></a>\n')
