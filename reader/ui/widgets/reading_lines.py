"""Drawing one line of the reading pane: the margin, the note mark, the text with its marks.

Composed by `ReadingPane`, which decides what is on each row; this turns a laid-out line and the
marks over it into a strip of styled segments. Styles are asked of Textual once per change of
theme or focus and kept: asking on every line costs more than drawing the line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from reader.core.article import SpanKind
from reader.core.reading.layout import Line
from reader.ui.widgets.reading_marks import LAYERS, Overlay, layered

#: Drawn in the left margin beside the first line of a highlight that has a note, and beside
#: a line with a bookmark (the article list's mark for a bookmarked article).
NOTE_MARK = "✎"
BOOKMARK_MARK = "★"

#: What the pane draws in a style of its own besides the marks (a component class each).
LINE_KINDS = (
    "title",
    "meta",
    "heading",
    "quote",
    "code",
    "table-head",
    "prefix",
    "rule",
    "empty",
    "note-mark",
)

#: The reading pane's component classes: a kind of line, a style of text as written
#: (`SpanKind`: emphasis, strong, code, link), a kind of mark, the caret unfocused.
COMPONENTS = {f"reading-pane--{name}" for name in (*LINE_KINDS, *SpanKind, *LAYERS, "caret-idle")}

#: The component class of each kind of line that is drawn in a style of its own.
LINE_COMPONENTS = {
    "title": "reading-pane--title",
    "meta": "reading-pane--meta",
    "heading": "reading-pane--heading",
    "quote": "reading-pane--quote",
    "code": "reading-pane--code",
    "table-head": "reading-pane--table-head",
    "table-rule": "reading-pane--rule",
}

#: The look of the pane and its components. Highlights (`HIGHLIGHT_CSS`) and the selection stay
#: visible without colour (NO_COLOR): underlined and reversed.
PANE_CSS = """
    ReadingPane {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .reading-pane--title { text-style: bold; color: $text-accent; }
        & > .reading-pane--meta { color: $text-muted; text-style: italic; }
        & > .reading-pane--heading { text-style: bold; }
        & > .reading-pane--quote { text-style: italic; }
        & > .reading-pane--code { background: $boost; }
        & > .reading-pane--table-head { text-style: bold; }
        & > .reading-pane--emphasis { text-style: italic; }
        & > .reading-pane--strong { text-style: bold; }
        & > .reading-pane--link { text-style: underline; }
        & > .reading-pane--prefix { color: $text-muted; }
        & > .reading-pane--rule { color: $primary-muted; }
        & > .reading-pane--empty { color: $text-muted; text-style: italic; }
        & > .reading-pane--note-mark { color: $accent; text-style: bold; }
        & > .reading-pane--match { background: $warning 40%; text-style: underline; }
        & > .reading-pane--match-current { background: $warning; color: $background; }
        & > .reading-pane--selection { background: $accent; color: $text; }
        & > .reading-pane--caret { text-style: reverse; }
        & > .reading-pane--caret-idle { text-style: underline; }
    }
    ReadingPane:nocolor {
        & > .reading-pane--selection { text-style: reverse; }
        & > .reading-pane--caret { text-style: reverse bold; }
    }
    """


class LinePainter:
    """Strips for the reading pane's rows, in the pane's component styles."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._styles: dict[str, Style] = {}

    def forget_styles(self) -> None:
        """The theme, the CSS or the focus changed: styles are asked for again."""
        self._styles.clear()

    def style(self, component: str) -> Style:
        """The widget's own style ("") or a component's."""
        style = self._styles.get(component)
        if style is None:
            widget = self._widget
            style = widget.get_component_rich_style(component) if component else widget.rich_style
            self._styles[component] = style
        return style

    def blank(self, width: int) -> Strip:
        return Strip.blank(width, self.style(""))

    def message(self, text: str, width: int) -> Strip:
        """A line saying why there is nothing to read."""
        base = self.style("")
        style = base + self.style("reading-pane--empty")
        return Strip([Segment("  " + text, style)]).crop_extend(0, width, base)

    def line(
        self,
        line: Line,
        marks: Overlay,
        *,
        margin: int,
        measure: int,
        width: int,
        noted: bool,
        caret_after: bool,
        bookmarked: bool = False,
    ) -> Strip:
        """`line` drawn `margin` cells in; `noted` and `bookmarked` put their marks in the
        margin (as many as fit); `caret_after` draws the caret just after the text (where the
        line wraps, or on an empty line)."""
        base = self.style("")
        signs = (BOOKMARK_MARK if bookmarked else "") + (NOTE_MARK if noted else "")
        signs = signs[: max(0, margin - 1)]
        gutter = [Segment(" " * (margin - len(signs) - (1 if signs else 0)), base)]
        if signs:
            sign_style = base + self.style("reading-pane--note-mark")
            gutter += [Segment(signs, sign_style), Segment(" ", base)]
        segments = [*gutter, *self._text(line, marks, base, measure, caret_after)]
        return Strip(segments).crop_extend(0, width, base)

    def _text(
        self, line: Line, marks: Overlay, base: Style, measure: int, caret_after: bool
    ) -> list[Segment]:
        if line.kind == "rule":
            style = base + self.style("reading-pane--rule")
            return [Segment("─" * min(measure, 24), style)]
        component = LINE_COMPONENTS.get(line.kind)
        style = base + self.style(component) if component else base
        segments = []
        if line.prefix:
            segments.append(Segment(line.prefix, base + self.style("reading-pane--prefix")))
        if line.is_body:
            for start, end, kinds in marks.pieces(line.start, line.end):
                segments.extend(self._runs(line, start, end, style, kinds))
            if caret_after:
                segments.append(Segment(" ", self._marked(style, ("caret",))))
        else:
            segments.append(Segment(line.text, style))
        if line.kind == "code":
            used = sum(cell_len(segment.text) for segment in segments)
            segments.append(Segment(" " * max(0, measure - used), style))
        return segments

    def _runs(
        self, line: Line, start: int, end: int, style: Style, kinds: tuple[str, ...]
    ) -> list[Segment]:
        """Body text [start, end) under the same marks: its styles as written (emphasis,
        strong, code, links) and a table's column padding drawn beside the text, never in it."""
        if not line.styles and not line.pads:
            piece = line.text[start - line.start : end - line.start]
            return [Segment(piece, self._marked(style, kinds))]
        segments = []
        for left, right, styles, pad in line.runs(start, end):
            if pad:  # the caret is on the character, not on the padding before it
                around = tuple(kind for kind in kinds if kind != "caret")
                segments.append(Segment(" " * pad, self._marked(style, around)))
            styled = style
            for name in styles:
                styled += self.style(f"reading-pane--{name}")
            piece = line.text[left - line.start : right - line.start]
            segments.append(Segment(piece, self._marked(styled, kinds)))
        return segments

    def _marked(self, style: Style, kinds: tuple[str, ...]) -> Style:
        for kind in layered(kinds):
            if kind == "caret" and not self._widget.has_focus:
                kind = "caret-idle"
            style += self.style(f"reading-pane--{kind}")
        return style
