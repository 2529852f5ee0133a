"""Checks on the bytes of text files, shared by the text-based loaders."""

from __future__ import annotations

from pathlib import Path

from kg.errors import LoaderError

_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def refuse_utf16(path: Path, first_bytes: bytes) -> None:
    """Refuse a file that starts with a UTF-16 byte-order mark, saying so.

    Read as UTF-8 it would fail on its first byte with a message about
    Latin-1, which is the wrong advice.
    """
    if first_bytes.startswith(_UTF16_MARKS):
        raise LoaderError(
            path,
            1,
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
            "save it as UTF-8, for example with 'iconv -f utf-16 -t utf-8'",
            code="bad-encoding",
        )
