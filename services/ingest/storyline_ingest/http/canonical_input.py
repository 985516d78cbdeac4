"""What the edge makes canonical, keeps exact, or refuses, before anything is stored.

* Language tags are BCP 47, matched without regard to case: ``EN``, ``en_gb`` and ``en-GB`` are
  stored as ``en`` and ``en-GB`` (the tag's canonical case). Extraction reads the primary subtag;
  a language it does not read is stored and noted, not refused.
* Identifiers (external ids, URLs standing in for them, feed names) are kept exactly as sent or
  refused: surrounding whitespace or a control character is an error, never trimmed away, since
  two ids that differ only there would otherwise collide.
* Text PostgreSQL cannot store (a NUL character) is refused with the field that holds it, in any
  field, so that an accepted article can always be written by every later stage.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, AnyHttpUrl, Field, StringConstraints, TypeAdapter

from storyline_ingest.http.validation_errors import invalid_field

LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"
MAX_URL_LENGTH = 2048
ESCAPED_NUL = "\\u0000"  # how a NUL inside a key is shown in the error's field path
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HTTP_URL: TypeAdapter[AnyHttpUrl] = TypeAdapter(AnyHttpUrl)


def canonical_language_tag(tag: str) -> str:
    """``en_gb`` -> ``en-GB``, ``ZH-hant-tw`` -> ``zh-Hant-TW``: BCP 47's canonical case.

    The language is lower case, a four-letter script title case, a two-letter or three-digit
    region upper case, anything else lower case."""
    first, *rest = tag.replace("_", "-").split("-")
    subtags = [first.lower()]
    for subtag in rest:
        if len(subtag) == 4 and subtag.isalpha():
            subtags.append(subtag.title())
        elif (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            subtags.append(subtag.upper())
        else:
            subtags.append(subtag.lower())
    return "-".join(subtags)


def exact_identifier(value: str) -> str:
    if value != value.strip():
        raise ValueError(
            "has leading or trailing whitespace; identifiers are kept exactly as sent, "
            "so remove it before posting"
        )
    if _CONTROL.search(value):
        raise ValueError("contains a control character, which an identifier may not")
    return value


def http_url_text(value: str) -> str:
    """An http(s) URL, checked but kept as written (it may be the article's identifier)."""
    _HTTP_URL.validate_python(value)
    return value


LanguageTag = Annotated[
    str,
    Field(pattern=LANGUAGE_PATTERN, max_length=35, description="BCP 47 language tag."),
    AfterValidator(canonical_language_tag),
]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=False), AfterValidator(exact_identifier)
]
UrlText = Annotated[
    str,
    StringConstraints(strip_whitespace=False, max_length=MAX_URL_LENGTH),
    AfterValidator(exact_identifier),
    AfterValidator(http_url_text),
]


def refuse_unstorable(document: Any, location: str) -> None:
    """422 naming the first field (or key) whose text holds a NUL character."""
    found = _first_nul(document, location)
    if found is not None:
        raise invalid_field(
            "the article contains text that cannot be stored",
            found,
            "contains a NUL character (U+0000), which cannot be stored; remove it",
        )


def _first_nul(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                return f"{path}.{key.replace(chr(0), ESCAPED_NUL)}"
            found = _first_nul(item, f"{path}.{key}")
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_nul(item, f"{path}.{index}")
            if found is not None:
                return found
    return None
