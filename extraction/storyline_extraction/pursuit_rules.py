"""Threats worded as pursuit, retaliation held open, or harm that depends on a condition.

Real copy threatens without a word of threatening: "those responsible would be caught", "the
state would pursue the group's commanders", "his fighters would hunt Burhan down", "whoever did
this will not escape", "security forces would go after those who ordered the attack", "the
attack will not go unanswered", "Kenya would face more attacks unless it withdrew", "keep all
options open, including force", "the army would show no restraint". Each has a phrase that names
the hunted or the harm (``data/statements.json``, routed here by ``PURSUIT_TRIGGERS``) inside a
clause about what is to come: a future or modal verb, or a verb of vowing or warning above it.

Who threatens: whoever vows or says it, else the subject of the pursuing verb. Whom: the one
warned, else the actors the threatened clause names other than the threatener's side, and the
subject of a verb of suffering ("Kenya would face more attacks" -> Kenya).
"""

from __future__ import annotations

from storyline_extraction.actor_roles import actors_at, dedupe, subject_heads
from storyline_extraction.event_draft import EventDraft
from storyline_extraction.modality import is_negated
from storyline_extraction.rule_context import RuleContext, speaker
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import clause_text, make_draft
from storyline_extraction.statement_context import is_itself
from storyline_extraction.threat_rules import HARM_NOUNS, is_promised, warned_party
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

# The hunted, unnamed: a promise about them is a threat ("those responsible will be caught").
HUNTED = frozenset({"those responsible", "those behind", "whoever", "killers"})
# Pursuit and harm held open: a promise of these is a threat whoever is named.
PURSUING = frozenset(
    {
        "hunt", "hunt down", "hunted down", "pursue", "pursuing", "go after", "track down",
        "bring to justice", "brought to justice", "no restraint", "no mercy", "options open",
        "all options", "no option", "unanswered", "will face", "would face",
    }
)  # fmt: skip
PURSUIT_TRIGGERS = HUNTED | PURSUING

# Verbs a clause about the hunted must carry: catching, punishing, reaching them.
_HUNTING_VERBS = words(
    "caught catch find found arrest arrested punish punished pursue pursued hunt hunted track "
    "tracked bring brought escape face pay held hold go chase chased target targeted kill killed "
    "eliminate eliminated identified"
)
_SUFFERING = words("face faces escape pay")
# Negated, these still threaten: "will not escape", "will not go unanswered".
_DEFIANT = words("escape unanswered unpunished rest hesitate")
_HOLDING_OPEN = words("options option")


def pursuit_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """A threat from a phrase of ``PURSUIT_TRIGGERS`` (see the module's docstring)."""
    if not a.parsed:
        return []
    verb = _verb_of(a, trig)
    holding_open = trig.phrase in {"all options", "no option", "options open"}
    if verb is None or not (holding_open or is_promised(a, verb)):
        return []
    lowered = a.tokens[verb].lower
    if trig.phrase in HUNTED and lowered not in _HUNTING_VERBS:
        return []  # "those responsible will be remembered": no harm promised
    if trig.phrase in {"will face", "would face"} and not any(
        a.tokens[o].lower in HARM_NOUNS for o in a.deps(verb, "dobj")
    ):
        return []  # "would face elections": no harm
    if holding_open and not _force_named(a):
        return []  # "kept all options open" about talks threatens nobody
    negated = is_negated(
        a, Trigger(verb, verb + 1, "threat_issued", lowered), ctx.lexicon, "threat_issued"
    )
    defiant = lowered in _DEFIANT or any(w in _DEFIANT for w in trig.phrase.split())
    if negated and not defiant and trig.phrase not in {"no restraint", "no mercy", "no option"}:
        return []
    source = _threatener(a, verb, ctx, suffers=lowered in _SUFFERING)
    if source is None:
        return []
    targets = warned_party(a, verb, ctx) or [
        m.actor() for m in a.mentions if m.start in set(a.subtree(verb))
    ]
    if lowered in _SUFFERING:
        heads, _ = subject_heads(a, verb)
        targets = [*actors_at(a, heads, ctx.discourse), *targets]
    clean = [t for t in dedupe(targets) if t.canonical and not is_itself(t, source)]
    return [make_draft("threat_issued", a, trig, source, clean, text=clause_text(a, verb))]


def _verb_of(a: SentenceAnalysis, trig: Trigger) -> int | None:
    """The verb whose clause the phrase belongs to: the phrase's own verb, or the first head
    above it that has a subject or an auxiliary."""
    cur = trig.start
    for _ in range(4):
        if a.deps(cur, "nsubj", "nsubjpass", "aux", "auxpass"):
            return cur
        head = a.head(cur)
        if head == cur:
            return cur if a.tokens[cur].dep == "ROOT" else None
        cur = head
    return None


def _threatener(a: SentenceAnalysis, verb: int, ctx: RuleContext, *, suffers: bool) -> Actor | None:
    """Who vows or says it; else the doer of the pursuing verb, never the one who suffers."""
    said_by = speaker(a, verb, ctx)
    for anc in [verb, *a.ancestors(verb)[:4]]:
        if a.tokens[anc].lower in _VOWERS:
            heads, _ = subject_heads(a, anc)
            found = [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]
            if found:
                return found[0]
    if said_by is not None and (said_by.canonical or said_by.kind == "person"):
        return said_by
    if suffers:
        return None
    heads, passive = subject_heads(a, verb)
    doers = [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]
    return doers[0] if doers and not passive else None


_VOWERS = words("vowed vows vow vowing warned warns warning pledged promised urged threatened")


def _force_named(a: SentenceAnalysis) -> bool:
    near = {t.lower for t in a.tokens}
    return bool(near & words("force military war strike strikes attack action")) and bool(
        near & _HOLDING_OPEN
    )
