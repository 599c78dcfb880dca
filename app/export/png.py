"""The PNG export: the diagram as an image, `scale` times the canvas size."""

from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QIODevice, QPointF, Qt
from PySide6.QtGui import QImage, QPainter

from app.export.diagram import PAPER, Diagram, lending_scene, play_picture
from app.export.options import ExportError, ExportOptions, check_options, scoped_chain, write_file
from models.chain import Chain
from models.collector import collector_paused

MAX_IMAGE_SIDE = 32_000  # pixels; beyond it PNG viewers and QPainter give up
MAX_IMAGE_PIXELS = 150_000_000  # about 600 MB of memory while painting


def export_png(chain: Chain, path, options: ExportOptions = ExportOptions(), scene=None) -> tuple[int, int]:
    """Write the diagram as a PNG image `options.scale` times the canvas size; returns its
    size. `scene`, the editor's scene of `chain`, lends its routes (see Diagram)."""
    check_options(options)
    image = diagram_image(chain, options, scene)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError("The image could not be encoded as PNG.")
    write_file(bytes(buffer.data()), path)
    return image.width(), image.height()


@collector_paused()  # a scene of the whole chain, kept until the end
def diagram_image(chain: Chain, options: ExportOptions = ExportOptions(), scene=None) -> QImage:
    diagram = Diagram(scoped_chain(chain, options), options, routes_from=lending_scene(chain, options, scene))
    width = math.ceil(diagram.size.width() * options.scale)
    height = math.ceil(diagram.size.height() * options.scale)
    if max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise ExportError(
            f"The image would be {width:,} × {height:,} pixels, too large to make; "
            "choose a smaller scale, or export SVG or PDF."
        )
    background = None if options.transparent else PAPER
    picture = diagram.picture(background=background)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError(f"There is not enough memory for a {width:,} × {height:,} pixel image.")
    dots_per_metre = round(options.scale * 96 / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    # The picture replays at the image's dpi; scale it so a canvas pixel is `scale` pixels.
    replay = image.logicalDpiX() / picture.logicalDpiX()
    play_picture(painter, picture, QPointF(0, 0), options.scale / replay)
    painter.end()
    return image
