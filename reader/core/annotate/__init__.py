"""Annotations as data: the highlight model and its colours, anchors that survive edits, quotes."""
