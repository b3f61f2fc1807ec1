"""Turning pydantic validation errors into messages a person can act on.

Each message names the field by its dotted path, says what was wrong with the value given, and
what is allowed (taken from the field's own description and constraints, so the schema and the
error text never disagree).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from fitcoach.domain.errors import FieldProblem, InvalidInput

M = TypeVar("M", bound=BaseModel)

# Inputs larger than this are refused before parsing: no profile or plan is anywhere near it.
MAX_DOCUMENT_BYTES = 1_000_000


def _describe_value(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_info_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """The description of the field at ``loc`` (walking nested models and lists)."""
    current: Any = model
    description = ""
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            break
        field = current.model_fields.get(str(part))
        if field is None:
            break
        description = field.description or ""
        current = _unwrap_model(field.annotation)
    return description


def _unwrap_model(annotation: Any) -> Any:
    """Find a BaseModel class inside ``X | None`` or ``list[X]`` annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _unwrap_model(arg)
        if found is not None:
            return found
    return None


_PROBLEM_TEXT = {
    "missing": "is required",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "finite_number": "must be a finite number",
    "enum": "is not one of the allowed values",
    "literal_error": "is not one of the allowed values",
    "too_long": "has too many items",
    "too_short": "has too few items",
    "string_too_long": "is too long",
    "string_too_short": "must not be empty",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
}


def problems_from(exc: ValidationError, model: type[BaseModel]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc if not str(p).startswith("function-"))
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            problem = f"{_describe_value(err.get('input'))} is out of range"
        elif kind in ("enum", "literal_error"):
            expected = ctx.get("expected", "")
            problem = f"{_describe_value(err.get('input'))} is not allowed; choose one of {expected}"
        elif kind == "value_error":
            problem = str(ctx.get("error", err["msg"]))
        elif kind == "missing":
            problem = "is required"
        else:
            base = _PROBLEM_TEXT.get(kind, err["msg"].lower())
            problem = f"{base} (got {_describe_value(err.get('input'))})"
        allowed = _field_info_at(model, loc)
        message = f"{problem}; allowed: {allowed}" if allowed and kind not in ("enum", "literal_error") else problem
        problems.append(FieldProblem(field=path or "(document)", message=message))
    return problems


def validate(model: type[M], data: Any) -> M:
    """Validate ``data`` as ``model`` or raise InvalidInput naming every field at fault."""
    if not isinstance(data, dict):
        raise InvalidInput([FieldProblem("(document)", f"must be a JSON object, not {type(data).__name__}")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems_from(exc, model)) from None


def parse_json_document(text: str | bytes, what: str = "document") -> Any:
    """Parse JSON text with a size limit, raising InvalidInput with the line and column at fault."""
    size = len(text)
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidInput(
            [FieldProblem(f"({what})", f"is {size:,} bytes; at most {MAX_DOCUMENT_BYTES:,} bytes are accepted")]
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            [FieldProblem(f"({what})", f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]
        ) from None
    except UnicodeDecodeError:
        raise InvalidInput([FieldProblem(f"({what})", "is not UTF-8 text")]) from None
