"""The "who serves whom" panel: one department's internal suppliers and customers.

It answers, for the department selected on the canvas, the service-chain question
"would your internal customers hire you back?": whom it receives work from, whom it
hands work to, and whether its work ends up reaching the external customer.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from models.chain import Department, Handoff
from models.lint.rules.measures import LOW_RATING
from models.measures import latest_ratings
from models.relations import DepartmentRelations, Relation, department_relations
from widgets.inspector import named

HINT = QT_TRANSLATE_NOOP("ServesPanel", "Select a department (its lane header) or a touchpoint to see whom it serves.")
HANDOFF_ROLE = Qt.ItemDataRole.UserRole  # a handoff row's handoff id; None on other rows


class ServesPanel(QWidget):
    #: A handoff row was clicked or activated with the keyboard; carries the handoff id.
    handoff_activated = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("servesPanel")
        self.setAccessibleName(self.tr("Who serves whom"))
        self.document: Document | None = None
        self.department_id: str | None = None
        self._stale = False
        # Whether the next refresh walks the chain again (else only the labels of the
        # handoffs' ends changed since the last one, which kept its relations).
        self._walk = True
        self._relations: tuple[str, DepartmentRelations] | None = None  # (department, its relations)
        self._rows: dict[QTreeWidget, list] = {}  # what each tree shows (see _fill)
        # What the last refresh read of each touchpoint: its lane and whom it serves, and the
        # labels of the ends of the handoffs shown (see _on_touchpoints_changed).
        self._seen: dict[str, tuple[str, str]] = {}
        self._labels_shown: dict[str, str] = {}
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(250)
        self._refresh_timer.timeout.connect(self.refresh)

        self.hint = self._label("servesHint", self.tr(HINT), greyed=True)
        self.heading = self._label("servesHeading")
        font = self._bold(self.heading.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        self.rating = self._label("servesRating")  # how its internal customers rate it, latest period
        self.reaches = self._label("servesReachesExternal")
        self.reaches_why = self._label("servesReachesWhy")
        self.suppliers = self._tree("servesSuppliers")
        self.customers = self._tree("servesCustomers")
        self.no_suppliers = self._label("servesNoSuppliers", greyed=True)  # for an empty list
        self.no_customers = self._label("servesNoCustomers", greyed=True)

        details = QWidget()
        layout = QVBoxLayout(details)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.rating)
        layout.addWidget(self.reaches)
        layout.addWidget(self.reaches_why)
        layout.addSpacing(6)
        layout.addWidget(self._caption(self.tr("Receives from"), self.suppliers))
        layout.addWidget(self.suppliers, 1)
        layout.addWidget(self.no_suppliers)
        layout.addSpacing(6)
        layout.addWidget(self._caption(self.tr("Hands to"), self.customers))
        layout.addWidget(self.customers, 1)
        layout.addWidget(self.no_customers)
        layout.addStretch(0)

        hint_page = QWidget()
        hint_layout = QVBoxLayout(hint_page)
        hint_layout.setContentsMargins(0, 0, 0, 0)
        hint_layout.addWidget(self.hint)
        hint_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(hint_page)
        self.pages.addWidget(details)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)

        self.set_document(document)

    def _tree(self, name: str) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setHeaderHidden(True)
        tree.setRootIsDecorated(False)
        tree.setIndentation(16)
        tree.setUniformRowHeights(True)
        tree.itemClicked.connect(self._on_item_activated)
        tree.itemActivated.connect(self._on_item_activated)
        return tree

    @staticmethod
    def _label(name: str, text: str = "", greyed: bool = False) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # department names are not markup
        if greyed:
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        return label

    @staticmethod
    def _bold(font: QFont) -> QFont:
        font = QFont(font)
        font.setBold(True)
        return font

    def _caption(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setFont(self._bold(label.font()))
        label.setBuddy(buddy)
        return label

    def set_document(self, document: Document) -> None:
        """Show `document` instead of the previous one (the window opened another file)."""
        if self.document is not None:
            for signal, slot in self._followed(self.document):
                signal.disconnect(slot)
        self.document = document
        for signal, slot in self._followed(document):
            signal.connect(slot)
        self.show_department(None)

    def _followed(self, document: Document) -> list[tuple]:
        """The document's signals of changes to what the panel shows, and what each calls:
        not `changed`, which every card moved or resized says too."""
        return [
            *((signal, self._on_element_changed) for signal in (
                document.touchpoint_added, document.touchpoint_removed,
                document.handoff_added, document.handoff_removed, document.handoff_changed)),
            *((signal, self._schedule_refresh) for signal in (
                document.departments_changed, document.ratings_changed, document.chain_reset)),
            (document.touchpoint_changed, self._on_touchpoint_changed),
            (document.touchpoints_changed, self._on_touchpoints_changed),
        ]

    def _on_element_changed(self, _id: str) -> None:
        self._schedule_refresh()

    def _on_touchpoint_changed(self, id: str) -> None:
        self._on_touchpoints_changed((id,))

    def _on_touchpoints_changed(self, ids) -> None:
        # Of a touchpoint, only its lane and whom it serves (the relations, the verdict)
        # and, for the ends of the handoffs shown, its label (their rows and tooltips)
        # show here: a refresh walks the whole chain, 40 ms at 20,000 touchpoints, and
        # cards are moved, grown and renamed far more often.
        if self.department_id is None:  # the hint
            return
        seen, labels = self._seen, self._labels_shown
        for id in ids:
            try:
                touchpoint = self.document.touchpoint(id)
            except KeyError:  # removed later in the same batch: touchpoint_removed said so
                continue
            if seen.get(id) != (touchpoint.department, touchpoint.serves):
                self._schedule_refresh()
                return
            if id in labels and labels[id] != touchpoint.label:
                self._schedule_refresh(walk=False)

    def _schedule_refresh(self, walk: bool = True) -> None:
        # The relations walk the whole chain: not on every keystroke, and not while
        # the panel is hidden behind another dock tab (showEvent catches up).
        self._walk = self._walk or walk
        self._stale = True
        if self.isVisible():
            self._refresh_timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def show_department(self, department_id: str | None) -> None:
        """Show the relations of `department_id`; None (or an unknown id) shows the hint."""
        self.department_id = department_id
        self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._refresh_timer.stop()
        document = self.document
        try:
            department = document.department(self.department_id) if self.department_id else None
        except KeyError:  # the department was removed
            department = None
        walk, self._walk = self._walk, False
        if department is None:
            self.department_id = None
            self._relations = None  # (no change is followed while the hint shows)
            self.pages.setCurrentIndex(0)
            return
        if walk or self._relations is None or self._relations[0] != department.id:
            self._walk_chain(department)
        relations = self._relations[1]
        self._labels_shown = {}
        for relation in relations.suppliers + relations.customers:
            for handoff_id in relation.handoff_ids:
                handoff = document.handoff(handoff_id)
                for end in (handoff.source, handoff.target):
                    with contextlib.suppress(KeyError):
                        self._labels_shown[end] = document.touchpoint(end).label
        self._fill(
            self.suppliers,
            self.no_suppliers,
            relations.suppliers,
            self.tr("No other department hands work to {department}.").format(department=department.name),
        )
        self._fill(
            self.customers,
            self.no_customers,
            relations.customers,
            self.tr("{department} hands no work to another department.").format(department=department.name),
        )
        self.suppliers.setAccessibleName(
            self.tr("Departments that hand work to {department}").format(department=department.name)
        )
        self.customers.setAccessibleName(
            self.tr("Departments {department} hands work to").format(department=department.name)
        )
        self.pages.setCurrentIndex(1)

    def _walk_chain(self, department: Department) -> None:
        """What the panel shows of the whole chain for `department`: its relations, its
        rating and verdict; and what of each touchpoint that depends on (`_seen`)."""
        chain = self.document.chain
        self._seen = {touchpoint.id: (touchpoint.department, touchpoint.serves) for touchpoint in chain.touchpoints}
        # The customer lane's verdict needs no walk of the whole chain (_reaches_texts).
        relations = department_relations(chain, department.id, reaches=department.role != "customer")
        self._relations = department.id, relations
        self.heading.setText(named(department.name))
        self.rating.setText(self._rating_text(department))
        self.rating.setVisible(department.role != "customer")
        verdict, why = self._reaches_texts(department, relations.reaches_external)
        self.reaches.setText(verdict)
        self.reaches.setFont(self._bold(self.font()) if why else self.font())  # only a "no" has a why
        self.reaches_why.setText(why)
        self.reaches_why.setVisible(bool(why))

    def _rating_text(self, department: Department) -> str:
        """Its internal customers' latest rating: score, low or not, rehire share, responses."""
        latest = latest_ratings(self.document.chain).get(department.id)
        if latest is None:
            return self.tr("Internal rating: none yet (Review > Internal Ratings…).")
        text = (self.tr("Internal rating {period}: {score:.1f} of 5, low") if latest.score < LOW_RATING
                else self.tr("Internal rating {period}: {score:.1f} of 5")).format(period=latest.period, score=latest.score)
        if latest.rehire is not None:
            text += self.tr(" · {share:.0%} would hire them back").format(share=latest.rehire)
        if latest.responses is not None:
            text += self.tr(" · {count} responses").format(count=latest.responses)
        return text

    def _reaches_texts(self, department: Department, reaches: bool | None) -> tuple[str, str]:
        """The verdict line, and the explanation under it (empty when there is none)."""
        if department.role == "customer":
            return self.tr("This lane is the customer: the chain ends here."), ""
        touchpoints = self.document.touchpoints_in(department.id)
        if reaches and any(touchpoint.serves == "external" for touchpoint in touchpoints):
            return self.tr("Reaches the external customer: yes, it serves them directly."), ""
        if reaches:
            return self.tr("Reaches the external customer: yes, through its handoffs to colleagues."), ""
        if not touchpoints:
            return (
                self.tr("Reaches the external customer: no"),
                self.tr("{department} has no touchpoints yet.").format(department=department.name),
            )
        return self.tr("Reaches the external customer: no"), self.tr(
            "None of {department}’s touchpoints serves the external customer, and none "
            "hands work on, through other departments, to one that does. Work that never "
            "reaches the customer may be waste."
        ).format(department=department.name)

    def _fill(
        self, tree: QTreeWidget, placeholder: QLabel, relations: list[Relation], empty_text: str
    ) -> None:
        rows = []  # (department row's text, [(handoff id, text, tooltip)]) as the tree shows them
        for relation in relations:
            handoffs = [self.document.handoff(id) for id in relation.handoff_ids]
            rows.append((self._department_text(relation.department_id, handoffs),
                         [(h.id, self._handoff_text(h), self._handoff_tooltip(h)) for h in handoffs]))
        placeholder.setText(empty_text)
        placeholder.setVisible(not relations)
        tree.setVisible(bool(relations))
        if rows == self._rows.get(tree):
            # The same rows (an edit elsewhere, cards moved): rebuilding thousands of them
            # held the editor for most of a second at 20,000 touchpoints.
            return
        self._rows[tree] = rows
        current = tree.currentItem()
        current_handoff = current.data(0, HANDOFF_ROLE) if current else None
        tree.clear()
        for department_text, handoff_rows in rows:
            parent = QTreeWidgetItem([department_text])
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            parent.setFont(0, self._bold(tree.font()))
            tree.addTopLevelItem(parent)
            for handoff_id, text, tooltip in handoff_rows:
                child = QTreeWidgetItem([text])
                child.setData(0, HANDOFF_ROLE, handoff_id)
                child.setToolTip(0, tooltip)
                parent.addChild(child)
                if handoff_id == current_handoff:
                    tree.setCurrentItem(child)
        tree.expandAll()
        if tree.currentItem() is None or tree.currentItem().data(0, HANDOFF_ROLE) is None:
            tree.setCurrentIndex(QModelIndex())  # no focus frame on a department row

    def _department_text(self, department_id: str, handoffs: list[Handoff]) -> str:
        try:
            name = self.document.department(department_id).name
        except KeyError:
            name = department_id
        count = len(handoffs)
        text = self.tr("{department} — 1 handoff") if count == 1 else self.tr("{department} — {count} handoffs")
        return text.format(department=name, count=count)

    def _handoff_text(self, handoff: Handoff) -> str:
        """What the handoff passes, else its label, else "from → to"."""
        return handoff.passes or handoff.label or self._route(handoff)

    def _handoff_tooltip(self, handoff: Handoff) -> str:
        lines = list(dict.fromkeys([self._handoff_text(handoff), self._route(handoff)]))
        if handoff.expectation:
            lines.append(self.tr("Expected: {expectation}").format(expectation=handoff.expectation))
        return "\n".join(lines)

    def _route(self, handoff: Handoff) -> str:
        return self.tr("{source} → {target}").format(
            source=self._touchpoint_label(handoff.source), target=self._touchpoint_label(handoff.target)
        )

    def _touchpoint_label(self, id: str) -> str:
        try:
            return self.document.touchpoint(id).label or id
        except KeyError:
            return id

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        handoff_id = item.data(0, HANDOFF_ROLE)
        if handoff_id:
            self.handoff_activated.emit(handoff_id)
