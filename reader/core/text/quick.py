"""What the article list shows about a file, found without cleaning its whole text.

Indexing a library must cost little more than reading it, yet the full parser (`parse`) cleans
every paragraph of every file. The list needs the title, date, byline and source, which the head
of an article says (and, for the source, a site's "Welcome to ..." blurb at its very end), plus
the number of words and the hash. So the cleaning rules that decide those run here on the head
(the first paragraphs, up to the first long one that is not a photo caption: the title, date and
byline all stand before it) and, when the end of the text says "welcome", on the tail (the
paragraphs after the last one too long to be a site's blurb), in the order `clean_text` runs
them. The middle's words are counted, not cleaned:
a caption in the middle of an article counts as words, which moves a reading time by seconds.

Paragraph boundaries are found as `split_paragraphs` finds them (a blank line, or a line break in
a run of lines that cannot be hard-wrapped because one of them is too long), so the head's and
the tail's paragraphs are the file's own. A file too short to gain from an excerpt is parsed
whole, as is HTML (trafilatura reads the page's metadata, which is not in a head of lines);
Markdown gets the excerpt too, read by its own front end, unless it has fenced code (a fence cut
in two would turn the rest into code).
"""

from __future__ import annotations

from reader.core.article import ArticleMeta, Block
from reader.core.text.clean import (
    WRAP_WIDTH,
    Draft,
    Extracted,
    absorb_head_lines,
    clean_text,
    dateline_agency,
    is_blank_line,
    split_paragraphs,
    squash,
    take_title,
)
from reader.core.text.furniture import is_cookie_notice, is_teaser
from reader.core.text.markdown_text import parse_markdown
from reader.core.text.parse import (
    article_meta,
    cut_and_decode,
    format_for,
    limit_for,
    parse_bytes,
    safe_block,
)
from reader.core.text.rules import is_caption, is_tail_marker, site_blurb, split_credit
from reader.core.text.sanitize import sanitize

#: The head ends with a paragraph this long (characters) that is not a photo caption: article
#: text, after the title, date and byline (a headline is at most 200, a date line 80)...
LONG = 300
#: ...or after this many paragraphs, whichever comes first.
HEAD_MOST = 10
#: The tail starts after a paragraph this long (a site's blurb is at most 500 characters)...
TAIL_LONG = 500
#: ...or this many paragraphs from the end (a blurb, the site's name, a comment-section marker).
TAIL_MOST = 4
#: The tail is looked for only when this many characters at the end say "welcome" (the start
#: of a site's blurb): they hold every paragraph the tail could have.
TAIL_WINDOW = 4 * TAIL_LONG + 2000
#: An excerpt is only worth it when it leaves out at least this share of the text.
LEAVES_OUT = 1 / 3

#: Bytes that change how a text splits into lines once sanitised (CR, and controls that may
#: leave a line blank); a text with none of them is cut as it is.
_LINE_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10)) + b"\x7f"
_LINE_CHARACTERS = ("\x85", "\u2028", "\u2029")
#: Each byte of plain ASCII text to 0 for the spaces `str.split` splits at (the others are not
#: in such a text), 1 for the rest: a word is where a 0 is followed by a 1.
_WORD_BYTES = bytes(0 if byte in b" \t\n" else 1 for byte in range(256))


def quick_meta(data: bytes, *, path: str, relative_path: str) -> ArticleMeta:
    """The `ArticleMeta` of a file's bytes, as `parse.parse_bytes` gives it but for the word
    count (see the module's docstring); `ParseError` for a file that cannot be an article."""
    usual = limit_for(path)
    cut, decoded, _truncated = cut_and_decode(data, usual)
    text = decoded.text
    chosen = format_for(path, text)
    if chosen == "html":
        return parse_bytes(data, path=path, relative_path=relative_path).meta
    as_they_are = _lines_as_they_are(cut, text)
    if not as_they_are:
        text = sanitize(text)  # (idempotent: the front ends sanitise again at little cost)
    parts = _excerpt(text, markdown=chosen == "markdown")
    if parts is None:
        extracted = clean_text(text) if chosen == "text" else parse_markdown(text)
        blocks = [block for block in map(safe_block, extracted.blocks) if block.text.strip()]
        words = sum(len(block.text.split()) for block in blocks)
        has_text = bool(blocks)
    else:
        head, tail = parts
        if chosen == "text":
            extracted, kept = _read_ends(head, tail)
        else:
            extracted = parse_markdown(f"{head}\n\n{tail}")
            kept = sum(len(safe_block(block).text.split()) for block in extracted.blocks)
        plain = as_they_are and decoded.encoding == "utf-8" and cut.isascii()
        words = _count_words(cut) if plain else len(text.split())
        words += kept - len(head.split()) - len(tail.split())
        has_text = True  # a middle was left out: there is text
    return article_meta(
        extracted,
        has_text,
        words,
        path=path,
        relative_path=relative_path,
        format=chosen,
        content=cut,
    )


def _read_ends(head: str, tail: str) -> tuple[Extracted, int]:
    """What `clean_text` makes of the metadata, from the head and the tail alone, and how many
    words of them it keeps. The passes are those of `clean_text`, in its order, on what they
    can see: the title and the lines under it; then the site's blurb at the end (after a
    comment-section cut and the page furniture); then a wire dateline in the first paragraph
    left once furniture, captions and a repeated headline are dropped."""
    draft = Draft()
    paragraphs = split_paragraphs(sanitize(head))
    start = take_title(paragraphs, draft)
    draft.items = [(pos, Block(p)) for pos, p in enumerate(paragraphs) if pos >= start]
    absorb_head_lines(draft)
    body = [block.text for _, block in draft.items]
    kept_tail = _without_page_tail(split_paragraphs(sanitize(tail)), draft)
    kept_head = [text for text in body if not (is_teaser(text) or is_cookie_notice(text))]
    kept_head = [text for text in kept_head if not is_caption(text)]
    if kept_head and draft.title and kept_head[0].casefold() == draft.title.casefold():
        del kept_head[0]
    if kept_head:
        draft.offer_source(dateline_agency(kept_head[0]))
    words = sum(len(text.split()) for text in (*kept_head, *kept_tail))
    return draft.finish(), words


