"""Reading the files other read-it-later services export: Pocket, Instapaper, Omnivore,
wallabag, Readwise, Hypothesis and W3C Web Annotation.

Pure parsing: a file in, an `ImportedFile` out (articles with their tags, place, read state,
progress, dates and, where the file has them, text and highlights), or a `FormatError` naming
the file, the line and the field. Nothing here writes, fetches or touches the store: bringing
the result into the library is `reader.ingest.importing`'s work. One module per format; the
shape every format fills is `records`, and `detect` tells the formats apart by content.
"""
