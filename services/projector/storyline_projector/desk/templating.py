"""The desk's Jinja2 environment: templates beside this module, autoescaping always on."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"
# Pages change with every batch the projector applies: never serve them from a cache.
NO_STORE = {"Cache-Control": "no-store"}


@cache
def environment() -> Environment:
    # autoescape=True for every template, whatever its name: nothing from outside is markup.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = when
    env.filters["number"] = number
    return env


def render(
    template: str, status_code: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code, headers={**NO_STORE, **(headers or {})})


def when(value: datetime | date | None, precision: str = "minutes") -> str:
    """A time as people read it in a table: UTC, to the minute; a date as it is."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M" if precision == "minutes" else "%Y-%m-%d")
    return value.isoformat()


def number(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
