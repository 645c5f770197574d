"""Adversarial cases about files rather than text: encodings, binary data, sizes, odd entries.

See `cases.py` for what a `Case` is. The big cases (a 50 MB file, a 1 MB line) are made from a
repeated block so that generating them costs a fraction of a second.
"""

from __future__ import annotations

import codecs
import random
from dataclasses import replace

from tests.adversarial.cases import LOADED, SKIPPED, Case, loaded

RUSSIAN_TITLE = "Новости дня"
RUSSIAN_BODY = "Съешь же ещё этих мягких французских булок да выпей чаю, сказал он."
REPLACED = "Some bytes of this file are not valid text; they are shown as �."

#: Size of the big file and of the single long line.
BIG_BYTES = 50 * 1024 * 1024
LINE_BYTES = 1024 * 1024
BIG_TITLE = "A fifty megabyte file"

_EN_TITLE = "Wide encoding headline"
_EN_BODY = "A paragraph of ordinary text, mostly ASCII, in a wide encoding."
_CYR = "Привет, мир! Это обычный русский текст без метки порядка байтов."
_GREEK = "Καλημέρα κόσμε, αυτό είναι ελληνικό κείμενο χωρίς σήμανση."


def _wide(name: str, codec: str, bom: bytes, title: str, body: str) -> Case:
    data = bom + f"{title}\n\n{body}\n".encode(codec)
    return loaded(name, "encoding", f"encodings/{name}.txt", data, title, body)


def encoding_cases() -> list[Case]:
    cases = [
        Case(
            "invalid-utf8",
            "encoding",
            b"encodings/invalid-utf8.txt",
            data=b"Invalid bytes headline\n\nGood text \xff\xfe\xc3( then more text.\n",
            title="Invalid bytes headline",
            text=("Good text \ufffd",),
            notices=(REPLACED,),
        ),
        loaded(
            "utf8-bom",
            "encoding",
            "encodings/utf8-bom.md",
            codecs.BOM_UTF8 + "# BOM headline ✓\n\nText after a BOM.\n".encode(),
            "BOM headline ✓",
            "Text after a BOM.",
        ),
    ]
    for codec, label in (("cp1251", "Windows-1251"), ("koi8_r", "KOI8-R")):
        case = loaded(
            codec,
            "encoding",
            f"encodings/{codec}.txt",
            f"{RUSSIAN_TITLE}\n\n{RUSSIAN_BODY}\n".encode(codec),
            RUSSIAN_TITLE,
            RUSSIAN_BODY,
        )
        cases.append(replace(case, notices=(f"Read as {label} (a legacy Cyrillic encoding).",)))
    for codec, bom in (
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ):
        cases.append(_wide(f"{codec}-bom", codec, bom, _EN_TITLE, _EN_BODY))
        cases.append(_wide(f"{codec}-nobom", codec, b"", _EN_TITLE, _EN_BODY))
    cases.append(_wide("utf-16-le-nobom-cyrillic", "utf-16-le", b"", "Заголовок статьи", _CYR))
    cases.append(_wide("utf-16-be-nobom-greek", "utf-16-be", b"", "Ο τίτλος του άρθρου", _GREEK))
    return cases


def _binary(name: str, suffix: str, data: bytes) -> Case:
    return Case(
        name,
        "binary",
        f"broken/{name}{suffix}".encode(),
        data=data,
        expect=SKIPPED,
        reason="binary file",
    )


