"""Bytes to text for files of unknown origin.

A personal library holds whatever people saved: UTF-8 mostly, sometimes with a BOM, now and then
UTF-16 from a Windows tool or a legacy code page (Cyrillic, Western, Greek, Chinese, Japanese),
occasionally something that is not text at all. Decoding never fails:
the worst case is UTF-8 with replacement characters, flagged through `Decoded.replaced` so the UI
can say the text may be damaged.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from reader.core.text.cyrillic import guess_cyrillic
from reader.core.text.legacy import guess_legacy

# Longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)

#: How much of the start of a file the sniffing heuristics look at.
SNIFF_BYTES = 8192

#: Valid UTF-8 with at most this many NUL bytes, or this share of them, is text with stray NULs,
#: not binary: a handful in a short note, a trace in a long one.
STRAY_NULS, STRAY_NUL_SHARE = 8, 0.01

# Signatures of common binary formats that can look like text in their first bytes.
_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x00asm",
)

# Bytes that plain text does not contain: C0 controls other than tab, LF, VT, FF, CR and ESC
# (ESC is common in saved terminal output, which is still text).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec that produced it, and whether bytes had to be replaced."""

    text: str
    encoding: str
    replaced: bool


def decode_bytes(data: bytes, *, truncated: bool = False) -> Decoded:
    """Decode `data` with the most plausible Unicode encoding; never raises.

    `truncated` says `data` is the head of a longer file, so a character cut in half at the end
    is dropped instead of being counted as damage.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data if encoding == "utf-8-sig" else data[len(bom) :]
            return _decode(body, encoding, truncated)
    wide = _sniff_wide_encoding(data)
    if wide is not None:
        return _decode(data, wide, truncated)
    try:
        if not truncated:  # the common case, without an incremental decoder
            return Decoded(data.decode("utf-8"), "utf-8", False)
        return Decoded(_incremental(data, "utf-8", "strict", truncated), "utf-8", False)
    except UnicodeDecodeError:
        pass
    legacy = _guess_legacy_encoding(data)
    if legacy is not None:
        return _decode(data, legacy, truncated)
    return Decoded(_incremental(data, "utf-8", "replace", truncated), "utf-8", True)


def looks_binary(data: bytes) -> bool:
    """Whether the start of `data` says this is not a text file.

    NUL bytes are the classic sign, except in UTF-16/32 text, where they are the norm, and in
    UTF-8 text with a few stray NULs (a damaged download, a padded record), which is still worth
    reading: the sanitiser removes them. A high share of other control bytes catches binary
    formats that happen to avoid NUL early on.
    """
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    if head.startswith(_BOM_PREFIXES):
        return False
    nuls = head.count(0)
    # Wide text always has NULs (see `_sniff_wide_encoding`): without one, no sniffing.
    if nuls and _sniff_wide_encoding(head) is not None:
        return False
    if head.startswith(_MAGIC):
        return True
    if nuls and (nuls > max(STRAY_NULS, len(head) * STRAY_NUL_SHARE) or not _valid_utf8(head)):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.1


def _guess_legacy_encoding(data: bytes) -> str | None:
    """The single place for detecting legacy encodings.

    Called only for data that is not valid UTF-8. Returning None keeps the UTF-8-with-replacement
    fallback; a codec name has the text decoded with it. Legacy Cyrillic first, by our own
    detector (`reader.core.text.cyrillic`: it tells KOI8-R from Windows-1251 where the general
    detector cannot); then Western 8-bit, Greek, GB18030 and Shift-JIS (`legacy`).
    """
    return guess_legacy(data, guess_cyrillic(data))


def _sniff_wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, when the NUL pattern leaves no doubt.

    Mostly-Latin text in UTF-16 has a NUL in (nearly) every other byte, on one side only; in
    UTF-32 three bytes of every four are NUL. Text outside Latin script has no such pattern and
    is left alone, since guessing there would be worse than the UTF-8 fallback. Every pattern
    taken for wide text has NUL bytes, so data without one is answered at once (the usual case,
    and the cheap test that must come first: the sniffing itself is the costly part).
    """
    head = data[:SNIFF_BYTES]
    if 0 not in head:
        return None
    quads = len(head) // 4
    if quads >= 2:
        lanes = [head[i::4][:quads].count(0) for i in range(4)]
        if lanes[2] == lanes[3] == quads and lanes[0] < quads * 0.05:
            return "utf-32-le"
        if lanes[0] == lanes[1] == quads and lanes[3] < quads * 0.05:
            return "utf-32-be"
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = head[0::2][:pairs].count(0)
    odd = head[1::2][:pairs].count(0)
    if odd >= pairs * 0.3 and even <= pairs * 0.02:
        return "utf-16-le"
    if even >= pairs * 0.3 and odd <= pairs * 0.02:
        return "utf-16-be"
    return _sniff_utf16_one_script(head, pairs)


def _sniff_utf16_one_script(head: bytes, pairs: int) -> str | None:
    """UTF-16 without a BOM in one alphabetic script (Cyrillic, Greek, Arabic, Hebrew...).

    Such text has no run of NULs, but its high bytes take very few values: the script's block
    (0x04 for Cyrillic), 0x00 for spaces, digits and line breaks, 0x20 for dashes and quotes.
    Spaces guarantee some NULs in that lane and none in the other; UTF-8 never contains NUL, so
    it cannot pass. The strict decode then rules out binary data that happens to fit.
    """
    for encoding, high, low in (
        ("utf-16-le", head[1::2][:pairs], head[0::2][:pairs]),
        ("utf-16-be", head[0::2][:pairs], head[1::2][:pairs]),
    ):
        if (
            len(set(high)) <= 4
            and high.count(0) >= pairs * 0.05
            and low.count(0) <= pairs * 0.02
            and _reads_as_text(head[: pairs * 2], encoding)
        ):
            return encoding
    return None


def _reads_as_text(data: bytes, encoding: str) -> bool:
    try:
        text = _incremental(data, encoding, "strict", truncated=True)
    except UnicodeDecodeError:
        return False
    return not any(char < " " and char not in "\t\n\r" for char in text)


def _valid_utf8(data: bytes) -> bool:
    try:
        _incremental(data, "utf-8", "strict", truncated=True)
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, encoding: str, truncated: bool) -> Decoded:
    try:
        return Decoded(_incremental(data, encoding, "strict", truncated), encoding, False)
    except UnicodeDecodeError:
        return Decoded(_incremental(data, encoding, "replace", truncated), encoding, True)


def _incremental(data: bytes, encoding: str, errors: str, truncated: bool) -> str:
    """Decode; with `truncated`, an incomplete sequence at the very end is left out silently."""
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    return decoder.decode(data, final=not truncated)
