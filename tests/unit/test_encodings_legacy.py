"""Files that are not UTF-8: legacy Cyrillic, UTF-16 of other scripts, stray NULs."""

from __future__ import annotations

import os
import random

import pytest

from reader.core.text.cyrillic import cyrillic_score, guess_cyrillic
from reader.core.text.decode import decode_bytes, looks_binary
from reader.core.text.formats import ParseError
from reader.core.text.parse import REPLACED_NOTICE, parse_bytes

RUSSIAN = [
    "Привет, мир! Это обычный русский текст, написанный для проверки кодировки.",
    "Съешь же ещё этих мягких французских булок да выпей чаю.",
    "ЗАГОЛОВОК СТАТЬИ О ПОГОДЕ",  # capitals only: the case signal says nothing here
    "Москва",
]
UKRAINIAN = "Він працює в Києві і їздить на роботу щодня."


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
@pytest.mark.parametrize("text", RUSSIAN)
def test_russian_in_either_legacy_codec_is_read_right(text: str, codec: str) -> None:
    data = text.encode(codec)
    assert guess_cyrillic(data) == codec
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.replaced) == (text, codec, False)


def test_ukrainian_in_windows_1251() -> None:
    assert decode_bytes(UKRAINIAN.encode("cp1251")).text == UKRAINIAN


@pytest.mark.parametrize(
    "data",
    [
        b"Headline\n\nGood text \xff\xfe\xc3( more text.\n",
        bytes(random.Random(7).randrange(128, 256) for _ in range(3)),
    ],
    ids=["broken-utf8", "three-high-bytes"],
)
def test_text_that_is_not_cyrillic_keeps_the_visible_fallback(data: bytes) -> None:
    assert guess_cyrillic(data) is None
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.replaced


@pytest.mark.parametrize(
    "data",
    [
        "café résumé naïve façade, déjà vu".encode("latin-1"),
        "Ärger über Öl und Straße".encode("cp1252"),
    ],
    ids=["french-latin1", "german-cp1252"],
)
def test_western_text_is_not_cyrillic(data: bytes) -> None:
    """Issue 13: it used to keep the UTF-8 fallback too; now it is read as Windows-1252
    (`test_encodings_more.py`). The Cyrillic detector still says "not mine"."""
    assert guess_cyrillic(data) is None
    assert decode_bytes(data).encoding == "cp1252"


def test_random_bytes_are_never_called_cyrillic() -> None:
    rng = random.Random(11)
    for _ in range(50):
        assert guess_cyrillic(bytes(rng.randrange(256) for _ in range(2000))) is None


def test_wrong_codec_scores_lower() -> None:
    data = RUSSIAN[0].encode("koi8_r")
    assert cyrillic_score(data.decode("koi8_r")) > cyrillic_score(data.decode("cp1251")) * 1.3


def test_article_says_which_legacy_codec_it_was_read_with() -> None:
    text = "Заголовок статьи\n\n" + RUSSIAN[0] + "\n"
    article = parse_bytes(text.encode("koi8_r"), path="r.txt", relative_path="r.txt")
    assert article.title == "Заголовок статьи"
    assert article.paragraphs == (RUSSIAN[0],)
    assert article.notices == ("Read as KOI8-R (a legacy Cyrillic encoding).",)


def test_damaged_utf8_carries_a_notice() -> None:
    article = parse_bytes(b"Title\n\nBroken \xff byte.\n", path="d.txt", relative_path="d.txt")
    assert article.notices == (REPLACED_NOTICE,)
    assert "\ufffd" in article.body


SCRIPTS = {
    "russian": "Привет, мир! Это обычный русский текст.",
    "greek": "Καλημέρα κόσμε, αυτό είναι ελληνικό κείμενο.",
    "hebrew": "שלום עולם, זה טקסט בעברית.",
    "arabic": "مرحبا بالعالم، هذا نص عربي.",
    "ukrainian": UKRAINIAN,
}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_utf16_without_bom_in_other_scripts_is_text(script: str, codec: str) -> None:
    text = f"{SCRIPTS[script]}\n\n{SCRIPTS[script]} {SCRIPTS[script]}\n"
    data = text.encode(codec)
    assert not looks_binary(data)
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.replaced) == (text, codec, False)


def test_utf8_cyrillic_is_not_mistaken_for_utf16() -> None:
    text = "Привет мир " * 50
    decoded = decode_bytes(text.encode())
    assert (decoded.text, decoded.encoding) == (text, "utf-8")


def test_stray_nuls_in_utf8_text_are_dropped_not_fatal() -> None:
    data = ("Title line\n\n" + "Ordinary text of the article. " * 40 + "\x00end.\n").encode()
    assert not looks_binary(data)
    article = parse_bytes(data, path="n.txt", relative_path="n.txt")
    assert "\x00" not in article.body and article.body.endswith("end.")


@pytest.mark.parametrize(
    "data",
    [
        b"text\x00" * 100,  # NUL-heavy
        os.urandom(4096) + b"\x00",
        b"\x00\x00\x01\x00" * 300,
    ],
    ids=["nul-heavy", "random", "records"],
)
def test_nul_heavy_or_invalid_data_is_binary(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(ParseError, match="binary file"):
        parse_bytes(data, path="b.txt", relative_path="b.txt")
