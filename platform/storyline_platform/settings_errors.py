"""Bad settings explained at start-up: which variable, what it was set to, what it accepts.

pydantic's own message names the field (``max_batch_items``), not the environment variable an
operator set, and says what was wrong but not what would be right. ``explain`` turns a settings
class's ``ValidationError`` into one line per bad variable.
"""

from __future__ import annotations

import types
from typing import Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import AliasChoices, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings


class BadSetting(ValueError):
    """A setting read outside a settings class (logging) has a value it does not accept."""

    def __init__(self, variable: str, value: str, accepted: str) -> None:
        super().__init__(f"{variable}={value!r} is not accepted; accepted: {accepted}")


def explain(error: ValidationError, settings: type[BaseSettings]) -> list[str]:
    """One line per problem: ``VARIABLE='value' is not accepted (why); accepted: ...``."""
    lines = []
    for problem in error.errors():
        if not problem["loc"]:  # a rule across fields: its message names the variables
            lines.append(problem["msg"].removeprefix("Value error, "))
            continue
        name = str(problem["loc"][0])
        field = settings.model_fields.get(name)
        if field is None:
            lines.append(f"{name}: {problem['msg']}")
            continue
        variable = " or ".join(variables(settings, name, field))
        given = problem.get("input")
        lines.append(
            f"{variable}={given!r} is not accepted ({problem['msg'].lower()}); "
            f"accepted: {accepted_values(field)}"
        )
    return lines


def variables(settings: type[BaseSettings], name: str, field: FieldInfo) -> list[str]:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    if isinstance(alias, str):
        return [alias]
    prefix = str(settings.model_config.get("env_prefix", ""))
    return [f"{prefix}{name}".upper()]


def accepted_values(field: FieldInfo) -> str:
    """What a field accepts, in words: its type, its bounds, its choices."""
    annotation = field.annotation
    optional = False
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        optional = len(members) < len(get_args(annotation))
        annotation = members[0] if len(members) == 1 else annotation
    if get_origin(annotation) is Literal:
        words = "one of " + ", ".join(repr(choice) for choice in get_args(annotation))
    else:
        words = _TYPE_WORDS.get(annotation, getattr(annotation, "__name__", str(annotation)))
        bounds = _bounds(field.metadata)
        if bounds:
            words += " " + " and ".join(bounds)
    return words + (" (or unset)" if optional else "")


_TYPE_WORDS: dict[Any, str] = {
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    str: "text",
}


def _bounds(metadata: list[Any]) -> list[str]:
    bounds = []
    for item in metadata:
        if isinstance(item, Ge):
            bounds.append(f">= {item.ge}")
        elif isinstance(item, Gt):
            bounds.append(f"> {item.gt}")
        elif isinstance(item, Le):
            bounds.append(f"<= {item.le}")
        elif isinstance(item, Lt):
            bounds.append(f"< {item.lt}")
    return bounds
