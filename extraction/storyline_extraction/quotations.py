"""Who speaks a quotation that runs over several sentences.

Wire copy quotes at length and names the speaker once, where the quotation closes:

    "It's unlikely that it was fired from Russia. But we'll see," Biden said.
    "We reject this," Peskov said. "There is no evidence at all."

The first sentence of each has no reporting verb of its own, so the rules would find nobody
speaking it. A sentence that opens a quotation without closing it is spoken by whoever the
sentence that closes it names (`"...," Biden said`); a quotation opened right after an
attributed one and never closed in its paragraph continues the same speaker's words, and so
does a paragraph that is all quotation after a sentence in which someone "said", and the
sentences of a quotation introduced with a colon (`Peskov said: "We reject this. ...`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline_extraction.gazetteer import Gazetteer
from storyline_extraction.sentence_analysis import SentenceAnalysis
from storyline_extraction.values import Actor

_OPENING = frozenset({'"', "“"})
_CLOSING = frozenset({'"', "”"})
_REPORTING = frozenset({"said", "says", "told", "added", "stated", "wrote", "tweeted", "declared"})
_PRONOUNS = frozenset({"he", "she", "they", "it"})
# How many sentences a quotation may run before its attribution is too far to trust.
_REACH = 4


@dataclass(frozen=True)
class QuoteSpeaker:
    """The speaker of a quoted sentence: a named actor, or a pronoun resolved when it is read."""

    actor: Actor | None = None
    pronoun: str | None = None


def quote_speakers(
    analyses: Sequence[SentenceAnalysis], body: str, gazetteer: Gazetteer
) -> dict[int, QuoteSpeaker]:
    """Sentence index -> speaker, for sentences inside a quotation attributed elsewhere."""
    found: dict[int, QuoteSpeaker] = {}
    last: QuoteSpeaker | None = None
    for k, a in enumerate(analyses):
        text = a.text.strip()
        introduced = _colon_opener(a, gazetteer)
        if introduced is not None:
            who, still_open = introduced
            found[a.index] = who
            for later in analyses[k + 1 : k + 1 + _REACH] if still_open else []:
                found[later.index] = who
                if any(c in _CLOSING for c in later.text) or _ends_paragraph(later, body):
                    break
            last = who
            continue
        if a.index in found:
            continue
        if _all_quoted(text):
            if last is not None:
                found[a.index] = last  # a paragraph of quotation after "Biden said ..."
            continue
        if not _opens_unclosed(text):
            last = _attribution(a, gazetteer) or _reporter(a, gazetteer)
            continue
        for j in range(k + 1, min(len(analyses), k + 1 + _REACH)):
            later = analyses[j]
            if any(c in _CLOSING for c in later.text):
                closing = _attribution(later, gazetteer)
                if closing is None and j + 1 < len(analyses):
                    closing = _split_attribution(later, analyses[j + 1], gazetteer)
                if closing is not None:
                    for inside in range(k, j):
                        found[analyses[inside].index] = closing
                break
            if _ends_paragraph(later, body):
                break
        if analyses[k].index not in found and last is not None:
            found[analyses[k].index] = last  # `"...," Peskov said. "There is no evidence."`
    return found


# Verbs that introduce a quotation after a colon: `Peskov said: "...`, `he added: "...`.
_INTRODUCING = _REPORTING | frozenset(
    {"continued", "stressed", "insisted", "explained", "noted", "replied", "responded", "warned"}
)


def _colon_opener(a: SentenceAnalysis, gazetteer: Gazetteer) -> tuple[QuoteSpeaker, bool] | None:
    """`Stoltenberg continued: "Our analysis ...`: who introduces the quotation the sentence
    opens after a colon, and whether it is still open when the sentence ends."""
    toks = a.tokens
    for c in range(1, len(toks) - 1):
        if toks[c].text != ":" or toks[c + 1].text not in _OPENING | {"‘"}:
            continue
        if toks[c - 1].lower not in _INTRODUCING:
            return None
        verb = c - 1
        mentions = a.mentions or gazetteer.actor_mentions(toks, a.text, a.start)
        before = [m for m in mentions if m.end <= verb and verb - m.end <= 3]
        if before:
            who = QuoteSpeaker(actor=before[-1].actor())
        elif verb > 0 and toks[verb - 1].lower in _PRONOUNS:
            who = QuoteSpeaker(pronoun=toks[verb - 1].lower)
        else:
            return None
        rest = a.text[toks[c + 1].start - a.start :]
        return who, _opens_unclosed(rest)
    return None


def _all_quoted(text: str) -> bool:
    """`"It's unlikely that it was fired from Russia."`: a quotation and nothing else."""
    if len(text) < 2 or text[0] not in _OPENING:
        return False
    inner = text[1:].rstrip(".")
    return inner[-1:] in _CLOSING and not any(c in _CLOSING for c in inner[:-1].rstrip(".,"))


def _reporter(a: SentenceAnalysis, gazetteer: Gazetteer) -> QuoteSpeaker | None:
    """ "Biden said there was ...": a named actor just before a reporting verb."""
    if not _REPORTING.intersection(t.lower for t in a.tokens):
        return None  # most sentences: spare them the gazetteer
    mentions = a.mentions or gazetteer.actor_mentions(a.tokens, a.text, a.start)
    for m in mentions:
        if _REPORTING.intersection(t.lower for t in a.tokens[m.end : m.end + 2]):
            return QuoteSpeaker(actor=m.actor())
    return None


# How far into the sentence after a quotation its speaker and verb may come.
_SPLIT_REACH = 10


def _split_attribution(
    closing: SentenceAnalysis, after: SentenceAnalysis, gazetteer: Gazetteer
) -> QuoteSpeaker | None:
    """`... in front of the cameras?" Bosnian Serb leader Radovan Karadzic said in Pale.`: a
    quotation ending in a question or exclamation mark is split from its attribution, which
    opens the next sentence (a person named before the verb speaks, else the first actor)."""
    if closing.text.rstrip()[-2:-1] not in {"?", "!"}:
        return None
    toks = after.tokens
    verb = next((t.i for t in toks[:_SPLIT_REACH] if t.lower in _REPORTING), None)
    if verb is None:
        return None
    mentions = after.mentions or gazetteer.actor_mentions(toks, after.text, after.start)
    before = [m for m in mentions if m.end <= verb]
    people = [m for m in before if m.entity.kind == "person"]
    return QuoteSpeaker(actor=(people or before)[0].actor()) if people or before else None


def _opens_unclosed(text: str) -> bool:
    if not text or text[0] not in _OPENING:
        return False
    straight = text.count('"')
    if "“" in text or "”" in text:
        return text.count("“") > text.count("”")
    return straight % 2 == 1


def _ends_paragraph(a: SentenceAnalysis, body: str) -> bool:
    return body[a.end : a.end + 2].startswith("\n") or a.end >= len(body.rstrip())


def _attribution(a: SentenceAnalysis, gazetteer: Gazetteer) -> QuoteSpeaker | None:
    """The speaker a sentence names after its closing quotation mark: `," Biden said`,
    `," said Peskov`, `," he added`."""
    last_quote = max((t.start for t in a.tokens if t.text in _CLOSING), default=None)
    if last_quote is None:
        return None
    tail = [t for t in a.tokens if t.start > last_quote]
    words = [t.text.lower() for t in tail]
    if not _REPORTING.intersection(words[:6]):
        return None
    mentions = a.mentions or gazetteer.actor_mentions(a.tokens, a.text, a.start)
    after = [m for m in mentions if a.tokens[m.start].start > last_quote]
    # `," Bosnian Serb leader Radovan Karadzic said`: the person named before the verb speaks,
    # the state or group beside them is their affiliation
    verb = next((t.i for t in tail if t.lower in _REPORTING), len(a.tokens))
    people = [m for m in after if m.end <= verb and m.entity.kind == "person"]
    if people or after:
        return QuoteSpeaker(actor=(people or after)[0].actor())
    pronoun = next((w for w in words[:3] if w in _PRONOUNS), None)
    return QuoteSpeaker(pronoun=pronoun) if pronoun else None
