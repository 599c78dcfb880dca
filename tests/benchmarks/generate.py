"""Synthetic service chains of any size, for benchmarks and tests.

`synthetic_chain(n, seed)` builds a chain that looks like a real one, only larger:
about n/25 departments (a customer lane, then frontline lanes, then backoffice and
support lanes), a roster of about n/10 people, and n touchpoints in journeys of about
200 touchpoints. Each journey begins with a start in the customer lane, wanders down
through the frontline into the back office and up again, and ends in the customer lane.
There are about 1.3 n handoffs: one to the next touchpoint of the journey, a second,
labelled branch from each decision, and a few skips ahead and rework loops back.
Most optional fields are filled in, with the gaps a real chain has.

`second_wave=True` switches on what format version 2 added (second_wave adds it to the
same chain): five stages, each taking a fifth of every journey; a measure with six months
of results on about one touchpoint in eight, and improvement actions for some of those
off target; open comments in a review session on about one in twenty; long labels of
three or four lines on about one in ten; marks, RACI and working and waiting times; and
a glossary.

The same n, seed and second_wave always give the same chain.
"""

from __future__ import annotations

import math
import random
import unicodedata

from models.chain import Chain

JOURNEY_LENGTH = 200  # touchpoints per start (and per end)
TOUCHPOINTS_PER_DEPARTMENT = 25
TOUCHPOINTS_PER_PERSON = 10
HANDOFFS_PER_TOUCHPOINT = 1.3
DECISION_SHARE = 0.06

# Layout: cards fit their labels, here up to about 240 x 90; x advances along a journey,
# and each journey that passes through a lane gets its own row in it, with room between
# cards for the arrows to go around them.
X0, DX = 40.0, 340.0
Y0, DY = 20.0, 150.0

LANE_NAMES = {
    "frontline": ["Sales desk", "Customer service", "Reception", "Helpdesk", "Field service",
                  "Showroom", "Call centre", "Account management"],
    "backoffice": ["Warehouse", "Finance", "Planning", "Purchasing", "Quality control",
                   "Production", "Returns", "Billing", "Transport"],
    "support": ["IT", "HR", "Facilities", "Legal", "Data management"],
}
COLORS = ["#fde2e4", "#e2ece9", "#dfe7fd", "#fff1e6", "#e9edc9", "#f0efeb", "#d8e2dc"]
JOB_TITLES = {
    "frontline": ["Sales adviser", "Service agent", "Receptionist", "Team lead", "Account manager"],
    "backoffice": ["Order picker", "Planner", "Bookkeeper", "Buyer", "Inspector", "Team lead"],
    "support": ["System administrator", "HR adviser", "Facility manager", "Lawyer"],
}
FIRST_NAMES = ["Anna", "Bram", "Chloé", "Daan", "Emma", "Finn", "Greta", "Hugo", "Iris",
               "Jesse", "Kim", "Lotte", "Milan", "Noor", "Olivier", "Priya", "Quinten",
               "Rosa", "Sem", "Tess", "Umar", "Vera", "Wouter", "Xiu", "Yara", "Zoë"]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer",
              "Bos", "Peters", "Hendriks", "van Dijk", "Öztürk", "Kowalski", "García", "Nguyen"]
OBJECTS = ["order", "request", "complaint", "quote", "invoice", "delivery", "appointment",
           "claim", "contract", "return"]
VERBS = {
    "customer": ["Submits", "Calls about", "Signs", "Pays", "Asks about", "Returns", "Confirms"],
    "frontline": ["Confirms", "Registers", "Answers", "Checks", "Schedules", "Explains",
                  "Quotes", "Follows up on"],
    "backoffice": ["Picks", "Packs", "Invoices", "Plans", "Approves", "Archives", "Inspects",
                   "Ships"],
    "support": ["Sets up access for", "Updates records of", "Audits", "Reviews terms of"],
}
CHANNELS = {
    "customer": ["web", "phone", "email", "in_person", "chat"],
    "frontline": ["phone", "email", "chat", "in_person", "written"],
    "backoffice": ["system", "system", "written", "email", "other"],
    "support": ["system", "email", "written"],
}
DECISIONS = [("Is {o} {n} complete?", "Yes", "No, ask for the missing details"),
             ("Approve {o} {n}?", "Approved", "Rejected"),
             ("Is {o} {n} in stock?", "In stock", "Back-ordered"),
             ("Can {o} {n} be handled today?", "Today", "Tomorrow")]
