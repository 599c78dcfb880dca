"""File > Export… offers the registry's formats (app/export/formats.py), in its order, and
shows for each exactly the option rows it declares."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.export.formats import EXPORT_FORMATS
from widgets.export_dialog import ExportDialog


def shown_dialog(qtbot, chain) -> ExportDialog:
    dialog = ExportDialog([(d.id, d.name) for d in chain.departments], 0, chain=chain)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(0)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_format_list_is_the_registry(qtbot, qapp, chain):
    dialog = shown_dialog(qtbot, chain)
    combo = dialog.format
    assert [combo.itemData(index) for index in range(combo.count())] == [fmt.id for fmt in EXPORT_FORMATS]
    assert [combo.itemText(index) for index in range(combo.count())] == [fmt.name for fmt in EXPORT_FORMATS]


def test_every_option_a_format_may_declare_has_a_row(qtbot, qapp, chain):
    dialog = shown_dialog(qtbot, chain)
    declared = set().union(*(fmt.options for fmt in EXPORT_FORMATS))
    assert declared == set(dialog.option_widgets)
    assert set(dialog.choices()) >= declared  # and reaches ExportOptions


def test_choosing_each_format_by_keyboard_shows_its_rows_suffix_and_filter(qtbot, qapp, chain):
    dialog = shown_dialog(qtbot, chain)
    dialog.format.setFocus()
    for position, fmt in enumerate(EXPORT_FORMATS):
        if position:
            qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
        assert dialog.chosen_format() == fmt.id
        for option, widget in dialog.option_widgets.items():
            assert widget.isVisible() == (option in fmt.options), (fmt.id, option)
            label = dialog.options_box.layout().labelForField(widget)
            assert label is None or label.isVisible() == widget.isVisible()
        assert dialog.options_box.isVisible() == bool(fmt.options)
        suffix, file_filter = dialog.suffix_and_filter()
        assert suffix == fmt.suffixes[0]
        assert file_filter.endswith(f"({' '.join('*' + s for s in fmt.suffixes)})")
        assert file_filter.startswith(fmt.files)


def test_the_filters_read_as_before(qtbot, qapp, chain):
    dialog = shown_dialog(qtbot, chain)
    filters = {}
    for fmt in EXPORT_FORMATS:
        dialog.format.setCurrentIndex(dialog.format.findData(fmt.id))
        filters[fmt.id] = dialog.suffix_and_filter()
    assert filters["svg"] == (".svg", "SVG pictures (*.svg)")
    assert filters["dot"] == (".dot", "Graphviz files (*.dot *.gv)")
    assert filters["mermaid"] == (".mmd", "Mermaid files (*.mmd *.md)")
    assert filters["handout"] == (".pdf", "PDF documents (*.pdf)")
