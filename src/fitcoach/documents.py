"""Reading user documents (profiles, plans) from files or standard input, safely.

Size is checked before the whole file is read, so a 50 MB upload is refused without loading it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.validation import MAX_DOCUMENT_BYTES, parse_json_document, validate


def read_document(path: str, what: str) -> Any:
    """Parse the JSON document at ``path`` ('-' for standard input)."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    else:
        file = Path(path)
        if not file.is_file():
            raise InvalidInput([FieldProblem(f"({what})", f"no such file: {path}")])
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise InvalidInput([FieldProblem(f"({what})", f"cannot be read: {exc.strerror}")]) from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(
            [FieldProblem(f"({what})", f"is larger than {MAX_DOCUMENT_BYTES:,} bytes; no {what} is that large")]
        )
    return parse_json_document(data, what)


def read_profile(path: str) -> UserProfile:
    return validate(UserProfile, read_document(path, "profile"))
