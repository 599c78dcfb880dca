"""File: new, open, save, export, compare, revert, close, quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QVBoxLayout,
)

from app.actions import Action, Key, Menu
from app.document import Document
from app.errors import show_error
from app.export import ExportOptions
from app.files import CHAIN_PATTERNS, chain_filter, new_chain, open_document, recent_files, settings
from app.import_formats import IMPORT_FORMATS, ChainImportError, format_of_file, import_chain
from models.chain_file import ChainFileError, load_chain
from models.csv_import import CsvImportError
from models.results_import import Imported, import_ratings, import_results
from models.diff import ChainDiff, diff_chains
from widgets.export_dialog import ExportDialog
from widgets.import_report import ImportReportDialog
from widgets.template_dialog import TemplateDialog


def new(window) -> None:
    if window.maybe_save():
        window.set_document(Document(new_chain()))
        window.show_status(window.tr("New chain: double-click a lane to add a touchpoint."))


def new_from_template(window) -> None:
    """A chain from a template, untitled, so saving asks where."""
    dialog = TemplateDialog(window)
    if dialog.exec() != TemplateDialog.DialogCode.Accepted or dialog.chosen_path() is None:
        return
    try:
        chain = load_chain(dialog.chosen_path())
    except ChainFileError as error:
        show_error(window, window.tr("The template could not be opened. {error}").format(error=error))
        return
    if not window.maybe_save():
        return
    window.set_document(Document(chain))
    window.show_status(
        window.tr("New chain from the template “{title}”: fill in owners and procedures.").format(title=chain.title)
    )


def new_window(window) -> None:
    type(window).open_window(Document(new_chain()))


def open_chain(window) -> None:
    start = str(window.document.path.parent) if window.document.path else ""
    path, _ = QFileDialog.getOpenFileName(window, window.tr("Open Chain"), start, chain_filter())
    if path:
        window.open_path(path)


def open_path(window, path: str | Path) -> bool:
    """Open `path` in `window`: load and lock it first, and only when that worked ask
    about the unsaved changes of the chain shown now (which a failure leaves untouched)."""
    document, lock = open_document(path, window)
    if document is None:
        return False
    if not window.maybe_save():
        if lock is not None and (window.lock is None or lock.path != window.lock.path):
            lock.release()  # not the lock of the file shown now (the same file, reopened)
        document.deleteLater()
        return False
    window.set_document(document, lock)
    window.show_status(window.tr("Opened {name}.").format(name=Path(path).name))
    return True


def export(window) -> None:
    """File > Export…: choose format, scope and options, then where to write."""
    document = window.document
    departments = [(d.id, d.name) for d in document.chain.departments]
    selected = tuple(window.view.selected_touchpoints())
    dialog = ExportDialog(departments, len(selected), window, chain=document.chain, touchpoint_ids=selected)
    if dialog.exec() != ExportDialog.DialogCode.Accepted:
        return
    fmt = dialog.chosen_format()
    suffix, file_filter = dialog.suffix_and_filter()
    folder = document.path.parent if document.path else Path.home()
    start = str(folder / f"{document.chain.title or window.tr('chain')}{suffix}")
    path, _ = QFileDialog.getSaveFileName(window, window.tr("Export"), start, file_filter)
    if not path:
        return
    if not Path(path).suffix:
        path += suffix
    options = ExportOptions(touchpoint_ids=selected, **dialog.choices())
    window.export_to(path, fmt, options)


def import_file(window) -> None:
    """File > Import…: a CSV inventory, a draw.io diagram (one of its pages) or another
    format of app/import_formats.py, opened as a new unsaved chain with a report."""
    start = str(window.document.path.parent) if window.document.path else ""
    path, _ = QFileDialog.getOpenFileName(window, window.tr("Import"), start, import_filter(window))
    if path:
        import_path(window, Path(path))


def import_filter(window) -> str:
    """The Import dialog's filter: every importable file, then each format, then all files."""
    patterns = " ".join(fmt.patterns for fmt in IMPORT_FORMATS)
    lines = [f"{window.tr('Files Chain Designer can import')} ({patterns})"]
    lines += [f"{QCoreApplication.translate('ImportFormats', fmt.files)} ({fmt.patterns})" for fmt in IMPORT_FORMATS]
    lines.append(f"{window.tr('All files')} ({CHAIN_PATTERNS[1]})")
    return ";;".join(lines)


