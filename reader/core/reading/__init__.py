"""Reading an article: wrapping it into lines, the caret and its motions, and where marks fall."""
