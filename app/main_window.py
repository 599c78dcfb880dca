"""The main window: one chain on the canvas, menus and toolbar from the actions table."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QFileSystemWatcher,
    QMimeData,
    QPointF,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.actions import ACTIONS, MENU_TITLES, MENUS
from app.document import ChangedOnDisk, Document, GoneFromDisk
from app.errors import show_error
from app.export import ExportError, ExportOptions, write_export
from app.auto_layout import AutoLayout
from app.live_lint import LintController
from app.locks import Lock, LockHeld, acquire
from app.autosave import Autosave
from app.recovery import RecoveryStore, new_key
from models.chain import Chain, Department
from models.collector import collector_paused, settle_heap, unsettle_heap
from models.chain_file import ChainFileError, chain_to_bytes, load_chain
from models.arrange import Box, align, distribute
from models.diff import ChainDiff, diff_chains
from models.fragment import extract_fragment
from resources.icons import icon
from resources.samples import FIRST_START_SAMPLE
from widgets.canvas.scene import ChainScene
from widgets.canvas.style import HEADER_WIDTH
from models.geometry import least_card_size
from widgets.canvas.view import ChainView
from widgets.department_dialog import DepartmentDialog
from widgets.export_dialog import ExportDialog
from widgets.find_bar import FindBar
from widgets.help_dialogs import AboutDialog, GettingStartedDialog, RulesHelpDialog
from widgets.findings_panel import FindingsPanel
from widgets.inspector import Inspector
from widgets.template_dialog import TemplateDialog
from widgets.overview import Overview
from widgets.people_dialog import PeopleDialog
from widgets.rules_dialog import RulesDialog
from widgets.serves_panel import ServesPanel
from widgets.signoff_dialog import SignOffDialog

FRAGMENT_MIME = "application/x-service-chain-fragment+json"
CHAIN_PATTERNS = ("*.chain", "*")  # the file dialogs' filter; only its descriptions are translated
MAX_RECENT = 10
PASTE_OFFSET = 20.0
LARGE_EXPORT = 2_000  # touchpoints; above this an export shows a progress dialog


def lock_or_ask(path: Path, parent) -> tuple[Lock | None, str]:
    """Lock `path` for editing; when another editor holds it, ask how to open it.

    Returns the lock (None when it could not be written) and "edit", "read-only", "copy"
    or "cancel".
    """
    try:
        return acquire(path), "edit"
    except LockHeld as held:
        box = QMessageBox(parent)
        box.setObjectName("lockedDialog")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("main_window", "Chain in Use"))
        box.setText(QCoreApplication.translate("main_window", "{reason}.").format(reason=held))
        box.setInformativeText(
            QCoreApplication.translate(
                "main_window",
                "Open it read-only, open a copy of your own, or open it anyway (your saves and "
                "theirs will each ask before overwriting the other).",
            )
        )
        Role = QMessageBox.ButtonRole
        read_only = box.addButton(QCoreApplication.translate("main_window", "Open Read-Only"), Role.AcceptRole)
        copy = box.addButton(QCoreApplication.translate("main_window", "Open a Copy"), Role.AcceptRole)
        anyway = box.addButton(QCoreApplication.translate("main_window", "Open Anyway"), Role.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        box.exec()
        clicked = box.clickedButton()
        if clicked is anyway:
            return acquire(path, force=True), "edit"
        if clicked is read_only:
            return None, "read-only"
        if clicked is copy:
            return None, "copy"
        return None, "cancel"


def open_document(path: str | Path, parent) -> tuple[Document | None, Lock | None]:
    """Load `path` and lock it (asking when someone else has it); (None, None) if not."""
    try:
        document = Document.open(path)
    except ChainFileError as error:
        show_error(
            parent, QCoreApplication.translate("main_window", "The file could not be opened. {error}").format(error=error)
        )
        return None, None
    if document.write_protected:
        return document, None  # nobody edits it, so there is nothing to lock
    lock, mode = lock_or_ask(document.path, parent)
    if mode == "cancel":
        document.deleteLater()
        return None, None
    if mode == "read-only":
        document.read_only = True
    elif mode == "copy":
        document.path, document.disk_hash = None, None
        document.chain.title = QCoreApplication.translate("main_window", "Copy of {title}").format(
            title=document.chain.title
        )
    return document, lock


def new_chain() -> Chain:
    """A blank chain: a Customer lane on top, ready for the first touchpoint."""
    return Chain(
        title=QCoreApplication.translate("main_window", "Untitled chain"),
        departments=[
            Department(id="customer", name=QCoreApplication.translate("main_window", "Customer"), role="customer")
        ],
        touchpoints=[],
    )


def chain_filter() -> str:
    """The file dialogs' filter for chains: translated descriptions, fixed patterns."""
    chains = QCoreApplication.translate("main_window", "Service chains")
    everything = QCoreApplication.translate("main_window", "All files")
    return f"{chains} ({CHAIN_PATTERNS[0]});;{everything} ({CHAIN_PATTERNS[1]})"


def acquire_quietly(path: Path) -> Lock | None:
    """A lock for a file just saved under a new name; None if someone else has it."""
    try:
        return acquire(path)
    except LockHeld:
        return None


def settings() -> QSettings:
    return QSettings()


