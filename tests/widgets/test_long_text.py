"""The inspector with long text: whole, and quick however long a word is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from app.document import Document
from app.main_window import MainWindow
from models.chain_file import load_chain, save_chain
from models.text import ZERO_WIDTH_SPACE
from resources.samples import FIRST_START_SAMPLE
from tests.widgets.conftest import close_without_asking
from widgets.inspector import NAMED_CHARACTERS
from widgets.text_box import TextBox

LABEL = "L" * 100_000
DESCRIPTION = "d" * 1_000_000


def long_text_window(qtbot, tmp_path) -> MainWindow:
    chain = load_chain(FIRST_START_SAMPLE)
    chain.description = DESCRIPTION
    chain.touchpoints[1].label = LABEL
    chain.touchpoints[1].notes = "An ordinary note, wrapped between words."
    path = tmp_path / "long.chain"
    save_chain(chain, path)
    window = MainWindow(Document.open(path))
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_1_mb_description_and_a_100_kb_label_show_whole_and_edit(qtbot, qapp, tmp_path):
    window = long_text_window(qtbot, tmp_path)
    try:
        description = window.inspector.findChild(QPlainTextEdit, "chain_description")
        assert description.toPlainText() == DESCRIPTION
        # A word this long is wrapped anywhere: Qt's word wrap would take minutes over it.
        assert description.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere

        touchpoint = window.document.chain.touchpoints[1].id
        window.view.select([touchpoint])
        label = window.inspector.findChild(QLineEdit, "field_label")
        qtbot.waitUntil(label.isVisible)
        assert label.text() == LABEL  # not cut at QLineEdit's usual 32,767 characters
        label.setFocus()
        label.end(False)
        qtbot.keyClick(label, Qt.Key.Key_Backspace)
        assert window.document.touchpoint(touchpoint).label == LABEL[:-1]
        notes = window.inspector.findChild(QPlainTextEdit, "field_notes")
        assert notes.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    finally:
        close_without_asking(window)


def test_the_heading_names_a_long_label_cut_short_and_the_field_holds_it_whole(qtbot, qapp, tmp_path):
    # A word-wrapped heading of 100,000 characters held the window about ten seconds
    # each time the card was selected; the label field below shows it whole.
    window = long_text_window(qtbot, tmp_path)
    try:
        inspector, chain = window.inspector, window.document.chain
        touchpoint = chain.touchpoints[1]
        window.view.select([touchpoint.id])
        heading = inspector.heading.text().replace(ZERO_WIDTH_SPACE, "")
        assert heading.startswith("Start: LLL") and heading.endswith("…")
        assert len(heading) == len("Start: ") + NAMED_CHARACTERS
        assert inspector.findChild(QLineEdit, "field_label").text() == LABEL
        # it wraps anywhere in the dock, which keeps its width: a word-wrapped label is
        # as wide as its longest word
        assert inspector.heading.minimumSizeHint().width() < 200

        handoff = next(h for h in chain.handoffs if touchpoint.id in (h.source, h.target))
        window.view.select([handoff.id])
        route = inspector.handoff_route.text().replace(ZERO_WIDTH_SPACE, "")
        assert "L" * (NAMED_CHARACTERS - 1) + "…" in route and len(route) < 2 * NAMED_CHARACTERS + 40
    finally:
        close_without_asking(window)


def test_a_text_box_wraps_anywhere_once_a_long_word_is_pasted(qtbot):
    box = TextBox()
    qtbot.addWidget(box)
    box.setPlainText("Short words only.")
    assert box.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    box.insertPlainText(" " + "w" * 5_000)
    assert box.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    box.setPlainText("Short again.")
    assert box.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


def test_the_canvas_editor_keeps_a_long_label_whole(qtbot):
    from widgets.canvas.inline_editor import InlineEditor

    editor = InlineEditor(LABEL)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.committed) as committed:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert committed.args == [LABEL]  # not cut at QLineEdit's usual 32,767 characters


def test_the_department_and_sign_off_boxes_take_a_long_text_whole(qtbot):
    from widgets.department_dialog import DepartmentDialog

    dialog = DepartmentDialog()
    qtbot.addWidget(dialog)
    dialog.name_edit.setText(LABEL)  # as a paste does
    assert dialog.name_edit.text() == LABEL
    qtbot.keyClicks(dialog.name_edit, "!")
    assert len(dialog.name_edit.text()) == len(LABEL) + 1

    from widgets.signoff_dialog import SignOffDialog

    chain = load_chain(FIRST_START_SAMPLE)
    signing = SignOffDialog(Document(chain), chain.touchpoints[1].id)
    qtbot.addWidget(signing)
    signing.note_edit.setText(LABEL)
    assert signing.note_edit.text() == LABEL
