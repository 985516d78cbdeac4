"""Which outlet an article counts as: the one it names, else its URL's host, else its feed.

Outlets are what a story's sources are counted by (``outlet_count``, and how many outlets carry
each side of an allegation). A feed that leaves ``outlet`` out would otherwise make every one of
its articles count as no outlet at all: a story of two such articles showed 0 outlets. The URL's
host says who published the page (``www.`` is the same site); the feed's id is the last resort,
since one feed is at least one source.
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_OUTLET_CHARS = 300  # the outlet columns' width


def article_outlet(outlet: str | None, url: str | None, feed_id: str | None) -> str | None:
    if outlet and outlet.strip():
        return outlet
    host = _host(url)
    if host:
        return host
    return feed_id[:MAX_OUTLET_CHARS] if feed_id else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")[:MAX_OUTLET_CHARS]
