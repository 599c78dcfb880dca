"""The Comments dock: the chain's comment threads, filtered, and the verbs on them.

A thread is a comment with its replies indented under it. Each comment shows its kind
(a coloured tag with the word), author, date, status, session and its whole text,
wrapped; a thread also says what it is pinned to. Filters: kind, status (open at first),
element (all, or the selection on the canvas: nothing selected is the chain itself) and
session. Add, Reply, Resolve/Reopen, Edit and Delete each make one undo step through
the Document; Resolve and Reopen act on a whole thread.

The panel asks its owner for the review session in progress (`current_session`), so
comments made while one is current belong to it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import shiboken6

from PySide6.QtCore import QEvent, QModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeySequence, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.commands import SetFieldsCommand
from app.document import Document, EditRefused
from app.review_author import has_chosen_author, review_author, set_review_author
from models.chain import COMMENT_KINDS, Comment, Department, Handoff, Session, Touchpoint
from models.comments import pinned_elements
from widgets.canvas.lane_item import LaneItem
from widgets.canvas.view import ChainView
from widgets.comment_dialog import KIND_COLOURS, CommentDialog, kind_name
from widgets.findings_panel import element_label

ID_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
MARGIN = 6  # around a comment's text in its row

#: The element filter's choices.
ALL_ELEMENTS, SELECTION = "all", "selection"


class CommentDelegate(QStyledItemDelegate):
    """Paints a row's rich text (HTML_ROLE) wrapped to the row's width, every word shown."""

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self.tree = tree

    def _layout(self, index: QModelIndex, font, width: float) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
        document.setDocumentMargin(0)
        document.setHtml(index.data(HTML_ROLE) or "")
        document.setTextWidth(max(40.0, width))
        return document

    def _text_width(self, index: QModelIndex) -> float:
        depth = 0 if not index.parent().isValid() else 1
        return self.tree.viewport().width() - depth * self.tree.indentation() - 2 * MARGIN

    def sizeHint(self, option, index) -> QSize:
        document = self._layout(index, option.font, self._text_width(index))
        return QSize(int(document.idealWidth()) + 2 * MARGIN, int(document.size().height()) + 2 * MARGIN)

    def paint(self, painter, option, index) -> None:
        item_option = QStyleOptionViewItem(option)
        self.initStyleOption(item_option, index)
        item_option.text = ""  # the background and focus only; the text is ours
        widget = item_option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item_option, painter, widget)
        document = self._layout(index, option.font, option.rect.width() - 2 * MARGIN)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        if not index.parent().isValid() and index.row() > 0:  # a rule between threads
            painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
            painter.drawLine(option.rect.left(), option.rect.top(), option.rect.right(), option.rect.top())
        painter.translate(option.rect.left() + MARGIN, option.rect.top() + MARGIN)
        context.clip = QRectF(0, 0, option.rect.width(), option.rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()


class CommentTree(QTreeWidget):
    """The threads; rows are laid out again when the width changes (their text wraps)."""

    delete_pressed = Signal()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def event(self, event) -> bool:
        # Delete deletes the selected comment here, not the canvas's selection (Edit > Delete).
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(QKeySequence.StandardKey.Delete):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Delete):
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class CommentsPanel(QWidget):
    #: A comment was clicked or activated: select its element (a touchpoint, handoff or lane).
    element_activated = Signal(str)
    #: A sentence for the status bar.
    status_message = Signal(str)
    #: "Create Action…" on a comment: make an improvement action answering it (its id).
    action_requested = Signal(str)

    def __init__(self, document: Document, view: ChainView, current_session: Callable[[], str | None] = lambda: None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("commentsPanel")
        self.document = document
        self.view = view
        self.current_session = current_session
        self._pinned: dict[str, str | None] = {}  # comment id -> its thread's element
        self._pinned_to: set[str | None] = set()  # the elements of the threads shown
        self._pinned_names: dict[str | None, str] = {}  # and their names, when last shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)

        self.session_label = QLabel()
        self.session_label.setObjectName("commentsSession")
        self.session_label.setWordWrap(True)
        self.author_label = QLabel()
        self.author_label.setObjectName("commentsAuthor")
        self.author_label.setWordWrap(True)
        self.author_label.linkActivated.connect(lambda _link: self.ask_author())
        layout.addWidget(self.session_label)
        layout.addWidget(self.author_label)

        filters = QGridLayout()
        filters.setHorizontalSpacing(6)
        self.kind_filter = self._combo("commentsKindFilter", self.tr("Show comments of kind"),
                                       [(self.tr("All kinds"), None)] + [(kind_name(k), k) for k in COMMENT_KINDS])
        self.status_filter = self._combo("commentsStatusFilter", self.tr("Show comments with status"),
                                         [(self.tr("Open"), "open"), (self.tr("Resolved"), "resolved"),
                                          (self.tr("Open and resolved"), None)])
        self.element_filter = self._combo("commentsElementFilter", self.tr("Show comments on"),
                                          [(self.tr("All elements"), ALL_ELEMENTS), (self.tr("The selection"), SELECTION)])
        self.session_filter = self._combo("commentsSessionFilter", self.tr("Show comments of session"), [])
        filters.addWidget(self.kind_filter, 0, 0)
        filters.addWidget(self.status_filter, 0, 1)
        filters.addWidget(self.element_filter, 1, 0)
        filters.addWidget(self.session_filter, 1, 1)
        layout.addLayout(filters)

        self.tree = CommentTree()
        self.tree.setObjectName("commentsTree")
        self.tree.setAccessibleName(self.tr("Comments"))
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setIndentation(22)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setItemDelegate(CommentDelegate(self.tree))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemClicked.connect(self._activate)
        self.tree.itemActivated.connect(self._activate)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tree.delete_pressed.connect(self.delete_selected)
        layout.addWidget(self.tree, 1)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("commentsEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label, 1)  # in the list's place while it is empty

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.add_button = self._button("commentsAdd", self.tr("&Add…"), self.tr("Comment on the selected element, or on the chain"), self.add_to_selection)
        self.reply_button = self._button("commentsReply", self.tr("Re&ply…"), self.tr("Reply to the selected comment"), self.reply_to_selected)
        self.resolve_button = self._button("commentsResolve", self.tr("Re&solve"), self.tr("Mark the selected thread resolved"), self.toggle_resolved)
        self.edit_button = self._button("commentsEdit", self.tr("&Edit…"), self.tr("Change the selected comment"), self.edit_selected)
        self.delete_button = self._button("commentsDelete", self.tr("&Delete"), self.tr("Delete the selected comment and its replies"), self.delete_selected)
        for button in (self.add_button, self.reply_button, self.resolve_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        for combo in (self.kind_filter, self.status_filter, self.element_filter, self.session_filter):
            combo.currentIndexChanged.connect(self.refresh)
        document.comments_changed.connect(self.refresh)
        document.sessions_changed.connect(self._sessions_changed)
        document.chain_reset.connect(self._sessions_changed)
        document.touchpoint_changed.connect(self._labels_changed)
        document.touchpoints_changed.connect(self._many_labels_changed)
        document.handoff_changed.connect(self._labels_changed)
        document.departments_changed.connect(self.refresh)
        view.chain_scene.selectionChanged.connect(self._selection_changed)
        self._fill_session_filter()
        self.show_current_session()
        self.refresh()

    # -- building ------------------------------------------------------------------------

    def _combo(self, name: str, accessible: str, choices) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        for text, data in choices:
            combo.addItem(text, data)
        return combo

    def _button(self, name: str, text: str, tip: str, run) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(run)
        return button

    def _fill_session_filter(self) -> None:
        combo = self.session_filter
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All sessions"), None)
        for session in sorted(self.document.chain.sessions, key=lambda s: (s.date, s.title)):
            combo.addItem(self.tr("{date} {title}").format(date=session.date, title=session.title), session.id)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    # -- what is shown ---------------------------------------------------------------------

    def show_current_session(self) -> None:
        """Say which review session comments made now belong to, and under which name."""
        session = self._session(self.current_session())
        if session is None:
            self.session_label.setText(self.tr("No session in progress (Review > Sessions…)."))
        else:
            self.session_label.setText(self.tr("<b>Session: {title}</b> ({date})").format(
                title=html.escape(session.title), date=session.date))
        name = review_author() or self.tr("(no name yet)")
        self.author_label.setText(self.tr("Commenting as {name} · <a href='author'>change</a>").format(name=html.escape(name)))

    def _session(self, id: str | None) -> Session | None:
        element = self.document.element(id) if id and self.document.has(id) else None
        return element if isinstance(element, Session) else None

    def _sessions_changed(self) -> None:
        self._fill_session_filter()
        self.show_current_session()
        self.refresh()

    def _labels_changed(self, id: str) -> None:
        # A set, not a walk over the comments: an auto-layout changes 5,000 touchpoints.
        if id in self._pinned_to:
            self.refresh()

    def _many_labels_changed(self, ids: list) -> None:
        """A batch changed these touchpoints (an auto-layout moves thousands): shown again
        only when one that a thread is pinned to has a new name."""
        names = self._pinned_names
        if any(self.pinned_name(id) != names.get(id) for id in self._pinned_to.intersection(ids)):
            self.refresh()

    def _selection_changed(self) -> None:
        if not shiboken6.isValid(self.view.chain_scene):
            return  # the scene clears its selection as it is deleted with its window
        if self.element_filter.currentData() == SELECTION:
            self.refresh()
        self._update_buttons()

    def show_selection_only(self) -> None:
        """Filter to the selection (a comment marker was clicked): its open comments."""
        self.element_filter.setCurrentIndex(self.element_filter.findData(SELECTION))
        self.status_filter.setCurrentIndex(self.status_filter.findData("open"))
        self.refresh()
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def selected_element(self) -> tuple[bool, str | None]:
        """(one element or none is selected, that element or None for the chain)."""
        view = self.view
        touchpoints, handoffs = view.selected_touchpoints(), view.selected_handoffs()
        lanes = [i.department_id for i in view.chain_scene.selectedItems() if isinstance(i, LaneItem)]
        chosen = touchpoints + handoffs + lanes
        if len(chosen) > 1:
            return False, None
        return True, (chosen[0] if chosen else None)

    def refresh(self) -> None:
        """Show the threads the filters let through, keeping the selected comment."""
        current = self.selected_comment()
        chain = self.document.chain
        self._pinned = pinned = pinned_elements(chain)
        self._pinned_to = set(pinned.values())
        self._pinned_names = {element: self.pinned_name(element) for element in self._pinned_to}
        kind, status = self.kind_filter.currentData(), self.status_filter.currentData()
        session = self.session_filter.currentData()
        elements = None
        if self.element_filter.currentData() == SELECTION:
            view = self.view
            elements = set(view.selected_touchpoints() + view.selected_handoffs())
            elements |= {i.department_id for i in view.chain_scene.selectedItems() if isinstance(i, LaneItem)}
            if not elements:
                elements = {None}  # nothing selected: the chain's own comments

        def passes(comment: Comment) -> bool:
            return ((kind is None or comment.kind == kind) and (status is None or comment.status == status)
                    and (session is None or comment.session == session))

        threads: dict[str, list[Comment]] = {}
        roots: dict[str, str] = {}  # comment id -> its thread's first comment
        for comment in chain.comments:
            root = roots[comment.reply_to] if comment.reply_to in roots else comment.id
            roots[comment.id] = root
            threads.setdefault(root, []).append(comment)
        self.tree.clear()
        chosen = None
        for root, comments in threads.items():
            if elements is not None and pinned[root] not in elements:
                continue
            if not any(passes(comment) for comment in comments):
                continue
            top = None
            for comment in comments:
                item = QTreeWidgetItem(self.tree) if top is None else QTreeWidgetItem(top)
                top = top or item
                self._fill(item, comment, pinned[root] if comment is comments[0] else "")
                if comment.id == current:
                    chosen = item
        self.tree.expandAll()
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        empty = self.tree.topLevelItemCount() == 0
        self.tree.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if empty:
            self.empty_label.setText(self.tr("No comments to show. Select a card, a handoff or a lane and press Add… "
                                             "(nothing selected: a comment on the whole chain).")
                                     if not chain.comments else self.tr("No comments match these filters."))
        self._update_buttons()

    def _fill(self, item: QTreeWidgetItem, comment: Comment, pinned: str | None) -> None:
        """The row of `comment`; `pinned` is its thread's element, "" on a reply."""
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        session = self._session(comment.session)
        facts = [html.escape(comment.date)]
        facts.append(self.tr("open") if comment.status == "open" else self.tr("✓ resolved"))
        if session is not None:
            facts.append(self.tr("session: {title}").format(title=html.escape(session.title)))
        kind = kind_name(comment.kind)
        head = (f"<span style='background-color:{KIND_COLOURS.get(comment.kind, '#555555')}; color:#ffffff'>"
                f"&nbsp;{html.escape(kind)}&nbsp;</span>&nbsp; <b>{html.escape(comment.author)}</b>"
                f"<span style='color:{muted}'> · {' · '.join(facts)}</span>")
        text = html.escape(comment.text)
        body = f"<div style='white-space:pre-wrap; margin-top:3px'>{text}</div>"
        where = ""
        if pinned != "":
            where = f"<div style='color:{muted}; margin-top:3px'>{html.escape(self.tr('On: {element}').format(element=self.pinned_name(pinned)))}</div>"
        item.setData(0, HTML_ROLE, head + body + where)
        item.setData(0, ID_ROLE, comment.id)
        item.setText(0, self.tr("{kind} by {author}, {date}, {status}: {text}").format(
            kind=kind, author=comment.author, date=comment.date,
            status=self.tr("open") if comment.status == "open" else self.tr("resolved"), text=comment.text))

    def pinned_name(self, element: str | None) -> str:
        """What a comment is about, as a reader names it."""
        if element is None:
            return self.tr("the chain")
        found = self.document.element(element) if self.document.has(element) else None
        if isinstance(found, Handoff):
            return self.tr("handoff {name}").format(name=element_label(self.document, element))
        if isinstance(found, Department):
            return self.tr("department {name}").format(name=element_label(self.document, element))
        if isinstance(found, Touchpoint):
            return element_label(self.document, element)
        return element

    # -- the selected comment ----------------------------------------------------------------

    def selected_comment(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select_comment(self, id: str) -> None:
        for item in self._items():
            if item.data(0, ID_ROLE) == id:
                self.tree.setCurrentItem(item)
                return

    def _items(self):
        for row in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(row)
            yield top
            for child in range(top.childCount()):
                yield top.child(child)

    def _thread(self, id: str) -> list[str]:
        """The ids of the thread `id` belongs to: its first comment and every reply."""
        by_id = {c.id: c for c in self.document.chain.comments}
        root = id
        while by_id[root].reply_to in by_id:
            root = by_id[root].reply_to
        return [root, *self._replies(root)]

    def _replies(self, id: str) -> list[str]:
        """The replies to `id`, and the replies to those, in file order."""
        found, replies = {id}, []
        for comment in self.document.chain.comments:  # a reply comes after what it answers
            if comment.reply_to in found:
                found.add(comment.id)
                replies.append(comment.id)
        return replies

    def _update_buttons(self) -> None:
        id = self.selected_comment()
        for button in (self.reply_button, self.resolve_button, self.edit_button, self.delete_button):
            button.setEnabled(id is not None)
        comment = self._comment(id)
        self.resolve_button.setText(self.tr("Re&open") if comment is not None and comment.status == "resolved" else self.tr("Re&solve"))

    def _comment(self, id: str | None) -> Comment | None:
        element = self.document.element(id) if id and self.document.has(id) else None
        return element if isinstance(element, Comment) else None

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        element = self._pinned.get(item.data(0, ID_ROLE))
        if element is not None and self.document.has(element):
            self.element_activated.emit(element)

    def _context_menu(self, point) -> None:
        item = self.tree.itemAt(point)
        if item is not None:
            self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.tr("Add…"), self.add_to_selection)
        if item is not None:
            menu.addAction(self.tr("Reply…"), self.reply_to_selected)
            menu.addAction(self.resolve_button.text().replace("&", ""), self.toggle_resolved)
            menu.addAction(self.tr("Edit…"), self.edit_selected)
            menu.addAction(self.tr("Delete"), self.delete_selected)
            menu.addSeparator()
            menu.addAction(self.tr("Create Action…"), lambda: self.action_requested.emit(self.selected_comment()))
        menu.exec(self.tree.viewport().mapToGlobal(point))

    # -- verbs ---------------------------------------------------------------------------------

    def ask_author(self) -> bool:
        """Ask for the name comments are made under; False when cancelled."""
        name, ok = QInputDialog.getText(self, self.tr("Your Name"), self.tr("Comments and sign-offs are made under this name:"),
                                        text=review_author())
        if ok and name.strip():
            set_review_author(name)
            self.show_current_session()
            return True
        return False

    def _write(self, title: str, about: str, save, kind: str = "critique", text: str = "", ask_author: bool = True) -> None:
        """Run the comment dialog until `save(dialog)` is accepted by the Document or the user cancels."""
        asking = ask_author and not has_chosen_author()
        session = self._session(self.current_session())
        dialog = CommentDialog(title, about, self, kind=kind, text=text,
                               author=review_author() if asking else None,
                               session=session.title if session is not None and ask_author else None)
        while dialog.exec():
            try:
                if asking:
                    set_review_author(dialog.author())
                id = save(dialog)
            except EditRefused as refusal:
                dialog.show_error(str(refusal))
                continue
            self.show_current_session()
            if id is not None:
                self.refresh()
                self.select_comment(id)
            return

    def add_to_selection(self) -> None:
        """Add a comment on the selected touchpoint, handoff or lane, or on the chain."""
        one, element = self.selected_element()
        if not one:
            self.status_message.emit(self.tr("Select one touchpoint, handoff or lane to comment on it, or nothing to comment on the chain."))
            return
        self.add_comment(element)

    def add_comment(self, element: str | None) -> None:
        def save(dialog: CommentDialog) -> str:
            return self.document.add_comment(element, dialog.text(), review_author(), dialog.kind(),
                                             session=self.current_session())

        self._write(self.tr("Add Comment"), self.tr("On: {element}").format(element=self.pinned_name(element)), save)

    def reply_to_selected(self) -> None:
        comment = self._comment(self.selected_comment())
        if comment is None:
            return

        def save(dialog: CommentDialog) -> str:
            return self.document.add_comment(None, dialog.text(), review_author(), dialog.kind(), reply_to=comment.id,
                                             session=self.current_session())

        about = self.tr("Reply to {author} ({date}): {text}").format(author=comment.author, date=comment.date, text=comment.text)
        self._write(self.tr("Reply"), about, save, kind=comment.kind)

    def edit_selected(self) -> None:
        comment = self._comment(self.selected_comment())
        if comment is None:
            return

        def save(dialog: CommentDialog) -> str:
            # (Not set_fields: its second argument is named `text` too.)
            fields = {name: value for name, value in (("text", dialog.text()), ("kind", dialog.kind()))
                      if getattr(comment, name) != value}
            if fields:
                self.document.push(SetFieldsCommand(self.document, [comment.id], fields, self.tr("Edit comment")))
            return comment.id

        about = self.tr("By {author} ({date}), on: {element}").format(
            author=comment.author, date=comment.date, element=self.pinned_name(self._pinned.get(comment.id)))
        self._write(self.tr("Edit Comment"), about, save, kind=comment.kind, text=comment.text, ask_author=False)

    def toggle_resolved(self) -> None:
        """Resolve the selected comment's thread, or reopen it when it is resolved."""
        comment = self._comment(self.selected_comment())
        if comment is None:
            return
        reopening = comment.status == "resolved"
        text = self.tr("Reopen comment") if reopening else self.tr("Resolve comment")
        self.document.set_fields(self._thread(comment.id), text, status="open" if reopening else "resolved")
        self.select_comment(comment.id)

    def delete_selected(self) -> None:
        """Delete the selected comment, with its replies after asking."""
        comment = self._comment(self.selected_comment())
        if comment is None:
            return
        replies = len(self._replies(comment.id))
        if replies:
            question = (self.tr("Delete this comment and its {count} replies?").format(count=replies) if replies > 1
                        else self.tr("Delete this comment and its reply?"))
            buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete Comment"), question, buttons, self)
            box.setObjectName("deleteCommentBox")
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        self.document.remove_comments(comment.id)
