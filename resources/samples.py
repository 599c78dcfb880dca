"""The sample chains shipped with the program."""

from __future__ import annotations

from pathlib import Path

SAMPLES_DIR = Path(__file__).parent / "samples"
#: What a new user sees at first start: a real chain, opened as an untitled copy.
FIRST_START_SAMPLE = SAMPLES_DIR / "retail-order-to-delivery.chain"


def sample_paths() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.chain"))