def import_path(window, path: Path) -> ImportReportDialog | None:
    """Import `path` into a new chain in `window` and show the report; on a bad file, say
    why in one sentence and leave the chain shown now as it was."""
    fmt = format_of_file(path)
    if fmt is None:
        show_error(window, window.tr("{name} is not a file Chain Designer can import: it reads CSV "
                                     "inventories, draw.io diagrams and the formats listed in the "
                                     "Import dialog.").format(name=path.name))
        return None
    try:
        page = choose_page(window, fmt, path)
        if page == 0:
            return None  # the user cancelled the choice of page
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the layout takes a moment
        try:
            chain, report = import_chain(fmt, path, page=page)
        finally:
            QApplication.restoreOverrideCursor()
    except ChainImportError as error:
        show_error(window, window.tr("The file could not be imported; nothing was changed. {error}").format(error=error))
        return None
    if not window.maybe_save():
        return None
    window.set_document(Document(chain))
    summary = imported_summary(window, chain, path.name)
    window.show_status(summary)
    dialog = ImportReportDialog(path.name, summary, report.left_out, window)
    dialog.show()
    window._import_report = dialog  # kept open beside the canvas until closed
    return dialog


def choose_page(window, fmt, path: Path) -> int | None:
    """The page to import, numbered from 1: asked for when the file has several (0: the
    user cancelled); None for a format without pages."""
    if fmt.pages is None:
        return None
    names = fmt.pages(path)
    if len(names) < 2:
        return None
    shown = [window.tr("{number}. {name}").format(number=number, name=name) for number, name in enumerate(names, start=1)]
    choice, accepted = QInputDialog.getItem(
        window, window.tr("Import"), window.tr("{name} has {count} pages. Import which one?").format(
            name=path.name, count=len(names)), shown, 0, False)
    return shown.index(choice) + 1 if accepted else 0


def imported_summary(window, chain, file_name: str) -> str:
    touchpoints, departments, handoffs = len(chain.touchpoints), len(chain.departments), len(chain.handoffs)
    counts = (
        (window.tr("1 touchpoint") if touchpoints == 1 else window.tr("{count} touchpoints")).format(count=touchpoints),
        (window.tr("1 department") if departments == 1 else window.tr("{count} departments")).format(count=departments),
        (window.tr("1 handoff") if handoffs == 1 else window.tr("{count} handoffs")).format(count=handoffs),
    )
    return window.tr("Imported {touchpoints} in {departments} with {handoffs} from {name}.").format(
        touchpoints=counts[0], departments=counts[1], handoffs=counts[2], name=file_name)


def compare_with_file(window) -> None:
    start = str(window.document.path.parent) if window.document.path else ""
    path, _ = QFileDialog.getOpenFileName(window, window.tr("Compare With"), start, chain_filter())
    if path:
        compare_with(window, Path(path))


def compare_with(window, path: Path) -> ChainDiff | None:
    """List what differs from `path` to the window's chain, and select what changed there."""
    try:
        other = load_chain(path)
    except ChainFileError as error:
        show_error(window, window.tr("The file could not be compared. {error}").format(error=error))
        return None
    document = window.document
    difference = diff_chains(other, document.chain)
    changed = [
        ref.id
        for group in difference.groups.values()
        for ref in (*group.added, *group.changed)
        if document.has(ref.id)
    ]
    window.view.select(changed)
    dialog = QDialog(window)
    dialog.setObjectName("compareDialog")
    dialog.setWindowTitle(window.tr("Compared with {name}").format(name=path.name))
    layout = QVBoxLayout(dialog)
    summary = window.tr("The two chains are the same.") if difference.is_empty() else (
        window.tr("From {name} to this chain ({count} changed elements are selected on the canvas):").format(
            name=path.name, count=len(changed)
        )
    )
    layout.addWidget(QLabel(summary))
    lines = QListWidget()
    lines.setObjectName("differences")
    lines.addItems(difference.to_text().splitlines())
    layout.addWidget(lines)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(720, 420)
    dialog.show()
    window._compare_dialog = dialog  # kept open beside the canvas
    return difference


