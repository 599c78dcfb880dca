"""Undo commands: one QUndoCommand per verb, with mirror-image redo and undo.

A command is a list of small steps (insert, take, set fields) built when the command is
created, cascades included (removing a touchpoint takes its handoffs first); redo runs the
steps in order and undo runs their inverses in reverse. The steps are plain Python objects
rather than child QUndoCommands: PySide lets the Python side of a child command be
collected while its C++ parent still owns it, which crashes when the stack is cleared.

Before a command runs, `check()` walks its steps through an EditPlan (app.edit_checks),
which validates every value and reference without changing anything. If a step still fails
while it runs, the steps before it are undone, so a command applies whole or not at all.
Undo texts are translated in the context "commands".
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from app.edit_checks import EditPlan, EditRefused, failed
from models.chain import (
    Action,
    Chain,
    Comment,
    Department,
    Handoff,
    LintSettings,
    Person,
    Position,
    Session,
    Stage,
    Touchpoint,
)
from models.comments import pinned_elements

if TYPE_CHECKING:
    from app.document import Document

#: QUndoCommand.id() of moves; moves with the same merge key (arrow-key nudges) merge.
MOVE_COMMAND_ID = 1001
#: QUndoCommand.id() of field edits; edits with the same merge key (typing) merge.
SET_FIELDS_COMMAND_ID = 1002


def _counted(count: int, one: str, many: str) -> str:
    """`one` or `many` (translated texts with a {count} field) for `count` things."""
    return (one if count == 1 else many).format(count=count)


# -- steps -----------------------------------------------------------------------------


class _Insert:
    """Insert an element into its list (at the end unless an index is given)."""

    def __init__(self, document: Document, kind: str, element, index: int | None = None):
        self.document, self.kind, self.element, self.index = document, kind, element, index

    def check(self, plan: EditPlan) -> None:
        self.element = plan.insert(self.kind, self.element, self.index)

    def redo(self):
        group = self.document.group(self.kind)
        self.document.insert(self.kind, len(group) if self.index is None else self.index, self.element)

    def undo(self):
        self.document.take(self.kind, self.element.id)


class _Take:
    """Remove an element, remembering the index it was removed from."""

    def __init__(self, document: Document, kind: str, id: str):
        self.document, self.kind, self.id = document, kind, id
        self.index, self.element = -1, None

    def check(self, plan: EditPlan) -> None:
        plan.take(self.kind, self.id)

    def redo(self):
        self.index, self.element = self.document.take(self.kind, self.id)

    def undo(self):
        self.document.insert(self.kind, self.index, self.element)


class _SetFields:
    def __init__(self, document: Document, id: str, fields: dict):
        self.document, self.id, self.new, self.old = document, id, dict(fields), {}

    def check(self, plan: EditPlan) -> None:
        self.new = plan.assign(self.id, self.new)

    def changes(self) -> bool:
        element = self.document.element(self.id)
        return any(getattr(element, field) != value for field, value in self.new.items())

    def redo(self):
        self.old = self.document.assign_fields(self.id, self.new)

    def undo(self):
        self.document.assign_fields(self.id, self.old)


class _MoveDepartment:
    def __init__(self, document: Document, id: str, index: int):
        self.document, self.id, self.new, self.old = document, id, index, -1

    def check(self, plan: EditPlan) -> None:
        plan.move_department(self.id, self.new)

    def redo(self):
        self.old = self.document.move_department_to(self.id, self.new)

    def undo(self):
        self.document.move_department_to(self.id, self.old)


class _SetLint:
    def __init__(self, document: Document, lint: LintSettings):
        self.document, self.new, self.old = document, lint, document.chain.lint

    def check(self, plan: EditPlan) -> None:
        self.new = plan.set_lint(self.new)

    def redo(self):
        self.document.set_lint_settings(self.new)

    def undo(self):
        self.document.set_lint_settings(self.old)


def _removal_steps(document: Document, touchpoints: list[str], handoffs: list[str]) -> list:
    """Take handoffs, then touchpoints (the caller forgets `lint.ignore` entries about them)."""
    steps: list = [_Take(document, "handoff", id) for id in handoffs]
    steps += [_Take(document, "touchpoint", id) for id in touchpoints]
    return steps


def _comment_removal_steps(document: Document, ids: set[str], elements: set[str] = frozenset()) -> list:
    """Take the comments `ids`, the replies to them, and the threads pinned to `elements`
    (which are being removed): last first, so undo puts each back where it was."""
    pinned = pinned_elements(document.chain)
    taken: set[str] = set()
    for comment in document.chain.comments:  # a reply comes after what it answers
        if comment.id in ids or comment.reply_to in taken or pinned[comment.id] in elements:
            taken.add(comment.id)
    return [_Take(document, "comment", c.id) for c in reversed(document.chain.comments) if c.id in taken]


def _forget_references_steps(document: Document, ids: set[str]) -> list:
    """Steps that drop what refers to the elements `ids`, which are being removed, where a
    reference may simply go: the `lint.ignore` entries about them, the actions' lists of
    elements and comments and their owner, the sessions' attendees, the people a
    touchpoint consults or informs and its stage, and the ratings of removed departments."""
    chain = document.chain
    steps: list = []
    for action in chain.actions:
        fields = {name: [value for value in getattr(action, name) if value not in ids]
                  for name in ("elements", "comments") if set(getattr(action, name)) & ids}
        if action.owner in ids:
            fields["owner"] = None
        if fields:
            steps.append(_SetFields(document, action.id, fields))
    steps += [
        _SetFields(document, session.id, {"attendees": [a for a in session.attendees if a not in ids]})
        for session in chain.sessions
        if set(session.attendees) & ids
    ]
    for touchpoint in chain.touchpoints:
        fields = {name: [person for person in getattr(touchpoint, name) if person not in ids]
                  for name in ("consulted", "informed") if set(getattr(touchpoint, name)) & ids}
        if touchpoint.stage in ids:
            fields["stage"] = None
        if fields:
            steps.append(_SetFields(document, touchpoint.id, fields))
    ratings = [rating for rating in chain.ratings if rating.customer not in ids and rating.provider not in ids]
    if len(ratings) < len(chain.ratings):
        steps.append(_SetFields(document, None, {"ratings": ratings}))
    lint = chain.lint
    kept = [entry for entry in lint.ignore if entry.element not in ids]
    if len(kept) < len(lint.ignore):
        steps.append(_SetLint(document, LintSettings(rules=lint.rules, ignore=kept)))
    return steps


# -- commands --------------------------------------------------------------------------


class Command(QUndoCommand):
    """Runs its steps in order on redo and their inverses in reverse on undo.

    The Document checks a command, then `apply()`s it and pushes it; QUndoStack's first
    redo() then has nothing left to do. A step that fails part-way (in apply, redo or undo)
    has the steps before it undone, and the failure is raised as EditRefused.
    """

    def __init__(self, document: Document, text: str, steps: list):
        super().__init__(text)
        self.document = document
        self.steps = steps
        self._applied = False  # by apply(), before the push

    def check(self) -> None:
        """Dry-run the steps; raises EditRefused, changing nothing, for the first bad one."""
        # The dry run copies every element it changes and makes no reference cycles: with
        # the cycle collector paused, checking a layout of 20,000 cards takes half the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            plan = EditPlan(self.document)
            for step in self.steps:
                step.check(plan)
            plan.finish()
        finally:
            if collecting:
                gc.enable()

    def apply(self) -> None:
        """Run the steps now, before the push; raises EditRefused after rolling back."""
        self._run_steps()
        self._applied = True

    def mark_applied(self) -> None:
        """The steps have run already (one command at a time, in Document.one_step)."""
        self._applied = True

    def revert(self) -> None:
        """Undo the steps, last first; raises EditRefused after redoing what was undone."""
        steps = self.steps[::-1]
        self._run([step.undo for step in steps], [step.redo for step in steps])

    def redo(self):
        if self._applied:  # by the Document, just before it pushed this command
            self._applied = False
            return
        self._for_stack(self._run_steps)

    def undo(self):
        self._for_stack(self.revert)

    def _run_steps(self) -> None:
        self._run([step.redo for step in self.steps], [step.undo for step in self.steps])

    def _for_stack(self, run) -> None:
        try:
            run()
        except EditRefused:
            # Rolled back, but QUndoStack moves its index past this command all the same;
            # from now on it does nothing either way, so the chain stays as it is. (Not
            # setObsolete: QUndoStack would delete a command that Python still holds.)
            self.steps = []
            raise

    def _run(self, actions: list, inverses: list, batch: bool = False) -> None:
        """Run `actions`, as a batch when `batch` or when there are several; on a failure
        the `inverses` of those done, last first, and EditRefused."""
        if actions:
            self.document.about_to_change.emit()
        # Many steps (a layout, a paste) form a batch, so views redraw once, not per step.
        batch = batch or len(actions) > 1
        if batch:
            self.document.begin_batch()
        done = 0
        try:
            for action in actions:
                action()
                done += 1
        except Exception as error:
            for inverse in reversed(inverses[:done]):
                inverse()
            raise failed(self.text(), error) from error
        finally:
            if batch:
                self.document.end_batch()


class _MergingCommand(Command):
    """A command that the next one with the same merge key folds into (typing, nudging).

    Its steps keep the values from before the first edit and take the latest new ones.
    """

    MERGE_ID = -1

    def __init__(self, document: Document, text: str, steps: list, merge_key: str | None):
        super().__init__(document, text, steps)
        self.merge_key = merge_key
        self.target = self._target()

    def _target(self) -> tuple:
        """What the edits are about: the same elements, in order."""
        return tuple(step.id for step in self.steps)

    def drop_unchanged(self) -> None:
        """Leave out steps that would set what is already there (after `check`)."""
        self.steps = [step for step in self.steps if step.changes()]
        self.target = self._target()
        if self.default_text is not None:
            self.setText(self.default_text(len(self.steps)))

    #: The text for a number of steps, when the caller gave none.
    default_text = None

    def id(self) -> int:
        return self.MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if type(other) is not type(self) or (other.merge_key, other.target) != (self.merge_key, self.target):
            return False
        for mine, theirs in zip(self.steps, other.steps):
            mine.new = theirs.new
        return True


class AddTouchpointCommand(Command):
    def __init__(self, document: Document, touchpoint: Touchpoint):
        text = QCoreApplication.translate("commands", "Add {kind}").format(kind=touchpoint.kind)
        super().__init__(document, text, [_Insert(document, "touchpoint", touchpoint)])


class ConnectCommand(Command):
    """Add a handoff; `text` names the two touchpoints ("Connect A → B")."""

    def __init__(self, document: Document, handoff: Handoff, text: str):
        super().__init__(document, text, [_Insert(document, "handoff", handoff)])


class RemoveElementsCommand(Command):
    """Delete touchpoints and handoffs; the caller includes every handoff they touch."""

    def __init__(self, document: Document, touchpoints: list[str], handoffs: list[str]):
        if touchpoints:
            text = _counted(
                len(touchpoints),
                QCoreApplication.translate("commands", "Delete {count} touchpoint"),
                QCoreApplication.translate("commands", "Delete {count} touchpoints"),
            )
        else:
            text = _counted(
                len(handoffs),
                QCoreApplication.translate("commands", "Delete {count} handoff"),
                QCoreApplication.translate("commands", "Delete {count} handoffs"),
            )
        removed = set(touchpoints) | set(handoffs)
        steps = _comment_removal_steps(document, set(), removed)
        removed |= {step.id for step in steps}
        steps += _removal_steps(document, touchpoints, handoffs)
        steps += _forget_references_steps(document, removed)
        super().__init__(document, text, steps)


class SetFieldsCommand(_MergingCommand):
    """Assign the same fields of one or more elements (None stands for the chain)."""

    MERGE_ID = SET_FIELDS_COMMAND_ID

    def __init__(
        self, document: Document, ids: list, fields: dict, text: str, merge_key: str | None = None
    ):
        steps = [_SetFields(document, id, fields) for id in ids]
        super().__init__(document, text, steps, merge_key)


class SetLintCommand(Command):
    def __init__(self, document: Document, lint: LintSettings, text: str):
        super().__init__(document, text, [_SetLint(document, lint)])


class AddPersonCommand(Command):
    def __init__(self, document: Document, person: Person):
        text = QCoreApplication.translate("commands", "Add {name}").format(name=person.name)
        super().__init__(document, text, [_Insert(document, "person", person)])


class RemovePersonCommand(Command):
    """Remove a person; their touchpoints pass to another owner or to none."""

    def __init__(self, document: Document, id: str, reassign_to: str | None):
        steps: list = [
            _SetFields(document, t.id, {"owner": reassign_to})
            for t in document.chain.touchpoints
            if t.owner == id
        ]
        steps += [
            _SetFields(document, d.id, {"lead": reassign_to})
            for d in document.chain.departments
            if d.lead == id
        ]
        steps += _forget_references_steps(document, {id})
        steps.append(_Take(document, "person", id))
        text = QCoreApplication.translate("commands", "Remove {name}").format(name=document.element(id).name)
        super().__init__(document, text, steps)


class MoveTouchpointsCommand(_MergingCommand):
    """Move touchpoints to new (department, position) pairs: a drag or a nudge."""

    MERGE_ID = MOVE_COMMAND_ID

    def __init__(
        self,
        document: Document,
        moves: dict[str, tuple[str, Position]],
        merge_key: str | None = None,
        text: str | None = None,
    ):
        steps = [
            _SetFields(document, id, {"department": department, "position": position})
            for id, (department, position) in moves.items()
        ]
        if text is None:
            self.default_text = self._moved
            text = self._moved(len(steps))
        super().__init__(document, text, steps, merge_key)

    def _run_steps(self) -> None:
        if len(self.steps) > 1:  # thousands, for a layout: assigned at once (Document.assign_touchpoint_fields)
            self._run([self._assign_new], [self._assign_old], batch=True)
        else:
            super()._run_steps()

    def revert(self) -> None:
        if len(self.steps) > 1:
            self._run([self._assign_old], [self._assign_new], batch=True)
        else:
            super().revert()

    def _assign_new(self) -> None:
        document = self.document
        if self.steps and not self.steps[0].old:  # first run: what each move replaces
            for step in self.steps:
                element = document.touchpoint(step.id)
                step.old = {name: getattr(element, name) for name in step.new}
        document.assign_touchpoint_fields([(step.id, step.new) for step in self.steps])

    def prepared_for(self, document: Document) -> MoveTouchpointsCommand:
        """This command, checked on a copy of `document`'s chain (its own document, made
        in a worker thread from a ChainSnapshot), made to run on `document`: each step
        keeps what it replaces as the copy has it. Valid only while `document` is at the
        revision the copy was taken at (Document.push_checked)."""
        for step in self.steps:
            element = self.document.touchpoint(step.id)
            step.old = {name: getattr(element, name) for name in step.new}
            step.document = document
        self.document = document
        return self

    def _assign_old(self) -> None:
        self.document.assign_touchpoint_fields([(step.id, step.old) for step in self.steps])

    @staticmethod
    def _moved(count: int) -> str:
        return _counted(
            count,
            QCoreApplication.translate("commands", "Move {count} touchpoint"),
            QCoreApplication.translate("commands", "Move {count} touchpoints"),
        )


class AddDepartmentCommand(Command):
    def __init__(self, document: Document, department: Department, index: int):
        text = QCoreApplication.translate("commands", "Add department {name}").format(name=department.name)
        super().__init__(document, text, [_Insert(document, "department", department, index)])


class RemoveDepartmentCommand(Command):
    """Remove a lane with its touchpoints, their handoffs, and references to it."""

    def __init__(self, document: Document, id: str):
        touchpoints = [t.id for t in document.touchpoints_in(id)]
        handoffs = [
            h.id for h in document.chain.handoffs if h.source in touchpoints or h.target in touchpoints
        ]
        removed = {id, *touchpoints, *handoffs}
        steps = _comment_removal_steps(document, set(), removed)
        removed |= {step.id for step in steps}
        steps += _removal_steps(document, touchpoints, handoffs)
        steps += [
            _SetFields(document, person.id, {"department": None})
            for person in document.chain.people
            if person.department == id
        ]
        steps += _forget_references_steps(document, removed)
        steps.append(_Take(document, "department", id))
        name = document.department(id).name
        text = QCoreApplication.translate("commands", "Remove department {name}").format(name=name)
        super().__init__(document, text, steps)


class MoveDepartmentCommand(Command):
    def __init__(self, document: Document, id: str, new_index: int):
        text = QCoreApplication.translate("commands", "Move department {name}").format(name=document.department(id).name)
        super().__init__(document, text, [_MoveDepartment(document, id, new_index)])


class PasteCommand(Command):
    """Insert a copied chain fragment with fresh ids, offset from where it was copied.

    Departments and owners are matched by id and then by name; what the target chain
    lacks is added with the pasted touchpoints. Positions are checked with the rest when
    the command is checked, so a paste beyond the chain's bounds is refused as a whole.
    """

    def __init__(self, document: Document, fragment: Chain, offset: tuple[float, float]):
        self._taken: set[str] = set()
        self.document = document
        steps: list = []
        departments = self._match_departments(fragment, steps)
        people = self._match_people(fragment, departments, steps)
        new_ids: dict[str, str] = {}
        dx, dy = offset
        for touchpoint in fragment.touchpoints:
            new_ids[touchpoint.id] = self._fresh("tp")
            copy = touchpoint.model_copy(
                deep=True,
                update={
                    "id": new_ids[touchpoint.id],
                    "department": departments[touchpoint.department],
                    "owner": people.get(touchpoint.owner) if touchpoint.owner else None,
                    "position": Position.model_construct(
                        x=max(0.0, touchpoint.position.x + dx), y=max(0.0, touchpoint.position.y + dy)
                    ),
                },
            )
            steps.append(_Insert(document, "touchpoint", copy))
        for handoff in fragment.handoffs:
            if handoff.source in new_ids and handoff.target in new_ids:
                copy = handoff.model_copy(
                    update={
                        "id": self._fresh("h"),
                        "source": new_ids[handoff.source],
                        "target": new_ids[handoff.target],
                    }
                )
                steps.append(_Insert(document, "handoff", copy))
        self.touchpoint_ids = list(new_ids.values())
        text = _counted(
            len(fragment.touchpoints),
            QCoreApplication.translate("commands", "Paste {count} touchpoint"),
            QCoreApplication.translate("commands", "Paste {count} touchpoints"),
        )
        super().__init__(document, text, steps)

    def _fresh(self, prefix: str) -> str:
        id = self.document.new_id(prefix, self._taken)
        self._taken.add(id)
        return id

    def _match_departments(self, fragment: Chain, steps: list) -> dict[str, str]:
        document = self.document
        by_name = {d.name.casefold(): d.id for d in document.chain.departments}
        mapping = {}
        for department in fragment.departments:
            existing = document.element(department.id) if document.has(department.id) else None
            if isinstance(existing, Department) and existing.name == department.name:
                mapping[department.id] = department.id
            elif department.name.casefold() in by_name:
                mapping[department.id] = by_name[department.name.casefold()]
            else:
                copy = department.model_copy(update={"id": self._fresh("dept"), "lead": None})
                steps.append(_Insert(document, "department", copy))
                mapping[department.id] = copy.id
        return mapping

    def _match_people(self, fragment: Chain, departments: dict[str, str], steps: list) -> dict[str, str]:
        by_name = {p.name.casefold(): p.id for p in self.document.chain.people}
        mapping = {}
        for person in fragment.people:
            if person.name.casefold() in by_name:
                mapping[person.id] = by_name[person.name.casefold()]
            else:
                copy: Person = person.model_copy(
                    update={"id": self._fresh("p"), "department": departments.get(person.department)}
                )
                steps.append(_Insert(self.document, "person", copy))
                mapping[person.id] = copy.id
        return mapping


class AddCommentCommand(Command):
    def __init__(self, document: Document, comment: Comment):
        if comment.reply_to is not None:
            text = QCoreApplication.translate("commands", "Reply to a comment")
        else:
            text = QCoreApplication.translate("commands", "Add a comment")
        super().__init__(document, text, [_Insert(document, "comment", comment)])


class RemoveCommentsCommand(Command):
    """Delete comments with the replies to them."""

    def __init__(self, document: Document, ids: set[str]):
        steps = _comment_removal_steps(document, ids)
        steps = _forget_references_steps(document, {step.id for step in steps}) + steps
        text = _counted(
            len(steps),
            QCoreApplication.translate("commands", "Delete {count} comment"),
            QCoreApplication.translate("commands", "Delete {count} comments"),
        )
        super().__init__(document, text, steps)


class AddSessionCommand(Command):
    def __init__(self, document: Document, session: Session):
        text = QCoreApplication.translate("commands", "Add the session {title}").format(title=session.title)
        super().__init__(document, text, [_Insert(document, "session", session)])


class RemoveSessionCommand(Command):
    """Remove a session; its comments and sign-offs stay, no longer part of a session."""

    def __init__(self, document: Document, id: str):
        steps: list = [
            _SetFields(document, comment.id, {"session": None})
            for comment in document.chain.comments
            if comment.session == id
        ]
        for touchpoint in document.chain.touchpoints:
            review = touchpoint.review
            if any(signoff.session == id for signoff in review.signoffs):
                signoffs = [s.model_copy(update={"session": None}) if s.session == id else s for s in review.signoffs]
                steps.append(_SetFields(document, touchpoint.id, {"review": review.model_copy(update={"signoffs": signoffs})}))
        steps += _forget_references_steps(document, {id})
        steps.append(_Take(document, "session", id))
        title = document.element(id).title
        text = QCoreApplication.translate("commands", "Remove the session {title}").format(title=title)
        super().__init__(document, text, steps)


class AddActionCommand(Command):
    def __init__(self, document: Document, action: Action):
        text = QCoreApplication.translate("commands", "Add the action {title}").format(title=action.title)
        super().__init__(document, text, [_Insert(document, "action", action)])


class RemoveActionCommand(Command):
    def __init__(self, document: Document, id: str):
        text = QCoreApplication.translate("commands", "Remove the action {title}").format(title=document.element(id).title)
        super().__init__(document, text, [_Take(document, "action", id)])


class AddStageCommand(Command):
    def __init__(self, document: Document, stage: Stage, index: int):
        text = QCoreApplication.translate("commands", "Add the stage {name}").format(name=stage.name)
        super().__init__(document, text, [_Insert(document, "stage", stage, index)])


class RemoveStageCommand(Command):
    """Remove a stage; its touchpoints stay, in no stage."""

    def __init__(self, document: Document, id: str):
        steps = _forget_references_steps(document, {id})
        steps.append(_Take(document, "stage", id))
        text = QCoreApplication.translate("commands", "Remove the stage {name}").format(name=document.element(id).name)
        super().__init__(document, text, steps)


class MoveStageCommand(Command):
    def __init__(self, document: Document, id: str, index: int):
        stage = document.element(id)
        text = QCoreApplication.translate("commands", "Move the stage {name}").format(name=stage.name)
        super().__init__(document, text, [_Take(document, "stage", id), _Insert(document, "stage", stage, index)])
