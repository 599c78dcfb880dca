"""Stages in the drawn exports: the band of names above the lanes, whole and clear of them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from app.export import ExportOptions
from app.export.diagram import MARGIN, TITLE_HEIGHT, Diagram
from app.export.pdf import export_pdf
from app.export.png import export_png
from app.export.svg import export_svg
from app.handout import reading_guide
from models.chain import Stage
from models.chain_file import load_chain
from resources.samples import FIRST_START_SAMPLE
from tests.app.test_export import pdf_text, svg_root, svg_texts
from tests.picture import picture_problems
from widgets.canvas.stage_band import band_fill
from widgets.canvas.style import HEADER_WIDTH

TRAILING = "Aftercare and questions about the invoice"  # no cards: placed after Delivery, wrapped


def staged(chain):
    """The retail sample in three stages by place, and a fourth without cards."""
    chain.stages = [Stage(id="st-visit", name="Visit"), Stage(id="st-order", name="Order"),
                    Stage(id="st-delivery", name="Delivery"), Stage(id="st-after", name=TRAILING)]
    for touchpoint in chain.touchpoints:
        x = touchpoint.position.x
        touchpoint.stage = "st-visit" if x < 600 else "st-order" if x < 1600 else "st-delivery"
    return chain


@pytest.fixture
def chain():
    return staged(load_chain(FIRST_START_SAMPLE))


def test_the_diagram_shows_the_band_above_the_lanes_and_every_column_whole(qapp, chain):
    diagram = Diagram(chain, ExportOptions())
    band = diagram.scene.stage_band
    assert diagram.drawing.top() == band.band_rect().top() < 0  # the band is in the picture
    assert diagram.drawing.right() >= HEADER_WIDTH + band.columns[-1].right  # the empty stage too
    assert picture_problems(diagram.scene) == []
    plain = Diagram(load_chain(FIRST_START_SAMPLE), ExportOptions())
    assert abs(diagram.size.height() - plain.size.height() - band.band_rect().height()) < 1


def test_svg_names_the_stages_in_text(qapp, tmp_path, chain):
    export_svg(chain, tmp_path / "staged.svg")
    texts = svg_texts(svg_root(tmp_path / "staged.svg"))
    for name in ("Visit", "Order", "Delivery"):
        assert name in texts
    assert " ".join(texts).split().count("Aftercare") == 1  # wrapped over lines, every word
    assert all(word in " ".join(texts) for word in TRAILING.split())


def test_png_paints_the_band(qapp, tmp_path, chain):
    export_png(chain, tmp_path / "staged.png", ExportOptions(scale=1))
    image = QImage(str(tmp_path / "staged.png"))
    diagram = Diagram(chain, ExportOptions())
    first = diagram.scene.stage_band.columns[0]
    # Just inside the first column, under the top of the band: band colour, not paper.
    x = MARGIN + HEADER_WIDTH + first.left + 4
    y = MARGIN + TITLE_HEIGHT + 3
    assert image.pixelColor(int(x), int(y)) != QColor("#ffffff")


def test_pdf_names_the_stages_in_text(qapp, tmp_path, chain):
    export_pdf(chain, tmp_path / "staged.pdf")
    export_pdf(load_chain(FIRST_START_SAMPLE), tmp_path / "plain.pdf")
    staged_text, plain_text = pdf_text(tmp_path / "staged.pdf"), pdf_text(tmp_path / "plain.pdf")
    if staged_text is None:
        pytest.skip("pdftotext is not installed: the PDF's text was not read back")
    for name in ("Visit", "Order", "Delivery", "Aftercare"):  # (also words of labels and lanes)
        assert staged_text.count(name) == plain_text.count(name) + 1


def test_the_handouts_reading_guide_names_the_stages(chain):
    assert "stages, named above the lanes: Visit, Order, Delivery, " + TRAILING in reading_guide(chain)
    assert "stages" not in reading_guide(load_chain(FIRST_START_SAMPLE))


def test_a_tiles_repeated_header_column_carries_the_band_on(qapp, chain):
    diagram = Diagram(chain, ExportOptions(title=False))
    band = diagram.to_diagram(diagram.scene.stage_band.band_rect())
    region = QRectF(0, 0, HEADER_WIDTH + 2 * MARGIN, band.bottom() + 20)
    image = QImage(int(region.width()), int(region.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.drawPicture(0, 0, diagram.header_picture(region))
    painter.end()
    corner = image.pixelColor(int(MARGIN + HEADER_WIDTH / 2), int(band.center().y()))
    assert corner.rgb() == band_fill(diagram.scene.theme).rgb()
