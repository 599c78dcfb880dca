"""Every user-visible string of the converted app modules goes through Qt's translation.

A call that sets user-visible text (setText, showMessage, QLabel(...), ...) must not be
given a plain string literal or an f-string: it must be given self.tr(...) or
QCoreApplication.translate(...) (possibly .format()-ed), so that lupdate can extract it.
Strings without letters ("100%", "") are not text a translator needs to see.
"""

import ast
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]

#: The modules converted to tr(); widgets/ has its own check.
CONVERTED = (
    "app/main_window.py",
    "app/application.py",
    "app/errors.py",
    "app/auto_layout.py",
    "app/live_lint.py",
    "app/actions.py",
    "app/commands.py",
    "app/document.py",
    "app/edit_checks.py",
    "app/session.py",
    "app/docks.py",
    "app/files.py",
    "app/canvas_area.py",
    "app/disk_changes.py",
    "app/menus/file_menu.py",
    "app/menus/edit_menu.py",
    "app/menus/view_menu.py",
    "app/menus/insert_menu.py",
    "app/menus/arrange_menu.py",
    "app/menus/review_menu.py",
    "app/menus/help_menu.py",
)

#: Calls whose first argument (after a parent, for the QMessageBox statics) is user text.
TEXT_CALLS = {
    "setText",
    "setToolTip",
    "setStatusTip",
    "setWindowTitle",
    "setInformativeText",
    "setPlaceholderText",
    "showMessage",
    "show_status",
    "addButton",
    "addMenu",
    "QLabel",
    "QPushButton",
    "QAction",
    "QMenu",
    "QToolBar",
    "QDockWidget",
    "QProgressDialog",
    "EditRefused",
}
#: Calls whose user text comes after a leading parent argument.
AFTER_PARENT = {"show_error", "question", "information", "warning", "critical"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _has_letters(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_has_letters(part) for part in node.values if isinstance(part, ast.Constant))
    return False


def untranslated(source: str, filename: str = "<source>") -> list[str]:
    """`file:line call("…")` for each text call given a literal or f-string with words."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in TEXT_CALLS:
            texts = node.args[:1]
        elif name in AFTER_PARENT:
            texts = node.args[1:3]  # (parent, title, text) or (parent, sentence)
        else:
            continue
        for text in texts:
            if isinstance(text, (ast.Constant, ast.JoinedStr)) and _has_letters(text):
                found.append(f"{filename}:{node.lineno} {name}({ast.unparse(text)[:60]})")
    return found


def test_the_check_flags_literals_and_f_strings_but_not_tr():
    source = (
        "label.setText('Saved')\n"
        "self.show_status(f'Saved {path.name}.')\n"
        "QMessageBox.question(self, 'Title', self.tr('Text'))\n"
        "show_error(None, f'Oops {error}')\n"
        "button = QPushButton(self.tr('OK'))\n"
        "self.show_status(self.tr('Saved {name}.').format(name=path.name))\n"
        "box.setWindowTitle(QCoreApplication.translate('errors', 'Chain Designer'))\n"
        "label.setText(f'{zoom:.0%}')\n"
        "label.setText('')\n"
    )
    found = untranslated(source)
    assert [line.split()[0] for line in found] == ["<source>:1", "<source>:2", "<source>:3", "<source>:4"]


def test_converted_modules_pass_text_through_tr():
    found = []
    for relative in CONVERTED:
        path = REPOSITORY / relative
        found += untranslated(path.read_text("utf-8"), relative)
    assert not found, "untranslated user-visible strings:\n" + "\n".join(found)
