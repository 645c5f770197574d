"""Copying to the user's clipboard from any screen, with the one notice that says what happened.

The copy itself is `ReaderApp.copy_to_clipboard` (OSC 52, through tmux and screen); this adds
what every caller needs around it: a passage too long for terminals is refused with a reason,
and a copy that went out says what was copied.
"""

from __future__ import annotations

from textual.widget import Widget

from reader.core.osc52 import ClipboardTooLarge


def copy_text(node: Widget, text: str, what: str) -> bool:
    """Copies `text`; `what` names it in the notice ("the highlight and its note")."""
    try:
        node.app.copy_to_clipboard(text)
    except ClipboardTooLarge as error:
        node.notify(str(error), title="Not copied", severity="warning", markup=False)
        return False
    lines = text.count("\n") + 1
    node.notify(
        f"Copied {what} to the clipboard ({lines} lines of Markdown, via OSC 52).", markup=False
    )
    return True
