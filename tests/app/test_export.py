"""Exports: every sample to every format, read back; hostile text; scopes; failed writes."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import pytest
from PySide6.QtGui import QImage

from app.export import ExportError, ExportOptions, write_export
from app.export.diagram import TITLE_HEIGHT, Diagram, diagram_outline, diagram_size
from app.export.options import scoped_chain
from app.export.pdf import MAX_FIT_SCALE, MIN_LABEL_POINTS, export_pdf, fitted_label_points, plan_pages
from app.export.png import export_png
from app.export.svg import export_svg
from app.handout import export_handout
from models.chain import Chain, Department, Handoff, Position, Procedure, Touchpoint
from models.chain_file import load_chain
from resources.samples import sample_paths
from tests.benchmarks.generate import synthetic_chain

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SAMPLES = sample_paths()
HOSTILE_LABELS = [
    "</text><script>alert(1)</script>",
    "\"Quotes\" & 'apostrophes' <b>bold</b> ]]> <!-- comment -->",
    "Control\x00 char\x01acters\x1b and\x7f delete",
    "مرحبا بالعالم: يستقبل الطلب",
    "Emoji 👩‍💼 serves ☕ with 😀",
    "Long " + "label " * 400,
]


# -- reading exports back -------------------------------------------------------------------


def svg_root(path) -> ET.Element:
    return ET.parse(path).getroot()  # raises on anything that is not well-formed XML


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def assert_no_active_content(root: ET.Element) -> None:
    for element in root.iter():
        assert element.tag.rpartition("}")[2] not in ("script", "foreignObject")
        assert not [name for name in element.attrib if name.rpartition("}")[2].lower().startswith("on")]


def pdf_page_count(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", path.read_bytes()))


def pdf_text(path) -> str | None:
    """The PDF's text, ligatures undone and white space runs made one space; None without pdftotext."""
    if shutil.which("pdftotext") is None:
        return None
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60)
    return " ".join(unicodedata.normalize("NFKC", result.stdout.decode("utf-8")).split())


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def hostile_chain() -> Chain:
    departments = [
        Department(id="customer", name="<script>alert('lane')</script>", role="customer"),
        Department(id="desk", name="Desk & \"Co\" \x02", role="frontline"),
    ]
    touchpoints = [
        Touchpoint(id=f"t{number}", label=label, department="customer" if number % 2 else "desk",
                   position=Position(x=40 + 200 * number, y=20))
        for number, label in enumerate(HOSTILE_LABELS)
    ]
    touchpoints[1].procedure = Procedure(title="Evil <procedure>", link="javascript:alert(1)")
    touchpoints[2].procedure = Procedure(title="Data", link="data:text/html,<script>alert(1)</script>")
    touchpoints[3].procedure = Procedure(title="Tab", link="java\tscript:alert(1)")
    touchpoints[4].procedure = Procedure(title="Good", link="https://example.com/sop?a=1&b=\"2\"")
    handoffs = [
        Handoff(id=f"h{number}", source=f"t{number}", target=f"t{number + 1}", passes="<b>&amp;</b>\x03")
        for number in range(len(touchpoints) - 1)
    ]
    return Chain(title="</title><script>x</script> & co", description="<desc> \x01 ]]>",
                 departments=departments, touchpoints=touchpoints, handoffs=handoffs)


