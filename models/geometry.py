"""Sizes the canvas draws and the layout plans with, in scene units (pixels at 100%)."""

CARD_SIZES = {  # touchpoint kind -> (width, height)
    "step": (160.0, 64.0),
    "decision": (150.0, 84.0),
    "start": (150.0, 52.0),
    "end": (150.0, 52.0),
}
LANE_MIN_HEIGHT = 120.0
LANE_BOTTOM_PADDING = 28.0  # below the lowest card in a lane


def card_size(kind: str) -> tuple[float, float]:
    return CARD_SIZES.get(kind, CARD_SIZES["step"])
