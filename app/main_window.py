"""The main window: the open chain's session, and menus, toolbar and docks built from
their declarations (app/menus/, app/docks.py)."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressDialog

from app import disk_changes
from app.actions import WindowActions
from app.auto_layout import AutoLayout
from app.autosave import Autosave
from app.canvas_area import CanvasArea
from app.docks import DOCKS, arrange, make_dock_frames
from app.document import Document
from app.errors import show_error
from app.export import ExportError, ExportOptions, write_export
from app.files import (
    acquire_quietly,
    add_recent_file,
    ask_to_save,
    chain_filter,
    open_document,
    save_document,
    settings,
)
from app.locks import Lock
from app.menus import MENUS, file_menu
from app.menus.edit_menu import FRAGMENT_MIME, install_undo_actions
from app.recovery import CopyInParts, RecoveryStore
from app.session import EditorSession, ViewChoices, frame_chain
from models.chain import Action
from models.chain_file import ChainFileError, load_chain
from models.collector import collector_paused, settle_heap, unsettle_heap
from resources.samples import FIRST_START_SAMPLE
from widgets.canvas.view import ChainView

__all__ = ["FRAGMENT_MIME", "MainWindow", "acquire_quietly"]

LARGE_EXPORT = 2_000  # touchpoints; above this an export shows a progress dialog
#: A remembered layout that leaves the canvas less of the window than this is not restored.
LEAST_CANVAS_SHARE = 0.5


class MainWindow(QMainWindow):
    #: Every open window, so that windows without a parent stay alive.
    windows: list[MainWindow] = []
    #: What the first show does (see _restore_settings and showEvent).
    _arrange_docks = _check_layout = _frame_on_show = False

    def __init__(self, document: Document, lock: Lock | None = None):
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.session: EditorSession | None = None
        self.canvas_area: CanvasArea | None = None
        store = settings()
        self.choices = ViewChoices(
            snap_to_grid=store.value("view/snap", False, type=bool),
            owner_names=store.value("view/owner_names", False, type=bool),
        )
        self.paste_count = 0  # how many times the clipboard was pasted since the copy
        self.recovery = RecoveryStore()
        self.autosave = Autosave(lambda: self.document, self._write_recovery_copy, self)
        self.autosave.failed.connect(self._report_autosave_failure)
        self.layouter = AutoLayout(self)
        self.layouter.finished.connect(self.show_status)
        self.window_actions = WindowActions(self, MENUS)
        self.actions_by_id = self.window_actions.by_id
        self.menus = self.window_actions.menus
        self.toolbar = self.window_actions.toolbar
        self._recent_menu = file_menu.RecentMenu(self)
        file_actions = self.menus["File"].actions()
        after_open = file_actions[file_actions.index(self.actions_by_id["file.open"]) + 1]
        self.menus["File"].insertMenu(after_open, self._recent_menu)
        self._findings_label = QLabel()
        self._findings_label.setObjectName("findingsLabel")
        self._zoom_label = QLabel("100%")
        self._zoom_label.setObjectName("zoomLabel")
        self._zoom_label.setMinimumWidth(48)
        self._review_session_label = QLabel()
        self._review_session_label.setObjectName("reviewSessionLabel")
        self.statusBar().addPermanentWidget(self._review_session_label)
        self.statusBar().addPermanentWidget(self._findings_label)
        self.statusBar().addPermanentWidget(self._zoom_label)
        self.docks = make_dock_frames(self)
        reset = self.actions_by_id["view.reset_layout"]
        for frame in self.docks.values():
            self.menus["View"].insertAction(reset, frame.toggleViewAction())
        self.menus["View"].insertSeparator(reset)
        self.set_document(document, lock)
        self._restore_settings()
        MainWindow.windows.append(self)

    # -- opening windows -----------------------------------------------------------------

    @classmethod
    def open_window(cls, document: Document, lock: Lock | None = None) -> MainWindow:
        window = cls(document, lock)
        window.show()
        return window

    @classmethod
    def open_first_start(cls) -> MainWindow:
        """The retail sample as an untitled copy, so a new user sees a real chain at once."""
        return cls.open_window(Document(load_chain(FIRST_START_SAMPLE)))

    @classmethod
    def open_window_for_path(cls, path: str | Path, parent=None) -> MainWindow | None:
        document, lock = open_document(path, parent)
        if document is None:
            return None
        add_recent_file(path)
        return cls.open_window(document, lock)

    # -- the open chain ------------------------------------------------------------------

    @property
    def document(self) -> Document | None:
        return self.session.document if self.session is not None else None

    @property
    def scene(self):
        return self.session.scene

    @property
    def view(self) -> ChainView:
        return self.session.view

    @property
    def lint(self):
        return self.session.lint

    @property
    def lock(self) -> Lock | None:
        return self.session.lock

    @property
    def recovery_key(self) -> str:
        return self.session.recovery_key

    @recovery_key.setter
    def recovery_key(self, key: str) -> None:
        self.session.recovery_key = key

    @property
    def inspector(self):
        return self.session.dock_contents["dock.inspector"]

    @property
    def serves_panel(self):
        return self.session.dock_contents["dock.serves"]

    @property
    def actions_panel(self):
        return self.session.dock_contents["dock.actions"]

    @property
    def findings_panel(self):
        return self.session.dock_contents["dock.findings"]

    @property
    def comments_panel(self):
        return self.session.dock_contents["dock.comments"]

    @property
    def find_bar(self):
        return self.canvas_area.find_bar

    @property
    def banner(self):
        return self.canvas_area.banner

    @property
    def read_only_banner(self):
        return self.canvas_area.read_only_banner

    def set_document(self, document: Document, lock: Lock | None = None) -> None:
        """Show `document` (holding `lock` on its file) in a new session; the session shown
        before is closed with everything made for it. Its unsaved changes were saved or
        discarded by now, so its recovery copy goes too."""
        old = self.session
        if old is not None:
            self.autosave.cancel()
            self.recovery.discard(old.recovery_key)
        unsettle_heap()  # the chain shown before may go now
        with collector_paused():  # a large chain's scene, findings and lists: no garbage
            state = self.saveState() if old is not None else None
            self.session = EditorSession(document, self.choices, lock, parent=self)
            self._show_session(self.session)
            if old is not None:
                handed_over = lock is not None and old.lock is not None and old.lock.path == lock.path
                old.close(release_lock=not handed_over)
            if state is not None:
                self.restoreState(state)  # new dock contents must not squeeze the canvas
        settle_heap()
        self._say_if_unlocked()
        self.view.setFocus()
        if self.isVisible():
            self._frame_chain()

    def _show_session(self, session: EditorSession) -> None:
        document, view = session.document, session.view
        view.status_message.connect(self.show_status)
        view.zoom_changed.connect(self._show_zoom)
        view.files_dropped.connect(self.open_paths)
        view.comment_marker_clicked.connect(self.show_comments_of)
        session.review_session_changed.connect(self._show_review_session)
        document.sessions_changed.connect(self._show_review_session)
        session.scene.selectionChanged.connect(self._selection_changed)
        session.lint.findings_changed.connect(self._show_changed_findings)
        session.file_changed.connect(self._file_changed)
        document.undo_stack.cleanChanged.connect(self._update_title)
        document.path_changed.connect(self._update_title)
        document.chain_changed.connect(self._update_title)
        document.changed.connect(self.window_actions.update)
        document.changed.connect(self.autosave.edited)
        for dock in DOCKS:
            session.dock_contents[dock.id] = contents = dock.factory(self, session)
            self.docks[dock.id].setWidget(contents)
            contents.show()  # at once, not when the event loop next runs
        if self.canvas_area is None:
            self.canvas_area = CanvasArea(self, view)
            self.setCentralWidget(self.canvas_area)
        else:
            self.canvas_area.show_view(view)
        install_undo_actions(self, self.window_actions)
        self._show_review_session()
        self._show_all_findings()
        self._update_read_only()
        self._show_zoom()
        self.window_actions.update()

    def set_lock(self, lock: Lock | None) -> None:
        """Hold `lock` for the open file (releasing any other), and say when there is none."""
        self.session.set_lock(lock)
        self._say_if_unlocked()
        self._update_read_only()

    def _say_if_unlocked(self) -> None:
        document = self.document
        if self.lock is None and document.path is not None and not document.read_only:
            self.show_status(
                self.tr("{name} could not be locked: others will not see that you are editing it.").format(
                    name=document.path.name
                )
            )

    def run_action(self, id: str) -> None:
        self.actions_by_id[id].trigger()

    def select_element(self, id: str) -> None:
        """Select a touchpoint, handoff or lane and bring it into view, centred; an
        improvement action is selected in the Actions dock (and its elements on the canvas)."""
        if isinstance(self.document.element(id) if self.document.has(id) else None, Action):
            self.docks["dock.actions"].show()
            self.docks["dock.actions"].raise_()
            self.actions_panel.select_action(id)
            self._show_finding_message(id)
            return
        self.view.select([id])
        scene = self.scene
        item = scene.touchpoint_items.get(id) or scene.handoff_items.get(id) or scene.lane_items.get(id)
        if item is not None:
            scene.place_due_lanes()
            self.view.centerOn(item.sceneBoundingRect().center())
        self._show_finding_message(id)

    def _show_finding_message(self, id: str) -> None:
        messages = [f.message for f in self.lint.findings_of(id) if f.ignored is None]
        if messages:
            self.show_status(messages[0])

    def show_comments(self) -> None:
        """Show the Comments dock, in front of its tab group."""
        frame = self.docks["dock.comments"]
        frame.show()
        frame.raise_()

    def show_comments_of(self, id: str) -> None:
        """A comment marker was clicked: select its element and show its open comments."""
        self.select_element(id)
        self.show_comments()
        self.comments_panel.show_selection_only()

    def _show_review_session(self) -> None:
        """The status bar names the review session in progress, if any."""
        session = self.session
        id = session.review_session
        current = session.document.element(id) if id is not None and session.document.has(id) else None
        self._review_session_label.setText(self.tr("Session: {title}").format(title=current.title) if current else "")
        self._review_session_label.setVisible(current is not None)

    def _selection_changed(self) -> None:
        view = self.view
        view.setAccessibleDescription(self.session.describe_selection())
        lane, handoffs = view.selected_lane(), view.selected_handoffs()
        self.inspector.show_selection(view.selected_touchpoints(), handoffs, lane)
        if lane is not None or not handoffs:  # a handoff picked from the panel keeps it
            self.serves_panel.show_department(lane)
        self.window_actions.update()

    # -- findings, zoom, title -------------------------------------------------------------

    def _show_all_findings(self) -> None:
        self.scene.set_findings(self.lint.findings)
        self.findings_panel.set_findings(self.lint.findings)
        self._count_findings()

    def _show_changed_findings(self, gone: list, new: list) -> None:
        """After an edit: only the elements whose findings changed are looked at."""
        changed = {finding.element for finding in gone + new}
        self.scene.set_findings([f for id in changed for f in self.lint.findings_of(id)], changed)
        self.findings_panel.apply_changes(gone, new)
        self._count_findings()

    def _count_findings(self) -> None:
        counts = self.lint.counts()
        forms = {  # (one, more) per severity
            "error": (self.tr("{count} error"), self.tr("{count} errors")),
            "warning": (self.tr("{count} warning"), self.tr("{count} warnings")),
            "info": (self.tr("{count} info"), self.tr("{count} infos")),
        }
        parts = [
            forms[s][0 if counts[s] == 1 else 1].format(count=counts[s]) for s in ("error", "warning", "info") if counts[s]
        ]
        self._findings_label.setText(self.tr(", ").join(parts) if parts else self.tr("No findings"))
        # A long status message must not squeeze the counts into a cut word.
        self._findings_label.setMinimumWidth(self._findings_label.sizeHint().width())

    def _show_zoom(self, *_zoom) -> None:
        """The zoom the view is at now (not the one the signal carried: a later change may
        have come first)."""
        self._zoom_label.setText(f"{self.view.zoom():.0%}")

    def _update_title(self) -> None:
        document = self.document
        suffix = self.tr(" (read-only)") if document.read_only else ""
        self.setWindowTitle(self.tr("{name}{suffix}[*] — Chain Designer").format(name=document.display_name, suffix=suffix))
        self.setWindowModified(document.is_modified())

    def _update_read_only(self) -> None:
        self.canvas_area.show_read_only(self.document)
        self._update_title()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    # -- files ------------------------------------------------------------------------

    def open_path(self, path: str | Path) -> bool:
        """Open `path` in this window (see file_menu.open_path); True when it opened."""
        opened = file_menu.open_path(self, path)
        if opened:
            add_recent_file(path)
        return opened

    def open_paths(self, paths: list[str]) -> None:
        """Open dropped files: the first here (after asking), the others in new windows."""
        first, *others = paths
        self.open_path(first)
        for path in others:
            MainWindow.open_window_for_path(path, parent=self)

    def save(self) -> bool:
        if self.document.path is None or self.document.read_only:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        document = self.document
        start = str(document.path) if document.path else f"{document.chain.title}.chain"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Chain As"), start, chain_filter())
        if not path:
            return False
        if not path.endswith(".chain"):
            path += ".chain"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        if not save_document(self, self.document, path):
            return False
        add_recent_file(path)
        if self.lock is None or self.lock.path.name != f".~lock.{path.name}#":
            self.session.set_lock(acquire_quietly(path))
        self._update_read_only()
        self.autosave.cancel()
        self.recovery.discard(self.recovery_key)
        self.show_status(self.tr("Saved {name}.").format(name=path.name))
        return True

    def export_to(self, path: str, fmt: str, options: ExportOptions) -> bool:
        """Write the export; a large chain shows that it is working meanwhile."""
        progress = None
        if len(self.document.chain.touchpoints) > LARGE_EXPORT:
            progress = QProgressDialog(self.tr("Exporting…"), None, 0, 0, self)
            progress.setWindowTitle(self.tr("Export"))
            progress.setMinimumDuration(0)
            progress.show()
            QApplication.processEvents()
        try:
            # The SVG takes the canvas's routes rather than routing the chain again.
            write_export(self.document.chain, fmt, path, options, scene=self.scene)
        except (ExportError, ChainFileError) as error:
            show_error(self, self.tr("The export was not written. {error}").format(error=error))
            return False
        finally:
            if progress is not None:
                progress.close()
        self.show_status(self.tr("Exported to {name}.").format(name=Path(path).name))
        return True

    def compare_with(self, path: Path):
        return file_menu.compare_with(self, path)

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go on."""
        if not self.document.is_modified():
            return True
        answer = ask_to_save(self, self.document.display_name)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- autosave and changes on disk ------------------------------------------------------

    def autosave_now(self) -> Future | None:
        """Start a recovery copy of unsaved edits (never over the real file); see app/autosave.py.

        Returns the future of its write, or None when there is nothing unsaved.
        """
        return self.autosave.save_now()

    def finish_autosave(self) -> None:
        """Finish the recovery copy under way, and wait until every copy is written."""
        self.autosave.finish()
        self.recovery.flush()

    def _write_recovery_copy(self) -> CopyInParts:
        return self.recovery.write_later(self.recovery_key)

    def _report_autosave_failure(self, error: str) -> None:
        self.show_status(self.tr("The recovery copy could not be written: {error}").format(error=error))

    def _file_changed(self) -> None:
        disk_changes.file_changed(self)

    def check_disk(self) -> None:
        """React to the open file changing on disk (see app/disk_changes.py)."""
        disk_changes.check_disk(self)

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.layouter.stop()
        self._save_settings()
        self.autosave.cancel()
        self.recovery.discard(self.recovery_key)
        self.session.set_lock(None)
        if self in MainWindow.windows:
            MainWindow.windows.remove(self)
        unsettle_heap()  # this chain's objects may be collected now
        event.accept()

    # -- dropping files on the window ----------------------------------------------------

    def dragEnterEvent(self, event):
        if ChainView._chain_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):
        paths = ChainView._chain_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # -- layout of the docks ----------------------------------------------------------------

    def reset_layout(self) -> None:
        """View > Reset Layout: every dock back in its place and size; the canvas gets the rest."""
        arrange(self, self.docks)
        self.show_status(self.tr("The panels are back where they started."))

    def canvas_share(self) -> float:
        """How much of the window's area the canvas has (0 to 1)."""
        window = self.width() * self.height()
        canvas = self.canvas_area.size()
        return canvas.width() * canvas.height() / window if window else 0.0

    def _restore_settings(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = store.value("window/state")
        # Docks sized when the window has its size (see showEvent).
        self._check_layout = state is not None and self.restoreState(state)
        self._arrange_docks = not self._check_layout
        self._frame_on_show = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._arrange_docks:
            self._arrange_docks = False
            arrange(self, self.docks)
        if self._check_layout:
            self._check_layout = False
            self.layout().activate()
            if self.canvas_share() < LEAST_CANVAS_SHARE:  # a layout that would squeeze the canvas
                arrange(self, self.docks)
        if self._frame_on_show:
            self._frame_on_show = False
            self._frame_chain()

    def _frame_chain(self) -> None:
        self.layout().activate()  # the canvas at its size before it is framed
        frame_chain(self.view)
        self._show_zoom()

    def _save_settings(self) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
