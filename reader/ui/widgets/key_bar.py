"""A one-line bar of the keys that apply now, drawn as a single widget.

Textual's `Footer` builds a widget per key and rebuilds them all on every focus change; one line
of `Content` shows the same information for a fraction of the start-up and focus-change cost.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

#: Shown at the right end: the way into everything else.
PALETTE_HINT = "^p palette"


class KeyBar(Widget):
    """The keys of the focused widget and its ancestors whose bindings ask to be shown."""

    status: reactive[str] = reactive("")
    """What the app is waiting for (a save the database holds up), shown at the right end in
    the palette hint's place; empty most of the time."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def render(self) -> Content:
        seen: set[str] = set()
        parts: list[Content] = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key_style = "bold $footer-key-foreground" if enabled else "dim"
            description_style = "" if enabled else "dim"
            parts.append(
                Content.assemble(
                    (self.app.get_key_display(binding), key_style),
                    " ",
                    (binding.description, description_style),
                )
            )
        keys = Content("  ").join(parts)
        hint = Content.styled(PALETTE_HINT, "$footer-description-foreground")
        if self.status:
            hint = Content.styled(self.status, "bold $warning")
        gap = self.size.width - 1 - keys.cell_length - hint.cell_length
        if gap < 1:
            return Content.assemble(" ", hint if self.status else keys)
        return Content.assemble(" ", keys, " " * gap, hint)
