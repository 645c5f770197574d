"""The core: plain Python that knows nothing of Textual, the store or the network.

Everything here is given paths and data and returns data, so it is fast to test and shared by
the app, the command line and the importers.
"""
