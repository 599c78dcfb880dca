"""How long the chain takes: per path from a start to an end, the working time of its
touchpoints, the waiting time of its handoffs, and the total; the critical path is the
longest by total (format version 2: `duration_minutes`, `wait_minutes`).

A path follows handoffs from a start touchpoint (kind "start", or one no handoff reaches)
to an end (kind "end", or one that hands off to nothing). A handoff that closes a loop
(back to a touchpoint the flow came through, found by a depth-first walk from the starts)
is taken at most once on a path: a rework loop is gone round once, not again and again,
and the touchpoints worked twice count twice. A time the file does not give counts as 0 and the path says how many it
missed. Chains with very many paths are cut at PATH_LIMIT paths, longest search first;
the result says so.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from models.chain import Chain

#: At most this many paths are listed (a large chain has more than anyone could read).
PATH_LIMIT = 10_000


@dataclass
class PathTiming:
    touchpoints: list[str]
    working: float
    waiting: float
    missing: int  # touchpoints and handoffs on it without a time

    @property
    def total(self) -> float:
        return self.working + self.waiting


@dataclass
class Timing:
    paths: list[PathTiming] = field(default_factory=list)
    complete: bool = True  # False: cut at PATH_LIMIT

    @property
    def critical_path(self) -> PathTiming | None:
        return max(self.paths, key=lambda path: (path.total, -len(path.touchpoints)), default=None)

    def to_json(self) -> str:
        critical = self.critical_path
        data = {
            "critical_path": None if critical is None else {
                "minutes": critical.total, "working": critical.working, "waiting": critical.waiting,
                "touchpoints": critical.touchpoints,
            },
            "paths": [{**asdict(path), "total": path.total} for path in self.paths],
            "complete": self.complete,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def to_text(self, labels: dict[str, str]) -> str:
        critical = self.critical_path
        if critical is None:
            return "No path runs from a start to an end.\n"
        if critical.total == 0 and all(path.missing for path in self.paths):
            return (f"No touchpoint or handoff on the {len(self.paths):,}{'' if self.complete else '+'} paths from a "
                    "start to an end has a time yet (a touchpoint's working minutes, a handoff's waiting minutes).\n")
        lines = [f"Critical path: {minutes_text(critical.total)} ({minutes_text(critical.working)} working, "
                 f"{minutes_text(critical.waiting)} waiting)"]
        lines += [f"  {labels.get(id, id)}" for id in critical.touchpoints]
        lines.append(f"{len(self.paths)} path{'' if len(self.paths) == 1 else 's'}"
                     + ("" if self.complete else f" (the first {PATH_LIMIT:,}; there are more)"))
        for path in sorted(self.paths, key=lambda path: -path.total):
            gaps = f", {path.missing} without a time" if path.missing else ""
            route = " → ".join(labels.get(id, id) for id in path.touchpoints)
            lines.append(f"  {minutes_text(path.total)} ({minutes_text(path.working)} + {minutes_text(path.waiting)}{gaps}): {route}")
        return "\n".join(lines) + "\n"


def chain_timing(chain: Chain) -> Timing:
    """Every path's working, waiting and total minutes (up to PATH_LIMIT paths)."""
    working = {t.id: t.duration_minutes for t in chain.touchpoints}
    waiting = {h.id: h.wait_minutes for h in chain.handoffs}
    leaving: dict[str, list] = {t.id: [] for t in chain.touchpoints}
    reached = set()
    for handoff in chain.handoffs:
        leaving[handoff.source].append(handoff)
        reached.add(handoff.target)
    starts = [t.id for t in chain.touchpoints if t.kind == "start" or (t.id not in reached and leaving[t.id])]
    ends = {t.id for t in chain.touchpoints if t.kind == "end" or not leaving[t.id]}
    closing = loop_closing_handoffs(starts, leaving)
    timing = Timing()
    for start in starts:
        # Depth first with an explicit stack: (touchpoint, path so far, handoffs used).
        stack = [(start, [start], ())]
        while stack:
            here, path, used = stack.pop()
            if here in ends and (len(path) > 1 or not leaving[here]):
                timing.paths.append(_timed(path, used, working, waiting))
                if len(timing.paths) >= PATH_LIMIT:
                    timing.complete = False
                    return timing
                if not leaving[here]:
                    continue
            for handoff in reversed(leaving[here]):
                if handoff.id in closing and handoff.id in used:
                    continue  # round a loop once only
                stack.append((handoff.target, [*path, handoff.target], (*used, handoff.id)))
    return timing


def loop_closing_handoffs(starts: list[str], leaving: dict[str, list]) -> set[str]:
    """The ids of the handoffs that lead back to a touchpoint still being walked from, in
    a depth-first walk from the starts (then from anything they do not reach)."""
    state: dict[str, int] = {}  # 1: being walked from, 2: done
    closing: set[str] = set()
    for root in [*starts, *leaving]:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(leaving[root]))]
        while stack:
            here, next_handoffs = stack[-1]
            handoff = next(next_handoffs, None)
            if handoff is None:
                state[here] = 2
                stack.pop()
            elif state.get(handoff.target) == 1:
                closing.add(handoff.id)
            elif handoff.target not in state:
                state[handoff.target] = 1
                stack.append((handoff.target, iter(leaving[handoff.target])))
    return closing


def _timed(path: list[str], used: tuple, working: dict[str, float | None],
           waiting: dict[str, float | None]) -> PathTiming:
    waits = [waiting[id] for id in used]
    works = [working[id] for id in path]
    missing = sum(value is None for value in works + waits)
    return PathTiming(list(path), sum(value or 0 for value in works), sum(value or 0 for value in waits), missing)


def minutes_text(value: float) -> str:
    """95 -> "1 h 35 min", 30 -> "30 min", 12.5 -> "12.5 min", 2975 -> "2 d 1 h 35 min"."""
    days, rest = divmod(value, 1440)
    hours, minutes = divmod(rest, 60)
    parts = ([f"{days:g} d"] if days else []) + ([f"{hours:g} h"] if hours or days else [])
    return " ".join(parts + [f"{minutes:g} min"])
