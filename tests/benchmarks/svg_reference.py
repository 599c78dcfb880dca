"""A reference for SVG export times: Graphviz's `neato -n2` rendering a laid-out chain.

`neato -n2` takes every node where `pos` puts it and only draws, so its time is what a
mature C renderer needs to turn the same boxes, labels and connectors into SVG.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from models.chain import Chain
from models.interchange import dot_quoted

LANE_HEIGHT = 150  # points: lane i starts at y = i * LANE_HEIGHT
BOX_WIDTH, BOX_HEIGHT = 160, 64  # points, as the touchpoint cards on the canvas
POINTS_PER_INCH = 72


def positioned_dot(chain: Chain) -> str:
    """DOT with every touchpoint pinned where the canvas draws it.

    `pos` is the centre of the box in points; the canvas's y grows downwards and
    Graphviz's upwards, so y is negated to keep the customer lane on top.
    """
    lane = {department.id: index for index, department in enumerate(chain.departments)}
    width, height = BOX_WIDTH / POINTS_PER_INCH, BOX_HEIGHT / POINTS_PER_INCH
    lines = [
        "digraph chain {",
        f'  node [shape=box, style=rounded, fixedsize=true, width={width:.4f}, '
        f'height={height:.4f}, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for touchpoint in chain.touchpoints:
        x = touchpoint.position.x + BOX_WIDTH / 2
        y = lane[touchpoint.department] * LANE_HEIGHT + touchpoint.position.y + BOX_HEIGHT / 2
        lines.append(
            f'  {dot_quoted(touchpoint.id)} [label={dot_quoted(touchpoint.label)}, '
            f'pos="{x:.2f},{-y:.2f}!"];'
        )
    for handoff in chain.handoffs:
        text = handoff.label or handoff.passes
        label = f" [label={dot_quoted(text)}]" if text else ""
        lines.append(f"  {dot_quoted(handoff.source)} -> {dot_quoted(handoff.target)}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def neato_svg_seconds(chain: Chain) -> float:
    """Wall time of one `neato -n2 -Tsvg` run on the chain (writing the DOT not counted).

    Raises RuntimeError when `neato` is not installed or fails.
    """
    neato = shutil.which("neato")
    if neato is None:
        raise RuntimeError(
            "the SVG reference needs Graphviz's `neato` program, which is not on PATH; "
            "install Graphviz (apt install graphviz, brew install graphviz)"
        )
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "in.dot", Path(folder) / "out.svg"
        source.write_text(positioned_dot(chain), encoding="utf-8")
        start = time.perf_counter()
        result = subprocess.run(
            [neato, "-n2", "-Tsvg", "-o", str(output), str(source)],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(
                f"neato failed (exit code {result.returncode}): {result.stderr.strip()}"
            )
    return seconds


def neato_reference(chain: Chain, repeat: int) -> float | str:
    """The median of `repeat` runs of neato_svg_seconds, or "no neato" without it."""
    try:
        return statistics.median(neato_svg_seconds(chain) for _ in range(repeat))
    except RuntimeError:
        return "no neato"
