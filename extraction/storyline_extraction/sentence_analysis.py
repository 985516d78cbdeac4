"""Everything the rules know about one sentence: tokens, triggers, actors, places, dates, numbers.

The same analysis is built twice for candidate sentences that need syntax: first over the cheap
tokenizer's tokens (to decide whether the sentence is worth parsing), then over the parser's
tokens, so that every index the rules use refers to one token sequence.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline_extraction.dates import DateMention, find_dates
from storyline_extraction.figures import NumberMention, find_numbers
from storyline_extraction.gazetteer import Gazetteer, Mention, PlaceMention
from storyline_extraction.historical_states import as_of
from storyline_extraction.lexicon import Lexicon
from storyline_extraction.phrase_table import QUOTES
from storyline_extraction.text_segments import Token
from storyline_extraction.word_sets import words

# Triggers whose actors can only be found reliably with a parse (who said what about whom).
SPEECH_ACT_KINDS = frozenset(
    {
        "accusation_made",
        "denial_issued",
        "threat_issued",
        "pledge_made",
        "skepticism_expressed",
        "responsibility_claimed",
        "sanction_imposed",
    }
)


# Triggers whose actors only the parse can find: reported responsibility, "be punished", ...
_SYNTAX_WORDS = words(
    "behind involvement responsible staged false carried eliminate eliminated elimination "
    "physically pay punished answer respond alleged alleges alleging accusation accusations "
    "warned warns warning threat threats blame culprit culprits perpetrator perpetrators "
    "guilty villain sponsor work hallmarks hallmark traced attributed trail role complicity "
    "involved account accountable "
    "responsibility response responses retaliation retribution revenge vengeance reply price "
    "consequences repercussions punishment annihilation counterattack counterattacks "
    "counter-attacks counter-strikes counterstrikes right unpunished escape hunted avenge "
    "baseless groundless unfounded fabricated fabrication fabrications absurd lies untrue false "
    "distorted distortion nonsense ridiculous fiction fantasy illogical fake lying not never "
    "figment "
    "no part hand link links connection disputed will would shall 'll verify verified confirm "
    "confirmed corroborate corroborated substantiate substantiated caution evidence proof whoever "
    "killers provocation aggression massacre hijacking terrorist terrorism assassination crime "
    "piracy deliberate result finger this grounds basis hunt pursue pursuing after justice "
    "restraint mercy options option unanswered face retaliate retaliates punish avenge "
    # a ban or a listing is read from its objects ("banned Syrian planes from its airspace")
    "banned barred bans banning barring blacklist list "
    # "repeated the charge": whom it names is the article's to tell
    "charge charges "
    # "called Burhan a criminal", "demanded strikes on Kyiv": whom is named after the verb
    "criminal criminals terrorists murderer murderers butcher aggressor strikes attacks strike "
    "complicit planned organised organized directed"
)
# Between the actor and the verb, these mean the word order may mislead.
_GAP_BREAKERS = frozenset(
    {",", "that", "who", "which", "said", "says", "it", "they", "he", "she", "of", "to", "'s", "’s"}
)
_PASSIVE_AUX = frozenset({"was", "were", "been", "be", "is", "are", "being"})
_LOCATIVE = frozenset({"in", "at"})
_JOINERS = frozenset({"and", ",", "both", "the"})
# Noun triggers the rules only accept after a verb that makes them an act ("levelled
# accusations", "issued a threat", "imposed sanctions"): without one nearby, the trigger cannot
# give an event, so it is no reason to parse the sentence.
_LICENSED_BY = {
    **dict.fromkeys(
        ("threat", "threats", "ultimatum"),
        words("issued made renewed levelled leveled repeated"),
    ),
    **dict.fromkeys(
        ("charge", "charges"),
        words("repeated repeats echoed echoes reiterated levelled leveled made renewed same"),
    ),
    **dict.fromkeys(
        ("sanction", "sanctions", "embargo", "tariffs", "penalties", "export controls"),
        words(
            "impose imposed imposes imposing announced announces unveiled adopted approved "
            "slapped expanded extended levied introduced agreed new"
        ),
    ),
    # "cut off aid to Pakistan", "suspended military aid": aid withheld is a sanction
    "aid": words(
        "cut off suspended suspends suspending halted halts halting froze freezes freezing "
        "withheld withholds withholding stopped stops ended ends cancelled canceled"
    ),
}
_NEVER_EVENTS = frozenset({"denial", "veracity"})


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    kind: str
    phrase: str


@dataclass
class SentenceAnalysis:
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    parsed: bool
    triggers: list[Trigger]
    mentions: list[Mention]
    places: list[PlaceMention]
    dates: list[DateMention]
    numbers: list[NumberMention]
    _children: list[list[int]] | None = field(default=None, repr=False)

    # -- lookups --------------------------------------------------------------------------

    @property
    def kinds(self) -> set[str]:
        return {t.kind for t in self.triggers}

    @property
    def is_question(self) -> bool:
        return self.text.rstrip(" \"'”’)").endswith("?")

    def needs_parse(self, live: Callable[[Trigger], bool] = lambda t: True) -> bool:
        """Whether the rules need syntax here, or the word order alone tells who did what.

        "Rwanda denied the accusation" does not need a parser: one actor before the verb, no
        reported speech, no passive. Reported responsibility ("said X was behind"), several
        candidate actors, pronouns and passives do. ``live`` drops triggers already known to
        give no event (negated, hypothetical, history), which a parse cannot bring back."""
        speech = [t for t in self.triggers if t.kind in SPEECH_ACT_KINDS and live(t)]
        # Incidents alone never need it: the actor of "a Russian missile strike" or "Hamas
        # fired rockets" is next to the trigger, and measured on the labelled set the parse
        # does not improve them.
        return any(self._ambiguous(t) for t in speech)

    def _ambiguous(self, trig: Trigger) -> bool:
        if trig.phrase in _NEVER_EVENTS:
            return False
        licensing = _LICENSED_BY.get(trig.phrase)
        if licensing is not None and not licensing.intersection(
            self.lower_between(trig.start - 4, trig.start)
        ):
            return False
        if set(trig.phrase.split()) & _SYNTAX_WORDS:
            return True
        # a place after "in"/"at" modifies the actor before it ("the embassy in Berlin")
        before = [
            m
            for m in self.mentions
            if m.end <= trig.start
            and (m.start == 0 or self.tokens[m.start - 1].lower not in _LOCATIVE)
        ]
        if not before:
            return True
        # "Iran and Russia both denied": a coordinated subject reads the same without a parse
        for m, nxt in itertools.pairwise(before):
            joined = self.lower_between(m.end, nxt.start)
            if not joined or not all(w in _JOINERS for w in joined) or "and" not in joined:
                return True
        gap = self.lower_between(before[-1].end, trig.start)
        if len(gap) > 4 or any(w in _GAP_BREAKERS for w in gap):
            return True
        return any(w in _PASSIVE_AUX for w in self.lower_between(trig.start - 3, trig.start))

    def mention_covering(self, i: int) -> Mention | None:
        for m in self.mentions:
            if m.start <= i < m.end:
                return m
        return None

    def children(self, i: int) -> list[int]:
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.tokens]
            for tok in self.tokens:
                if self.parsed and tok.head != tok.i and tok.head >= 0:
                    kids[tok.head].append(tok.i)
            self._children = kids
        return self._children[i]

    def deps(self, i: int, *labels: str) -> list[int]:
        return [c for c in self.children(i) if self.tokens[c].dep in labels]

    def head(self, i: int) -> int:
        return self.tokens[i].head if self.parsed else i

    def subtree(self, i: int) -> list[int]:
        out = [i]
        stack = [i]
        while stack:
            for c in self.children(stack.pop()):
                out.append(c)
                stack.append(c)
        return sorted(out)

    def ancestors(self, i: int) -> list[int]:
        out: list[int] = []
        cur = i
        while self.parsed and self.tokens[cur].head != cur and len(out) < 30:
            cur = self.tokens[cur].head
            out.append(cur)
        return out

    def words(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        return self.text[
            self.tokens[start].start - self.start : self.tokens[end - 1].end - self.start
        ]

    def lower_between(self, start: int, end: int) -> list[str]:
        return [t.lower for t in self.tokens[max(0, start) : max(0, end)]]


def analyse_sentence(
    index: int,
    start: int,
    text: str,
    tokens: Sequence[Token],
    *,
    parsed: bool,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    published: date,
    language: str,
    with_details: bool = True,
) -> SentenceAnalysis:
    """Triggers always; actors, places, dates and numbers only when ``with_details``."""
    toks = tuple(tokens)
    lower = [t.lower for t in toks]
    triggers = [
        Trigger(
            h.start,
            h.end,
            h.payload,
            " ".join(w for w in lower[h.start : h.end] if w not in QUOTES),
        )
        for h in lexicon.triggers.find_all(lower)
    ]
    analysis = SentenceAnalysis(
        index, start, start + len(text), text, toks, parsed, triggers, [], [], [], []
    )
    if with_details and triggers:
        analysis.mentions = as_of(gazetteer.actor_mentions(toks, text, start), published, gazetteer)
        analysis.places = gazetteer.place_mentions(toks)
        analysis.dates = find_dates(text, start, published, language)
        analysis.numbers = find_numbers(toks, text, start)
    return analysis
