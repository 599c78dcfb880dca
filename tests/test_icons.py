"""The SVG icons: safe, well-formed, complete, found by name, and drawable by Qt."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from resources.icons import ICONS_DIR, icon_names, icon_path

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

# Every icon the application refers to by name.
EXPECTED = [
    "new", "open", "save", "save-as",
    "undo", "redo", "cut", "copy", "paste", "duplicate", "delete",
    "touchpoint-step", "touchpoint-decision", "touchpoint-start", "touchpoint-end",
    "connect",
    "lane-add", "lane-remove", "lane-up", "lane-down",
    "zoom-in", "zoom-out", "zoom-fit", "zoom-reset",
    "select-all", "grid",
    "app",
    "channel-in_person", "channel-phone", "channel-email", "channel-web",
    "channel-chat", "channel-written", "channel-system", "channel-other",
]  # fmt: skip

SVG_FILES = sorted(ICONS_DIR.glob("*.svg"))


def test_icons_directory_holds_svgs():
    assert ICONS_DIR.is_dir()
    assert len(SVG_FILES) >= len(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_every_named_icon_exists(name):
    path = icon_path(name)
    assert path.is_file()
    assert path.name == f"{name}.svg"
    assert name in icon_names()


def test_icon_names_are_sorted_file_stems():
    assert icon_names() == sorted(path.stem for path in SVG_FILES)


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda path: path.stem)
def test_svg_is_well_formed_and_safe(path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg", "root element must be <svg> in the SVG namespace"
    view_box = root.get("viewBox")
    assert view_box, "missing viewBox"
    numbers = [float(part) for part in re.split(r"[\s,]+", view_box.strip())]
    assert len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0

    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        assert tag not in {"script", "foreignObject", "image", "use"}, f"<{tag}> is not allowed"
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            assert not local.lower().startswith("on"), f"event handler {attribute!r}"
            if local == "href" or attribute == XLINK_HREF:
                assert value.startswith("#"), f"external reference {value!r}"
            assert "url(" not in value or value.startswith("url(#"), f"external url {value!r}"
            assert "javascript:" not in value.lower()
    text = path.read_text(encoding="utf-8")
    assert "<!DOCTYPE" not in text and "<!ENTITY" not in text
    assert "http://" not in text.replace("http://www.w3.org/", "")
    assert "https://" not in text


def test_unknown_name_suggests_close_match():
    with pytest.raises(KeyError, match=r'unknown icon "sav"; did you mean "save"'):
        icon_path("sav")


def test_unknown_name_without_close_match_is_still_clear():
    with pytest.raises(KeyError, match=r'unknown icon "xyzzy"'):
        icon_path("xyzzy")


def test_resources_package_imports_without_qt():
    """``resources.icons`` must not import Qt until an icon is actually requested."""
    code = (
        "import sys; import resources.icons as icons; "
        "icons.icon_path('save'); icons.icon_names(); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('PySide6'))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ICONS_DIR.parent.parent)


def _opaque_pixels(image) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )


@pytest.mark.parametrize("name", EXPECTED)
def test_icon_renders_with_qsvgrenderer(qapp, name):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(icon_path(name)))
    assert renderer.isValid(), f"Qt cannot read {name}.svg"
    image = QImage(24, 24, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    opaque = _opaque_pixels(image)
    assert opaque > 20, f"{name} draws almost nothing at 24 px ({opaque} pixels)"
    assert opaque < 24 * 24 or name == "app", f"{name} covers the whole square"


@pytest.mark.parametrize("name", EXPECTED)
def test_icon_gives_cached_qicon_with_pixmap(qapp, name):
    from resources.icons import icon

    qicon = icon(name)
    assert icon(name) is qicon, "QIcons are cached"
    assert not qicon.isNull()
    pixmap = qicon.pixmap(24, 24)
    assert not pixmap.isNull()
    assert pixmap.width() > 0 and pixmap.height() > 0
    assert _opaque_pixels(pixmap.toImage()) > 20


def test_icon_unknown_name_raises_key_error(qapp):
    from resources.icons import icon

    with pytest.raises(KeyError, match=r'did you mean "zoom-in"'):
        icon("zoom-inn")


def test_icons_can_be_drawn_in_another_ink_for_dark_palettes(qapp):
    from resources.icons import INK, icon, svg_data

    assert INK.encode() in svg_data("save")
    light = svg_data("save", "#f0f0f0")
    assert INK.encode() not in light and b"#f0f0f0" in light
    image = icon("save", "#f0f0f0").pixmap(24, 24).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(24) for y in range(24) if image.pixelColor(x, y).alpha() > 200}
    assert "#f0f0f0" in colours