def revert(window) -> None:
    """Show the file as saved, in a new session (the lock on the file stays)."""
    document = window.document
    if document.path is None:
        return
    if document.is_modified():
        answer = QMessageBox.question(
            window,
            window.tr("Revert to Saved"),
            window.tr("Discard your changes and reload {name} from disk?").format(name=document.path.name),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            return
    try:
        saved = Document.open(document.path)
    except ChainFileError as error:
        show_error(window, window.tr("The file could not be reloaded; your chain is unchanged. {error}").format(error=error))
        return
    saved.read_only = saved.read_only or document.read_only
    window.set_document(saved, window.lock)
    window.show_status(window.tr("Reverted to the saved {name}.").format(name=saved.path.name))


def quit_application(window) -> None:
    for other in list(type(window).windows):
        if not other.close():
            return
    QApplication.quit()


def import_results_file(window) -> bool:
    """File > Import Results…: measured values from a CSV file into this chain, one undo step."""
    path = _ask_csv(window, window.tr("Import Results"))
    return path is not None and import_results_path(window, path)


def import_ratings_file(window) -> bool:
    """File > Import Ratings…: internal ratings from a CSV file into this chain, one undo step."""
    path = _ask_csv(window, window.tr("Import Ratings"))
    return path is not None and import_ratings_path(window, path)


def _ask_csv(window, title: str) -> Path | None:
    start = str(window.document.path.parent) if window.document.path else ""
    csv_files = window.tr("CSV files (*.csv *.txt)")
    path, _ = QFileDialog.getOpenFileName(window, title, start, f"{csv_files};;{window.tr('All files (*)')}")
    return Path(path) if path else None


def import_results_path(window, path: Path) -> bool:
    """Every touchpoint's results as the file leaves them, set in one undo step; a bad
    row is one sentence naming it, and the chain stays as it was."""
    document = window.document
    try:
        imported, counts = import_results(document.chain, path)
    except CsvImportError as error:
        show_error(window, window.tr("The results were not imported. {error}").format(error=error))
        return False
    before = {touchpoint.id: touchpoint.results for touchpoint in document.chain.touchpoints}
    text = window.tr("Import results from {name}").format(name=path.name)
    with document.one_step(text):
        for touchpoint in imported.touchpoints:
            if touchpoint.results != before.get(touchpoint.id):
                document.set_fields(touchpoint.id, text, results=touchpoint.results)
    window.show_status(_imported_text(window, counts, window.tr("results"), window.tr("result")))
    return True


def import_ratings_path(window, path: Path) -> bool:
    """The chain's ratings as the file leaves them, in one undo step; a bad row is one
    sentence naming it, and the chain stays as it was."""
    document = window.document
    try:
        imported, counts = import_ratings(document.chain, path)
    except CsvImportError as error:
        show_error(window, window.tr("The ratings were not imported. {error}").format(error=error))
        return False
    if imported.ratings != document.chain.ratings:
        document.set_fields(None, window.tr("Import ratings from {name}").format(name=path.name), ratings=imported.ratings)
    window.show_status(_imported_text(window, counts, window.tr("ratings"), window.tr("rating")))
    return True


def _imported_text(window, counts: Imported, several: str, one: str) -> str:
    """"Added 3 and replaced 1 results", or "The file had no results"."""
    if counts.added + counts.replaced == 0:
        return window.tr("The file had no {things}; nothing changed.").format(things=several)
    noun = one if counts.added + counts.replaced == 1 else several
    return window.tr("Added {added} and replaced {replaced} {things}.").format(
        added=counts.added, replaced=counts.replaced, things=noun)


def has_file(state) -> bool:
    return state.window.document.path is not None


MENU = Menu("File", QT_TRANSLATE_NOOP("menus", "&File"), (
    Action("file.new", "&New", new, (Key.New,), "new", "Start a blank chain", toolbar=True),
    Action("file.new_from_template", "New from &Template…", new_from_template, ("Ctrl+Shift+T",),
           tip="Start from a skeleton of a common service"),
    Action("file.new_window", "New &Window", new_window, ("Ctrl+Shift+N",)),
    Action("file.open", "&Open…", open_chain, (Key.Open,), "open", "Open a .chain file", toolbar=True),
    Action("file.save", "&Save", lambda window: window.save(), (Key.Save,), "save", "Save the chain",
           toolbar=True, separator_before=True),
    Action("file.save_as", "Save &As…", lambda window: window.save_as(), ("Ctrl+Shift+S",), "save-as"),
    Action("file.export", "&Export…", export, ("Ctrl+E",),
           tip="Export a picture (SVG, PNG, PDF), a training handout, or a file for another program (BPMN, draw.io, GraphML, CSV…)", separator_before=True),
    Action("file.import", "&Import…", import_file, ("Ctrl+I",),
           tip="Bring in a CSV inventory, a draw.io diagram or a BPMN process as a new chain"),
    Action("file.import_results", "Import &Results…", import_results_file,
           tip="Add measured results from a CSV file (touchpoint, period, value, note) to this chain"),
    Action("file.import_ratings", "Import Ra&tings…", import_ratings_file,
           tip="Add internal ratings from a CSV file (customer, provider, period, score…) to this chain"),
    Action("file.compare", "Compare &With…", compare_with_file,
           tip="List the differences from another version of this chain"),
    Action("file.revert", "Re&vert to Saved", revert, enabled=has_file),
    Action("file.close", "&Close", lambda window: window.close(), (Key.Close,), separator_before=True),
    Action("file.quit", "&Quit", quit_application, ("Ctrl+Q",)),
))


class RecentMenu(QMenu):
    """File > Open Recent: filled from the settings each time it opens."""

    def __init__(self, window):
        super().__init__(window.tr("Open &Recent"), window)
        self.setObjectName("menu.recent")
        self.main_window = window
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        files = recent_files()
        for number, path in enumerate(files, start=1):
            action = self.addAction(self.main_window.tr("&{number} {name}").format(number=number % 10, name=Path(path).name))
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, path=path: self.main_window.open_path(path))
        if files:
            self.addSeparator()
        clear = self.addAction(self.main_window.tr("Clear Menu"))
        clear.setEnabled(bool(files))
        clear.triggered.connect(lambda: settings().setValue("recent_files", []))
