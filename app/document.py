"""The Document: one open chain, its file, its undo stack, and signals for the views.

It is the only way to change a chain. Public verbs (`add_touchpoint`, `connect`, ...) build
an undo command (app.commands), check it (app.edit_checks: every value and reference, with
nothing changed yet; a refusal raises EditRefused), run it and push it. The commands call
the primitive edits at the bottom of this class, which change the model and emit the
signals the scene mirrors.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import itertools
import re
import secrets
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import get_args

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoStack

from app import commands, edit_checks
from app.edit_checks import EditRefused
from app.recovery import ChainSnapshot
from models.chain import (
    Action,
    Chain,
    Comment,
    Department,
    Handoff,
    LintIgnore,
    LintSettings,
    Person,
    Position,
    Rating,
    Review,
    Session,
    Severity,
    SignOff,
    Stage,
    Term,
    Touchpoint,
    term_key,
)
from models.chain_file import (
    chain_to_bytes,
    is_read_only,
    load_chain,
    read_chain_bytes,
    remove_stale_temporaries,
    save_bytes,
)
from models.comments import pinned_elements


#: The severities a chain may give a rule ("off" turns it off).
SEVERITY_NAMES: tuple[str, ...] = get_args(Severity)


class ChangedOnDisk(Exception):
    """Saving would overwrite someone else's newer version of the file."""


class GoneFromDisk(Exception):
    """The file was deleted or moved while it was open."""


