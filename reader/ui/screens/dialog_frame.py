"""The frame of the large dialogs (the note editor, the highlights and bookmarks pickers).

One look for both, written once: each dialog's own `DEFAULT_CSS` (parsed when it is first
opened, not at start-up) puts this rule under its body's id.
"""

from __future__ import annotations


def framed_body(selector: str) -> str:
    """The CSS rule that frames `selector`: 90 columns at most, most of the height, centred by
    its screen's `align`."""
    return f"""
    {selector} {{
        width: 90;
        max-width: 100%;
        height: 80%;
        border: round $accent;
        border-title-color: $accent;
        border-subtitle-color: $text-muted;
        background: $surface;
        padding: 0 1;
    }}
    """
