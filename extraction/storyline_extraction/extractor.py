"""The extraction pipeline: article text in, identified events and article facts out.

Two passes keep it fast. Every sentence goes through the rule-based tokenizer and the trigger
lexicon (cheap); only sentences with a trigger get actors, dates and numbers, and only those
whose actors need syntax (who said what about whom) go through the statistical parser, in one
batch per article. The parser is the expensive part, so most sentences never reach it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from storyline_extraction.actor_roles import Discourse
from storyline_extraction.article_text import ArticleText
from storyline_extraction.blame_rules import disputed_accounts, reported_act_candidate
from storyline_extraction.definite_references import add_references
from storyline_extraction.event_assembly import (
    assemble,
    attach_dates,
    date_undated_incidents,
    is_background,
)
from storyline_extraction.event_draft import EventDraft
from storyline_extraction.explosions import explosions_as_strikes
from storyline_extraction.extraction_records import (
    EXTRACTOR_VERSION,
    ArticleExtraction,
    ArticleFacts,
    ExtractedEvent,
)
from storyline_extraction.gazetteer import Entity, Gazetteer, Mention, load_gazetteer
from storyline_extraction.incident_retellings import (
    accused_acts,
    blamed_doers,
    drop_retold_incidents,
    drop_retold_tolls,
)
from storyline_extraction.incident_rules import incident_drafts
from storyline_extraction.lexicon import Lexicon, load_lexicon
from storyline_extraction.modality import read_trigger
from storyline_extraction.nominal_accusations import drop_repeated
from storyline_extraction.page_furniture import furniture_spans, line_starts_inside
from storyline_extraction.participation_rules import note_operations, participation_drafts
from storyline_extraction.person_names import with_full_names
from storyline_extraction.quotations import QuoteSpeaker, quote_speakers
from storyline_extraction.rule_context import RuleContext
from storyline_extraction.sentence_analysis import (
    SPEECH_ACT_KINDS,
    SentenceAnalysis,
    Trigger,
    analyse_sentence,
)
from storyline_extraction.sentence_speakers import (
    institution_owners,
    sentence_speaker,
    speaks_as_person,
    statement_issuer,
)
from storyline_extraction.speech_act_rules import could_yield, speech_act_drafts
from storyline_extraction.statement_context import settle_statements
from storyline_extraction.syntax_model import (
    SentenceToParse,
    SyntaxModel,
    load_syntax_model,
)
from storyline_extraction.text_segments import (
    Token,
    dateline_span,
    split_sentences,
    tokenize,
)
from storyline_extraction.values import Actor, Place
from storyline_extraction.weapon_origin import may_name_origin

SUPPORTED_LANGUAGES = frozenset({"en"})
# News reports are a few thousand words; a body beyond this (a document dump, a log pasted in) is
# read up to here, which bounds the time one article can take. The run's note says so.
MAX_EXTRACTED_CHARS = 200_000


def is_supported(article: ArticleText) -> bool:
    """Whether the rules read the article's language; others are stored, not extracted."""
    return article.primary_language in SUPPORTED_LANGUAGES


def extractor_version(model: SyntaxModel) -> str:
    """The rules' version and the model's: either changing can change the output."""
    return f"{EXTRACTOR_VERSION}+{model.name}"


def extract(article: ArticleText, model: SyntaxModel | None = None) -> ArticleExtraction:
    """Events and facts of one article version, without a story."""
    return extract_batch([article], model)[0]


def extract_batch(
    articles: Sequence[ArticleText], model: SyntaxModel | None = None
) -> list[ArticleExtraction]:
    """Like ``extract`` for several articles at once, with one parser call for all of them.

    The parser's cost per call is high for a few sentences; a worker that takes articles in
    batches (a Kafka ``getmany``, a process-pool chunk) gets several times the throughput."""
    model = model or load_syntax_model()
    lexicon, gazetteer = load_lexicon(), load_gazetteer()
    cheap = [_cheap_pass(a, lexicon, gazetteer) for a in articles]
    to_parse = [
        s
        for sentences in cheap
        for s in sentences
        if s.triggers
        and not s.is_question
        and (
            s.needs_parse(_live(s, lexicon))
            or reported_act_candidate(s, lexicon.speech_verbs)
            or may_name_origin(s, lexicon)
        )
    ]
    parsed = model.parse([SentenceToParse(_parse_span(s, lexicon), s.start) for s in to_parse])
    redone = {id(s): toks for s, toks in zip(to_parse, parsed, strict=True)}
    out = []
    for article, sentences in zip(articles, cheap, strict=True):
        common = _common(article, lexicon, gazetteer)
        analyses = [
            _with_parse(s, redone[id(s)], common) if id(s) in redone else s for s in sentences
        ]
        out.append(_extract_one(article, analyses, extractor_version(model), lexicon, gazetteer))
    return out