EXPECTATIONS = ["A confirmation within {h} hours", "A friendly answer on the first call",
                "The parcel on the promised day", "A clear answer in plain language",
                "Not having to repeat their details", "A call back within {h} hours"]
OBJECTIVES = ["{p}% of {o}s handled within {h} hours",
              "Fewer than {h} complaints a month about {o}s",
              "{p}% of {o}s right the first time", "Every {o} answered within {h} working hours"]
PASSES = ["signed order form", "customer file", "delivery note", "invoice",
          "the customer's question", "repair ticket", "payment confirmation", "pick list",
          "credit check result"]
HANDOFF_EXPECTATIONS = ["same working day", "within 1 hour", "before 16:00", "next working day",
                        "complete and legible"]
NOTES = ["Customers often call back to check the status.", "Idea: send an automatic update.",
         "Peaks on Monday mornings.", "Feedback from the survey: too slow in summer."]


def synthetic_chain(n: int, seed: int = 0, second_wave: bool = False) -> Chain:
    """A valid chain with `n` touchpoints (n >= 2); the same arguments give the same chain."""
    if n < 2:
        raise ValueError("a synthetic chain needs at least 2 touchpoints (a start and an end)")
    rng = random.Random(seed)
    departments = _departments(n)
    people = _people(n, departments, rng)
    touchpoints, journeys = _touchpoints(n, departments, people, rng)
    handoffs = _handoffs(n, touchpoints, journeys, rng)
    second = _second_wave(touchpoints, handoffs, journeys, people, random.Random(seed + 1)) if second_wave else {}
    return Chain.model_validate(
        {
            **second,
            "title": f"Order to delivery ({n:,} touchpoints)",
            "organisation": "Greenleaf Garden Supplies",
            "vision": "Every customer gets what they ordered, on the day we promised, "
            "without having to chase us.",
            "description": f"Synthetic chain for benchmarks (seed {seed}).",
            "departments": departments,
            "people": people,
            "touchpoints": touchpoints,
            "handoffs": handoffs,
            "lint": {
                # Objectives in words, as chains were before measures: no info for each.
                "rules": {"objective-required": "warning", "measure-target-required": "off"},
                "ignore": [
                    {
                        "rule": "expectation-required",
                        "element": touchpoints[1]["id"],
                        "reason": "An internal step; agreed with the team lead.",
                    }
                ],
            },
        }
    )


def _departments(n: int) -> list[dict]:
    count = max(2, round(n / TOUCHPOINTS_PER_DEPARTMENT))
    staff = count - 1
    frontline = max(1, round(staff * 0.3))
    backoffice = round((staff - frontline) * 0.7)
    roles = ["customer"] + ["frontline"] * frontline + ["backoffice"] * backoffice
    roles += ["support"] * (count - len(roles))
    departments = [{"id": "d-customer", "name": "Customer", "role": "customer"}]
    seen: dict[str, int] = {}
    for index, role in enumerate(roles[1:], start=1):
        names = LANE_NAMES[role]
        number = seen.get(role, 0)
        seen[role] = number + 1
        name = names[number % len(names)]
        if number >= len(names):
            name += f" {number // len(names) + 1}"
        color = COLORS[index % len(COLORS)]
        departments.append({"id": f"d-{index:04d}", "name": name, "role": role, "color": color})
    return departments