# -- every sample to every format --------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_sample_to_svg_has_text_title_and_no_active_content(qapp, tmp_path, path):
    chain = load_chain(path)
    target = tmp_path / "chain.svg"
    export_svg(chain, target, ExportOptions(links=True))
    root = svg_root(target)
    assert root.tag == f"{SVG}svg"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox").split() == ["0", "0", root.get("width"), root.get("height")]
    assert root.find(f"{SVG}title").text == chain.title
    assert root.find(f"{SVG}desc").text.strip()
    texts = " ".join(svg_texts(root))
    for touchpoint in chain.touchpoints:
        assert touchpoint.label.split()[0] in texts, touchpoint.label
    for department in chain.departments:
        assert department.name in texts
    assert chain.title in texts  # the title above the diagram
    assert_no_active_content(root)
    families = {element.get("font-family") for element in root.iter() if element.get("font-family")}
    assert families and all(family.endswith("sans-serif") for family in families)
    links = {link.get("href") for link in root.iter(f"{SVG}a")}
    assert links == {t.procedure.link for t in chain.touchpoints if t.procedure and t.procedure.link}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_sample_to_png_at_scale_one_and_two(qapp, tmp_path, path):
    chain = load_chain(path)
    width, height = export_png(chain, tmp_path / "one.png", ExportOptions(scale=1))
    double = export_png(chain, tmp_path / "two.png", ExportOptions(scale=2))
    assert double == (width * 2, height * 2)
    image = QImage(str(tmp_path / "two.png"))
    assert (image.width(), image.height()) == double
    assert image.dotsPerMeterX() == round(2 * 96 / 0.0254)
    for x, y in ((0, 0), (image.width() - 1, image.height() // 2)):  # left and right margins
        assert image.pixelColor(x, y).name() == "#ffffff"
        assert image.pixelColor(x, y).alpha() == 255


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_sample_to_pdf_fits_one_page_with_text(qapp, tmp_path, path):
    chain = load_chain(path)
    target = tmp_path / "chain.pdf"
    assert export_pdf(chain, target) == 1
    assert pdf_page_count(target) == 1
    text = pdf_text(target)
    if text is not None:
        assert chain.title in text
        for department in chain.departments:
            assert department.name in text


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_sample_to_handout_has_every_label(qapp, tmp_path, path):
    chain = load_chain(path)
    target = tmp_path / "handout.pdf"
    pages = export_handout(chain, target, ExportOptions(findings=True))
    assert pages == pdf_page_count(target)
    assert pages >= 3  # the cover, the diagram, the departments and the roster
    text = pdf_text(target)
    if text is None:
        pytest.skip("pdftotext is not installed: the handout's text was not read back")
    for touchpoint in chain.touchpoints:
        assert words(touchpoint.label) in text
    for person in chain.people:
        assert person.name in text
    assert "Open findings" in text
    assert f"Page {pages} of {pages}" in text


def test_handout_contents_name_the_pages_sections_start_on(qapp, tmp_path):
    chain = load_chain(SAMPLES[-1])
    target = tmp_path / "handout.pdf"
    export_handout(chain, target, ExportOptions(findings=True))
    if pdf_text(target) is None:
        pytest.skip("pdftotext is not installed: the handout's pages were not read back")

    def page(number: int, layout: bool = False) -> str:
        options = ["-layout"] if layout else []
        command = ["pdftotext", *options, "-f", str(number), "-l", str(number), str(target), "-"]
        text = subprocess.run(command, capture_output=True, check=True, timeout=60).stdout.decode()
        return unicodedata.normalize("NFKC", text)

    contents = page(1, layout=True).split("Contents")[1]
    entries = re.findall(r"^(\S.*?)\s{3,}(\d+)$", contents, re.MULTILINE)
    assert [name for name, _ in entries][0] == "The chain at a glance"
    assert [name for name, _ in entries][-2:] == ["People", "Open findings"]
    assert len(entries) == len(chain.departments) + 3
    for name, number in entries:
        # Sections flow on: a heading is a line of its page, not always the first.
        assert name in [line.strip() for line in page(int(number)).splitlines()], (name, number)
    numbers = [int(number) for _, number in entries]
    assert numbers == sorted(numbers)


# -- options --------------------------------------------------------------------------------------


def test_png_transparent_background_has_alpha(qapp, tmp_path, chain):
    export_png(chain, tmp_path / "clear.png", ExportOptions(scale=1, transparent=True))
    image = QImage(str(tmp_path / "clear.png"))
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # the margins
    assert image.pixelColor(image.width() - 1, image.height() // 2).alpha() == 0
    assert image.pixelColor(image.width() // 2, image.height() // 2).alpha() == 255  # a lane


def test_png_too_large_is_refused_before_painting(qapp, tmp_path):
    target = tmp_path / "huge.png"
    with pytest.raises(ExportError, match="too large"):
        export_png(synthetic_chain(1000), target, ExportOptions(scale=3))
    assert list(tmp_path.iterdir()) == []


def test_svg_title_above_the_diagram_is_optional(qapp, tmp_path, chain):
    export_svg(chain, tmp_path / "with.svg")
    export_svg(chain, tmp_path / "without.svg", ExportOptions(title=False))
    with_title, without = svg_root(tmp_path / "with.svg"), svg_root(tmp_path / "without.svg")
    assert chain.title in svg_texts(with_title)
    assert chain.title not in svg_texts(without)
    assert float(with_title.get("height")) - float(without.get("height")) == TITLE_HEIGHT
    assert without.find(f"{SVG}title").text == chain.title  # the document title stays


def test_badges_only_when_asked_for(qapp, tmp_path, chain):
    glyphs = {"!", "i"}
    export_svg(chain, tmp_path / "plain.svg")
    export_svg(chain, tmp_path / "badges.svg", ExportOptions(badges=True))
    assert not glyphs & set(svg_texts(svg_root(tmp_path / "plain.svg")))
    assert glyphs & set(svg_texts(svg_root(tmp_path / "badges.svg")))


def test_svg_links_only_when_asked_for(qapp, tmp_path, chain):
    chain.touchpoints[1].procedure = Procedure(title="Checklist", link="https://example.com/sop")
    export_svg(chain, tmp_path / "plain.svg")
    export_svg(chain, tmp_path / "links.svg", ExportOptions(links=True))
    assert list(svg_root(tmp_path / "plain.svg").iter(f"{SVG}a")) == []
    (link,) = svg_root(tmp_path / "links.svg").iter(f"{SVG}a")
    assert link.get("href") == link.get(XLINK_HREF) == "https://example.com/sop"
    assert link.find(f"{SVG}rect") is not None


def media_boxes(path) -> list[tuple[int, int]]:
    """Each page's (width, height) in points."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", path.read_bytes())
    return [(round(float(width)), round(float(height))) for width, height in boxes]


@pytest.mark.parametrize(
    ("page", "landscape", "size"),
    [("a4", True, (842, 595)), ("a4", False, (595, 842)), ("letter", False, (612, 792)),
     ("letter", True, (792, 612)), ("slide", True, (720, 405)), ("slide", None, (720, 405)),
     ("slide", False, (720, 405))],
)
def test_pdf_page_sizes(qapp, tmp_path, chain, page, landscape, size):
    target = tmp_path / "chain.pdf"
    export_pdf(chain, target, ExportOptions(page=page, landscape=landscape))
    assert media_boxes(target) == [size]


def tall_chain(departments: int = 8) -> Chain:
    """Many departments, one short touchpoint each: a picture taller than it is wide."""
    return Chain(
        title="Tall",
        departments=[Department(id=f"d{n}", name=f"Department {n}") for n in range(departments)],
        touchpoints=[Touchpoint(id=f"t{n}", label=f"Step {n}", department=f"d{n}", position=Position(x=40, y=20))
                     for n in range(departments)],
        handoffs=[Handoff(id=f"h{n}", source=f"t{n}", target=f"t{n + 1}") for n in range(departments - 1)],
    )


def test_pdf_orientation_follows_the_picture_unless_asked(qapp, tmp_path, chain):
    wide, tall = diagram_size(chain), diagram_size(tall_chain())
    assert wide.width() > wide.height() and tall.height() > tall.width()
    export_pdf(chain, tmp_path / "wide.pdf")
    export_pdf(tall_chain(), tmp_path / "tall.pdf")
    assert media_boxes(tmp_path / "wide.pdf") == [(842, 595)]
    assert media_boxes(tmp_path / "tall.pdf") == [(595, 842)]
    export_pdf(chain, tmp_path / "wide-portrait.pdf", ExportOptions(landscape=False))
    export_pdf(tall_chain(), tmp_path / "tall-landscape.pdf", ExportOptions(landscape=True))
    assert media_boxes(tmp_path / "wide-portrait.pdf") == [(595, 842)]
    assert media_boxes(tmp_path / "tall-landscape.pdf") == [(842, 595)]


def test_fitted_label_points_say_how_large_labels_print(qapp, chain):
    small = fitted_label_points(chain)
    assert MIN_LABEL_POINTS <= small <= 9.75 * MAX_FIT_SCALE
    large = fitted_label_points(synthetic_chain(300))
    assert large < MIN_LABEL_POINTS
    # A wide picture prints larger on a landscape page than on a portrait one.
    assert fitted_label_points(chain, ExportOptions(landscape=False)) < small
    plan = plan_pages(diagram_outline(chain), ExportOptions(), tiles=False)
    assert plan.fitted_label_points == pytest.approx(small)
    assert plan.landscape and not plan.tiled


def test_pdf_report_tells_the_plan(qapp, tmp_path):
    chain = synthetic_chain(300)
    report: dict = {}
    assert export_pdf(chain, tmp_path / "fit.pdf", ExportOptions(), report) == 1
    assert not report["plan"].tiled and report["plan"].label_points < MIN_LABEL_POINTS
    tiled: dict = {}
    pages = export_pdf(chain, tmp_path / "tiles.pdf", ExportOptions(fit=False), tiled)
    assert tiled["plan"].tiled and pages == tiled["plan"].pages > 1
    assert tiled["plan"].label_points >= MIN_LABEL_POINTS


def wide_chain(count: int = 60) -> Chain:
    """Three lanes and a long row of touchpoints: a picture many times wider than tall."""
    departments = [Department(id="customer", name="Customer", role="customer"),
                   Department(id="desk", name="Front desk", role="frontline"),
                   Department(id="office", name="Back office", role="backoffice")]
    touchpoints = [Touchpoint(id=f"t{n}", label=f"Step {n}", department=departments[n % 3].id,
                              position=Position(x=40 + 200 * n, y=20)) for n in range(count)]
    handoffs = [Handoff(id=f"h{n}", source=f"t{n}", target=f"t{n + 1}") for n in range(count - 1)]
    return Chain(title="Wide", departments=departments, touchpoints=touchpoints, handoffs=handoffs)


def test_tiles_right_of_the_first_repeat_the_lane_names(qapp, tmp_path):
    chain = wide_chain()
    target = tmp_path / "tiles.pdf"
    report: dict = {}
    export_pdf(chain, target, ExportOptions(fit=False, title=False), report)
    assert report["plan"].rows == 1 and report["plan"].columns(0) > 2
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    for number in (2, report["plan"].columns(0)):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(target), "-"],
                              capture_output=True, check=True, timeout=60).stdout.decode()
        assert f"row 1, column {number}" in text
        for department in chain.departments:
            assert department.name in text


def test_pdf_of_a_large_chain_fits_one_page_or_tiles(qapp, tmp_path):
    chain = synthetic_chain(1000)
    assert export_pdf(chain, tmp_path / "fit.pdf") == 1
    tiled = export_pdf(chain, tmp_path / "tiles.pdf", ExportOptions(fit=False))
    assert tiled > 1
    assert pdf_page_count(tmp_path / "tiles.pdf") == tiled
    text = pdf_text(tmp_path / "tiles.pdf")
    if text is not None:
        assert f"Page {tiled} of {tiled} — row" in text


def test_pdf_of_a_small_chain_stays_one_page_without_fit(qapp, tmp_path, chain):
    # Readable on one page already: no tiles.
    assert export_pdf(chain, tmp_path / "chain.pdf", ExportOptions(fit=False)) == 1


@pytest.mark.parametrize(
    "options",
    [ExportOptions(page="a3"), ExportOptions(scale=0), ExportOptions(margin_mm=-1),
     ExportOptions(scope="all")],
    ids=["page", "scale", "margin", "scope"],
)
def test_bad_options_are_refused_in_one_line(qapp, tmp_path, chain, options):
    with pytest.raises(ExportError) as error:
        export_pdf(chain, tmp_path / "chain.pdf", options)
    assert "\n" not in str(error.value)
    assert list(tmp_path.iterdir()) == []


# -- hostile text ----------------------------------------------------------------------------------


def test_hostile_text_exports_safely_to_svg(qapp, tmp_path, hostile_chain):
    target = tmp_path / "hostile.svg"
    export_svg(hostile_chain, target, ExportOptions(links=True, badges=True))
    data = target.read_bytes()
    root = svg_root(target)
    assert_no_active_content(root)
    assert b"javascript" not in data.lower()
    assert b"data:" not in data
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data)
    assert [link.get("href") for link in root.iter(f"{SVG}a")] == ['https://example.com/sop?a=1&b="2"']
    texts = " ".join(svg_texts(root))
    # Shown as text, whole (cards fit their labels, wrapped over lines), escaped in the file.
    assert "</text><script>alert(1)</script>" in "".join(svg_texts(root))
    assert "مرحبا" in texts
    assert "Control char" in texts  # the control characters dropped
    assert root.find(f"{SVG}title").text == "</title><script>x</script> & co"


def test_hostile_text_exports_to_png_pdf_and_handout(qapp, tmp_path, hostile_chain):
    export_png(hostile_chain, tmp_path / "hostile.png", ExportOptions(scale=1))
    assert export_pdf(hostile_chain, tmp_path / "hostile.pdf") == 1
    pages = export_handout(hostile_chain, tmp_path / "hostile-handout.pdf", ExportOptions(findings=True))
    assert pages == pdf_page_count(tmp_path / "hostile-handout.pdf")
    text = pdf_text(tmp_path / "hostile-handout.pdf")
    if text is not None:
        assert "</text><script>alert(1)</script>" in text  # escaped, so printed as it is
        assert "javascript" not in text.lower()
        assert "https://example.com/sop" in text


# -- scopes -------------------------------------------------------------------------------------------


def test_selection_scope_keeps_the_selected_and_the_handoffs_among_them(qapp, tmp_path, chain):
    options = ExportOptions(scope="selection", touchpoint_ids=("confirm-order", "pick-and-pack"))
    part = scoped_chain(chain, options)
    assert [t.id for t in part.touchpoints] == ["confirm-order", "pick-and-pack"]
    assert [h.id for h in part.handoffs] == ["h-pick"]
    assert [d.id for d in part.departments] == ["sales", "warehouse"]
    assert part.title == chain.title and part.organisation == chain.organisation
    assert min(t.position.x for t in part.touchpoints) == 40  # moved to the left edge
    export_svg(chain, tmp_path / "part.svg", options)
    texts = " ".join(svg_texts(svg_root(tmp_path / "part.svg")))
    assert "Confirms" in texts and "Picks" in texts
    assert "Places" not in texts and "Customer" not in texts


def test_department_scope_keeps_one_lane_and_its_lead(qapp, tmp_path, chain):
    options = ExportOptions(scope="department", department_id="sales")
    part = scoped_chain(chain, options)
    assert [d.id for d in part.departments] == ["sales"]
    assert part.departments[0].lead == "anna"
    assert [p.id for p in part.people] == ["anna"]
    assert [t.id for t in part.touchpoints] == ["confirm-order"]
    assert part.handoffs == []
    assert export_handout(chain, tmp_path / "sales.pdf", options) >= 3


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(scope="selection", touchpoint_ids=()),
        ExportOptions(scope="selection", touchpoint_ids=("no-such-touchpoint",)),
        ExportOptions(scope="department", department_id="no-such-lane"),
        ExportOptions(scope="department", department_id=None),
    ],
    ids=["nothing-selected", "unknown-touchpoint", "unknown-department", "no-department"],
)
def test_an_empty_scope_is_an_export_error(qapp, tmp_path, chain, options):
    for export in (export_svg, export_png, export_pdf, export_handout):
        with pytest.raises(ExportError, match="nothing to export") as error:
            export(chain, tmp_path / "out", options)
        assert "\n" not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_department_without_touchpoints_is_an_empty_scope(qapp, chain):
    chain.departments.append(Department(id="empty", name="Empty"))
    with pytest.raises(ExportError, match="“Empty” has no touchpoints"):
        scoped_chain(chain, ExportOptions(scope="department", department_id="empty"))


def test_a_chain_without_departments_is_an_empty_scope(qapp, tmp_path):
    with pytest.raises(ExportError, match="no departments"):
        export_svg(Chain(title="Empty", departments=[], touchpoints=[]), tmp_path / "empty.svg")


# -- any format -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "handout", "dot", "graphml", "mermaid", "csv"])
def test_write_export_writes_every_format(qapp, tmp_path, chain, fmt):
    target = tmp_path / f"chain.{fmt}"
    write_export(chain, fmt, target, ExportOptions(scale=1))
    assert target.stat().st_size > 0


def test_write_export_keeps_the_scope_for_text_formats(qapp, tmp_path, chain):
    target = tmp_path / "sales.csv"
    write_export(chain, "csv", target, ExportOptions(scope="department", department_id="sales"))
    text = target.read_text("utf-8")
    assert "Confirms the order" in text and "Picks and packs" not in text


def test_write_export_refuses_an_unknown_format(qapp, tmp_path, chain):
    with pytest.raises(ExportError, match="Unknown export format"):
        write_export(chain, "docx", tmp_path / "chain.docx")
    assert list(tmp_path.iterdir()) == []


# -- failed writes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("export", [export_svg, export_png, export_pdf, export_handout],
                         ids=lambda export: export.__name__)
def test_a_failed_write_raises_one_line_and_leaves_nothing(qapp, tmp_path, chain, export):
    target = tmp_path / "missing" / "chain.out"
    with pytest.raises(ExportError) as error:
        export(chain, target, ExportOptions(scale=1))
    message = str(error.value)
    assert "\n" not in message and "does not exist" in message
    assert list(tmp_path.iterdir()) == []


def test_a_failed_replace_leaves_no_temporary_file(qapp, tmp_path, chain):
    target = tmp_path / "chain.svg"
    target.mkdir()  # a folder where the file should go: the final rename fails
    with pytest.raises(ExportError) as error:
        export_svg(chain, target)
    assert "\n" not in str(error.value)
    assert [p.name for p in tmp_path.iterdir()] == ["chain.svg"]
    assert list(target.iterdir()) == []


# -- the legend ----------------------------------------------------------------------------------


LEGEND_WORDS = ("Touchpoints", "Start", "Step", "Decision", "End", "Review", "Identified", "Examined",
                "Critiqued", "Approved", "Lines", "Handoff, with what it passes on")


def test_svg_legend_only_when_asked_for(qapp, tmp_path, chain):
    export_svg(chain, tmp_path / "plain.svg")
    export_svg(chain, tmp_path / "legend.svg", ExportOptions(legend=True))
    plain, legend = svg_root(tmp_path / "plain.svg"), svg_root(tmp_path / "legend.svg")
    assert "Identified" not in svg_texts(plain)
    texts = svg_texts(legend)
    for word in LEGEND_WORDS:
        assert word in texts, word
    assert "Findings" not in texts and "Warning" not in texts  # no badges, so no badge key
    assert any(text.startswith("Line of visibility") for text in texts)  # the chain draws one
    assert float(legend.get("height")) > float(plain.get("height"))  # below the diagram


def test_legend_names_the_badges_when_they_are_shown(qapp, tmp_path, chain):
    export_svg(chain, tmp_path / "legend.svg", ExportOptions(legend=True, badges=True))
    texts = svg_texts(svg_root(tmp_path / "legend.svg"))
    assert {"Findings", "Error", "Warning", "Info"} <= set(texts)


def test_legend_explains_the_line_of_visibility_only_when_there_is_one(qapp, tmp_path):
    export_svg(tall_chain(), tmp_path / "legend.svg", ExportOptions(legend=True))
    texts = svg_texts(svg_root(tmp_path / "legend.svg"))
    assert "Touchpoints" in texts and not any(text.startswith("Line of visibility") for text in texts)


def test_legend_sits_below_the_lanes_in_png_and_pdf(qapp, tmp_path, chain):
    plain = export_png(chain, tmp_path / "plain.png", ExportOptions(scale=1))
    legend = export_png(chain, tmp_path / "legend.png", ExportOptions(scale=1, legend=True))
    assert legend[0] >= plain[0] and legend[1] > plain[1]
    diagram = Diagram(chain, ExportOptions(legend=True))
    assert diagram.legend_rect().top() > diagram.to_diagram(diagram.drawing).bottom()
    assert diagram.bounds().contains(diagram.legend_rect())
    export_pdf(chain, tmp_path / "legend.pdf", ExportOptions(legend=True))
    text = pdf_text(tmp_path / "legend.pdf")
    if text is not None:
        assert "Identified" in text and "Approved" in text


@pytest.mark.parametrize("width", [0, 300, 420, 640, 900, 2000])
@pytest.mark.parametrize("badges", [False, True])
def test_legend_labels_never_overlap(qapp, width, badges):
    from widgets.canvas.legend import legend_layout

    layout = legend_layout(width, badges=badges)
    rects = layout.rects()
    assert len(layout.entries) == (15 if badges else 12)  # with every blueprint line
    for index, rect in enumerate(rects):
        assert rect.width() > 0 and rect.height() > 0
        assert rect.left() >= 0 and rect.top() >= 0
        assert rect.right() <= layout.size.width() and rect.bottom() <= layout.size.height()
        for other in rects[index + 1:]:
            assert not rect.intersects(other), (rect, other)
    if width:
        assert layout.size.width() <= max(width, 300) + 1  # wrapped within the width given


def test_legend_layout_lists_every_kind_stripe_and_line(qapp):
    from widgets.canvas.legend import legend_layout

    keys = [entry.key for entry in legend_layout(badges=True).entries]
    assert keys == ["start", "step", "decision", "end", "identified", "examined", "critiqued", "approved",
                    "error", "warning", "info", "handoff", "interaction", "visibility", "internal"]
    assert [entry.key for entry in legend_layout(badges=False, lines=()).entries][-1] == "handoff"


# -- owner names -----------------------------------------------------------------------------------


def test_owner_names_option_reaches_the_scene(qapp, chain):
    assert Diagram(chain, ExportOptions()).scene.owner_names is False
    assert Diagram(chain, ExportOptions(owner_names=True)).scene.owner_names is True


def test_the_handouts_diagram_always_names_the_owners(qapp):
    from app.handout import handout_diagram_options

    options = handout_diagram_options(ExportOptions(owner_names=False, legend=True, title=True))
    assert options.owner_names and not options.legend and not options.title


# -- the handout ----------------------------------------------------------------------------------


def small_departments_chain(count: int = 6) -> Chain:
    departments = [Department(id="customer", name="Customer", role="customer")]
    departments += [Department(id=f"d{n}", name=f"Team {n}", role="backoffice") for n in range(1, count)]
    touchpoints = [
        Touchpoint(id=f"t{n}", label=f"Team {n} does its part", department=department.id,
                   position=Position(x=40 + 180 * n, y=20))
        for n, department in enumerate(departments)
    ]
    handoffs = [Handoff(id=f"h{n}", source=f"t{n}", target=f"t{n + 1}", passes="a form")
                for n in range(len(touchpoints) - 1)]
    return Chain(title="Small teams", organisation="Example Org",
                 vision="Every request is answered within a day, by someone who owns it.",
                 departments=departments, touchpoints=touchpoints, handoffs=handoffs)


def test_handout_sections_flow_on_instead_of_a_page_each(qapp, tmp_path):
    chain = small_departments_chain(6)
    target = tmp_path / "handout.pdf"
    pages = export_handout(chain, target)
    assert pages == pdf_page_count(target)
    assert pages < len(chain.departments) + 3  # a page each would be at least 9
    text = pdf_text(target)
    if text is not None:
        for touchpoint in chain.touchpoints:
            assert touchpoint.label in text


def test_handout_cover_has_the_vision_a_reading_guide_with_the_legend_and_contents(qapp, tmp_path):
    chain = small_departments_chain(4)
    target = tmp_path / "handout.pdf"
    export_handout(chain, target)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(target), "-"],
                           capture_output=True, check=True, timeout=60).stdout.decode()
    cover = " ".join(unicodedata.normalize("NFKC", cover).split())  # "ﬁ" ligatures undone
    for text in (chain.title, chain.organisation, chain.vision, "How to read the diagram", "Contents",
                 "The chain at a glance", "People", "Identified", "Approved", "Decision"):
        assert text in cover, text
    for department in chain.departments:
        assert department.name in cover


def test_handout_tiles_a_diagram_too_large_to_read_on_one_page(qapp, tmp_path):
    from app.handout import handout_diagram_options, handout_diagram_plan

    chain = synthetic_chain(300)
    options = ExportOptions()
    plan = handout_diagram_plan(diagram_outline(chain, handout_diagram_options(options)), options)
    assert plan.tiled and plan.label_points >= MIN_LABEL_POINTS
    target = tmp_path / "handout.pdf"
    pages = export_handout(chain, target, options)
    assert pages == pdf_page_count(target)
    text = pdf_text(target)
    if text is not None:
        assert "The chain at a glance (continued)" in text
        assert f"Part {plan.pages} of {plan.pages}" in text


def test_handout_of_a_small_chain_fits_its_diagram_on_one_page(qapp, tmp_path, chain):
    from app.handout import handout_diagram_options, handout_diagram_plan

    plan = handout_diagram_plan(diagram_outline(chain, handout_diagram_options(ExportOptions())), ExportOptions())
    assert not plan.tiled and plan.label_points >= MIN_LABEL_POINTS
