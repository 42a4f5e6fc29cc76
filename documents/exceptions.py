"""Errors of the document pipeline.

`DocumentRejected` and its subclasses are permanent: the document ends `failed` with the message
as its reason, and the job is not retried. They never reach an HTTP response.
"""

from __future__ import annotations


class DocumentRejected(Exception):
    """The document cannot be indexed; `str(exc)` is a reason a user can read."""


class DocumentParseError(DocumentRejected):
    """The file is corrupt or not what its content claimed to be."""


class DocumentTooLarge(DocumentRejected):
    """A defence cap tripped: zip entries or uncompressed size, PDF pages, text length."""


class DocumentEmpty(DocumentRejected):
    """The file parsed but holds no text to index."""


class ParserUnavailable(DocumentRejected):
    """The configured parser backend cannot run here (not installed, or needs a download)."""
