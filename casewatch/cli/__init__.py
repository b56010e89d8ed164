"""One module per CLI command (see casewatch/__main__.py)."""
