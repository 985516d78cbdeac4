"""The word lists behind the rules, loaded once per process from ``data/lexicon.json`` and
``data/statements.json`` (the ways copy words what actors say: blame, threats, denials, doubts).

Lists are data so that a new trigger ("pummelled", "drone swarm") is a one-line change that
needs no code review of the rules themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline_extraction.phrase_table import PhraseTable
from storyline_extraction.text_segments import blank_english


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase split the way the tokenizer splits article text, so that they line up."""
    return tuple(tok.text for tok in blank_english().tokenizer(phrase) if not tok.is_space)


def load_data_file(name: str) -> dict[str, object]:
    text = resources.files("storyline_extraction").joinpath("data", name).read_text("utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a JSON object")
    return data


def _phrases(values: object) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError("expected a list of strings")
    return list(values)


def _mapping(values: object) -> dict[str, str]:
    if not isinstance(values, dict):
        raise ValueError("expected an object of strings")
    return {str(k): str(v) for k, v in values.items()}


def _table(phrases: list[str]) -> PhraseTable[str]:
    return PhraseTable(((phrase_words(p), p) for p in phrases), lowercase=True)


@dataclass(frozen=True)
class Lexicon:
    """Phrase tables (lower case) keyed by what the rules ask of them."""

    triggers: PhraseTable[str]  # payload: event type
    weapons: PhraseTable[str]  # payload: weapon class
    attack_methods: PhraseTable[str]  # payload: method
    infrastructure: PhraseTable[str]
    incident_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    threat_words: frozenset[str]
    group_nouns: PhraseTable[str]
    person_titles: PhraseTable[str]
    negators: frozenset[str]
    hypothetical: PhraseTable[str]
    historical: PhraseTable[str]
    hedges: PhraseTable[str]
    strike_verbs_need_weapon: frozenset[str]
    attack_verbs_need_object: frozenset[str]
    non_strike_contexts: PhraseTable[str]  # "into the sea", "test": launches that hit nobody
    military_targets: frozenset[str]  # "struck 85 targets": a strike with no weapon named


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = load_data_file("lexicon.json")
    triggers = data["triggers"]
    if not isinstance(triggers, dict):
        raise ValueError("lexicon.json: 'triggers' must be an object")
    statements = load_data_file("statements.json")
    more_triggers = statements["triggers"]
    if not isinstance(more_triggers, dict):
        raise ValueError("statements.json: 'triggers' must be an object")
    trigger_entries = [
        (phrase_words(phrase), kind)
        for table in (triggers, more_triggers)
        for kind, phrases in table.items()
        for phrase in _phrases(phrases)
    ]
    weapons = _mapping(data["weapons"])
    methods = _mapping(data["attack_methods"])
    return Lexicon(
        triggers=PhraseTable(trigger_entries, lowercase=True),
        weapons=PhraseTable(((phrase_words(k), v) for k, v in weapons.items()), lowercase=True),
        attack_methods=PhraseTable(
            ((phrase_words(k), v) for k, v in methods.items()), lowercase=True
        ),
        infrastructure=_table(_phrases(data["infrastructure_nouns"])),
        incident_nouns=frozenset(_phrases(data["incident_nouns"])),
        speech_verbs=frozenset(
            _phrases(data["speech_verbs"]) + _phrases(statements["speech_verbs"])
        ),
        threat_words=frozenset(_phrases(data["threat_words"])),
        group_nouns=_table(_phrases(data["group_nouns"]) + _phrases(statements["group_nouns"])),
        person_titles=_table(
            _phrases(data["person_titles"]) + _phrases(statements["person_titles"])
        ),
        negators=frozenset(_phrases(data["negators"])),
        hypothetical=_table(_phrases(data["hypothetical_markers"])),
        historical=_table(_phrases(data["historical_markers"])),
        hedges=_table(_phrases(data["hedges"])),
        strike_verbs_need_weapon=frozenset(_phrases(data["strike_verbs_need_weapon"])),
        attack_verbs_need_object=frozenset(_phrases(data["attack_verbs_need_object"])),
        non_strike_contexts=_table(_phrases(data["non_strike_contexts"])),
        military_targets=frozenset(_phrases(data["military_targets"])),
    )
