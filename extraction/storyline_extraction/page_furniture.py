"""Page furniture: the lines of a web page that are not the report, recognised by their form.

A page scraped with its furniture left in carries photo captions and credits, share and follow
prompts, newsletter boxes, "Related:", "Read more:" and "Watch:" links, advertisement markers,
bylines, publication stamps, breadcrumbs, live-blog headers and the headline block above the
first paragraph. None of it is news, even when a caption repeats an event of the text ("Smoke
rises over the refinery after the strike. (Photo: ...)"), so none of it reaches the rules.

Lines are recognised by shape, never by an outlet's name: a label opening the line, a credit
closing it, a row of short items between separators, or a heading line (no sentence end) before
the report's first sentence.
"""

from __future__ import annotations

import re

# A label that opens a line of furniture ("Related: ...", "Sign up for our newsletter").
_LABELLED = re.compile(
    r"""^\W{0,3}(?:
        (?:photo|photo\ caption|caption|image|picture|pictured|credit|video|watch|listen
          |related|related\ stories|read\ more|read\ also|also\ read|see\ also|more\ on\ this\ story
          |more\ from|most\ read|most\ popular|most\ viewed|recommended|explainer|opinion
          |live|live\ updates|latest|breaking|as\ it\ happened|key\ developments(?:\ so\ far)?
          |key\ points|what\ we\ know|editor'?s\ note
          |correction|clarification|advertisement|sponsored|copyright|trending(?:\ now)?
          |don'?t\ miss|must\ read|top\ stories|in\ pictures|in\ photos)\s*(?:[:|·•›>]|$)
      | (?:sign\ up|subscribe|follow\ us|download\ our\ app|listen\ to\ this|share\ this
          |share\ on|reporting\ by|writing\ by|editing\ by|additional\ reporting
          |this\ story\ has\ been|this\ article\ (?:was|has)|we\ use\ cookies|accept\ cookies
          |comments?\ \(|\d[\d,]*\ comments|all\ rights\ reserved|hide\ ad|skip\ ad
          |related\ articles|post\ by|posted\ by|leave\ a\ (?:reply|comment)
          |your\ email\ address|required\ fields|click\ here|continue\ reading
          |story\ continues|read\ the\ full|get\ the\ latest|download\ the|you\ may\ also
          |more\ from|skip\ to|image\ source|image\ caption|media\ caption|getty\ images
          |watch\ footage|watch\ the\ video|view\ gallery)\b
      | share\s*(?:[|·•:]|$)
      | (?:last\ updated|updated|published|posted)\s*:?\s*(?:on\s)?(?:\d|(?:mon|tue|wed|thu|fri|sat
          |sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)
      | follow\ [A-Z@][\w@ ]{0,40}\ on\ (?:x|twitter|facebook|instagram|telegram|whatsapp)\b
      | (?:©|\(c\)\ ?\d{4}|\[\w[\w ]{0,20}\])
      | live\ (?:updates|blog|coverage)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A credit closing a caption: "... on Friday. Photo: Handout via Gulf Photo Desk",
# "(Photo: J. Mwangi/Daily)", "(Telegram via Thamesgate)", "Credit: Bureau via Daily".
_CREDIT = re.compile(
    r"""(?:
        \b(?:photo|image|picture|credit|video|footage)\s*:\s*\S
      | \((?:[^()]{0,80}(?:\s/\s|\w/\w|\bvia\b|\bhandout\b|\bfile\ photo\b|\bstaff\ photographer\b
          |\bfile\b|\bphoto(?:graph)?\b|\bscreengrab\b|\bscreenshot\b)[^()]{0,80})\)\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A photographer's credit in capitals closing a caption: "... on May 3. JANE DOE / AFP",
# "JOHN SMITH/REUTERS", "MARIA ROSSI / POOL / AFP" (case matters: a name in capitals).
_CAPS_CREDIT = re.compile(
    r"(?:^|\s)[A-Z][A-Z'’.-]+(?:\s[A-Z][A-Z'’.-]+){1,3}\s?/\s?[A-Z][A-Za-z.&]+"
    r"(?:\s?/\s?[A-Z][A-Za-z.&]+|\s(?:via|Images|Pool)\b|\s[A-Z][A-Za-z.&]+){0,3}\s*$"
)
# Items of a menu, a share bar or a stamp ("World | Middle East", "[Share] [Tweet]",
# "Home / World / Europe", "Published 14 June 2019 | Updated 18:20 BST").
_SEPARATORS = re.compile(r"\s[|·•›>]\s|\s/\s|\]\s*\[|^\s*\[|\]\s*$")
_SENTENCE_END = re.compile(r"""[.!?]["”’')\]]*\s*$""")
_BYLINE = re.compile(r"^By\s+(?:our\s|[A-Z])", re.UNICODE)
_BULLET = re.compile(r"^\s*(?:[-–—•*]\s|\d{1,2}[:.]\d{2}\b)")
# Headlines and standfirsts run to a couple of dozen words; a longer line is the report itself.
_HEADLINE_WORDS = 30
_DATELINE_START = re.compile(r"^[A-Z][A-Z .'’/-]{2,40}(?:,|\s\()")


def furniture_spans(body: str) -> list[tuple[int, int]]:
    """Character spans of the body's furniture lines, in order."""
    spans: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []  # above the report's first sentence, until it comes
    in_head = True
    offset = 0
    for raw in body.split("\n"):
        start, line = offset, raw.strip()
        offset += len(raw) + 1
        if not line:
            continue
        if is_furniture(line):
            spans.append((start, start + len(raw)))
        elif in_head and _is_heading(line):
            headings.append((start, start + len(raw)))
        elif in_head:
            in_head = False
            spans = sorted(spans + headings)  # a report follows: they were its headline
    return spans


def is_furniture(line: str) -> bool:
    """Whether one line, on its own, is page furniture."""
    text = line.strip()
    if _LABELLED.match(text) or _CREDIT.search(text) or _CAPS_CREDIT.search(text):
        return True
    if _BYLINE.match(text) and (not _SENTENCE_END.search(text) or "|" in text):
        return len(text.split()) <= 16
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    if len(_SEPARATORS.findall(text)) >= 1 and len(parts) >= 2:
        # every item short: a row of links or stamps, not a sentence with a slash in it
        return all(len(p.split()) <= 7 for p in parts)
    # "Key developments so far:", "Earlier:": a short header introducing a list
    return text.endswith(":") and len(text.split()) <= 5


def _is_heading(line: str) -> bool:
    """A headline or standfirst: short, no sentence end, not a bullet, a timestamped entry or
    a dateline lead."""
    if _BULLET.match(line) or _DATELINE_START.match(line):
        return False
    return not _SENTENCE_END.search(line) and len(line.split()) <= _HEADLINE_WORDS


def line_starts_inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies inside one of ``spans`` (sorted, non-overlapping)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][1] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(spans) and spans[lo][0] <= offset < spans[lo][1]