def _without_page_tail(paragraphs: list[str], draft: Draft) -> list[str]:
    """The tail's paragraphs without a comment section, furniture or the site's blurb (whose
    site is offered as the source)."""
    for index, text in enumerate(paragraphs):
        if is_tail_marker(text):  # the article's text before it outweighs the tail
            paragraphs = paragraphs[:index]
            break
    kept = [text for text in paragraphs if not (is_teaser(text) or is_cookie_notice(text))]
    for index in range(max(0, len(kept) - 3), len(kept)):
        site = site_blurb(kept[index])
        if site is not None:
            cut = index - 1 if index and kept[index - 1].casefold() == site.casefold() else index
            draft.offer_source(site)
            return kept[:cut]
    return kept


def _count_words(plain: bytes) -> int:
    """`len(text.split())` for ASCII text with no control character but tabs and newlines,
    without making a string of each word (twice as quick)."""
    marks = plain.translate(_WORD_BYTES)
    return marks.count(b"\x00\x01") + marks.startswith(b"\x01")


def _lines_as_they_are(data: bytes, text: str) -> bool:
    """Whether sanitising leaves the text's lines as they are (no CR, no control character)."""
    if len(data.translate(None, _LINE_BYTES)) != len(data):
        return False
    return data.isascii() or not any(character in text for character in _LINE_CHARACTERS)


def _excerpt(text: str, *, markdown: bool) -> tuple[str, str] | None:
    """(head, tail), or None when the text is best read whole."""
    if markdown and ("```" in text or "~~~" in text):
        return None
    start = _front_matter_end(text) if markdown else 0
    if start is None:
        return None
    head_end = _head_end(text, start, split_runs=not markdown)
    if head_end is None:
        return None
    if "welcome" not in text[-TAIL_WINDOW:].lower():  # no blurb: the tail adds nothing
        tail_start: int | None = len(text)
    else:
        tail_start = _tail_start(text, head_end, split_runs=not markdown)
    if tail_start is None or tail_start - head_end < len(text) * LEAVES_OUT:
        return None
    return text[:head_end], text[tail_start:]


def _front_matter_end(text: str) -> int | None:
    """Where the text after a Markdown front matter block starts (0 without one); None when its
    end is not found near the start (the excerpt would cut it)."""
    if not text.startswith("---"):
        return 0
    first = text.find("\n")
    for closing in ("\n---", "\n..."):
        found = text.find(closing, first, 8192)
        if found >= 0:
            return found + len(closing)
    return None


class _Paragraphs:
    """Counts paragraphs line by line (forwards or backwards), as `split_paragraphs` will split
    them, and whether one of `long` characters or more was met (see `long_text`)."""

    def __init__(self, split_runs: bool, long: int) -> None:
        self.split_runs = split_runs
        self.long = long
        self.paragraphs = 0
        self.met_long = False
        self.run: list[str] = []
        self.run_split = False  # a line too long for hard wrapping: each line is a paragraph

    def line(self, line: str) -> bool:
        """Takes one line; whether a cut may follow it (between two paragraphs)."""
        if is_blank_line(line):
            if self.run and not self.run_split:
                self.paragraphs += 1
                self.met_long |= self._long_text(" ".join(self.run))
            self.run = []
            self.run_split = False
            return True
        self.run.append(line)
        if self.split_runs and not self.run_split and len(line.rstrip()) > WRAP_WIDTH:
            self.run_split = True
            self.paragraphs += len(self.run) - 1  # the short lines before it, one each
        if self.run_split:
            self.paragraphs += 1
            self.met_long |= self._long_text(line)
        return self.run_split

    def _long_text(self, paragraph: str) -> bool:
        """Long enough, and not a photo caption (which the head rules drop and go on)."""
        return len(paragraph) >= self.long and split_credit(squash(paragraph)) is None


def _head_end(text: str, start: int, *, split_runs: bool) -> int | None:
    """Where the head ends (just after a line), or None if the text ends first."""
    counted = _Paragraphs(split_runs, LONG)
    position, size = start, len(text)
    while position < size:
        end = text.find("\n", position)
        if end < 0:
            return None
        if counted.line(text[position:end]) and (
            counted.met_long or counted.paragraphs >= HEAD_MOST
        ):
            return end + 1
        position = end + 1
    return None


def _tail_start(text: str, stop: int, *, split_runs: bool) -> int | None:
    """Where the tail starts (a line after `stop`, the end of the text for an empty tail), or
    None if `stop` comes first."""
    counted = _Paragraphs(split_runs, TAIL_LONG)
    end = len(text)
    after = after_run = end  # where the line after this one starts, and the run after it
    while end > stop:
        start = text.rfind("\n", stop, end) + 1
        if start <= stop:
            return None
        if not counted.run:
            after_run = after
        if counted.line(text[start:end]):
            if counted.met_long:  # the tail is what follows that paragraph
                return after if counted.run_split else after_run
            if counted.paragraphs >= TAIL_MOST:
                return start
        after, end = start, start - 1
    return None
