"""A walk along the chain, step by step, as a review meeting does it: pure Python, no Qt.

The walk starts at the first start touchpoint in flow order (left to right as drawn, then
lane by lane, as the handout lists them); without a start touchpoint, at the first
touchpoint that no handoff leads to, else at the first touchpoint. From the current
touchpoint it follows the handoffs: its *options* are its outgoing handoffs, their
targets in flow order. With one option not walked yet, going on needs no choice; at a
decision (or any touchpoint with several handoffs out) the room chooses.

The path remembers every step, so Back retraces it. A touchpoint on the path counts as
seen: a handoff back to it (rework) is offered but never taken by just going on, so a
loop ends. When nothing new lies ahead (an end, or a loop back), the options are where
the walk can go on: the branches not yet walked of the touchpoints on the path, latest
first, and the start touchpoints not yet walked. Touchpoints that no handoff reaches are
walked only by jumping to them (by id or by their number in flow order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.chain import Chain, Touchpoint

#: handoff: out of the current touchpoint; branch: a branch not yet walked of an earlier
#: touchpoint on the path; start: a start touchpoint not yet walked.
OptionKind = Literal["handoff", "branch", "start"]


class EmptyChain(ValueError):
    """The chain has no touchpoint to walk."""


@dataclass(frozen=True)
class Option:
    """One way on from the current step."""

    kind: OptionKind
    target: str  # the touchpoint it leads to
    label: str  # the handoff's label (a decision's "Yes"/"No"), or ""
    handoff: str | None = None  # the handoff followed, None for a start
    source: str | None = None  # the touchpoint the handoff leaves (for a branch: the earlier one)
    seen: bool = False  # the target is already on the path


def flow_order(chain: Chain) -> list[Touchpoint]:
    """The touchpoints left to right as drawn, then by lane from the top, then top to bottom."""
    lane_index = {department.id: index for index, department in enumerate(chain.departments)}
    return sorted(
        chain.touchpoints,
        key=lambda t: (t.position.x, lane_index.get(t.department, len(lane_index)), t.position.y),
    )  # sorted() is stable, so equal places keep file order


class Walk:
    """Where the walk is (`current`), how it got there (`path`) and where it can go on."""

    def __init__(self, chain: Chain, start: str | None = None):
        order = flow_order(chain)
        if not order:
            raise EmptyChain("The chain has no touchpoints to walk.")
        self.chain = chain
        self.order: list[str] = [t.id for t in order]
        self._number = {id: number for number, id in enumerate(self.order, 1)}
        self._outgoing: dict[str, list[tuple[str, str, str]]] = {id: [] for id in self.order}
        targets = set()
        for handoff in chain.handoffs:
            if handoff.source in self._number and handoff.target in self._number:
                self._outgoing[handoff.source].append((handoff.target, handoff.label or "", handoff.id))
                targets.add(handoff.target)
        for branches in self._outgoing.values():
            branches.sort(key=lambda branch: self._number[branch[0]])  # stable: file order on ties
        kinds = {t.id: t.kind for t in order}
        self.starts: list[str] = [id for id in self.order if kinds[id] == "start"] or [
            id for id in self.order if id not in targets
        ] or self.order[:1]
        self.path: list[str] = []
        #: Every touchpoint the walk has shown, also those left again by Back.
        self.shown: set[str] = set()
        self.restart(start)

    # -- where the walk is -----------------------------------------------------------------

    @property
    def current(self) -> str:
        return self.path[-1]

    @property
    def step(self) -> int:
        """How many steps the path has (1 at the start)."""
        return len(self.path)

    def number(self, touchpoint_id: str) -> int:
        """The touchpoint's number in flow order, from 1."""
        return self._number[touchpoint_id]

    def seen(self, touchpoint_id: str) -> bool:
        return touchpoint_id in self.path

    def step_of(self, touchpoint_id: str) -> int | None:
        """The step at which the path first reached the touchpoint, or None."""
        return self.path.index(touchpoint_id) + 1 if touchpoint_id in self.path else None

    # -- where it can go ---------------------------------------------------------------------

    def handoffs_out(self, touchpoint_id: str | None = None) -> list[Option]:
        """The handoffs out of a touchpoint (the current one), their targets in flow order."""
        source = self.current if touchpoint_id is None else touchpoint_id
        return [
            Option("handoff", target, label, handoff, source, self.seen(target))
            for target, label, handoff in self._outgoing[source]
        ]

    def options(self) -> list[Option]:
        """Where the walk can go from here: the handoffs out, and when none of them leads
        anywhere new, the branches and starts not yet walked."""
        options = self.handoffs_out()
        if any(not option.seen for option in options):
            return options
        offered = {option.target for option in options}
        for source in reversed(dict.fromkeys(self.path[:-1])):
            for option in self.handoffs_out(source):
                if not option.seen and option.target not in offered:
                    options.append(Option("branch", option.target, option.label, option.handoff, source))
                    offered.add(option.target)
        for start in self.starts:
            if not self.seen(start) and start not in offered:
                options.append(Option("start", start, ""))
                offered.add(start)
        return options

    def default_option(self, options: list[Option] | None = None) -> int | None:
        """The option that going on takes: the first not yet seen; None at the end."""
        options = self.options() if options is None else options
        return next((index for index, option in enumerate(options) if not option.seen), None)

    def is_choice(self, options: list[Option] | None = None) -> bool:
        """Whether the room has to choose: anything but one handoff to a new touchpoint."""
        options = self.options() if options is None else options
        return not (len(options) == 1 and options[0].kind == "handoff" and not options[0].seen)

    def unreached(self) -> list[str]:
        """The touchpoints the walk has not shown yet, in flow order."""
        return [id for id in self.order if id not in self.shown]

    # -- moving --------------------------------------------------------------------------------

    def forward(self) -> bool:
        """Go on along the default option; False at the end of the walk."""
        options = self.options()
        index = self.default_option(options)
        if index is None:
            return False
        self.go(options[index])
        return True

    def go(self, option: Option) -> None:
        """Take `option` (also one to a touchpoint already seen: the room chose it)."""
        self.jump_to(option.target)

    def back(self) -> bool:
        """Back to the step before; False at the first step."""
        if len(self.path) < 2:
            return False
        self.path.pop()
        return True

    def jump_to(self, touchpoint_id: str) -> None:
        """Make `touchpoint_id` the next step (Back returns to where the walk was)."""
        if touchpoint_id not in self._number:
            raise KeyError(touchpoint_id)
        if not self.path or self.current != touchpoint_id:
            self.path.append(touchpoint_id)
            self.shown.add(touchpoint_id)

    def jump_to_number(self, number: int) -> None:
        """Jump to the touchpoint with this number in flow order (from 1)."""
        if not 1 <= number <= len(self.order):
            raise IndexError(f"There is no touchpoint {number}; they are numbered 1 to {len(self.order)}.")
        self.jump_to(self.order[number - 1])

    def restart(self, start: str | None = None) -> None:
        """Begin again at `start` (by default the first start); what was shown stays shown."""
        start = self.starts[0] if start is None else start
        if start not in self._number:
            raise KeyError(start)
        self.path = [start]
        self.shown.add(start)

    def refreshed(self, chain: Chain) -> Walk:
        """The same walk on an edited chain: the path keeps the touchpoints still there."""
        walk = Walk(chain)
        path = [id for id in self.path if id in walk._number]
        if path:
            walk.path = path
        walk.shown |= {id for id in self.shown if id in walk._number}
        return walk
