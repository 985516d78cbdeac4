"""A plain-text rendering of a story's state, as the query API serves it (used by the demo)."""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 100


def render_story(story: dict[str, Any], claims: dict[str, Any] | None = None) -> str:
    lines = [f"■ {story['title']}"]
    facts = [
        story["status"],
        f"incident {story.get('incident_date') or 'date unknown'}"
        + (f" in {story['incident_place']}" if story.get("incident_place") else ""),
        f"{story['article_count']} article(s) from {story['outlet_count']} outlet(s)",
        f"{story['event_count']} event(s)",
    ]
    lines.append("  " + " · ".join(facts))
    if story.get("key_actors"):
        lines.append(_wrap("key actors: " + ", ".join(story["key_actors"]), "  "))
    lines += _section("What happened", [_incident(item) for item in story.get("incidents", [])])
    lines += _section(
        "Who blames whom", [_allegation(item) for item in story.get("allegations", [])]
    )
    if claims is not None:
        lines += _section("Claims checked", _claims(claims))
    lines += _section("Threats", [_threat(item) for item in story.get("threats", [])])
    lines += _section("Casualties", [_casualty(item) for item in story.get("casualties", [])])
    lines += _section("Figures", [_statistic(item) for item in story.get("statistics", [])])
    return "\n".join(lines)


def _section(title: str, entries: list[str]) -> list[str]:
    if not entries:
        return []
    return [f"  {title}:", *(_wrap(entry, "    - ", "      ") for entry in entries)]


def _wrap(text: str, first: str, rest: str | None = None) -> str:
    return textwrap.fill(
        text, WIDTH, initial_indent=first, subsequent_indent=rest or " " * len(first)
    )


def _incident(item: dict[str, Any]) -> str:
    when = (item.get("when") or {}).get("start") or "undated"
    modality = "" if item.get("modality") == "asserted" else f" ({item['modality']})"
    return f"{when}  {item['summary']}{modality}  «{item['evidence']['sentence']}»"


def _allegation(item: dict[str, Any]) -> str:
    text = f"{item['accuser']} accuses {item['accused']}: {item['allegation']}"
    if item.get("denied_by"):
        text += f" — denied by {', '.join(item['denied_by'])}"
    if item.get("doubted_by"):
        text += f" — doubted by {', '.join(item['doubted_by'])}"
    if item.get("disputed"):
        text += " [disputed]"
    return text


def _claims(claims: dict[str, Any]) -> list[str]:
    """Why the story is disputed, then how many independent sources carry each accusation."""
    entries = [f"disputed: {reason}" for reason in claims.get("reasons", [])]
    for item in claims.get("allegations", []):
        sources = "; ".join(item["independent_sources"]) or "none listed"
        entries.append(
            f"{item['accuser']} accuses {item['accused']}: {item['independent_outlets']} "
            f"independent source(s) ({sources})"
        )
    return entries


def _threat(item: dict[str, Any]) -> str:
    return f"{item['threatener']} → {', '.join(item['threatened']) or '?'}: {item['threat']}"


def _casualty(item: dict[str, Any]) -> str:
    low, high = item.get("low"), item.get("high")
    figure = f"{low:g}" if low == high else f"{low:g}-{high:g}"
    sources = sorted({_source(report) for report in item.get("reports", [])})
    return f"{figure} {item.get('unit') or ''} {item.get('counts') or ''} ({'; '.join(sources)})"


def _statistic(item: dict[str, Any]) -> str:
    figure = item.get("text") or f"{item['value']:g}"
    return f"{figure} {item.get('counts') or ''} ({_source(item)})"


def _source(report: dict[str, Any]) -> str:
    if report.get("reported_by"):
        return f"per {report['reported_by']}, in {report.get('outlet') or 'an article'}"
    return f"in {report.get('outlet') or 'an article'}"
