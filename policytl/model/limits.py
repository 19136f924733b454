"""Limits on input, shared by the loader and the command line."""

#: Data files larger than this are refused unless --max-bytes says otherwise.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