class MainWindow(QMainWindow):
    #: Every open window, so that windows without a parent stay alive.
    windows: list[MainWindow] = []

    def __init__(self, document: Document):
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.actions_by_id: dict[str, QAction] = {}
        self.document: Document | None = None
        self.lock: Lock | None = None
        self.recovery_key = new_key()
        self._paste_count = 0
        self._create_actions()
        self._create_menus_and_toolbar()
        self._findings_label = QLabel()
        self._findings_label.setObjectName("findingsLabel")
        self._zoom_label = QLabel("100%")
        self._zoom_label.setObjectName("zoomLabel")
        self._zoom_label.setMinimumWidth(48)
        self.statusBar().addPermanentWidget(self._findings_label)
        self.statusBar().addPermanentWidget(self._zoom_label)
        self._create_docks()
        self.recovery = RecoveryStore()
        self.autosave = Autosave(lambda: self.document, self._write_recovery_copy, self)
        self.autosave.failed.connect(self._report_autosave_failure)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self.layouter = AutoLayout(self)
        self.layouter.finished.connect(self.show_status)
        self.set_document(document)
        self._restore_settings()
        MainWindow.windows.append(self)

    # -- opening windows -----------------------------------------------------------------

    @classmethod
    def open_window(cls, document: Document) -> MainWindow:
        window = cls(document)
        window.show()
        return window

    @classmethod
    def open_first_start(cls) -> MainWindow:
        """The retail sample as an untitled copy, so a new user sees a real chain at once."""
        document = Document(load_chain(FIRST_START_SAMPLE))
        return cls.open_window(document)

    def set_document(self, document: Document) -> None:
        """Show `document` in this window, replacing the one shown before."""
        unsettle_heap()  # the document shown before may go now
        with collector_paused():  # a large chain's scene, findings and lists: no garbage
            self._show_document(document)
        settle_heap()

    def _show_document(self, document: Document) -> None:
        old = self.document
        self.document = document
        document.setParent(self)
        self.scene = ChainScene(document, parent=self)
        self.view = ChainView(self.scene, self)
        self.view.status_message.connect(self.show_status)
        self.view.zoom_changed.connect(lambda zoom: self._zoom_label.setText(f"{zoom:.0%}"))
        self.view.files_dropped.connect(self.open_paths)
        self.view.snap_to_grid = self.actions_by_id["view.snap"].isChecked()
        self.view.insert_kind = self._insert_kind_group.checkedAction().objectName().split(".")[1]
        self.view.connect_mode = self.actions_by_id["insert.connect"].isChecked()
        self.scene.selectionChanged.connect(self._update_actions)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.scene.set_review_mode(self.actions_by_id["review.mode"].isChecked())
        self.scene.set_owner_names(self.actions_by_id["view.owner_names"].isChecked())
        self.lint = LintController(document, self)
        self.lint.findings_changed.connect(self._show_changed_findings)
        self._fill_docks()
        self._show_all_findings()
        self._watch_file()
        document.undo_stack.cleanChanged.connect(self._update_title)
        document.path_changed.connect(self._update_title)
        document.path_changed.connect(self._watch_file)
        document.chain_changed.connect(self._update_title)
        document.changed.connect(self._update_actions)
        document.changed.connect(self.autosave.edited)
        self._replace_undo_actions()
        self._update_title()
        self._update_actions()
        self.view.setFocus()
        if old is not None:
            old.deleteLater()

    # -- docks --------------------------------------------------------------------------

    def _create_docks(self) -> None:
        """The dock frames; their contents follow the document (see _fill_docks)."""
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        self.inspector_dock = self._dock(self.tr("Inspector"), "dock.inspector", right)
        self.serves_dock = self._dock(self.tr("Who Serves Whom"), "dock.serves", right)
        self.tabifyDockWidget(self.inspector_dock, self.serves_dock)
        self.inspector_dock.raise_()
        self.overview_dock = self._dock(self.tr("Overview"), "dock.overview", right)
        self.findings_dock = self._dock(self.tr("Findings"), "dock.findings", bottom)

    def _dock(self, title: str, name: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        self.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        toggle.setObjectName(f"view.{name}")
        self.menus["View"].addAction(toggle)
        return dock

    def _fill_docks(self) -> None:
        self.inspector = Inspector(self.document)
        self.inspector.status_message.connect(self.show_status)
        self.inspector.signoff_requested.connect(lambda _id: self.sign_off())
        self.inspector.new_person_requested.connect(self.edit_people)
        self.inspector_dock.setWidget(self.inspector)
        self.serves_panel = ServesPanel(self.document)
        self.serves_panel.handoff_activated.connect(self.select_element)
        self.serves_dock.setWidget(self.serves_panel)
        self.overview_dock.setWidget(Overview(self.view))
        self.findings_panel = FindingsPanel(self.document)
        self.findings_panel.finding_activated.connect(self.select_element)
        self.findings_panel.rules_requested.connect(self.edit_rules)
        self.findings_dock.setWidget(self.findings_panel)
        # The find bar sits under the canvas, hidden until Ctrl+F.
        self.find_bar = FindBar(self.view)
        self.find_bar.hide()
        canvas = QWidget()
        layout = QVBoxLayout(canvas)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = self._make_banner()
        layout.addWidget(self.banner)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("#readOnlyBanner { background: #e3f2fd; color: #0d2a4a; padding: 6px; }")
        self.read_only_banner.setVisible(self.document.read_only)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(self.view)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(canvas)

    def _selection_changed(self) -> None:
        self._describe_selection()
        lane = self.view.selected_lane()
        handoffs = self.view.selected_handoffs()
        self.inspector.show_selection(self.view.selected_touchpoints(), handoffs, lane)
        if lane is not None or not handoffs:  # a handoff picked from the panel keeps it
            self.serves_panel.show_department(lane)

    def _describe_selection(self) -> None:
        """What a screen reader says about the canvas: the selection and its findings."""
        touchpoints = self.view.selected_touchpoints()
        if len(touchpoints) == 1:
            touchpoint = self.document.touchpoint(touchpoints[0])
            owner = self.document.person(touchpoint.owner) if touchpoint.owner else None
            findings = [f.message for f in self.lint.findings_of(touchpoint.id) if f.ignored is None]
            text = self.tr("Touchpoint {label}, {kind}, in {department}, owner {owner}.").format(
                label=touchpoint.label or self.tr("without a label"),
                kind=touchpoint.kind,
                department=self.document.department(touchpoint.department).name,
                owner=owner.name if owner else self.tr("none"),
            ) + " " + " ".join(findings)
        elif touchpoints:
            text = self.tr("{count} touchpoints selected.").format(count=len(touchpoints))
        else:
            text = self.tr("Chain {title}: {count} touchpoints.").format(
                title=self.document.chain.title, count=len(self.document.chain.touchpoints)
            )
        self.view.setAccessibleDescription(text.strip())

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
            forms[s][0 if counts[s] == 1 else 1].format(count=counts[s])
            for s in ("error", "warning", "info")
            if counts[s]
        ]
        self._findings_label.setText(self.tr(", ").join(parts) if parts else self.tr("No findings"))

    # -- actions ----------------------------------------------------------------------

    def _create_actions(self) -> None:
        self._insert_kind_group = QActionGroup(self)
        for spec in ACTIONS:
            text = QCoreApplication.translate("actions", spec.text)
            action = QAction(text, self)
            action.setObjectName(spec.id)
            if spec.icon:
                action.setIcon(self._icon(spec.icon))
            if spec.shortcuts:
                action.setShortcuts([QKeySequence(key) for key in spec.shortcuts])
            tip = QCoreApplication.translate("actions", spec.tip) if spec.tip else text.replace("&", "").rstrip("…")
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.setCheckable(spec.checkable)
            slot = getattr(self, spec.slot)
            if spec.checkable:  # the slot takes the new state
                action.triggered.connect(slot)
            else:
                action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.actions_by_id[spec.id] = action
            self.addAction(action)
        for kind in ("step", "decision", "start", "end"):
            self._insert_kind_group.addAction(self.actions_by_id[f"insert.{kind}"])
        self.actions_by_id["insert.step"].setChecked(True)
        engines = QActionGroup(self)
        for engine in ("auto", "dot", "builtin"):
            engines.addAction(self.actions_by_id[f"arrange.engine_{engine}"])

    def _create_menus_and_toolbar(self) -> None:
        menus: dict[str, QMenu] = {}
        for name in MENUS:
            menu = self.menuBar().addMenu(QCoreApplication.translate("menus", MENU_TITLES[name]))
            menu.setObjectName(f"menu.{name.lower()}")
            menus[name] = menu
        self._recent_menu = QMenu(self.tr("Open &Recent"), self)
        self._recent_menu.setObjectName("menu.recent")
        self._recent_menu.aboutToShow.connect(self._fill_recent_menu)
        menus["Edit"].addSeparator()  # Undo and Redo go above it (see _replace_undo_actions)
        self.toolbar = QToolBar(self.tr("Main toolbar"), self)
        self.toolbar.setObjectName("toolbar.main")
        self.addToolBar(self.toolbar)
        last_group = None
        for spec in ACTIONS:
            action = self.actions_by_id[spec.id]
            menu = menus[spec.menu]
            if spec.separator_before and not menu.isEmpty():
                menu.addSeparator()
            menu.addAction(action)
            if spec.id == "file.open":
                menu.addMenu(self._recent_menu)
            if spec.toolbar:
                if last_group is not None and last_group != spec.menu:
                    self.toolbar.addSeparator()
                    if last_group == "File":
                        self._toolbar_undo_anchor = self.toolbar.addSeparator()
                self.toolbar.addAction(action)
                if spec.menu == "Insert":  # process leads read "Step" faster than a shape
                    self.toolbar.widgetForAction(action).setToolButtonStyle(
                        Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                    )
                last_group = spec.menu
        self.menus = menus

    def _replace_undo_actions(self) -> None:
        """Undo and Redo come from the document's stack, so their texts name the step."""
        stack = self.document.undo_stack
        for id in ("edit.undo", "edit.redo"):
            old = self.actions_by_id.pop(id, None)
            if old is not None:
                self.menus["Edit"].removeAction(old)
                self.toolbar.removeAction(old)
                self.removeAction(old)
                old.deleteLater()
        undo = stack.createUndoAction(self, self.tr("&Undo"))
        redo = stack.createRedoAction(self, self.tr("&Redo"))
        edit_menu = self.menus["Edit"]
        first = edit_menu.actions()[0] if edit_menu.actions() else None
        for id, action, key, name in (
            ("edit.undo", undo, QKeySequence.StandardKey.Undo, "undo"),
            ("edit.redo", redo, QKeySequence.StandardKey.Redo, "redo"),
        ):
            action.setObjectName(id)
            action.setShortcuts(QKeySequence.keyBindings(key))
            action.setIcon(self._icon(name))
            edit_menu.insertAction(first, action)
            self.toolbar.insertAction(self._toolbar_undo_anchor, action)
            self.addAction(action)
            self.actions_by_id[id] = action

    def _icon(self, name: str):
        """Icons in the palette's ink, so they read on dark toolbars too."""
        text = self.palette().color(QPalette.ColorRole.WindowText)
        return icon(name, text.name() if text.lightnessF() > 0.5 else None)

    def _update_actions(self) -> None:
        if self.document is None:
            return
        touchpoints = self.view.selected_touchpoints()
        anything = bool(touchpoints or self.view.selected_handoffs())
        lane = self.view.selected_lane()
        for id in ("edit.cut", "edit.copy", "edit.duplicate"):
            self.actions_by_id[id].setEnabled(bool(touchpoints))
        self.actions_by_id["edit.delete"].setEnabled(anything or lane is not None)
        self.actions_by_id["edit.rename"].setEnabled(len(touchpoints) == 1 or lane is not None)
        for id in ("arrange.lane_up", "arrange.lane_down", "arrange.rename_lane", "arrange.remove_lane"):
            self.actions_by_id[id].setEnabled(lane is not None)
        self.actions_by_id["file.revert"].setEnabled(self.document.path is not None)

    def _update_title(self) -> None:
        suffix = self.tr(" (read-only)") if self.document.read_only else ""
        self.setWindowTitle(
            self.tr("{name}{suffix}[*] — Chain Designer").format(name=self.document.display_name, suffix=suffix)
        )
        self.setWindowModified(self.document.is_modified())

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    # -- files ------------------------------------------------------------------------

    def new_chain(self) -> None:
        if self.maybe_save():
            self.set_document(Document(new_chain()))
            self.set_lock(None)
            self.show_status(self.tr("New chain: double-click a lane to add a touchpoint."))

    def new_from_template(self) -> None:
        """A chain from a template, untitled, so saving asks where."""
        dialog = TemplateDialog(self)
        if dialog.exec() != TemplateDialog.DialogCode.Accepted or dialog.chosen_path() is None:
            return
        if not self.maybe_save():
            return
        try:
            chain = load_chain(dialog.chosen_path())
        except ChainFileError as error:
            show_error(self, self.tr("The template could not be opened. {error}").format(error=error))
            return
        self.set_document(Document(chain))
        self.set_lock(None)
        self.show_status(
            self.tr("New chain from the template “{title}”: fill in owners and procedures.").format(title=chain.title)
        )

    def new_window(self) -> None:
        MainWindow.open_window(Document(new_chain()))

    def open_chain(self) -> None:
        start = str(self.document.path.parent) if self.document.path else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open Chain"), start, chain_filter())
        if path:
            self.open_path(path)

    def open_paths(self, paths: list[str]) -> None:
        """Open dropped files: the first here (after asking), the others in new windows."""
        first, *others = paths
        self.open_path(first)
        for path in others:
            MainWindow.open_window_for_path(path, parent=self)

    def open_path(self, path: str | Path) -> bool:
        """Open `path` in this window, asking about unsaved changes first."""
        if not self.maybe_save():
            return False
        document, lock = open_document(path, self)
        if document is None:
            return False
        self.set_document(document)
        self.set_lock(lock)
        add_recent_file(path)
        self.show_status(self.tr("Opened {name}.").format(name=Path(path).name))
        return True

    def set_lock(self, lock: Lock | None) -> None:
        """Hold `lock` for the open file (releasing any other), and say when there is none."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock
        path = self.document.path
        if lock is None and path is not None and not self.document.read_only:
            self.show_status(
                self.tr("{name} could not be locked: others will not see that you are editing it.").format(
                    name=path.name
                )
            )
        self._update_read_only()

    def _update_read_only(self) -> None:
        read_only = self.document.read_only
        self.read_only_banner.setVisible(read_only)
        if read_only and self.document.write_protected:
            self.read_only_banner.setText(
                self.tr(
                    "Read-only: {name} has no write permission, so it is not changed. "
                    "Save As keeps your changes in a file of your own."
                ).format(name=self.document.display_name)
            )
        elif read_only:
            self.read_only_banner.setText(
                self.tr(
                    "Read-only: someone else is editing {name}. "
                    "Save As keeps your changes in a file of your own."
                ).format(name=self.document.display_name)
            )
        self._update_title()

    @classmethod
    def open_window_for_path(cls, path: str | Path, parent=None) -> MainWindow | None:
        document, lock = open_document(path, parent)
        if document is None:
            return None
        add_recent_file(path)
        window = cls.open_window(document)
        window.set_lock(lock)
        return window

    def save(self) -> bool:
        if self.document.path is None or self.document.read_only:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        start = str(self.document.path) if self.document.path else f"{self.document.chain.title}.chain"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Chain As"), start, chain_filter())
        if not path:
            return False
        if not path.endswith(".chain"):
            path += ".chain"
        return self._save_to(Path(path))

    def _save_to(self, path: Path, overwrite: bool = False) -> bool:
        try:
            self.document.save(path, overwrite=overwrite)
        except ChainFileError as error:
            show_error(
                self, self.tr("The chain was not saved, and the file on disk is unchanged. {error}").format(error=error)
            )
            return False
        except ChangedOnDisk as conflict:
            return self._resolve_save_conflict(path, str(conflict))
        except GoneFromDisk as gone:
            answer = QMessageBox.question(
                self, self.tr("File Deleted"), self.tr("{reason} Save your chain there again?").format(reason=gone),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            )
            return answer == QMessageBox.StandardButton.Save and self._save_to(path, overwrite=True)
        add_recent_file(path)
        if self.lock is None or self.lock.path.name != f".~lock.{path.name}#":
            self.set_lock(acquire_quietly(path))
        self._update_read_only()
        self.autosave.cancel()
        self.recovery.discard(self.recovery_key)
        self.show_status(self.tr("Saved {name}.").format(name=path.name))
        return True

    def export(self) -> None:
        """File > Export…: choose format, scope and options, then where to write."""
        departments = [(d.id, d.name) for d in self.document.chain.departments]
        selected = tuple(self.view.selected_touchpoints())
        dialog = ExportDialog(departments, len(selected), self, chain=self.document.chain, touchpoint_ids=selected)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        fmt = dialog.chosen_format()
        suffix, file_filter = dialog.suffix_and_filter()
        folder = self.document.path.parent if self.document.path else Path.home()
        start = str(folder / f"{self.document.chain.title or self.tr('chain')}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), start, file_filter)
        if not path:
            return
        if not Path(path).suffix:
            path += suffix
        options = ExportOptions(touchpoint_ids=tuple(self.view.selected_touchpoints()), **dialog.choices())
        self.export_to(path, fmt, options)

    def export_to(self, path: str, fmt: str, options) -> bool:
        """Write the export; a large chain shows that it is working meanwhile."""
        progress = None
        if len(self.document.chain.touchpoints) > LARGE_EXPORT:
            progress = QProgressDialog(self.tr("Exporting…"), None, 0, 0, self)
            progress.setWindowTitle(self.tr("Export"))
            progress.setMinimumDuration(0)
            progress.show()
            QApplication.processEvents()
        try:
            write_export(self.document.chain, fmt, path, options)
        except (ExportError, ChainFileError) as error:
            show_error(self, self.tr("The export was not written. {error}").format(error=error))
            return False
        finally:
            if progress is not None:
                progress.close()
        self.show_status(self.tr("Exported to {name}.").format(name=Path(path).name))
        return True

    def compare_with_file(self) -> None:
        start = str(self.document.path.parent) if self.document.path else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Compare With"), start, chain_filter())
        if path:
            self.compare_with(Path(path))

    def compare_with(self, path: Path) -> ChainDiff | None:
        """List what differs from `path` to this chain, and select what changed here."""
        try:
            other = load_chain(path)
        except ChainFileError as error:
            show_error(self, self.tr("The file could not be compared. {error}").format(error=error))
            return None
        difference = diff_chains(other, self.document.chain)
        changed = [
            ref.id
            for group in difference.groups.values()
            for ref in (*group.added, *group.changed)
            if self.document.has(ref.id)
        ]
        self.view.select(changed)
        dialog = QDialog(self)
        dialog.setObjectName("compareDialog")
        dialog.setWindowTitle(self.tr("Compared with {name}").format(name=path.name))
        layout = QVBoxLayout(dialog)
        summary = self.tr("The two chains are the same.") if difference.is_empty() else (
            self.tr("From {name} to this chain ({count} changed elements are selected on the canvas):").format(
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
        self._compare_dialog = dialog  # kept open beside the canvas
        return difference

    def _resolve_save_conflict(self, path: Path, sentence: str) -> bool:
        """Someone else saved the file meanwhile: never overwrite them silently."""
        box = QMessageBox(self)
        box.setObjectName("saveConflictDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Changed by Someone Else"))
        box.setText(sentence)
        box.setInformativeText(
            self.tr("Save yours under another name to compare them, or overwrite their version.")
        )
        save_as = box.addButton(self.tr("Save As…"), QMessageBox.ButtonRole.AcceptRole)
        overwrite = box.addButton(self.tr("Overwrite Theirs"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        if box.clickedButton() is save_as:
            return self.save_as()
        if box.clickedButton() is overwrite:
            return self._save_to(path, overwrite=True)
        return False

    # -- autosave -----------------------------------------------------------------------

    def autosave_now(self) -> Future | None:
        """Start a recovery copy of unsaved edits (never over the real file); see app/autosave.py.

        Returns the future of its write, or None when there is nothing unsaved.
        """
        return self.autosave.save_now()

    def finish_autosave(self) -> None:
        """Finish the recovery copy under way, and wait until every copy is written."""
        self.autosave.finish()
        self.recovery.flush()

    def _write_recovery_copy(self, data: bytes, path: Path | None, title: str, saved_at: float) -> Future:
        return self.recovery.save_later(self.recovery_key, data, path, title, saved_at)

    def _report_autosave_failure(self, error: str) -> None:
        self.show_status(self.tr("The recovery copy could not be written: {error}").format(error=error))

    # -- changes on disk ----------------------------------------------------------------

    def _watch_file(self) -> None:
        watched = self.watcher.files()
        if watched:
            self.watcher.removePaths(watched)
        if self.document.path is not None and self.document.path.exists():
            self.watcher.addPath(str(self.document.path))

    def _file_changed(self, _path: str) -> None:
        # Saves replace the file in steps; look once they are done.
        QTimer.singleShot(200, self.check_disk)

    def check_disk(self) -> None:
        """React to the open file changing on disk (by us, a colleague or git)."""
        state = self.document.disk_state()
        self._watch_file()  # an atomic replace ends the old watch
        if state == "gone":
            self.show_status(
                self.tr("{name} was deleted or moved; saving will ask first.").format(name=self.document.display_name)
            )
        elif state == "changed" and not self.document.is_modified():
            self._reload_from_disk(
                self.tr("{name} changed on disk and was reloaded.").format(name=self.document.display_name)
            )
        elif state == "changed":
            self.banner_text.setText(
                self.tr("{name} was changed on disk by someone else, and you have unsaved edits.").format(
                    name=self.document.display_name
                )
            )
            self.banner.show()

    def _reload_from_disk(self, message: str) -> None:
        self.banner.hide()
        try:
            self.document.revert()
        except ChainFileError as error:
            show_error(
                self,
                self.tr("The new version on disk could not be read; your chain is unchanged. {error}").format(error=error),
            )
            return
        self.show_status(message)

    def _keep_mine(self) -> None:
        self.banner.hide()
        self.show_status(self.tr("Kept your version; saving will ask before it overwrites theirs."))

    def _make_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("diskBanner")
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner.setStyleSheet("#diskBanner { background: #fff4d6; color: #3e2c00; }")
        row = QHBoxLayout(banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        row.addWidget(self.banner_text, 1)
        for text, name, slot in (
            (
                self.tr("Reload (Drop Mine)"),
                "bannerReload",
                lambda: self._reload_from_disk(self.tr("Reloaded the version on disk.")),
            ),
            (self.tr("Keep Mine"), "bannerKeep", self._keep_mine),
            (self.tr("Compare"), "bannerCompare", lambda: self.compare_with(self.document.path)),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        banner.hide()
        return banner

    def revert(self) -> None:
        if self.document.path is None:
            return
        if self.document.is_modified():
            answer = QMessageBox.question(
                self,
                self.tr("Revert to Saved"),
                self.tr("Discard your changes and reload {name} from disk?").format(name=self.document.path.name),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        try:
            self.document.revert()
        except ChainFileError as error:
            show_error(self, self.tr("The file could not be reloaded; your chain is unchanged. {error}").format(error=error))
            return
        self.show_status(self.tr("Reverted to the saved {name}.").format(name=self.document.path.name))

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go on."""
        if not self.document.is_modified():
            return True
        box = QMessageBox(self)
        box.setObjectName("unsavedChangesDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Unsaved Changes"))
        box.setText(
            self.tr("Save the changes to {name} before closing it?").format(name=self.document.display_name)
        )
        box.setInformativeText(self.tr("If you don't save, your changes will be lost."))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.layouter.stop()
        self._save_settings()
        self.autosave.cancel()
        self.recovery.discard(self.recovery_key)
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        if self in MainWindow.windows:
            MainWindow.windows.remove(self)
        unsettle_heap()  # this chain's objects may be collected now
        event.accept()

    def quit_application(self) -> None:
        for window in list(MainWindow.windows):
            if not window.close():
                return
        QApplication.quit()

    def _fill_recent_menu(self) -> None:
        menu = self._recent_menu
        menu.clear()
        files = recent_files()
        for number, path in enumerate(files, start=1):
            action = menu.addAction(self.tr("&{number} {name}").format(number=number % 10, name=Path(path).name))
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, path=path: self.open_path(path))
        if files:
            menu.addSeparator()
        clear = menu.addAction(self.tr("Clear Menu"))
        clear.setEnabled(bool(files))
        clear.triggered.connect(lambda: settings().setValue("recent_files", []))

    # -- dropping files on the window ----------------------------------------------------

    def dragEnterEvent(self, event):
        if ChainView._chain_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):
        paths = ChainView._chain_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # -- edit -------------------------------------------------------------------------

    def copy(self) -> None:
        ids = self.view.selected_touchpoints()
        if not ids:
            return
        fragment = extract_fragment(self.document.chain, ids)
        mime = QMimeData()
        mime.setData(FRAGMENT_MIME, QByteArray(chain_to_bytes(fragment)))
        mime.setText("\n".join(t.label for t in fragment.touchpoints))
        QApplication.clipboard().setMimeData(mime)
        self._paste_count = 0
        self.show_status(
            (self.tr("Copied {count} touchpoints.") if len(ids) > 1 else self.tr("Copied {count} touchpoint.")).format(
                count=len(ids)
            )
        )

    def cut(self) -> None:
        ids = self.view.selected_touchpoints()
        if not ids:
            return
        self.copy()
        self.document.remove(ids)
        self.document.undo_stack.command(self.document.undo_stack.index() - 1).setText(
            (self.tr("Cut {count} touchpoints") if len(ids) > 1 else self.tr("Cut {count} touchpoint")).format(
                count=len(ids)
            )
        )
        self._paste_count = -1  # pasting after a cut puts things back where they were

    def paste(self) -> None:
        mime = QApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(FRAGMENT_MIME):
            self.show_status(self.tr("The clipboard holds no touchpoints to paste."))
            return
        try:
            fragment = load_chain(bytes(mime.data(FRAGMENT_MIME).data()), name=self.tr("The clipboard"))
        except ChainFileError as error:
            self.show_status(self.tr("Nothing was pasted: {reason}.").format(reason=error.reason))
            return
        self._paste_count += 1
        offset = PASTE_OFFSET * self._paste_count
        self._insert_fragment(fragment, (offset, offset))

    def duplicate(self) -> None:
        ids = self.view.selected_touchpoints()
        if ids:
            fragment = extract_fragment(self.document.chain, ids)
            self._insert_fragment(fragment, (PASTE_OFFSET, PASTE_OFFSET))

    def _insert_fragment(self, fragment: Chain, offset: tuple[float, float]) -> None:
        new_ids = self.document.paste(fragment, offset)
        self.view.select(new_ids)
        self.show_status(self.document.undo_stack.undoText() + ".")

    def delete_selection(self) -> None:
        ids = self.view.selected_touchpoints() + self.view.selected_handoffs()
        if ids:
            self.document.remove(ids)
            self.show_status(self.document.undo_stack.undoText() + ".")
        elif self.view.selected_lane() is not None:
            self.remove_lane()

    def select_all(self) -> None:
        for item in list(self.scene.touchpoint_items.values()) + list(self.scene.handoff_items.values()):
            item.setSelected(True)

    def rename(self) -> None:
        touchpoints = self.view.selected_touchpoints()
        if len(touchpoints) == 1:
            self.view.edit_label(touchpoints[0])
        elif self.view.selected_lane() is not None:
            self.view.edit_lane_name(self.view.selected_lane())

    # -- view -------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.view.zoom_in()

    def zoom_out(self) -> None:
        self.view.zoom_out()

    def zoom_to_fit(self) -> None:
        self.view.zoom_to_fit()

    def zoom_100(self) -> None:
        self.view.set_zoom(1.0)

    def toggle_snap(self, checked: bool) -> None:
        self.view.snap_to_grid = checked
        settings().setValue("view/snap", checked)

    # -- insert -----------------------------------------------------------------------

    def insert_step(self, checked: bool = True) -> None:
        self._insert_kind("step", checked)

    def insert_decision(self, checked: bool = True) -> None:
        self._insert_kind("decision", checked)

    def insert_start(self, checked: bool = True) -> None:
        self._insert_kind("start", checked)

    def insert_end(self, checked: bool = True) -> None:
        self._insert_kind("end", checked)

    def _insert_kind(self, kind: str, _checked: bool) -> None:
        """Choose the kind a double-click adds, and add one now at a free spot."""
        self.actions_by_id[f"insert.{kind}"].setChecked(True)
        self.view.insert_kind = kind
        self.add_touchpoint(kind)

    def add_touchpoint(self, kind: str) -> str | None:
        """Add a touchpoint right of the selected one, or in view, and edit its label."""
        chain = self.document.chain
        if not chain.departments:
            self.show_status(self.tr("Add a department first: touchpoints live in lanes."))
            return None
        selected = self.view.selected_touchpoints()
        if selected:
            anchor = self.document.touchpoint(selected[-1])
            department = anchor.department
            x = anchor.position.x + self.scene.touchpoint_items[anchor.id].size()[0] + 40
        else:
            department = self.view.selected_lane() or next(
                (d.id for d in chain.departments if d.role != "customer"), chain.departments[0].id
            )
            centre = self.view.mapToScene(self.view.viewport().rect().center())
            x = centre.x() - HEADER_WIDTH - least_card_size(kind)[0] / 2
        position = self.view.free_spot(department, kind, x)
        id = self.document.add_touchpoint(department, kind, position)
        self.view.select([id])
        self.view.edit_label(id)
        self.show_status(self.tr("Added a {kind}; type its label and press Enter.").format(kind=kind))
        return id

    def add_next_touchpoint(self) -> None:
        """Ctrl+Enter: a step right of the selected touchpoint, connected to it, in one step."""
        selected = self.view.selected_touchpoints()
        if len(selected) != 1:
            self.show_status(self.tr("Select one touchpoint to add the next one after it."))
            return
        source = self.document.touchpoint(selected[0])
        x = source.position.x + self.scene.touchpoint_items[source.id].size()[0] + 40
        position = self.view.free_spot(source.department, "step", x)
        stack = self.document.undo_stack
        stack.beginMacro(self.tr("Add next touchpoint"))
        try:
            id = self.document.add_touchpoint(source.department, "step", position)
            self.document.connect(source.id, id)
        finally:
            stack.endMacro()
        self.view.select([id])
        self.view.edit_label(id)
        self.show_status(self.tr("Added the next step; type its label and press Enter."))

    def toggle_connect_mode(self, checked: bool) -> None:
        self.view.connect_mode = checked
        if checked:
            self.show_status(self.tr("Connect mode: drag from one touchpoint to another to add a handoff."))

    def add_department(self) -> None:
        dialog = DepartmentDialog(self)
        if dialog.exec() != DepartmentDialog.DialogCode.Accepted:
            return
        lane = self.view.selected_lane()
        index = self.document.department_index(lane) + 1 if lane else None
        id = self.document.add_department(dialog.name(), dialog.role(), index)
        self.view.select([id])
        self.show_status(self.tr("Added the department {name}.").format(name=dialog.name()))

    # -- arrange ----------------------------------------------------------------------

    def move_lane_up(self) -> None:
        self._move_lane(-1)

    def move_lane_down(self) -> None:
        self._move_lane(1)

    def _move_lane(self, step: int) -> None:
        lane = self.view.selected_lane()
        if lane is not None:
            self.document.move_department(lane, self.document.department_index(lane) + step)
            self.view.select([lane])

    def rename_lane(self) -> None:
        lane = self.view.selected_lane()
        if lane is not None:
            self.view.edit_lane_name(lane)

    def remove_lane(self) -> None:
        lane = self.view.selected_lane()
        if lane is None:
            return
        department = self.document.department(lane)
        count = len(self.document.touchpoints_in(lane))
        if count:
            answer = QMessageBox.question(
                self,
                self.tr("Remove Department"),
                (
                    self.tr("Remove the department “{name}” and its {count} touchpoints? You can undo this.")
                    if count > 1
                    else self.tr("Remove the department “{name}” and its {count} touchpoint? You can undo this.")
                ).format(name=department.name, count=count),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.document.remove_department(lane)
        self.show_status(self.tr("Removed the department {name}.").format(name=department.name))

    def find(self) -> None:
        self.find_bar.open()

    def align_left(self) -> None:
        self._arrange(align, "left", self.tr("Align left"))

    def align_centre(self) -> None:
        self._arrange(align, "centre", self.tr("Align centre"))

    def align_right(self) -> None:
        self._arrange(align, "right", self.tr("Align right"))

    def align_top(self) -> None:
        self._arrange(align, "top", self.tr("Align top"))

    def align_middle(self) -> None:
        self._arrange(align, "middle", self.tr("Align middle"))

    def align_bottom(self) -> None:
        self._arrange(align, "bottom", self.tr("Align bottom"))

    def distribute_horizontally(self) -> None:
        self._arrange(distribute, "horizontal", self.tr("Distribute horizontally"))

    def distribute_vertically(self) -> None:
        self._arrange(distribute, "vertical", self.tr("Distribute vertically"))

    def auto_layout(self) -> None:
        self._layout("all")

    def layout_selection(self) -> None:
        if not self.view.selected_touchpoints():
            self.show_status(self.tr("Select the touchpoints to lay out first."))
            return
        self._layout("selection")

    def tidy_layout(self) -> None:
        self._layout("tidy")

    def _layout(self, mode: str) -> None:
        if self.layouter.running():
            self.show_status(self.tr("A layout is already running."))
            return
        self.show_status(self.tr("Laying out…"))
        self.layouter.start(
            self.document, engine=self.layout_engine(), mode=mode, selection=self.view.selected_touchpoints()
        )

    def layout_engine(self) -> str:
        return settings().value("layout/engine", "auto")

    def layout_engine_auto(self, _checked: bool = True) -> None:
        self._set_layout_engine("auto")

    def layout_engine_dot(self, _checked: bool = True) -> None:
        self._set_layout_engine("dot")

    def layout_engine_builtin(self, _checked: bool = True) -> None:
        self._set_layout_engine("builtin")

    def _set_layout_engine(self, engine: str) -> None:
        settings().setValue("layout/engine", engine)
        self.actions_by_id[f"arrange.engine_{engine}"].setChecked(True)

    def fit_cards_to_text(self) -> None:
        """Forget the size the user gave the selected cards: they fit their text again."""
        resized = [id for id in self.view.selected_touchpoints() if self.document.touchpoint(id).size is not None]
        if not resized:
            self.show_status(self.tr("Select a card you resized to fit it to its text again."))
            return
        self.document.set_fields(resized, self.tr("Fit cards to text"), size=None)
        message = self.tr("The card fits its text again.") if len(resized) == 1 else self.tr("{count} cards fit their text again.")
        self.show_status(message.format(count=len(resized)))

    def _arrange(self, how, argument: str, text: str) -> None:
        """Align or distribute the selected cards (in scene coordinates), one undo step."""
        ids = self.view.selected_touchpoints()
        needed = 3 if how is distribute else 2
        if len(ids) < needed:
            self.show_status(
                self.tr("Select at least {count} touchpoints to {action}.").format(count=needed, action=text.lower())
            )
            return
        boxes = []
        for id in ids:
            rect = self.scene.touchpoint_items[id].card_rect()
            boxes.append(Box(id, rect.x(), rect.y(), rect.width(), rect.height()))
        moves = {}
        for id, (x, y) in how(boxes, argument).items():
            kind = self.document.touchpoint(id).kind
            moves[id] = self.scene.model_position(QPointF(x, y), kind)
        self.document.move_touchpoints(moves, text=text)
        self.show_status(self.tr("{action}: {count} touchpoints.").format(action=text, count=len(ids)))

    # -- review -------------------------------------------------------------------------

    def sign_off(self) -> None:
        touchpoints = self.view.selected_touchpoints()
        if len(touchpoints) != 1:
            self.show_status(self.tr("Select one touchpoint to sign off."))
            return
        SignOffDialog(self.document, touchpoints[0], self).exec()

    def edit_people(self) -> None:
        PeopleDialog(self.document, self).exec()

    def edit_rules(self) -> None:
        RulesDialog(self.document, self).exec()

    def toggle_owner_names(self, checked: bool) -> None:
        """View > Owner Names on Cards: owners by name and job title, not only initials."""
        self.scene.set_owner_names(checked)
        self.view.viewport().update()
        settings().setValue("view/owner_names", checked)

    def toggle_review_mode(self, checked: bool) -> None:
        self.scene.set_review_mode(checked)
        self.view.viewport().update()
        if checked:
            self.show_status(self.tr("Review mode: touchpoints are coloured by review status."))

    def next_finding(self) -> None:
        """Select the element of the next finding (F8), most severe first."""
        elements = list(dict.fromkeys(
            f.element for f in self.lint.findings if f.element is not None and f.ignored is None
        ))
        if not elements:
            self.show_status(self.tr("No findings: the chain passes every rule."))
            return
        selected = self.view.selected_touchpoints() + self.view.selected_handoffs()
        current = elements.index(selected[0]) if selected and selected[0] in elements else -1
        self.select_element(elements[(current + 1) % len(elements)])

    def select_element(self, id: str) -> None:
        """Select a touchpoint, handoff or lane and bring it into view, centred."""
        self.view.select([id])
        item = self.scene.touchpoint_items.get(id) or self.scene.handoff_items.get(id) or self.scene.lane_items.get(id)
        if item is not None:
            self.view.centerOn(item.sceneBoundingRect().center())
        messages = [f.message for f in self.lint.findings_of(id) if f.ignored is None]
        if messages:
            self.show_status(messages[0])

    # -- help -------------------------------------------------------------------------

    def show_getting_started(self) -> None:
        GettingStartedDialog(self).exec()

    def show_rules_help(self) -> None:
        RulesHelpDialog(self).exec()

    def about(self) -> None:
        AboutDialog(self).exec()

    # -- settings ---------------------------------------------------------------------

    def _restore_settings(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = store.value("window/state")
        if state is None or not self.restoreState(state):
            # First start: docks sized once the window has its size (see showEvent).
            self._first_dock_sizes = True
        self.actions_by_id[f"arrange.engine_{self.layout_engine()}"].setChecked(True)
        snap = store.value("view/snap", False, type=bool)
        self.actions_by_id["view.snap"].setChecked(snap)
        self.view.snap_to_grid = snap
        owner_names = store.value("view/owner_names", False, type=bool)
        self.actions_by_id["view.owner_names"].setChecked(owner_names)
        self.scene.set_owner_names(owner_names)

    _first_dock_sizes = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._first_dock_sizes:
            self._first_dock_sizes = False
            # Docks wide enough for their forms; the canvas keeps the rest.
            self.resizeDocks([self.inspector_dock, self.overview_dock], [360, 360], Qt.Orientation.Horizontal)
            self.resizeDocks([self.inspector_dock, self.overview_dock], [560, 170], Qt.Orientation.Vertical)
            self.resizeDocks([self.findings_dock], [220], Qt.Orientation.Vertical)

    def _save_settings(self) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())


def recent_files() -> list[str]:
    files = settings().value("recent_files", [], type=list) or []
    return [str(path) for path in files][:MAX_RECENT]


def add_recent_file(path: Path | None) -> None:
    if path is None:
        return
    path = str(Path(path).resolve())
    files = [path] + [other for other in recent_files() if other != path]
    settings().setValue("recent_files", files[:MAX_RECENT])

