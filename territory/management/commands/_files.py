"""Shared input of the territory import commands: the file they are given, read as UTF-8 text."""

from pathlib import Path

from django.core.management.base import CommandError


def read_text_file(path: Path, *, what: str) -> str:
    """The file's text (a byte-order mark is dropped), or a CommandError saying why it cannot be
    read; `what` names the kind of file expected ("CSV file") when it is not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not a UTF-8 {what}") from None
