"""Issue 13: legacy encodings besides Cyrillic (GB18030, Shift-JIS, Greek, Western 8-bit) are
read right by charset-normalizer's proposals, checked for plausibility; damaged UTF-8 keeps its
visible fallback; and the Cyrillic detector stays where it does better than charset-normalizer.
"""

from __future__ import annotations

import pytest
from charset_normalizer import from_bytes

from reader.core.text.decode import decode_bytes
from reader.core.text.parse import parse_bytes

CHINESE = "北京是中华人民共和国的首都，也是全国的政治和文化中心。今天天气很好，我们去公园散步。"
JAPANESE = "東京は日本の首都です。今日はとても良い天気なので、公園を散歩しました。"
GREEK = "Άνθρωποι στην Αθήνα. Καλημέρα κόσμε, αυτό είναι ελληνικό κείμενο για δοκιμή."
WESTERN = "L’été dernier, nous sommes allés à la mer – c’était très agréable… Ärger über Öl."

CASES = [
    (CHINESE, "gb18030", "gb18030", "GB18030", "Chinese"),
    (JAPANESE, "shift_jis", "cp932", "Shift-JIS", "Japanese"),
    (GREEK, "iso8859_7", "iso8859_7", "ISO-8859-7", "Greek"),
    (GREEK, "cp1253", "cp1253", "Windows-1253", "Greek"),
    (WESTERN, "cp1252", "cp1252", "Windows-1252", "Western"),
]


@pytest.mark.parametrize(("text", "codec", "read_as", "name", "script"), CASES)
def test_legacy_text_is_read_right_and_says_so(
    text: str, codec: str, read_as: str, name: str, script: str
) -> None:
    data = f"Title line\n\n{text}\n".encode(codec)
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.replaced) == (
        f"Title line\n\n{text}\n",
        read_as,
        False,
    )
    article = parse_bytes(data, path="a.txt", relative_path="a.txt")
    assert article.paragraphs == (text,)
    assert article.notices == (f"Read as {name} (a legacy {script} encoding).",)


@pytest.mark.parametrize(
    ("text", "codec"),
    [("中文标题", "gb18030"), ("日本語のテキスト", "shift_jis"), ("Καλημέρα κόσμε", "cp1253")],
)
def test_short_texts_too(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)).text == text


def test_a_long_legacy_file_is_decoded_whole_from_its_sample() -> None:
    data = (CHINESE + "\n") * 3000  # far beyond the sample: the cut falls on a line break
    decoded = decode_bytes(data.encode("gb18030"))
    assert (decoded.text, decoded.encoding) == (data, "gb18030")


@pytest.mark.parametrize(
    "data",
    [
        b"Title\n\nBroken \xff byte.\n",
        "Café olé, déjà vu. ".encode() * 5 + b"\xff\xfe",
        "abc€".encode()[:-1],
        bytes(range(0x80, 0x100)),
    ],
    ids=["one-bad-byte", "utf8-with-damage", "cut-character", "every-high-byte"],
)
def test_damaged_utf8_and_noise_keep_the_visible_fallback(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.replaced


RUSSIAN_KOI8 = "Привет, мир! Это обычный русский текст, написанный для проверки кодировки."


@pytest.mark.parametrize("text", [RUSSIAN_KOI8, "Москва", "ЗАГОЛОВОК СТАТЬИ О ПОГОДЕ"])
def test_the_cyrillic_detector_does_better_than_charset_normalizer_on_koi8_r(text: str) -> None:
    """Why `cyrillic.py` stays: charset-normalizer alone reads KOI8-R as something else."""
    data = text.encode("koi8_r")
    alone = from_bytes(data).best()
    assert alone is None or str(alone) != text
    assert decode_bytes(data).text == text
