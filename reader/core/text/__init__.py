"""Text in: decoding bytes, making untrusted text inert, and parsing files into clean articles."""
