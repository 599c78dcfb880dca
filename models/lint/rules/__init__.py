"""Every lint rule, one topic a module; importing this package registers them all."""

from models.lint.rules import blueprint, flow, handoffs, layout, measures, review, roster, touchpoints  # noqa: F401
