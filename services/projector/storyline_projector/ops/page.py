"""The ops page: the figures of ``ops_status`` as one self-contained HTML page.

Server-rendered, no script and no external asset, so it loads anywhere an operator can reach
the query API. Every value is escaped: errors and titles come from outside.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from storyline_projector.ops.status import OpsStatus
from storyline_projector.query.views import StorySummary

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem;
       padding: 0 1rem; color: #1d232a; background: #fafbfc; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #d8dee4; }
.meta { color: #57606a; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-weight: 600; }
.ok { background: #dafbe1; color: #116329; } .degraded, .disputed { background: #ffebe9;
color: #a40e26; } .developing { background: #ddf4ff; color: #0550ae; }
.merged { background: #eaeef2; color: #57606a; }
.figures { display: flex; gap: 1rem; flex-wrap: wrap; }
.figure { background: white; border: 1px solid #d8dee4; border-radius: .5rem;
          padding: .75rem 1.25rem; min-width: 10rem; }
.figure b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; background: white; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #eaeef2; }
th { background: #f3f5f7; font-weight: 600; } td.number { text-align: right;
font-variant-numeric: tabular-nums; } .empty { color: #57606a; font-style: italic; }
"""


def render_ops_page(status: OpsStatus) -> str:
    lag = "unknown" if status.total_lag is None else str(status.total_lag)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Storyline ops</title><style>{STYLE}</style></head>
<body>
<h1>Storyline projector {_badge(status.status)}</h1>
<p class="meta">{escape(status.mode)} mode · lag measured from {escape(status.lag_source)}
· checked {escape(status.checked_at.isoformat(timespec="seconds"))}
· <a href="/ops/status">JSON</a></p>
<div class="figures">
{_figure("events behind", lag)}
{_figure("partitions", str(len(status.partitions)))}
{_figure("dead letters", str(status.dead_letter_count))}
{_figure("set aside by ingest", _stage_total(status))}
</div>
<h2>Projector positions</h2>
{_positions(status)}
<h2>Dead letters</h2>
{_dead_letters(status)}
<h2>Set aside by the ingest stages</h2>
{_stage_letters(status)}
<h2>Newest stories</h2>
{_stories(status)}
</body></html>
"""


def _figure(label: str, value: str) -> str:
    return f'<div class="figure"><b>{escape(value)}</b>{escape(label)}</div>'


def _positions(status: OpsStatus) -> str:
    rows = [
        (p.stream, str(p.partition), _number(p.next_position), _number(p.head), _number(p.lag))
        for p in status.partitions
    ]
    return _table(("stream", "partition", "next position", "head", "lag"), rows, numbers={2, 3, 4})


def _dead_letters(status: OpsStatus) -> str:
    rows = [
        (
            letter.recorded_at.isoformat(timespec="seconds"),
            f"{letter.stream}/{letter.partition}@{letter.position}",
            letter.error,
        )
        for letter in status.latest_dead_letters
    ]
    return _table(("recorded", "message", "error"), rows)


def _stage_total(status: OpsStatus) -> str:
    counts = status.stage_dead_letter_counts
    return "unknown" if counts is None else str(sum(counts.values()))


def _stage_letters(status: OpsStatus) -> str:
    rows = [
        (
            letter.last_failed_at.isoformat(timespec="seconds"),
            letter.stage,
            letter.subject,
            str(letter.attempts),
            letter.error,
        )
        for letter in status.latest_stage_dead_letters
    ]
    return _table(("last failed", "stage", "subject", "attempts", "error"), rows, numbers={3})


def _stories(status: OpsStatus) -> str:
    if not status.newest_stories:
        return '<p class="empty">No stories yet.</p>'
    rows = "\n".join(_story_row(story) for story in status.newest_stories)
    head = "".join(
        f"<th>{name}</th>"
        for name in ("story", "status", "articles", "outlets", "events", "last reported")
    )
    return f"<table><tr>{head}</tr>\n{rows}</table>"


def _story_row(story: StorySummary) -> str:
    title = escape(story.title or story.story_id)
    link = f'<a href="/v1/stories/{escape(story.story_id)}">{title}</a>'
    reported = story.last_reported.isoformat(timespec="minutes") if story.last_reported else ""
    counts = (story.article_count, story.outlet_count, story.event_count)
    cells = "".join(f'<td class="number">{count}</td>' for count in counts)
    return (
        f"<tr><td>{link}</td><td>{_badge(story.status)}</td>{cells}<td>{escape(reported)}</td></tr>"
    )


def _badge(word: str) -> str:
    return f'<span class="badge {_css(word)}">{escape(word)}</span>'


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], numbers: set[int] | None = None
) -> str:
    body = [
        "<tr>"
        + "".join(
            f'<td class="number">{escape(cell)}</td>'
            if i in (numbers or set())
            else f"<td>{escape(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    ]
    if not body:
        return '<p class="empty">None.</p>'
    head = "".join(f"<th>{escape(name)}</th>" for name in headers)
    return f"<table><tr>{head}</tr>\n" + "\n".join(body) + "</table>"


def _number(value: int | None) -> str:
    return "–" if value is None else str(value)


def _css(word: str) -> str:
    return word if word in {"ok", "degraded", "developing", "disputed", "merged"} else ""
