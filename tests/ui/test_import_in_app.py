"""An imported highlight with unchecked offsets is placed by its quote when the app loads it."""

from __future__ import annotations

import json
from pathlib import Path

from reader.cli.main import main
from reader.core.library import load_article, load_index
from reader.store.state import Store
from tests.ui.helpers import seeds_app, settle

ESSAY = "# Tides\n\nThe moon pulls the sea towards it, and the sea answers twice a day.\n"


async def test_untrusted_offsets_never_highlight_the_whole_article(
    tmp_path: Path, isolated_user: Path
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "tides.md").write_text(ESSAY, encoding="utf-8")
    (meta,) = load_index([library]).articles
    claimed = {"id": "h", "quote": "the sea answers", "start": -7, "end": 1_000_000_000,
               "status": "anchored", "created": "2024-01-01T00:00:00+00:00"}  # fmt: skip
    document = {"version": 1, "articles": [
        {"id": meta.id, "content_hash": meta.content_hash, "highlights": [claimed]}
    ]}  # fmt: skip
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps(document), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert main(["import", str(notes), str(elsewhere)]) == 0
    app = seeds_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (placed,) = app.store.highlights.all()
    body = load_article(meta).body
    assert placed.attached and body[placed.start : placed.end] == "the sea answers"
    with Store.open(isolated_user) as store:
        assert store.highlights.all() == [placed]
