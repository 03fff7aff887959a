"""Size limits on inputs, apart from the readers so that the command line can
show them in --help without importing the readers (zipfile, html.parser …):
`analyzer --help` must start fast."""

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