@functools.cache
def _field_names(model: type) -> frozenset[str]:
    """The fields of a model class (asked once per class: an auto-layout assigns 5,000)."""
    return frozenset(model.model_fields)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Document(QObject):
    #: A touchpoint was inserted; carries its id.
    touchpoint_added = Signal(str)
    #: A touchpoint was removed; carries its id.
    touchpoint_removed = Signal(str)
    #: A touchpoint's fields (label, position, department, ...) changed (outside a batch).
    touchpoint_changed = Signal(str)
    #: A batch changed the fields of these touchpoints (ids, in the order first changed):
    #: said once as it ends, just before batch_finished, rather than touchpoint_changed
    #: for each, which costs an auto-layout of 5,000 touchpoints tens of milliseconds. Some
    #: may have been removed later in the batch.
    touchpoints_changed = Signal(object)  # (not Signal(list): PySide copies a list for each receiver)
    handoff_added = Signal(str)
    handoff_removed = Signal(str)
    handoff_changed = Signal(str)
    person_changed = Signal(str)
    #: A comment was added, changed or removed.
    comments_changed = Signal()
    #: A review session was added, changed or removed.
    sessions_changed = Signal()
    #: An improvement action was added, changed or removed.
    actions_changed = Signal()
    #: The internal ratings changed.
    ratings_changed = Signal()
    #: The stages (columns across the lanes) were added, removed, reordered or renamed.
    stages_changed = Signal()
    #: The glossary changed.
    glossary_changed = Signal()
    #: Lanes were added, removed, reordered or changed.
    departments_changed = Signal()
    #: The chain's own fields (title, ...) changed.
    chain_changed = Signal()
    #: The whole chain was replaced (revert); views rebuild.
    chain_reset = Signal()
    #: The file path changed (save as).
    path_changed = Signal()
    #: Any change to the content; fires after the specific signal (once for a batch).
    changed = Signal()
    #: A command with many steps finished; views that deferred work during it catch up.
    batch_finished = Signal()
    #: An edit (a command, its undo or redo, a revert) is about to change the chain: work
    #: that still follows the last change over several event-loop turns (the canvas
    #: settling after an auto-layout, a lint run in a thread) finishes first.
    about_to_change = Signal()

    def __init__(self, chain: Chain, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.chain = chain
        self.path: Path | None = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self.batching = False  # True while a command applies many steps
        self._batch_touchpoints: dict[str, None] = {}  # touchpoints, see touchpoints_changed
        self._one_step: list | None = None  # the commands run inside one_step(), if open
        #: Goes up with every change of the content: work done on a copy of the chain
        #: (ChainSnapshot) still holds while the chain is at the revision it was taken at.
        self.revision = 0
        self._by_id: dict[str, object] = {}
        self._reindex()
        #: Snapshots still being written: told before an element's fields change (see snapshot)
        self._snapshots: weakref.WeakSet[ChainSnapshot] = weakref.WeakSet()

    # -- files -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, parent: QObject | None = None) -> Document:
        """Load a file; raises ChainFileError with the loader's one-line reason.

        Also removes what killed saves of this file left behind, and opens a file without
        write permission read-only (`write_protected`).
        """
        remove_stale_temporaries(path)
        data = read_chain_bytes(path)
        document = cls(load_chain(data, name=str(path)), path, parent)
        document.disk_hash = content_hash(data)
        if is_read_only(path):
            document.read_only = document.write_protected = True
        return document

    #: The content hash of the file as loaded or last saved; None for an untitled chain.
    disk_hash: str | None = None

    def disk_state(self) -> str:
        """"same", "changed" (someone else saved it) or "gone" (deleted or moved).

        Compares content, so a touch that only changes the file's time is "same".
        """
        if self.path is None or self.disk_hash is None:
            return "same"
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return "gone"
        except OSError:
            return "same"  # unreadable now: the save itself will say why
        return "same" if content_hash(data) == self.disk_hash else "changed"

    def save(self, path: str | Path | None = None, *, overwrite: bool = False) -> None:
        """Save atomically to `path` (or the current path); raises ChainFileError.

        Saving over the current file first checks that nobody else changed or removed it
        since it was loaded or last saved (ChangedOnDisk, GoneFromDisk); `overwrite`
        skips that check once the user has chosen to.
        """
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("an untitled chain needs a path to be saved")
        if not overwrite and target == self.path:
            state = self.disk_state()
            if state == "changed":
                raise ChangedOnDisk(f"{target.name} was changed by someone else since you opened it.")
            if state == "gone":
                raise GoneFromDisk(f"{target.name} was deleted or moved since you opened it.")
        data = chain_to_bytes(self.chain)
        save_bytes(data, target)
        self.disk_hash = content_hash(data)
        self.recovered = False
        if target != self.path:
            self.path = target
            self.read_only = self.write_protected = False  # a new file of one's own
            self.path_changed.emit()
        self.undo_stack.setClean()

    def revert(self) -> None:
        """Reload the file from disk, dropping unsaved edits and the undo history."""
        if self.path is None:
            raise ValueError("an untitled chain has no file to revert to")
        data = read_chain_bytes(self.path)
        chain = load_chain(data, name=str(self.path))
        self.about_to_change.emit()
        self.chain = chain
        self.disk_hash = content_hash(data)
        self._reindex()
        self.undo_stack.clear()
        self.chain_reset.emit()
        self._emit_changed()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else f"{self.chain.title or 'Untitled'} (unsaved)"

    #: Opened read-only (another editor holds the lock, or the file has no write
    #: permission): Save leads to Save As.
    read_only = False
    #: Read-only because the file itself has no write permission.
    write_protected = False
    #: Restored from a recovery copy: unsaved until the user saves it.
    recovered = False

    def is_modified(self) -> bool:
        return self.recovered or not self.undo_stack.isClean()

    # -- lookups -----------------------------------------------------------------------

    def touchpoint(self, id: str) -> Touchpoint:
        return self._find(id, Touchpoint)

    def handoff(self, id: str) -> Handoff:
        return self._find(id, Handoff)

    def department(self, id: str) -> Department:
        return self._find(id, Department)

    def person(self, id: str) -> Person | None:
        element = self._by_id.get(id)
        return element if isinstance(element, Person) else None

    def has(self, id: str) -> bool:
        return id in self._by_id

    def handoffs_of(self, touchpoint_id: str) -> list[Handoff]:
        return [h for h in self.chain.handoffs if touchpoint_id in (h.source, h.target)]

    def touchpoints_in(self, department_id: str) -> list[Touchpoint]:
        return [t for t in self.chain.touchpoints if t.department == department_id]

    def new_id(self, prefix: str, taken: Iterable[str] = ()) -> str:
        """A fresh id such as `tp-7`, unique in the chain and not in `taken`."""
        prefix = re.sub(r"[^A-Za-z0-9_.-]", "-", prefix)[:50] or "id"
        taken = set(taken)
        for number in itertools.count(len(self._by_id) + 1):
            candidate = f"{prefix}-{number}"
            if candidate not in self._by_id and candidate not in taken:
                return candidate
        raise AssertionError("unreachable")

    def _find(self, id: str, kind: type):
        element = self._by_id.get(id)
        if not isinstance(element, kind):
            raise KeyError(f"no {kind.__name__.lower()} with id {id!r}")
        return element

    def _reindex(self) -> None:
        chain = self.chain
        self._by_id = {
            element.id: element
            for group in (chain.departments, chain.stages, chain.people, chain.touchpoints, chain.handoffs,
                          chain.comments, chain.actions, chain.sessions)
            for element in group
        }

    def elements(self) -> Iterable[tuple[str, object]]:
        """(id, element) for every department, stage, person, touchpoint, handoff, comment, action
        and session."""
        return self._by_id.items()

    def element(self, id: str | None):
        """The element with `id`, or the chain itself for None."""
        return self.chain if id is None else self._by_id[id]

    def department_index(self, id: str) -> int:
        return self.chain.departments.index(self.department(id))

    def _require(self, id: str, model: type | tuple[type, ...]):
        """The element `id` of `model`; EditRefused if the chain has none."""
        element = self._by_id.get(id) if isinstance(id, str) else None
        if not isinstance(element, model):
            raise edit_checks.missing(model, id)
        return element

    # -- pushing: every verb below checks its command first ------------------------------

    def push(self, command: commands.Command) -> None:
        """Check `command`, run it, and put it on the undo stack (or in the open one_step).

        A refused command raises EditRefused before anything changed: the chain, the undo
        stack, the modified flag and the signals are as they were.
        """
        command.check()
        self._run_and_push(command)

    def _run_and_push(self, command: commands.Command) -> None:
        command.apply()  # a step failing part-way is rolled back, and nothing is pushed
        if self._one_step is not None:
            self._one_step.append(command)
        else:
            self.undo_stack.push(command)  # its redo() has nothing left to do

    @contextmanager
    def one_step(self, text: str) -> Iterator[None]:
        """Edits made inside the block form one undo step; if one fails, all are undone.

        Use it instead of QUndoStack.beginMacro, which leaves a step (an empty one, if the
        first edit was refused) whatever happens inside. A nested block joins the outer one.
        """
        if self._one_step is not None:
            yield
            return
        done: list[commands.Command] = []
        self._one_step = done
        try:
            yield
        except BaseException:
            self._one_step = None
            commands.Command(self, text, [step for command in done for step in command.steps]).revert()
            raise
        self._one_step = None
        if done:
            whole = commands.Command(self, text, [step for command in done for step in command.steps])
            whole.mark_applied()
            self.undo_stack.push(whole)

    # -- verbs: each checks the edit and pushes one undo command -------------------------

    def add_touchpoint(self, department: str, kind: str, position: Position, label: str = "") -> str:
        values = dict(id=self.new_id("tp"), label=label, department=department, kind=kind, position=position)
        touchpoint = edit_checks.build(Touchpoint, values)
        self.push(commands.AddTouchpointCommand(self, touchpoint))
        return touchpoint.id

    def connect(self, source: str, target: str) -> str:
        """Add a handoff from `source` to `target`; refuses self and duplicate handoffs."""
        if source == target:
            raise EditRefused(QCoreApplication.translate("EditCheck", "A touchpoint cannot hand off to itself."))
        source_name = self._require(source, Touchpoint).label or source
        target_name = self._require(target, Touchpoint).label or target
        if any(h.source == source and h.target == target for h in self.chain.handoffs):
            raise EditRefused(
                QCoreApplication.translate("Document", "“{source}” already hands off to “{target}”.").format(
                    source=source_name, target=target_name
                )
            )
        handoff = edit_checks.build(Handoff, dict(id=self.new_id("h"), source=source, target=target))
        text = QCoreApplication.translate("commands", "Connect {source} → {target}").format(
            source=source_name, target=target_name
        )
        self.push(commands.ConnectCommand(self, handoff, text))
        return handoff.id

    def move_touchpoints(
        self,
        moves: dict[str, tuple[str, Position]],
        merge_key: str | None = None,
        text: str | None = None,
    ) -> None:
        """Move touchpoints to (department, position); one undo step.

        Consecutive moves with the same `merge_key` (arrow-key nudges) merge into one step.
        """
        command = commands.MoveTouchpointsCommand(self, moves, merge_key, text)
        command.check()
        command.drop_unchanged()
        if command.steps:
            self._run_and_push(command)

    def push_checked(self, command: commands.Command, checked_at: int) -> bool:
        """Run and push `command`, checked (and made ready) on a copy of the chain taken at
        revision `checked_at`: an auto-layout does that in its thread, since checking
        20,000 moves takes seconds. While the chain is still at that revision the check
        would find the same, so it is not run again; False, and nothing done, when the
        chain has changed since."""
        if checked_at != self.revision:
            return False
        if command.steps:
            self._run_and_push(command)
        return True

    def set_fields(
        self, ids: str | None | Iterable[str], text: str, *, merge_key: str | None = None, **fields
    ) -> None:
        """Set fields of one element, of several (one step), or of the chain (`ids` None).

        Edits with the same `merge_key` in a row (typing in one inspector field) merge
        into one undo step. Every value is validated first: a bad one raises EditRefused.
        """
        ids = [ids] if ids is None or isinstance(ids, str) else list(ids)
        command = commands.SetFieldsCommand(self, ids, fields, text, merge_key)
        command.check()
        command.drop_unchanged()
        if command.steps:
            self._run_and_push(command)

    def add_person(self, name: str, department: str | None = None, role: str | None = None) -> str:
        person = edit_checks.build(Person, dict(id=self.new_id("p"), name=name, department=department, role=role))
        self.push(commands.AddPersonCommand(self, person))
        return person.id

    def remove_person(self, id: str, reassign_to: str | None = None) -> None:
        """Remove a person; their touchpoints go to `reassign_to` (None: no owner)."""
        self._require(id, Person)
        self.push(commands.RemovePersonCommand(self, id, reassign_to))

    def add_signoff(self, touchpoint_id: str, signoff: SignOff, status: str | None = None) -> None:
        """Record a sign-off, and move the review status on when `status` is given."""
        touchpoint = self._require(touchpoint_id, Touchpoint)
        review = touchpoint.review
        new = edit_checks.build(
            Review,
            dict(status=status or review.status, signoffs=[*review.signoffs, signoff]),
            QCoreApplication.translate("Document", "the review of {touchpoint}").format(
                touchpoint=edit_checks.name_of(touchpoint)
            ),
        )
        text = QCoreApplication.translate("commands", "Sign off by {name}").format(name=new.signoffs[-1].name)
        self.push(commands.SetFieldsCommand(self, [touchpoint_id], {"review": new}, text))

    # -- comments and review sessions ---------------------------------------------------

    def random_id(self, prefix: str) -> str:
        """A fresh id such as `c-3f9a1b2e`: random, so comments and sessions two people add
        to their copies of one file keep apart when the copies are merged."""
        while True:
            candidate = f"{prefix}-{secrets.token_hex(4)}"
            if candidate not in self._by_id:
                return candidate

    def add_comment(
        self,
        element: str | None,
        text: str,
        author: str,
        kind: str = "critique",
        reply_to: str | None = None,
        session: str | None = None,
        date: str | None = None,
    ) -> str:
        """Pin a comment to `element` (None: the chain), or reply to the comment `reply_to`
        (the reply joins its thread's element); today unless `date` is given."""
        if reply_to is not None:
            self._require(reply_to, Comment)
            element = pinned_elements(self.chain)[reply_to]
        if not isinstance(text, str) or not text.strip():
            raise EditRefused(QCoreApplication.translate("Document", "A comment needs some text."))
        values = dict(id=self.random_id("c"), element=element, author=author, kind=kind, text=text,
                      reply_to=reply_to, session=session, date=date or datetime.date.today().isoformat())
        comment = edit_checks.build(Comment, values)
        self.push(commands.AddCommentCommand(self, comment))
        return comment.id

    def remove_comments(self, ids: str | Iterable[str]) -> None:
        """Delete comments, with the replies to them."""
        ids = {ids} if isinstance(ids, str) else set(ids)
        for id in ids:
            self._require(id, Comment)
        if ids:
            self.push(commands.RemoveCommentsCommand(self, ids))

    def add_session(self, date: str, title: str, attendees: Iterable[str] = (), notes: str | None = None) -> str:
        if not isinstance(title, str) or not title.strip():
            raise EditRefused(QCoreApplication.translate("Document", "A session needs a title."))
        values = dict(id=self.random_id("s"), date=date, title=title, attendees=list(attendees), notes=notes)
        session = edit_checks.build(Session, values)
        self.push(commands.AddSessionCommand(self, session))
        return session.id

    def remove_session(self, id: str) -> None:
        """Remove a session; what was said and signed in it stays, without the session."""
        self._require(id, Session)
        self.push(commands.RemoveSessionCommand(self, id))

    # -- improvement actions and internal ratings ------------------------------------------

    def add_action(
        self,
        title: str,
        elements: Iterable[str] = (),
        owner: str | None = None,
        phase: str = "plan",
        due: str | None = None,
        comments: Iterable[str] = (),
        notes: str | None = None,
    ) -> str:
        """An improvement action on `elements` (touchpoints, handoffs, lanes), answering
        `comments`; its id is random, as a comment's is."""
        if not isinstance(title, str) or not title.strip():
            raise EditRefused(QCoreApplication.translate("Document", "An action needs a title."))
        values = dict(id=self.random_id("a"), title=title, elements=list(elements), owner=owner, phase=phase,
                      due=due, comments=list(comments), notes=notes)
        action = edit_checks.build(Action, values)
        self.push(commands.AddActionCommand(self, action))
        return action.id

    def remove_action(self, id: str) -> None:
        self._require(id, Action)
        self.push(commands.RemoveActionCommand(self, id))

    def set_rating(self, rating: Rating) -> None:
        """Record an internal rating; it replaces the one of the same customer, provider
        and period."""
        if not isinstance(rating, Rating):
            raise EditRefused(QCoreApplication.translate("Document", "That is not a rating."))
        ratings = [kept for kept in self.chain.ratings if kept.key != rating.key] + [rating]
        text = QCoreApplication.translate("commands", "Rate {provider}").format(provider=self._require(rating.provider, Department).name)
        self.set_fields(None, text, ratings=ratings)

    def remove_rating(self, key: str) -> None:
        """Remove the rating whose key is "customer/provider/period"."""
        ratings = [kept for kept in self.chain.ratings if kept.key != key]
        if len(ratings) < len(self.chain.ratings):
            self.set_fields(None, QCoreApplication.translate("commands", "Remove a rating"), ratings=ratings)

    # -- stages and the glossary ---------------------------------------------------------

    def add_stage(self, name: str, index: int | None = None) -> str:
        """A stage (a column across the lanes), last unless `index` says where."""
        if not isinstance(name, str) or not name.strip():
            raise EditRefused(QCoreApplication.translate("Document", "A stage needs a name."))
        stage = edit_checks.build(Stage, dict(id=self.random_id("st"), name=name))
        self.push(commands.AddStageCommand(self, stage, len(self.chain.stages) if index is None else index))
        return stage.id

    def remove_stage(self, id: str) -> None:
        """Remove a stage; its touchpoints stay where they are, in no stage."""
        self._require(id, Stage)
        self.push(commands.RemoveStageCommand(self, id))

    def move_stage(self, id: str, index: int) -> None:
        old = self.chain.stages.index(self._require(id, Stage))
        if not isinstance(index, int):
            raise edit_checks.no_place(index, len(self.chain.stages))
        index = max(0, min(index, len(self.chain.stages) - 1))
        if index != old:
            self.push(commands.MoveStageCommand(self, id, index))

    def set_term(self, term: Term, replacing: str | None = None) -> None:
        """Define a glossary term (replacing the one called `replacing`, or the same term)."""
        if not isinstance(term, Term) or not term.term.strip() or not term.definition.strip():
            raise EditRefused(QCoreApplication.translate("Document", "A glossary term needs a term and a definition."))
        gone = {term.key, term_key(replacing or term.term)}
        glossary = [kept for kept in self.chain.glossary if kept.key not in gone]
        text = QCoreApplication.translate("commands", "Define {term}").format(term=term.term)
        self.set_fields(None, text, glossary=[*glossary, term])

    def remove_term(self, term: str) -> None:
        glossary = [kept for kept in self.chain.glossary if kept.key != term_key(term)]
        if len(glossary) < len(self.chain.glossary):
            self.set_fields(None, QCoreApplication.translate("commands", "Remove {term}").format(term=term),
                            glossary=glossary)

    def set_rule_severity(self, rule: str, severity: str | None) -> None:
        """This chain's severity for `rule`; None returns to the rule's default."""
        if severity is not None and severity not in SEVERITY_NAMES:
            raise EditRefused(
                QCoreApplication.translate("Document", "“{severity}” is not a severity; choose {choices}.").format(
                    severity=severity, choices=", ".join(SEVERITY_NAMES)
                )
            )
        lint = self.chain.lint
        rules = {key: value for key, value in lint.rules.items() if key != rule}
        if severity is not None:
            rules[rule] = severity
        if rules != lint.rules:
            name = QCoreApplication.translate("Document", "the rule settings")
            settings = edit_checks.build(LintSettings, dict(rules=rules, ignore=lint.ignore), name)
            text = QCoreApplication.translate("commands", "Set {rule} to {severity}").format(
                rule=rule, severity=severity or QCoreApplication.translate("commands", "default")
            )
            self.push(commands.SetLintCommand(self, settings, text))

    def ignore_finding(self, rule: str, element: str, reason: str) -> None:
        if not isinstance(reason, str) or not reason.strip():
            raise EditRefused(QCoreApplication.translate("Document", "An ignored finding needs a reason."))
        lint = self.chain.lint
        ignore = [entry for entry in lint.ignore if (entry.rule, entry.element) != (rule, element)]
        name = QCoreApplication.translate("Document", "the ignored finding")
        ignore.append(edit_checks.build(LintIgnore, dict(rule=rule, element=element, reason=reason), name))
        settings = LintSettings(rules=lint.rules, ignore=ignore)
        text = QCoreApplication.translate("commands", "Ignore {rule}").format(rule=rule)
        self.push(commands.SetLintCommand(self, settings, text))

    def unignore_finding(self, rule: str, element: str) -> None:
        lint = self.chain.lint
        ignore = [entry for entry in lint.ignore if (entry.rule, entry.element) != (rule, element)]
        if len(ignore) != len(lint.ignore):
            settings = LintSettings(rules=lint.rules, ignore=ignore)
            text = QCoreApplication.translate("commands", "Show {rule} again").format(rule=rule)
            self.push(commands.SetLintCommand(self, settings, text))

    def remove(self, ids: Iterable[str]) -> None:
        """Delete touchpoints and handoffs, and the handoffs that touch those touchpoints."""
        ids = {ids} if isinstance(ids, str) else set(ids)
        for id in ids:
            self._require(id, (Touchpoint, Handoff))
        touchpoints = [t.id for t in self.chain.touchpoints if t.id in ids]
        handoffs = [
            h.id
            for h in self.chain.handoffs
            if h.id in ids or h.source in ids or h.target in ids
        ]
        if touchpoints or handoffs:
            self.push(commands.RemoveElementsCommand(self, touchpoints, handoffs))

    def add_department(self, name: str, role: str = "frontline", index: int | None = None) -> str:
        department = edit_checks.build(Department, dict(id=self.new_id("dept"), name=name, role=role))
        if index is None:
            index = len(self.chain.departments)
        self.push(commands.AddDepartmentCommand(self, department, index))
        return department.id

    def remove_department(self, id: str) -> None:
        self._require(id, Department)
        self.push(commands.RemoveDepartmentCommand(self, id))

    def move_department(self, id: str, new_index: int) -> None:
        old_index = self.chain.departments.index(self._require(id, Department))
        if not isinstance(new_index, int):
            raise edit_checks.no_place(new_index, len(self.chain.departments))
        new_index = max(0, min(new_index, len(self.chain.departments) - 1))
        if new_index != old_index:
            self.push(commands.MoveDepartmentCommand(self, id, new_index))

    def paste(self, fragment: Chain, offset: tuple[float, float]) -> list[str]:
        """Insert a chain fragment with fresh ids; returns the new touchpoint ids."""
        command = commands.PasteCommand(self, fragment, offset)
        if not command.touchpoint_ids:
            return []
        self.push(command)
        return command.touchpoint_ids

    # -- primitive edits: called only by the undo commands in app.commands ---------------

    def _emit_changed(self) -> None:
        """`changed`, once per batch: its listeners redraw whole panels."""
        self.revision += 1
        if self.batching:
            self._changed_in_batch = True
        else:
            self.changed.emit()

    def begin_batch(self) -> None:
        self.batching = True
        self._changed_in_batch = False
        self._batch_touchpoints = {}

    def end_batch(self) -> None:
        self.batching = False
        changed, self._batch_touchpoints = self._batch_touchpoints, {}
        if changed:
            self.touchpoints_changed.emit(list(changed))
        self.batch_finished.emit()
        if self._changed_in_batch:
            self.changed.emit()

    _GROUPS = {
        "department": "departments",
        "stage": "stages",
        "person": "people",
        "touchpoint": "touchpoints",
        "handoff": "handoffs",
        "comment": "comments",
        "action": "actions",
        "session": "sessions",
    }

    def group(self, kind: str) -> list:
        """The chain's list of elements of `kind` ("touchpoint", "handoff", ...)."""
        return getattr(self.chain, self._GROUPS[kind])

    def insert(self, kind: str, index: int, element) -> None:
        self.group(kind).insert(index, element)
        self._by_id[element.id] = element
        self._announce(kind, element.id, added=True)

    def take(self, kind: str, id: str) -> tuple[int, object]:
        """Remove the element `id`; returns where it was and the element itself."""
        group = self.group(kind)
        element = self._by_id[id]
        index = next(i for i, candidate in enumerate(group) if candidate is element)
        del group[index]
        del self._by_id[id]
        self._announce(kind, id, added=False)
        return index, element

    def move_department_to(self, id: str, index: int) -> int:
        """Put the lane `id` at `index` in one change; returns its old index."""
        department = self.department(id)
        old = self.chain.departments.index(department)
        del self.chain.departments[old]
        self.chain.departments.insert(index, department)
        self.departments_changed.emit()
        self._emit_changed()
        return old

    def _announce(self, kind: str, id: str, added: bool) -> None:
        if kind == "touchpoint":
            (self.touchpoint_added if added else self.touchpoint_removed).emit(id)
        elif kind == "handoff":
            (self.handoff_added if added else self.handoff_removed).emit(id)
        elif kind == "department":
            self.departments_changed.emit()
        elif kind == "comment":
            self.comments_changed.emit()
        elif kind == "session":
            self.sessions_changed.emit()
        elif kind == "action":
            self.actions_changed.emit()
        elif kind == "stage":
            self.stages_changed.emit()
        else:
            self.person_changed.emit(id)
        self._emit_changed()

    def assign_touchpoint_fields(self, changes: list[tuple[str, dict]]) -> None:
        """Assign fields of many touchpoints in one batch (a move of thousands of cards,
        its undo); the caller knows what they replace (MoveTouchpointsCommand).

        What assign_fields does for each, without its per-element look-ups and signals:
        for 20,000 cards that took a quarter of a second, in one event-loop turn. Every id
        and field is checked before anything is assigned, so it assigns all or none.
        """
        if not self.batching:
            raise RuntimeError("assign_touchpoint_fields runs only within a batch")
        by_id, names = self._by_id, _field_names(Touchpoint)
        elements = [by_id.get(id) for id, _fields in changes]
        for element, (id, fields) in zip(elements, changes):
            if not isinstance(element, Touchpoint):
                raise KeyError(f"no touchpoint with id {id!r}")
            if not fields.keys() <= names:
                raise AttributeError(f"Touchpoint has no field {sorted(fields.keys() - names)[0]!r}")
        for snapshot in self._snapshots:
            snapshot.keep(elements)
        for element, (_id, fields) in zip(elements, changes):
            element.__dict__.update(fields)
            element.__pydantic_fields_set__.update(fields)
        self._batch_touchpoints.update(dict.fromkeys(id for id, _fields in changes))
        self._emit_changed()

    def snapshot(self) -> ChainSnapshot:
        """The chain as it is now, as it stays however it is edited through this document
        (see ChainSnapshot): for a recovery copy written over several event-loop turns."""
        snapshot = ChainSnapshot.take(self.chain)
        self._snapshots.add(snapshot)  # until the snapshot is let go
        return snapshot

    def set_lint_settings(self, lint: LintSettings) -> None:
        self.chain.lint = lint
        self.chain_changed.emit()
        self._emit_changed()

    def assign_fields(self, id: str | None, fields: dict) -> dict:
        """Assign fields of any element (the chain for None); returns the previous values.

        The values were validated when their command was checked (app.edit_checks), so
        they are stored as they are: validating each again costs a layout of 20,000
        cards about a second.
        """
        element = self.element(id)
        unknown = fields.keys() - _field_names(type(element))
        if unknown:
            raise AttributeError(f"{type(element).__name__} has no field {sorted(unknown)[0]!r}")
        previous = {name: getattr(element, name) for name in fields}
        if element is not self.chain:  # a snapshot copies the chain's own fields when taken
            for snapshot in self._snapshots:
                snapshot.keep((element,))
        element.__dict__.update(fields)
        element.__pydantic_fields_set__.update(fields)
        if isinstance(element, Touchpoint):
            if self.batching:
                self._batch_touchpoints[id] = None
            else:
                self.touchpoint_changed.emit(id)
        elif isinstance(element, Handoff):
            self.handoff_changed.emit(id)
        elif isinstance(element, Department):
            self.departments_changed.emit()
        elif isinstance(element, Person):
            self.person_changed.emit(id)
        elif isinstance(element, Comment):
            self.comments_changed.emit()
        elif isinstance(element, Session):
            self.sessions_changed.emit()
        elif isinstance(element, Action):
            self.actions_changed.emit()
        elif isinstance(element, Stage):
            self.stages_changed.emit()
        else:
            if "ratings" in fields:
                self.ratings_changed.emit()
            if "glossary" in fields:
                self.glossary_changed.emit()
            self.chain_changed.emit()
        self._emit_changed()
        return previous