def _live(a: SentenceAnalysis, lexicon: Lexicon) -> Callable[[Trigger], bool]:
    """Whether a trigger can still give an event: the word-based modality checks (negation,
    history, hypotheticals) drop it with or without a parse, so it needs no parse."""
    return lambda t: could_yield(a, t, lexicon) and read_trigger(a, t, lexicon, t.kind) != "skip"


def _quote_speaker(q: QuoteSpeaker | None, ctx: RuleContext) -> Actor | None:
    if q is None:
        return None
    if q.actor is not None:
        return q.actor
    return ctx.discourse.resolve(q.pronoun, q.pronoun) if q.pronoun else None


def _extract_one(
    article: ArticleText,
    analyses: list[SentenceAnalysis],
    version: str,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
) -> ArticleExtraction:
    published = article.published_at.date()
    ctx = RuleContext(
        lexicon=lexicon, gazetteer=gazetteer, published=published, discourse=Discourse()
    )
    home = gazetteer.dateline_state(article.body[slice(*dateline_span(article.body))])
    ctx.discourse.home = _state_actor(home) if home is not None else None
    drafts: list[EventDraft] = []
    told: set[str] = set()  # the words of the sentences that reported incidents so far
    quoted = quote_speakers(analyses, article.body, gazetteer)
    for a in analyses:
        ctx.quoted_by = _quote_speaker(quoted.get(a.index), ctx)
        found: list[EventDraft] = []
        if a.triggers and not a.is_question:
            add_references(a, ctx.discourse)
            found = speech_act_drafts(a, ctx)
            incidents = incident_drafts(a, ctx, accused_acts(a, found, told))
            found += incidents
            blamed_doers(found)
            if incidents:
                told.update(t.lower for t in a.tokens)
            found += participation_drafts(a, ctx)
            attach_dates(a, found)
            drafts.extend(d for d in found if not is_background(d, article.published_at))
            ctx.accusation_seen |= any(d.kind == "accusation_made" for d in found)
            ctx.discourse.note(d.source for d in found if d.kind not in SPEECH_ACT_KINDS)
            note_operations(a, found, ctx)
        _note_sentence(a, found, ctx)

    drafts = drop_repeated(disputed_accounts(drafts))
    date_undated_incidents(drafts, article.published_at)
    by_index = {a.index: a for a in analyses}
    drafts = drop_retold_incidents(drop_retold_tolls(drafts), by_index)
    drafts = explosions_as_strikes(drafts, by_index)
    drafts = with_full_names(drafts, article.body)
    events = assemble(
        settle_statements(drafts, gazetteer, published),
        {a.index: a for a in analyses},
        article_id=article.article_id,
        article_version=article.article_version,
        extractor_version=version,
        gazetteer=gazetteer,
    )
    facts = _facts(article, published, analyses, events, gazetteer)
    note = _note(article)
    return ArticleExtraction(
        article.article_id,
        article.article_version,
        article.outlet,
        version,
        tuple(events),
        facts,
        note,
    )