def _people(n: int, departments: list[dict], rng: random.Random) -> list[dict]:
    staffed = departments[1:]  # nobody works in the customer lane
    people = []
    for index in range(max(2, round(n / TOUCHPOINTS_PER_PERSON))):
        department = staffed[index % len(staffed)]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        person = {"id": f"p-{index:05d}", "name": f"{first} {last}", "department": department["id"]}
        if rng.random() < 0.9:
            person["role"] = rng.choice(JOB_TITLES[department["role"]])
        if rng.random() < 0.8:
            person["email"] = f"{_ascii(first)}.{_ascii(last)}.{index}@greenleaf.example"
        people.append(person)
        if index < len(staffed) and rng.random() < 0.8:
            department["lead"] = person["id"]
    return people


def _touchpoints(n, departments, people, rng):
    """The touchpoints in file order, and each journey's (first index, length)."""
    staff: dict[str, list[str]] = {}
    for person in people:
        staff.setdefault(person["department"], []).append(person["id"])
    frontline = [d for d in departments if d["role"] == "frontline"]
    back = [d for d in departments if d["role"] in ("backoffice", "support")]
    count = max(1, round(n / JOURNEY_LENGTH))
    rows: dict[str, int] = {}  # rows used so far in each lane
    touchpoints: list[dict] = []
    journeys = []
    for journey in range(count):
        first, length = n * journey // count, n * (journey + 1) // count - n * journey // count
        journeys.append((first, length))
        lanes = [departments[0]] + _share(frontline, journey, count) + _share(back, journey, count)
        row: dict[str, float] = {}
        lane = 0
        for step in range(length):
            if step == 0 or step == length - 1:
                lane = 0
            elif step > 1:
                lane = _next_lane(lane, len(lanes), step / length, rng)
            else:
                lane = min(1, len(lanes) - 1)
            department = lanes[lane]
            if department["id"] not in row:
                row[department["id"]] = Y0 + DY * rows.get(department["id"], 0)
                rows[department["id"]] = rows.get(department["id"], 0) + 1
            if step == 0:
                kind = "start"
            elif step == length - 1:
                kind = "end"
            elif lane > 0 and step <= length - 3 and rng.random() < DECISION_SHARE:
                kind = "decision"
            else:
                kind = "step"
            touchpoints.append(
                _touchpoint(len(touchpoints), kind, department, staff, rng,
                            x=X0 + DX * step, y=row[department["id"]])
            )
    return touchpoints, journeys


