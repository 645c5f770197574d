"""Bringing an export from another service into the library: `reader import FILE`.

`reader.core.migrate` reads the file; here it is matched against the library (`plan`: one
address is one article, whichever file named it), the texts the export carries are written into
the library folder (`texts`), highlights are placed by their words (`placing`), and everything is
recorded in one store transaction (`apply`), so an import cut short leaves the store as it was.
Addresses without text wait in the store's fetch queue (`reader.ingest.fetch_queue`).
"""