def _note_sentence(a: SentenceAnalysis, found: list[EventDraft], ctx: RuleContext) -> None:
    """What later sentences refer back to: the actors named, the institutions named with their
    state, the states the places lie in, who struck, and who spoke."""
    gazetteer, discourse = ctx.gazetteer, ctx.discourse
    mentions = a.mentions if a.triggers else _mentions(a, gazetteer)
    spoke = sentence_speaker(a, mentions, discourse)
    for key, owner in institution_owners(a, mentions, discourse):
        discourse.note_owner(key, owner)
    discourse.note(m.actor() for m in mentions)
    for pm in a.places:
        # a city or a region says where the story happens; a country's name is mostly an actor
        state = gazetteer.state(pm.place.country)
        if state is not None and (pm.place.canonical or pm.place.text) != state.canonical:
            discourse.place_states.append(_state_actor(state))
    discourse.belligerents.update(_belligerents(a, found))
    accused = [t for d in found if d.kind == "accusation_made" for t in d.targets if t.canonical]
    if accused:
        discourse.accused = accused
    # who spoke last is what the next "it vowed" or "he said" most likely refers to, more than
    # whom they spoke about: the source of the sentence's statements, else whoever its
    # reporting verb has for subject
    sources = [d.source for d in found if d.kind in SPEECH_ACT_KINDS and d.source]
    discourse.note(sources)
    if sources:
        # a statement drafted as a state's may be a person's of that state ("Russia's envoy to
        # NATO, Dmitry Rogozin, brushed the accusation aside"), or an unnamed official's: "he"
        # is then that person, or stands for the state
        source = _named_speaker(sources[-1], mentions)
        discourse.note_speaker(source, speaks_as_person(a, source, mentions))
    elif spoke is not None:
        discourse.note_speaker(spoke.actor, spoke.person)
    told_by = spoke.actor if spoke is not None else None
    issuer = statement_issuer(a, mentions, sources[-1] if sources else told_by)
    if issuer is not None and issuer.canonical is not None:
        discourse.statement_by = issuer  # "the statement said" in a later sentence


def _named_speaker(source: Actor, mentions: list[Mention]) -> Actor:
    """The person of the source's state the sentence names, if it names one, else the source."""
    if source.kind != "state":
        return source
    people = [
        m for m in mentions if m.entity.kind == "person" and m.entity.country == source.country
    ]
    return people[0].actor() if people else source


def _belligerents(a: SentenceAnalysis, found: list[EventDraft]) -> list[str]:
    """Who struck or attacked in the sentence's drafts, and whom it accused by name (not "the
    army" or "the regime", which are read from who the belligerents are)."""
    named = {m.entity.canonical for m in a.mentions if m.via != "reference"}
    actors = [d.source for d in found if d.kind in _VIOLENCE]
    actors += [t for d in found if d.kind == "accusation_made" for t in d.targets]
    return [x.canonical for x in actors if x is not None and x.canonical in named]


_VIOLENCE = frozenset({"strike_reported", "attack_reported"})


def _mentions(a: SentenceAnalysis, gazetteer: Gazetteer) -> list[Mention]:
    """The actors of a sentence the cheap pass left alone: later sentences refer back to them
    ("the group", "the spokesman", "he said")."""
    return gazetteer.actor_mentions(a.tokens, a.text, a.start)


def _note(article: ArticleText) -> str | None:
    if not is_supported(article):
        return f"unsupported language {article.language!r}: stored, not extracted"
    if len(article.body) > MAX_EXTRACTED_CHARS:
        return (
            f"body read up to its first {MAX_EXTRACTED_CHARS:,} of {len(article.body):,} characters"
        )
    return None


def _state_actor(state: Entity) -> Actor:
    return Actor(
        text=state.canonical, canonical=state.canonical, kind="state", country=state.country
    )


def _common(article: ArticleText, lexicon: Lexicon, gazetteer: Gazetteer) -> dict[str, object]:
    return {
        "lexicon": lexicon,
        "gazetteer": gazetteer,
        "published": article.published_at.date(),
        "language": article.primary_language,
    }


def _cheap_pass(
    article: ArticleText, lexicon: Lexicon, gazetteer: Gazetteer
) -> list[SentenceAnalysis]:
    """Triggers, actors, dates and numbers from the tokenizer alone; nothing for a language
    the lexicon does not cover, and nothing from the page's furniture (captions, share
    prompts, related links), which is not news."""
    if not is_supported(article):
        return []
    common = _common(article, lexicon, gazetteer)
    body = article.body[:MAX_EXTRACTED_CHARS]
    furniture = furniture_spans(body)
    return [
        analyse_sentence(s.index, s.start, s.text, s.tokens, parsed=False, **common)  # type: ignore[arg-type]
        for s in split_sentences(body)
        if not line_starts_inside(furniture, s.start)
    ]


# Subjects come before the verb and objects soon after it, so a sentence is parsed up to a few
# tokens past its last trigger: trailing clauses (", saying ...") cost parser time and rarely
# change who did what. A trailing attribution (", officials said") says who spoke: it is kept.
_PARSE_TAIL = 6
_BLAME_REACH = 16


