"""Loading, saving and linting without a window, next to the `json` module as a reference.

`json.loads` and `json.dumps` do the least work any loader and saver of the same bytes
must do, so `load / json.loads` and `save / json.dumps` say how much our validation,
canonical form and atomic write cost on top, independently of the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

from models.chain import Chain
from models.chain_file import chain_to_bytes, load_chain, save_chain
from models.lint import lint_chain
from tests.benchmarks.timing import median_seconds


def measure_model(chain: Chain, repeat: int, folder: Path) -> dict[str, float]:
    """Median milliseconds of each measure for `chain` (and the size of its file in MB)."""
    data = chain_to_bytes(chain)
    path = folder / "chain.chain"
    path.write_bytes(data)
    parsed = json.loads(data)
    measures = {
        "json.loads": lambda: json.loads(data),
        "load": lambda: load_chain(path),
        "json.dumps": lambda: json.dumps(parsed, indent=2, ensure_ascii=False),
        "save": lambda: save_chain(chain, folder / "saved.chain"),
        "lint": lambda: lint_chain(chain),
    }
    results = {"file": len(data) / 1_000_000}
    for name, fn in measures.items():
        results[name] = median_seconds(fn, repeat) * 1000
    return results
