"""A rule that routes on its own phrases reads only sentences the lexicon triggers on them: each
such phrase must be a trigger of the kind the rule drafts, or the rule is wired but unreachable.
The phrases live in the rules' modules; the triggers in ``data/lexicon.json`` and
``data/statements.json``."""

from __future__ import annotations

import pytest

from storyline_extraction.attacker_origin import COMING_PHRASES
from storyline_extraction.blame_rules import WRONG_ACT_TRIGGERS
from storyline_extraction.culprit_names import CULPRIT_NOUNS
from storyline_extraction.lexicon import load_lexicon, phrase_words
from storyline_extraction.naming_rules import WRONG_NOUNS
from storyline_extraction.pursuit_rules import PURSUIT_TRIGGERS
from storyline_extraction.statement_rules import DISMISSING_TRIGGERS, OWN_SIDE_TRIGGERS
from storyline_extraction.weapon_origin import ORIGIN_PHRASES


def trigger_kinds(phrase: str) -> set[str]:
    words = phrase_words(phrase)
    hits = load_lexicon().triggers.find_all(words)
    return {h.payload for h in hits if h.start == 0 and h.end == len(words)}


@pytest.mark.parametrize(
    ("phrases", "kind"),
    [
        (WRONG_ACT_TRIGGERS, "accusation_made"),
        (COMING_PHRASES, "accusation_made"),
        (ORIGIN_PHRASES, "accusation_made"),
        (WRONG_NOUNS, "accusation_made"),
        (CULPRIT_NOUNS, "accusation_made"),
        (DISMISSING_TRIGGERS, "denial_issued"),
        (OWN_SIDE_TRIGGERS, "denial_issued"),
        (PURSUIT_TRIGGERS, "threat_issued"),
    ],
)
def test_every_phrase_a_rule_routes_on_is_a_trigger_of_its_kind(
    phrases: frozenset[str], kind: str
) -> None:
    assert sorted(p for p in phrases if kind not in trigger_kinds(p)) == []
