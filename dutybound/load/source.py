"""Reading a file the user names: only a regular file, never more than the
limit, decoded as UTF-8 with the place of any byte that is not.

A FIFO, a device or a directory is refused before anything is read from it
(opening with O_NONBLOCK, so that a FIFO without a writer cannot block), and
the size is checked before the file is read, and again while reading (a file
may grow). A UTF-8 byte-order mark is accepted in every format.
"""
from __future__ import annotations

import codecs
import os
import stat

from dutybound.errors import DutyboundError, Problem
from dutybound.load.limits import Limits

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))
_OTHER_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
               (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def read_bytes(path: str, limit: int, limit_name: str, limits: Limits,
               missing_hint: str = "check the path") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or DutyboundError
    (kind 'file': exit 2)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise DutyboundError(Problem(f"no such file: {path}", path, hint=missing_hint),
                             kind="file") from None
    except IsADirectoryError:
        raise _not_regular(path, "a directory") from None
    except OSError as e:
        raise DutyboundError(Problem(f"cannot open the file: {e.strerror or e}", path,
                                     hint="check that the file exists and that you may read it"),
                             kind="file") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
            raise _not_regular(path, kind)
        if st.st_size > limit:
            raise DutyboundError(limits.problem(limit_name, f"the file has {st.st_size:,} bytes", path),
                                 kind="file")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise DutyboundError(limits.problem(limit_name, "the file grew while it was read and has "
                                                    f"more than {limit:,} bytes", path), kind="file")
        return b"".join(chunks)
    except OSError as e:
        raise DutyboundError(Problem(f"cannot read the file: {e.strerror or e}", path), kind="file") from None
    finally:
        os.close(fd)


def _not_regular(path: str, kind: str) -> DutyboundError:
    return DutyboundError(Problem(
        f"{path} is {kind}, not a regular file", path,
        hint="give the path of an incident file; to read from a pipe, save it to a file first"),
        kind="file")


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a leading byte-order mark dropped), or an error naming the
    line and column of the first byte that is not UTF-8."""
    for bom, name in _OTHER_BOMS:
        if data.startswith(bom):
            raise DutyboundError(Problem(
                f"the file is {name} text; Dutybound reads UTF-8", path, 1, 1,
                hint="save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"), kind="file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        start = data.rfind(b"\n", 0, e.start) + 1
        col = len(data[start:e.start].decode("utf-8", errors="replace")) + 1
        raise DutyboundError(Problem(
            f"the file is not UTF-8 text: byte 0x{data[e.start]:02x} cannot be read as UTF-8",
            path, line, col,
            hint="save the file as UTF-8 (in most editors: Save As, encoding UTF-8); "
                 "a file written as Latin-1 or GBK must be converted, e.g. "
                 "`iconv -f GBK -t UTF-8 in.yaml > out.yaml`"), kind="file") from None


def read_text(path: str, limits: Limits, missing_hint: str = "check the path") -> str:
    return decode(read_bytes(path, limits.file_bytes, "file_bytes", limits, missing_hint), path)


def check_text_size(text: str, path: str, limits: Limits) -> None:
    """For text that did not come from a file (pasted into the web app)."""
    if len(text) > limits.file_bytes or len(text.encode("utf-8", "surrogatepass")) > limits.file_bytes:
        raise DutyboundError(limits.problem(
            "file_bytes", f"the text has {len(text.encode('utf-8', 'surrogatepass')):,} bytes", path),
            kind="file")