def _parse_span(a: SentenceAnalysis, lexicon: Lexicon) -> str:
    last = max(t.end for t in a.triggers)
    speech = [t.i for t in a.tokens[last:] if t.lower in lexicon.speech_verbs]
    last = max([last, *(i + 1 for i in speech)])
    if any(t.phrase.endswith("blame") for t in a.triggers):
        # "laid the blame for the sinking of the corvette on Pyongyang": whom it is laid on
        # comes after the act blamed, however long that is
        on = [t.i for t in a.tokens[last : last + _BLAME_REACH] if t.lower in {"on", "upon"}]
        last = max([last, *(i + 1 for i in on[:1])])
    stop = min(len(a.tokens), last + _PARSE_TAIL)
    if stop >= len(a.tokens) - 2:
        return a.text
    return a.text[: a.tokens[stop - 1].end - a.start]


def _with_parse(
    cheap: SentenceAnalysis, tokens: tuple[Token, ...], common: dict[str, object]
) -> SentenceAnalysis:
    """The analysis over the parser's tokens; reused as is when both tokenizations agree,
    which, both being spaCy's English tokenizer, is almost always."""
    n = len(tokens)
    if [(t.start, t.end) for t in tokens] == [(t.start, t.end) for t in cheap.tokens[:n]]:
        rest = tuple(t._replace(head=t.i) for t in cheap.tokens[n:])  # unparsed tail: roots
        return replace(cheap, tokens=tokens + rest, parsed=True, _children=None)
    return analyse_sentence(
        cheap.index,
        cheap.start,
        cheap.text,
        tokens,
        parsed=True,
        **common,  # type: ignore[arg-type]
    )


# Event kinds whose date is the date of an incident (see ``_facts``).
DATING_KINDS = frozenset(
    {
        "strike_reported",
        "attack_reported",
        "interception_reported",
        "casualties_reported",
        "statistic_reported",  # a figure is about its own period ("sales in April")
    }
)


def _facts(
    article: ArticleText,
    published: date,
    analyses: list[SentenceAnalysis],
    events: list[ExtractedEvent],
    gazetteer: Gazetteer,
) -> ArticleFacts:
    counts: Counter[str] = Counter()
    actors: dict[str, Actor] = {}

    def count(actor: Actor | None) -> None:
        if actor is not None and actor.canonical:
            counts[actor.canonical] += 1
            actors.setdefault(actor.canonical, actor)

    title_tokens = tokenize(article.title, 0)
    for m in gazetteer.actor_mentions(title_tokens, article.title, 0):
        count(m.actor())
    for a in analyses:
        for m in a.mentions:
            count(m.actor())
    for e in events:
        count(e.source)
        for t in e.targets:
            count(t)
    # News leads with its main incident: the first strike or attack in the text is the story's
    # incident, and its date and places come first; the earliest date is only a fallback (an
    # article about a strike on Friday often recalls last week's attacks further down).
    incidents = sorted(
        (e for e in events if e.kind in {"strike_reported", "attack_reported"}),
        key=lambda e: e.evidence.start,
    )
    lead = next((e for e in incidents if e.when and e.when.start), None)
    places: dict[str, Place] = {}
    for e in [*incidents[:1], *events]:
        for p in e.where:
            places.setdefault(p.canonical or p.text, p)
    # Only what happened (or what a figure measures) dates an article: a denial "on Thursday"
    # dates the reaction, and follow-ups react days after the incident they are about.
    incident_dates = sorted(
        e.when.start for e in events if e.kind in DATING_KINDS and e.when and e.when.start
    )
    incident = (
        lead.when.start if lead and lead.when else (incident_dates[0] if incident_dates else None)
    )
    first = lead or next(iter(incidents), None)
    named = list(first.where) if first else []
    specific = _below_country_level(named, gazetteer)
    return ArticleFacts(
        article.article_id,
        article.article_version,
        published,
        tuple(actors[name] for name, _ in counts.most_common()),
        tuple(places.values()),
        incident,
        tuple(dict.fromkeys(p.canonical or p.text for p in specific or named)),
        # Only a place below country level locates the incident: a sentence about a strike
        # on the Kremlin names Russia and the United States too, as actors, and "Pakistan-based
        # militants" attacked a bus in India.
        tuple(dict.fromkeys(p.country for p in specific if p.country)),
    )


def _below_country_level(places: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """The places that are not a whole country: a city, a region, a building."""

    def is_country(place: Place) -> bool:
        state = gazetteer.state(place.country)
        return state is not None and (place.canonical or place.text) == state.canonical

    return [place for place in places if not is_country(place)]
