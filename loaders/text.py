"""Checks on the bytes of text files, shared by the text-based loaders."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


def decoded_lines(path: Path, stream: Iterable[bytes]) -> Iterator[str]:
    """The lines of a UTF-8 file, one at a time, with a byte-order mark dropped.

    A byte that is not UTF-8 stops the read with the line and column named.
    """
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            refuse_utf16(path, raw)
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LoaderError(
                path,
                number,
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column "
                f"{exc.start + 1}); save the file as UTF-8, for example with "
                f"'iconv -f latin1 -t utf-8'",
                code="bad-encoding",
            ) from exc
