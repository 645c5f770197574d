"""The fuzzy search engine: the query language, the vocabulary of words, the index and ranking."""
