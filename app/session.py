"""One open chain in a window, and everything made for it, living and dying together.

An EditorSession owns the Document, its ChainScene and ChainView, live lint, the lock on
the file, the key of its recovery copy, the watcher of its file on disk, and the dock
contents the window built for it (`dock_contents`). The window swaps whole sessions (File > New,
Open, Revert); `close` disconnects and deletes everything the session made, so nothing
made for one chain outlives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.document import Document
from app.live_lint import LintController
from app.locks import Lock
from app.recovery import new_key
from widgets.canvas.scene import ChainScene
from widgets.canvas.view import ChainView

#: Below this zoom labels are too small to read, so a large chain is shown in part.
READABLE_ZOOM = 0.7
#: Above this many touchpoints the part is shown at 100%: the first frame then paints
#: half as many cards, which keeps opening a very large chain as quick as before.
PART_AT_100_ABOVE = 2_000


@dataclass
class ViewChoices:
    """What the user chose for the canvas; it stays when the window shows another chain."""

    insert_kind: str = "step"  # what a double-click on a lane (or Insert > Add) adds
    connect_mode: bool = False
    snap_to_grid: bool = False
    review_mode: bool = False
    owner_names: bool = False
    scorecard: bool = False


class EditorSession(QObject):
    #: The open file changed on disk (by us, a colleague or git).
    file_changed = Signal()
    #: The review session in progress was chosen or ended (see `review_session`).
    review_session_changed = Signal()

    def __init__(self, document: Document, choices: ViewChoices, lock: Lock | None = None,
                 recovery_key: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        document.setParent(self)
        self.lock = lock
        self.recovery_key = recovery_key or new_key()
        self.scene = ChainScene(document, parent=self)
        self.view = ChainView(self.scene)
        self.lint = LintController(document, self)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _path: self.file_changed.emit())
        document.path_changed.connect(self.watch_file)
        self.watch_file()
        #: dock id -> the widget the window built for this chain (see app/docks.py)
        self.dock_contents: dict[str, QWidget] = {}
        #: The id of the review session in progress (Review > Sessions…): comments and
        #: sign-offs made now belong to it. Not saved in the file.
        self.review_session: str | None = None
        document.sessions_changed.connect(self._drop_removed_review_session)
        document.chain_reset.connect(self._drop_removed_review_session)
        self.apply(choices)

    def apply(self, choices: ViewChoices) -> None:
        self.view.insert_kind = choices.insert_kind
        self.view.connect_mode = choices.connect_mode
        self.view.snap_to_grid = choices.snap_to_grid
        if self.scene.review_mode != choices.review_mode:
            self.scene.set_review_mode(choices.review_mode)
            self.view.viewport().update()
        if self.scene.scorecard != choices.scorecard:
            self.scene.set_scorecard(choices.scorecard)
            self.view.viewport().update()
        if self.scene.owner_names != choices.owner_names:
            self.scene.set_owner_names(choices.owner_names)
            self.view.viewport().update()

    def set_review_session(self, id: str | None) -> None:
        if id != self.review_session:
            self.review_session = id
            self.review_session_changed.emit()

    def _drop_removed_review_session(self) -> None:
        """A session removed (or its adding undone) is no longer in progress."""
        if self.review_session is not None and not self.document.has(self.review_session):
            self.set_review_session(None)

    def watch_file(self) -> None:
        """Watch the document's file (again: an atomic replace ends a watch)."""
        watched = self.watcher.files()
        if watched:
            self.watcher.removePaths(watched)
        path = self.document.path
        if path is not None and path.exists():
            self.watcher.addPath(str(path))

    def set_lock(self, lock: Lock | None) -> None:
        """Hold `lock` for the open file, releasing any other."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock

    def describe_selection(self) -> str:
        """What a screen reader says about the canvas: the selection and its findings."""
        document, touchpoints = self.document, self.view.selected_touchpoints()
        if len(touchpoints) == 1:
            touchpoint = document.touchpoint(touchpoints[0])
            owner = document.person(touchpoint.owner) if touchpoint.owner else None
            findings = [f.message for f in self.lint.findings_of(touchpoint.id) if f.ignored is None]
            text = self.tr("Touchpoint {label}, {kind}, in {department}, owner {owner}.").format(
                label=touchpoint.label or self.tr("without a label"),
                kind=touchpoint.kind,
                department=document.department(touchpoint.department).name,
                owner=owner.name if owner else self.tr("none"),
            ) + " " + " ".join(findings)
        elif touchpoints:
            text = self.tr("{count} touchpoints selected.").format(count=len(touchpoints))
        else:
            text = self.tr("Chain {title}: {count} touchpoints.").format(
                title=document.chain.title, count=len(document.chain.touchpoints)
            )
        return text.strip()

    def close(self, release_lock: bool = True) -> None:
        """Disconnect and delete everything made for this chain.

        Deletion waits for the event loop (deleteLater): the swap may have been started
        by one of these objects' own signals (a file dropped on the view). Until then
        their signals are blocked, so nothing reaches the window from a closed chain.
        """
        if release_lock:
            self.set_lock(None)
        self.lock = None
        widgets = (*self.dock_contents.values(), self.view)
        for sender in (self.document, self.document.undo_stack, self.scene, self.lint, self.watcher, self, *widgets):
            sender.blockSignals(True)
        # Their parents (the docks, the canvas area, the window) keep them until then.
        for widget in widgets:
            widget.hide()
            widget.deleteLater()
        self.deleteLater()  # the document, scene, lint and watcher with it


def frame_chain(view: ChainView) -> None:
    """Show the whole chain, or, when that would be too small to read, its start at a
    readable zoom; never blown up beyond 100%."""
    rect = view.chain_scene.content_rect()
    if rect.isEmpty():
        return
    if view.fit_zoom() >= READABLE_ZOOM:  # (not fitted first only to zoom in again: a
        view.zoom_to_fit()  # large chain would draw itself as a miniature in between)
        if view.zoom() > 1.0:
            view.set_zoom(1.0)  # a small chain stays centred
        if view.zoom() >= READABLE_ZOOM:
            return
    large = len(view.document.chain.touchpoints) > PART_AT_100_ABOVE
    view.set_zoom(1.0 if large else READABLE_ZOOM)
    # The chain's top-left corner at the viewport's top-left corner (scrolled there, not
    # centred: centring rounds through the scroll bars' steps).
    corner = view.mapFromScene(rect.topLeft())
    for bar, offset in ((view.horizontalScrollBar(), corner.x()), (view.verticalScrollBar(), corner.y())):
        bar.setValue(bar.value() + offset)
