"""Every hostile input of issue 6, as data: what each file is, and what the reader must make of it.

A `Case` is one entry of the adversarial library: its path (bytes, as file names may be any
bytes), how it is made (a file with content, a FIFO, a symlink, an unreadable file...), and the
expected outcome: loaded, with an exact title and some text in the body, or skipped with a reason.
Payloads are strings that only exist inside a control sequence: if one shows up in anything the
reader produces (a title, the body, a link, the terminal output), the sequence got through.

Built by functions, not written out, so that every injection family is tried in every place
(body, title, front matter, HTML, file name) without a thousand lines of near-copies.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace

LOADED = "loaded"
SKIPPED = "skipped"


@dataclass(frozen=True)
class Case:
    """One file (or folder, link, FIFO) of the adversarial library and its expected outcome."""

    name: str
    family: str
    path: bytes
    data: bytes = b""
    kind: str = "file"  # file, fifo, device, symlink, unreadable-file, unreadable-dir
    target: str = ""  # for symlinks: where the link points ("{outside}" is replaced)
    expect: str = LOADED
    title: str | None = None
    text: tuple[str, ...] = ()
    payloads: tuple[str, ...] = ()
    reason: str = ""
    notices: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    needs_non_root: bool = False
    marker: str = field(default="")


@dataclass(frozen=True)
class Injection:
    """A terminal-control family: the sequence, what stays visible, and its payload strings."""

    name: str
    sequence: str
    visible: str = ""
    payloads: tuple[str, ...] = ()
    in_file_names: bool = True


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


#: Each family once; payloads are unique per family so a leak names its family.
INJECTIONS: tuple[Injection, ...] = (
    Injection(
        "osc52-bel",
        f"\x1b]52;c;{_b64('PWNED-clip-bel')}\x07",
        payloads=(_b64("PWNED-clip-bel"),),
    ),
    Injection(
        "osc52-st",
        f"\x1b]52;c;{_b64('PWNED-clip-st')}\x1b\\",
        payloads=(_b64("PWNED-clip-st"),),
    ),
    Injection(
        "osc52-open",  # never terminated: must not swallow or leak the rest of the line
        f"\x1b]52;c;{_b64('PWNED-clip-open')}",
        payloads=(_b64("PWNED-clip-open"),),
    ),
    Injection("osc0-title", "\x1b]0;PWNED-osc0\x07", payloads=("PWNED-osc0",)),
    Injection("osc2-title", "\x1b]2;PWNED-osc2\x1b\\", payloads=("PWNED-osc2",)),
    Injection(
        "osc8-link",
        "\x1b]8;;PWNED-osc8.example\x1b\\click\x1b]8;;\x1b\\",
        visible="click",
        payloads=("PWNED-osc8",),
    ),
    Injection("csi-move", "\x1b[31337;4242H", payloads=("31337;4242",)),
    Injection("csi-clear", "\x1b[2J\x1b[3J\x1b[H", payloads=("[2J", "[3J")),
    Injection("csi-6n", "\x1b[6n", payloads=("[6n",)),
    Injection("decrqss", '\x1bP$q"p\x1b\\', payloads=('$q"p',)),
    Injection("c1-csi", "\x9b31337;4243H", payloads=("31337;4243",)),
    Injection("c1-osc", "\x9d0;PWNED-c1osc\x9c", payloads=("PWNED-c1osc",)),
    Injection("nul", "\x00", payloads=("\x00",), in_file_names=False),
    Injection("bidi", "\u202eevil\u202c", visible="evil", payloads=("\u202e",)),
    Injection("bel-bs", "\x07\x08\x7f", payloads=("\x07", "\x08")),
    Injection("lone-esc", "\x1b", payloads=("\x1b",)),
)

#: Text that looks like Rich/Textual markup or a template variable; shown literally everywhere.
MARKUP = "[bold]B[/] [/] [link=file:///etc/passwd]pw[/link] [@click=app.quit]Quit[/] $variable"


def _clean(text: str) -> str:
    return " ".join(text.split())


def loaded(name: str, family: str, path: str, data: bytes, title: str, *text: str) -> Case:
    """A file that must load with `title` and with each of `text` in its body."""
    return Case(name, family, path.encode(), data=data, title=title, text=text)


def injection_cases() -> list[Case]:
    """Each family in each place: a body, a Markdown heading, front matter, HTML, a file name."""
    cases = []
    for inj in INJECTIONS:
        n, seq = inj.name, inj.sequence
        front = f"title: Front {n} {seq}\nauthor: Writer {n} {seq}\nsource: Site {seq}"
        html = (
            f"<html><head><title>Page {n} {seq}</title></head><body><p>Paragraph {n} {seq} end."
            f"</p><p><a href='https://e.example/{seq}'>link {n}</a></p></body></html>"
        )
        places = [
            (
                f"body-{n}",
                f"inject/body-{n}.txt",
                f"Injection in the body {n}\n\nBefore MARK-{n} {seq}\nafter MARK-{n}.\n",
                f"Injection in the body {n}",
                (f"Before MARK-{n}", f"after MARK-{n}."),
            ),
            (
                f"title-{n}",
                f"inject/title-{n}.md",
                f"# Heading {n} {seq}\n\nBody of title case {n}.\n",
                _clean(f"Heading {n} {inj.visible}"),
                (f"Body of title case {n}.",),
            ),
            (
                f"front-{n}",
                f"inject/front-{n}.md",
                f"---\n{front}\n---\n\nFront matter body {n}.\n",
                _clean(f"Front {n} {inj.visible}"),
                (f"Front matter body {n}.",),
            ),
            (f"html-{n}", f"inject/html-{n}.html", html, _clean(f"Page {n} {inj.visible}"), ()),
        ]
        if inj.in_file_names:
            body = "this body has no headline, so the title comes from the file name.\n"
            places.append(
                (
                    f"name-{n}",
                    f"names/name-{n}-{seq}.txt",
                    body,
                    _clean(f"name-{n}-{inj.visible}"),
                    (),
                )
            )
        for name, path, data, title, text in places:
            case = loaded(name, "escape", path, data.encode(), title, *text)
            links = ("https://e.example/",) if name.startswith("html-") else ()
            cases.append(replace(case, payloads=inj.payloads, links=links, marker=f"MARK-{n}"))
    return cases


def charref_cases() -> list[Case]:
    """HTML character references that decode to controls (or, in HTML, to something else)."""
    # &#x9d; is last: HTML leaves it a C1 OSC, which is removed with the rest of its text.
    refs = "&#27;]0;REF-title&#7; &#x1b;[2J &#155; &#x9b; &#0; &#x202e;x&#8238; &#x9d;"
    return [
        Case(
            "charref-html",
            "escape",
            b"inject/charrefs.html",
            data=(
                f"<html><head><title>Refs {refs} title</title></head><body>"
                f"<p>Refs in text {refs} done.</p></body></html>"
            ).encode(),
            # Controls decode to nothing, &#155;/&#x9b; to "›" (HTML's Windows-1252 rule), &#0;
            # to U+FFFD, bidi overrides are stripped: what is left is harmless text.
            title="Refs ]0;REF-title [2J › › \ufffd x",
            text=("Refs in text ]0;REF-title [2J › › \ufffd x",),
            payloads=("\x1b", "\x9b", "\x9d", "\u202e"),
        ),
        Case(
            "charref-markup",
            "markup",
            b"inject/charref-markup.html",
            data=b"<title>&#91;bold&#93;Refs&#91;/&#93;</title><p>&#91;@click=app.quit&#93;x</p>",
            title="[bold]Refs[/]",
            text=("[@click=app.quit]x",),
        ),
    ]


def markup_cases() -> list[Case]:
    md = f"---\ntitle: Front {MARKUP}\nauthor: '[red]Author[/]'\n---\n\nMd {MARKUP}.\n"
    html = f"<title>Html {MARKUP}</title><p>Html body {MARKUP}.</p>"
    name = "[bold]name[-] [@click=app.quit]q $var"
    return [
        loaded(
            "markup-txt",
            "markup",
            "markup/markup-title.txt",
            f"Markup {MARKUP}\n\nBody {MARKUP} end.\n".encode(),
            f"Markup {MARKUP}",
            f"Body {MARKUP} end.",
        ),
        loaded("markup-md", "markup", "markup/markup.md", md.encode(), f"Front {MARKUP}", "Md"),
        loaded("markup-html", "markup", "markup/markup.html", html.encode(), f"Html {MARKUP}"),
        loaded("markup-name", "markup", f"markup/{name}.txt", b"no headline, the name is.\n", name),
    ]
