"""Marking texts for translation in modules that load no Qt (the format registries).

pyside6-lupdate finds QT_TRANSLATE_NOOP calls by their name; the texts are translated
where they are shown, with QCoreApplication.translate or self.tr in the same context.
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark `text` for translation in `context`; returns it as it is."""
    return text
