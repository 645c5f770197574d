"""Wide and combining text (CJK, emoji, RTL, stacked marks) is measured in cells, not characters.

A CJK character takes two cells, a combining mark none; counting characters instead would push
the frame out of place or cut words in half. Every line the list and the reading pane draw must
fit their width exactly, with the text whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import seeds_app, settle
from tests.ui.pilot_steps import open_titled

ARTICLES = {
    "cjk.md": ("漢字のタイトル：全角テスト", "日本語の本文です。" * 30),
    "emoji.md": ("Emoji 👩‍👩‍👧 🎉 🇺🇦 title", "Faces 😀😃😄 and a flag 🏳️‍🌈 in the text. " * 20),
    "rtl.md": ("עברית ועربية في عنوان واحد", "שלום עולם. مرحبا بالعالم، هذا نص عربي. " * 20),
    "marks.md": ("Z̷a̴l̶g̸o and cafe\u0301", "Stacked a\u0300\u0301\u0302\u0303 marks. " * 40),
}


@pytest.mark.parametrize("size", [(100, 30), (44, 20)])
async def test_lines_fit_their_width_in_cells(tmp_path: Path, size: tuple[int, int]) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    for name, (title, body) in ARTICLES.items():
        (library / name).write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    app = seeds_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for title, body in ARTICLES.values():
            await open_titled(pilot, title)
            reading = app.screen.query_one(ReadingPane)
            width = reading.scrollable_content_region.width
            for row in range(reading.scrollable_content_region.height):
                assert reading.render_line(row).cell_length == width
            measure = reading.virtual_size.width  # the text column the article was laid out to
            assert reading.view.lines and all(
                cell_len(line.prefix + line.text) <= measure for line in reading.view.lines
            )
            assert body[:6] in "".join(line.text for line in reading.view.lines if line.is_body)
            await pilot.press("escape")
            article_list = app.screen.query_one(ArticleList)
            list_width = article_list.scrollable_content_region.width
            for row in range(article_list.scrollable_content_region.height):
                assert article_list.render_line(row).cell_length == list_width
