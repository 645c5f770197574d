"""Carrying sync updates between machines: a sync folder, or `reader sync --serve` over SSH.

`run.sync_target` is the one entry: it takes the store's sync lock, picks the transport from the
target's form, and records how the sync went. The document and the frames are
`reader.core.sync`; the store's side (capture, one-transaction merge) is `reader.store.sync_log`.
"""
