"""Exports of a chain: `write_export(chain, format, path, options)` writes any format.

Where each part is:
- options.py: ExportOptions, ExportError, the part of the chain a scope names, the atomic write;
- formats.py: the registry of formats (EXPORT_FORMATS), read by the command line, the
  export dialog and the tests; a new format is one declaration there;
- diagram.py: the chain drawn for export with the canvas's own items (Diagram);
- svg.py, png.py, pdf.py: the drawn formats; the handout is app/handout.py; the text
  formats (DOT, GraphML, Mermaid, CSV) come from models.interchange.

Files are written atomically, so a failed export never leaves half a file behind. This
package loads Qt only when a drawn format is written.
"""

from __future__ import annotations

from app.export.formats import export_format
from app.export.options import ExportError, ExportOptions
from models.chain import Chain


def write_export(chain: Chain, fmt: str, path, options: ExportOptions = ExportOptions(),
                 report: dict | None = None, scene=None) -> str:
    """Write `chain` (or the part `options.scope` names) in format `fmt` to `path`.

    Returns what a user may want to know of the result: "1200 x 800 pixels", "3 pages"
    or "". `report`, when given, receives details a caller may warn about (see
    app.export.pdf.export_pdf). `scene`, the editor's scene showing `chain`, lets a
    format that can (SVG, PNG, PDF) draw the routes the canvas shows instead of
    routing the chain again. An unknown format or a failed write is an ExportError.
    """
    export = export_format(fmt)
    if scene is not None and export.reuses_scene:
        return export.write(chain, path, options, report, scene=scene)
    return export.write(chain, path, options, report)


__all__ = ["ExportError", "ExportOptions", "write_export"]
