"""The window's centre: banners above the canvas, the canvas of the open chain, the find bar.

The area stays while sessions come and go; only the canvas (the session's view) in it
is swapped, so the docks around it keep their sizes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.disk_changes import DiskBanner
from widgets.canvas.view import ChainView
from widgets.find_bar import FindBar


class CanvasArea(QWidget):
    def __init__(self, window, view: ChainView):
        super().__init__()
        self.setObjectName("canvasArea")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.banner = DiskBanner(window)
        self._layout.addWidget(self.banner)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("#readOnlyBanner { background: #e3f2fd; color: #0d2a4a; padding: 6px; }")
        self.read_only_banner.hide()
        self._layout.addWidget(self.read_only_banner)
        self.view = view
        self._layout.addWidget(view, 1)
        # The find bar sits under the canvas, hidden until Ctrl+F.
        self.find_bar = FindBar(view)
        self.find_bar.hide()
        self._layout.addWidget(self.find_bar)

    def show_view(self, view: ChainView) -> None:
        """Put `view` where the canvas is (the one there before is its session's to delete)."""
        if view is self.view:
            return
        self._layout.replaceWidget(self.view, view)
        self._layout.setStretchFactor(view, 1)
        view.show()  # now, not when the event loop next runs
        self._layout.activate()  # the new canvas at its size now, so that it can be framed
        self.view = view
        self.banner.hide()  # it spoke of the chain shown before
        self.find_bar.set_view(view)

    def show_read_only(self, document) -> None:
        """Say why `document` is read-only, or hide the banner when it is not."""
        self.read_only_banner.setVisible(document.read_only)
        if document.read_only and document.write_protected:
            self.read_only_banner.setText(
                self.tr(
                    "Read-only: {name} has no write permission, so it is not changed. "
                    "Save As keeps your changes in a file of your own."
                ).format(name=document.display_name)
            )
        elif document.read_only:
            self.read_only_banner.setText(
                self.tr(
                    "Read-only: someone else is editing {name}. "
                    "Save As keeps your changes in a file of your own."
                ).format(name=document.display_name)
            )
