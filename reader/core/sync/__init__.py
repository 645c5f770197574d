"""Sync between machines: the CRDT document (`model`, `records`) and the wire format (`frames`).

Pure: no store, no network. The store records and applies updates (`reader.store.sync_log`),
the transports (`reader.ingest.sync`) carry them.
"""
