"""Legacy encodings: Western 8-bit, Greek, GB18030 and Shift-JIS, against legacy Cyrillic.

charset-normalizer proposes encodings among the few a personal library actually holds (asked
to choose among every code page, it reads short German as Central European and short Chinese as
Korean), and drops those whose text comes out a mess. Its proposals are then ranked here by how
plausible the decoded text is, because every 8-bit code page decodes any bytes, and a text that
is UTF-8 with a few damaged bytes must keep the UTF-8 fallback, whose damage is visible
(`Decoded.replaced`), instead of turning into plausible-looking nonsense:

- damaged UTF-8: as many valid UTF-8 sequences as broken ones means UTF-8, damaged;
- 8-bit code pages: the characters outside ASCII must be letters of plausible words (or the
  usual typographic marks), as accented letters and Greek are, not stray symbols;
- GB18030 and Shift-JIS: what they decode must be Chinese or Japanese script, not half-width
  katakana, which noise decodes to.

Legacy Cyrillic is found by `reader.core.text.cyrillic`, which tells Windows-1251 from KOI8-R
where charset-normalizer reads KOI8-R as Japanese (`tests/unit/test_encodings_legacy.py` shows
both); its guess competes with the others here and wins a tie.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

#: The encodings proposed, as Python names them (cp932 is Shift-JIS as Windows writes it).
CANDIDATES = ("cp1252", "cp1253", "iso8859_7", "gb18030", "cp932")
#: How much of the file is looked at (cut at a line break, so no character is cut in two).
SAMPLE_BYTES = 65536
#: charset-normalizer's "mess" above which a proposal is not considered.
MAX_CHAOS = 0.2
#: Share of the non-ASCII characters that must look right for a proposal to be taken.
MIN_PLAUSIBLE = 0.8

_MULTI_BYTE = frozenset({"gb18030", "cp932"})
#: Typographic marks Western and Greek text use outside words.
_MARKS = frozenset("“”‘’„‚«»‹›–—…•·°€£§©®™±×÷¡¿\xa0")
_WORD = re.compile(r"[^\W\d_]+")
#: Unicode blocks of Chinese and Japanese script, CJK punctuation and full-width forms.
_CJK = (
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF01, 0xFF60),  # full-width forms (not the half-width katakana after them)
)


def guess_legacy(data: bytes, cyrillic: str | None = None) -> str | None:
    """The codec `data` (not valid UTF-8) reads right in, or None for the UTF-8 fallback.

    `cyrillic` is what `guess_cyrillic` found, if anything: it competes with charset-normalizer's
    proposals on how plausible the text each one decodes is, and wins a tie.
    """
    sample = _sample(data)
    if _damaged_utf8(sample):
        return cyrillic
    from charset_normalizer import from_bytes  # only files in a legacy encoding pay for it

    ranked: list[tuple[float, int, bool, int, str]] = []
    if cyrillic:
        ranked.append((*_scores(sample, cyrillic), True, 0, cyrillic))
    for match in from_bytes(sample, cp_isolation=list(CANDIDATES)):
        if match.chaos <= MAX_CHAOS and match.encoding in CANDIDATES:
            order = -CANDIDATES.index(match.encoding)
            ranked.append((*_scores(sample, match.encoding), False, order, match.encoding))
    if not ranked:
        return None
    share, _, is_cyrillic, _, encoding = max(ranked)
    return encoding if is_cyrillic or share >= MIN_PLAUSIBLE else None


def _sample(data: bytes) -> bytes:
    if len(data) <= SAMPLE_BYTES:
        return data
    head = data[:SAMPLE_BYTES]
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head


def _damaged_utf8(data: bytes) -> bool:
    """UTF-8 with some bytes broken: at least as many valid multi-byte characters as breaks
    (a character cut in two at the very end counts as valid: it is how a cut file ends)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    text = decoder.decode(data, final=False)
    broken = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f") - broken
    if decoder.getstate()[0]:
        valid += 1
    return valid >= broken


def _scores(data: bytes, encoding: str) -> tuple[float, int]:
    """How plausible the text `encoding` decodes is: the share of its non-ASCII characters that
    look right, then how many letters do (a mark could be a letter misread)."""
    text = data.decode(encoding, "replace")
    wide = sum(1 for char in text if char > "\x7f")
    if not wide:
        return 0.0, 0
    if encoding in _MULTI_BYTE:
        right = _cjk_count(text)
        # Short Japanese decodes as Chinese too; kana (in nearly every Japanese sentence) decide.
        letters = right + (_kana_count(text) if encoding == "cp932" else 0)
    else:
        letters = _word_letters(text)
        right = letters + sum(1 for char in text if char in _MARKS)
    return right / wide, letters


def _word_letters(text: str) -> int:
    """Non-ASCII letters of plausible words: one script, one case pattern (lower, upper,
    title), and for Latin an ASCII letter too (`café`, `Öl`, not `ÿþÃ`)."""
    count = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if not word.isascii() and _plausible_word(word):
            count += sum(1 for char in word if char > "\x7f")
    return count


def _plausible_word(word: str) -> bool:
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    scripts = {_script(char) for char in word}
    if scripts in ({"GREEK"}, {"CYRILLIC"}):
        return True
    return scripts == {"LATIN"} and any(char.isascii() for char in word)


def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ")[0]


def _cjk_count(text: str) -> int:
    """Characters of Chinese or Japanese script (not half-width katakana: noise decodes to it)."""
    codes = (ord(char) for char in text if char > "\x7f")
    return sum(1 for code in codes if any(low <= code <= high for low, high in _CJK))


def _kana_count(text: str) -> int:
    return sum(1 for char in text if "\u3040" <= char <= "\u30ff")
