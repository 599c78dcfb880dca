"""Handoffs off screen still drawn where they were before lanes moved, waiting to be
carried along over the next turns of the event loop (see ChainScene._follow_lanes).

At 20,000 touchpoints an edit that grows a lane moves some 14,000 handoffs below it:
the canvas carries those on screen at once and leaves the others waiting here. Each
move of lanes is kept with its carry (where it took each point: models.lane_shift). A
handoff still waiting when lanes move again is carried by every move since the one it
waits from, in one go (one_after_another), so a second edit need not first carry the
thousands the first one left.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from models.lane_shift import Carry, one_after_another


@dataclass
class _Move:
    carry: Carry
    cards: set[str]  # the cards it moved (a handoff at one that changed size becomes a draft)
    known: set[str] = field(default_factory=set)  # its handoffs drawn at once, or waiting


class UnshownHandoffs:
    def __init__(self, handoffs_at: Callable[[Collection[str]], Iterable[str]]):
        self._handoffs_at = handoffs_at  # the handoffs at some cards
        self._moves: list[_Move] = []
        self._waiting: dict[str, int] = {}  # handoff id -> the first move it waits for
        #: Cards whose handoffs wait for a move (but for those it knows), gathered a set a
        #: step: at 20,000 touchpoints, gathering them all held an edit several ms.
        self._to_gather: deque[tuple[Collection[str], int]] = deque()
        #: Move -> the carry and cards of it and every move after: made once, not for
        #: every few handoffs drawn (the cards of a move are those of hundreds of lanes).
        self._since: dict[int, tuple[Carry, set[str]]] = {}

    def __bool__(self) -> bool:
        return bool(self._waiting or self._to_gather)

    @property
    def gathering(self) -> bool:
        return bool(self._to_gather)

    def add_move(self, carry: Carry, cards: set[str], shown: set[str], to_gather: list[Collection[str]]) -> None:
        """Lanes moved `cards` with `carry`; the handoffs `shown` are drawn at once (see
        draw_now), those at `to_gather` wait. Those still waiting from a move before
        wait on, for this one too (the sets to gather are gathered first: they may be
        a lane's own set of cards, which changes)."""
        self.gather_all()
        self._moves.append(_Move(carry, cards, set(shown)))
        self._since.clear()
        self._to_gather.extend((some, len(self._moves) - 1) for some in to_gather)

    def gather_some(self) -> None:
        """The handoffs at one set of cards, to wait."""
        cards, move = self._to_gather.popleft()
        known, waiting = self._moves[move].known, self._waiting
        for id in self._handoffs_at(cards):
            if id not in known and id not in waiting:  # (one waiting from before waits on)
                known.add(id)
                waiting[id] = move
        self._forget_moves_when_done()

    def gather_all(self) -> None:
        while self._to_gather:
            self.gather_some()

    def draw_now(self, ids: Iterable[str]) -> Iterator[tuple[list[str], Carry, set[str]]]:
        """(handoffs, carry, cards) to draw now, for `ids` moved by the last move: those
        waiting from a move before are carried by it too."""
        last = len(self._moves) - 1
        by_move: dict[int, list[str]] = {}
        for id in ids:
            by_move.setdefault(self._waiting.pop(id, last), []).append(id)
        yield from self._carried(by_move)
        self._forget_moves_when_done()

    def take(self, count: int) -> Iterator[tuple[list[str], Carry, set[str]]]:
        """(handoffs, carry, cards) of up to `count` waiting handoffs, to draw."""
        by_move: dict[int, list[str]] = {}
        for id in list(islice(self._waiting, count)):
            by_move.setdefault(self._waiting.pop(id), []).append(id)
        yield from self._carried(by_move)
        self._forget_moves_when_done()

    def _carried(self, by_move: dict[int, list[str]]) -> Iterator[tuple[list[str], Carry, set[str]]]:
        for move, ids in by_move.items():
            if move not in self._since:
                since = self._moves[move:]
                cards = since[0].cards if len(since) == 1 else set().union(*(each.cards for each in since))
                self._since[move] = one_after_another([each.carry for each in since]), cards
            yield ids, *self._since[move]

    def _forget_moves_when_done(self) -> None:
        if not self:  # (nothing waits for them)
            self._moves.clear()
            self._since.clear()

    def clear(self) -> None:
        self._moves.clear()
        self._since.clear()
        self._waiting.clear()
        self._to_gather.clear()