def broken_cases() -> list[Case]:
    rng = random.Random(6)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    return [
        Case(
            "nul-stray",
            "binary",
            b"broken/nul-stray.txt",
            data=b"Stray NUL headline\n\nText with a stray\x00 NUL byte and\x00 another.\n",
            title="Stray NUL headline",
            text=("Text with a stray NUL byte and another.",),
            payloads=("\x00",),
        ),
        _binary("nul-heavy", ".txt", b"text\x00\x00" * 200),
        _binary("png", ".txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise),
        _binary("random", ".md", noise),
        _binary("elf", ".html", b"\x7fELF\x02\x01\x01\x00" + noise),
        _binary("zip", ".txt", b"PK\x03\x04" + noise),
        Case("empty", "empty", b"broken/empty.txt", expect=SKIPPED, reason="empty file"),
        Case(
            "whitespace",
            "empty",
            b"broken/whitespace.md",
            data=" \n\t\n\xc2\xa0\n   \r\n".encode(),
            expect=SKIPPED,
            reason="empty file",
        ),
        Case(
            "only-escapes",
            "empty",
            b"broken/only-escapes.txt",
            data=b"\x1b[2J\x1b]0;PWNED-empty\x07\n",
            expect=SKIPPED,
            reason="empty file",
        ),
    ]


def size_cases() -> list[Case]:
    block = "".join(
        f"Paragraph {i} of the big file, with enough words to wrap over a few lines of the "
        f"reading pane, and nothing else to say about it at all.\n\n"
        for i in range(2000)
    ).encode()
    head = f"{BIG_TITLE}\n\n".encode()
    big = head + block * (BIG_BYTES // len(block) + 1)
    words = "a long line of words without any break " * (LINE_BYTES // 40 + 1)
    return [
        Case(
            "big-50mb",
            "size",
            b"size/big-50mb.txt",
            data=big[:BIG_BYTES],
            title=BIG_TITLE,
            text=("Paragraph 0 of the big file", "Article truncated at 1 MB"),
            notices=("Article truncated at 1 MB.",),
        ),
        Case(
            "line-1mb",
            "size",
            b"size/one_line_1mb.txt",
            data=words.encode()[:LINE_BYTES],
            title="one line 1mb",
            text=("a long line of words",),
        ),
        Case(
            "line-1mb-html",
            "size",
            b"size/one-line-1mb.html",
            data=f"<title>One line of HTML</title><p>{words}</p>".encode()[:LINE_BYTES],
            title="One line of HTML",
            text=("a long line of words",),
        ),
        Case(
            "long-title",
            "size",
            b"size/long-title.md",
            data=("# " + "Very long title " * 600 + "end\n\nShort body.\n").encode(),
            title=("Very long title " * 600 + "end"),
            text=("Short body.",),
        ),
    ]


def entry_cases() -> list[Case]:
    """Entries that are not plain files: they must be skipped without being opened."""
    return [
        Case(
            "symlink-loop",
            "entry",
            b"entries/loop/up",
            kind="symlink",
            target="..",
            expect=SKIPPED,
            reason="symlink loop, not followed",
        ),
        Case(
            "symlink-outside-dir",
            "entry",
            b"entries/outside-dir",
            kind="symlink",
            target="{outside}",
            expect=SKIPPED,
            reason="symlink leads outside the library folder, not followed",
        ),
        Case(
            "symlink-outside-file",
            "entry",
            b"entries/passwd.txt",
            kind="symlink",
            target="/etc/passwd",
            expect=SKIPPED,
            reason="symlink leads outside the library folder, not followed",
        ),
        Case(
            "symlink-broken",
            "entry",
            b"entries/dangling.md",
            kind="symlink",
            target="entries/nowhere.md",
            expect=SKIPPED,
            reason="broken symlink",
        ),
        Case(
            "fifo",
            "entry",
            b"entries/fifo.txt",
            kind="fifo",
            expect=SKIPPED,
            reason="not a regular file (a FIFO, socket or device), not opened",
        ),
        Case(
            "device",
            "entry",
            b"entries/device.txt",
            kind="device",
            expect=SKIPPED,
            reason="not a regular file (a FIFO, socket or device), not opened",
        ),
        Case(
            "unreadable-file",
            "entry",
            b"entries/unreadable.txt",
            data=b"Secret headline\n\nYou should not see this.\n",
            kind="unreadable-file",
            expect=SKIPPED,
            reason="cannot read file: permission denied",
            needs_non_root=True,
        ),
        Case(
            "unreadable-dir",
            "entry",
            b"entries/locked",
            kind="unreadable-dir",
            expect=SKIPPED,
            reason="cannot read folder: permission denied",
            needs_non_root=True,
        ),
    ]


def name_and_script_cases() -> list[Case]:
    plain = b"this body has no headline, so the title comes from the file name.\n"
    scripts = {
        "rtl": ("עברית ועربية في عنوان واحد", "שלום עולם. مرحبا بالعالم، هذا نص عربي."),
        "combining": (
            "Z̷a̴l̶g̸o and cafe\u0301",
            "Te\u0301xt with ẞ, ǅ and stacked marks a\u0300\u0301\u0302\u0303.",
        ),
        "emoji": ("Emoji 👩‍👩‍👧 🎉 🇺🇦 title", "Faces 😀😃😄 and a flag 🏳️‍🌈 in the text."),
        "cjk": ("漢字のタイトル：全角テスト", "日本語の本文です。中文文本。한국어 텍스트。"),
    }
    cases = [
        Case(
            "name-newline",
            "name",
            b"names/new\nline name.txt",
            data=plain,
            title="new line name",
        ),
        Case(
            "name-invalid-bytes",
            "name",
            b"names/bad-\xff\xfe-bytes.txt",
            data=plain,
            title="bad-\ufffd\ufffd-bytes",
        ),
        Case(
            "name-long",
            "name",
            ("names/" + "long-name-" * 24 + ".txt").encode(),
            data=plain,
            title="long-name-" * 24,
        ),
    ]
    for name, (title, body) in scripts.items():
        cases.append(
            Case(
                f"script-{name}",
                "script",
                f"scripts/{name}.md".encode(),
                data=f"# {title}\n\n{body}\n".encode(),
                title=title,
                text=(body,),
            )
        )
    return cases


def ignored_entries() -> dict[bytes, bytes]:
    """Files that are not articles by name, or hidden: never mentioned, never opened."""
    return {
        b"ignored/report.pdf": b"%PDF-1.7\n",
        b"ignored/.hidden.txt": b"Hidden headline\n\nNever listed.\n",
        b"ignored/data.json": b'{"title": "\\u001b]0;PWNED-json\\u0007"}',
    }


__all__ = ["LOADED", "SKIPPED"]