def _share(lanes: list[dict], journey: int, journeys: int) -> list[dict]:
    """The contiguous part of `lanes` that journey number `journey` passes through."""
    if not lanes:
        return []
    start = min(journey * len(lanes) // journeys, len(lanes) - 1)
    end = max(start + 1, (journey + 1) * len(lanes) // journeys)
    return lanes[start:end]


def _next_lane(lane: int, lanes: int, progress: float, rng: random.Random) -> int:
    """Stay, or move towards a depth that sweeps down into the back office and up again."""
    sweeps = 3
    target = round((lanes - 1) * (0.5 - 0.5 * math.cos(2 * math.pi * sweeps * progress)))
    roll = rng.random()
    if roll < 0.45:
        return lane
    if roll < 0.85 and target != lane:
        return lane + (1 if target > lane else -1)
    return rng.randrange(lanes)


def _touchpoint(index, kind, department, staff, rng, *, x, y) -> dict:
    role = department["role"]
    number = rng.randrange(100, 10_000)
    thing = rng.choice(OBJECTS)
    if kind == "start":
        label = f"Places {thing} {number} on the web shop"
    elif kind == "end":
        label = f"Receives the result of {thing} {number}"
    elif kind == "decision":
        label = rng.choice(DECISIONS)[0].format(o=thing, n=number)
    else:
        label = f"{rng.choice(VERBS[role])} {thing} {number}"
    touchpoint = {"id": f"t-{index:06d}", "label": label, "department": department["id"]}
    if kind != "step":
        touchpoint["kind"] = kind
    if rng.random() < 0.95:
        touchpoint["channel"] = rng.choice(CHANNELS[role])
    if role in ("backoffice", "support") and rng.random() < 0.7:
        touchpoint["serves"] = "internal"
    hours = rng.choice([1, 2, 4, 8, 24])
    if role != "customer":
        if rng.random() < 0.97:
            touchpoint["owner"] = rng.choice(staff[department["id"]])
        if rng.random() < 0.95:
            touchpoint["procedure"] = _procedure(index, thing, department, rng)
        if rng.random() < 0.85:
            touchpoint["objective"] = rng.choice(OBJECTIVES).format(
                p=rng.choice([80, 90, 95, 98]), o=thing, h=hours
            )
    if rng.random() < 0.9:
        touchpoint["expectation"] = rng.choice(EXPECTATIONS).format(h=hours)
    touchpoint["review"] = _review(rng)
    if rng.random() < 0.1:
        touchpoint["notes"] = rng.choice(NOTES)
    touchpoint["position"] = {"x": x, "y": y}
    return touchpoint


def _procedure(index: int, thing: str, department: dict, rng: random.Random) -> dict:
    code = f"SOP-{index % 997:03d}"
    procedure = {"title": f"{code} {department['name']}: handling a {thing}"}
    roll = rng.random()
    if roll < 0.85:
        procedure["link"] = f"https://intranet.greenleaf.example/procedures/{code.lower()}"
    elif roll < 0.95:
        procedure["link"] = f"procedures/{code.lower()}.pdf"
    if rng.random() < 0.4:
        procedure["summary"] = f"Check the {thing}, record it in the system and tell the next team."
    return procedure


def _review(rng: random.Random) -> dict:
    status = rng.choices(["identified", "examined", "critiqued", "approved"], [3, 2.5, 1.5, 3])[0]
    review = {"status": status, "signoffs": []}
    if status == "approved":
        roles = ["management", "service_provider"] if rng.random() < 0.85 else ["management"]
    elif status != "identified" and rng.random() < 0.3:
        roles = ["service_provider"]
    else:
        roles = []
    for role in roles:
        signoff = {
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "role": role,
            "date": f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        }
        if rng.random() < 0.2:
            signoff["note"] = "Agreed in the team meeting."
        review["signoffs"].append(signoff)
    return review


def _handoffs(n, touchpoints, journeys, rng) -> list[dict]:
    wanted = round(HANDOFFS_PER_TOUCHPOINT * n)
    pairs: list[tuple[int, int, str | None]] = []  # (source, target, branch label)
    seen: set[tuple[int, int]] = set()

    def add(source: int, target: int, label: str | None = None) -> bool:
        if source == target or (source, target) in seen:
            return False
        seen.add((source, target))
        pairs.append((source, target, label))
        return True

    # The flow itself: each touchpoint hands on to the next; decisions branch further on.
    for first, length in journeys:
        for index in range(first, first + length - 1):
            if touchpoints[index].get("kind") == "decision":
                _, yes, no = DECISIONS[index % len(DECISIONS)]
                add(index, index + 1, yes)
                add(index, min(index + rng.randrange(2, 7), first + length - 1), no)
            else:
                add(index, index + 1)
    # Skips ahead and rework loops back, within a journey, until there are enough.
    attempts = 0
    while len(pairs) < wanted and attempts < 20 * n:
        attempts += 1
        first, length = rng.choice(journeys)
        source = first + rng.randrange(length - 1)  # never from the end
        if rng.random() < 0.85:
            target = min(source + rng.randrange(2, 9), first + length - 1)
        else:
            target = max(source - rng.randrange(1, 6), first + 1)  # never back to the start
        label = "Extra branch" if touchpoints[source].get("kind") == "decision" else None
        add(source, target, label)

    handoffs = []
    for number, (source, target, label) in enumerate(pairs):
        origin, goal = touchpoints[source], touchpoints[target]
        handoff = {"id": f"h-{number:06d}", "from": origin["id"], "to": goal["id"]}
        if label is None and rng.random() < 0.1:
            label = rng.choice(["by e-mail", "urgent", "in the system", "by phone"])
        if label is not None:
            handoff["label"] = label
        crosses = origin["department"] != goal["department"]
        if rng.random() < (0.95 if crosses else 0.2):
            handoff["passes"] = rng.choice(PASSES)
        if rng.random() < 0.4:
            handoff["expectation"] = rng.choice(HANDOFF_EXPECTATIONS)
        handoffs.append(handoff)
    return handoffs


STAGES = ["Orientation", "Ordering", "Fulfilment", "Delivery", "Aftercare"]
LONG_LABEL = "{label}, checks it against the agreed terms and records in the shared file what was decided and why"
METRICS = [("{o}s handled within the agreed time", "%", 90.0, "at_least"),
           ("minutes to answer a {o}", "minutes", 30.0, "at_most"),
           ("customer score for the {o}", "score", 8.0, "at_least")]
COMMENTS = [("critique", "The customer has to repeat their details here."),
            ("question", "Who covers this step when the owner is away?"),
            ("idea", "Could the system send this confirmation by itself?")]
GLOSSARY = [("Order", "What a customer asks us to deliver, with its agreed price and date.", ["request", "job"]),
            ("Handoff", "Work passed from one touchpoint to the next.", ["transfer"]),
            ("Moment of truth", "A touchpoint where the customer decides whether to trust us.", [])]


def _second_wave(touchpoints, handoffs, journeys, people, rng: random.Random) -> dict:
    """Fill the format version 2 fields into `touchpoints` and `handoffs` (in place); the
    chain-level lists to add."""
    staff = [person["id"] for person in people]
    comments, actions = [], []
    for first, length in journeys:
        for step in range(length):
            touchpoint = touchpoints[first + step]
            touchpoint["stage"] = f"s-{STAGES[min(len(STAGES) - 1, step * len(STAGES) // length)].lower()}"
            customer = touchpoint["department"] == "d-customer"
            if rng.random() < 0.1 and touchpoint.get("kind") != "decision":  # a diamond would grow huge
                touchpoint["label"] = LONG_LABEL.format(label=touchpoint["label"])
            touchpoint["duration_minutes"] = float(rng.choice([5, 10, 15, 30, 60, 120]))
            if rng.random() < 0.08:
                touchpoint["marks"] = rng.sample(["moment_of_truth", "fail_point", "pain_point"], rng.randrange(1, 3))
            if not customer and rng.random() < 0.3:
                touchpoint["consulted"] = rng.sample(staff, 2)
                touchpoint["informed"] = rng.sample(staff, 1)
            if not customer and rng.random() < 0.125:
                metric, unit, target, direction = rng.choice(METRICS)
                thing = touchpoint["label"].split()[1] if len(touchpoint["label"].split()) > 1 else "order"
                touchpoint["measure"] = {"metric": metric.format(o=thing), "unit": unit, "target": target,
                                         "direction": direction, "period": "month"}
                spread = target * 0.3
                touchpoint["results"] = [
                    {"period": f"2026-{month:02d}", "value": round(target + rng.uniform(-spread, spread / 2), 1)}
                    for month in range(1, 7)
                ]
                if rng.random() < 0.3:
                    actions.append({"id": f"a-{len(actions):06d}", "title": f"Bring {metric.format(o=thing)} on target",
                                    "elements": [touchpoint["id"]], "owner": rng.choice(staff),
                                    "phase": rng.choice(["plan", "do", "check", "act"]), "due": "2027-03-31"})
            if rng.random() < 0.05:
                kind, text = rng.choice(COMMENTS)
                comments.append({"id": f"c-{len(comments):06d}", "element": touchpoint["id"], "author": "Review team",
                                 "date": "2026-06-15", "kind": kind, "text": text, "session": "session-1"})
    for handoff in handoffs:
        if rng.random() < 0.6:
            handoff["wait_minutes"] = float(rng.choice([0, 15, 60, 240, 1440]))
    return {
        "version": 2,
        "stages": [{"id": f"s-{name.lower()}", "name": name} for name in STAGES],
        "comments": comments,
        "actions": actions,
        "sessions": [{"id": "session-1", "date": "2026-06-15", "title": "Walkthrough with the team leads",
                      "attendees": staff[:6]}],
        "glossary": [{"term": term, "definition": definition, "avoid": avoid} for term, definition, avoid in GLOSSARY],
    }


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "")
