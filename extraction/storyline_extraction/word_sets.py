"""A compact way to write the small closed word classes the rules test membership in."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``, as a set."""
    return frozenset(text.split())


# Nouns that name an accusation; shared by the accusation rules and the negation check.
ACCUSATION_NOUNS = words("accusation accusations allegation allegations")
# Pronouns that may speak ("he said", "it added"): whom they stand for is the article's to tell.
SPEAKING_PRONOUNS = words("he she it they")
# "repeated the charge": an accusation only when made or made again ("charges of murder", "in
# charge of" are not)
CHARGE_NOUNS = words("charge charges")
# Nouns whose "that" clause is somebody's account: "claims that Russia is behind the blasts",
# "denied reports that missiles had hit Poland".
ACCOUNT_NOUNS = words(
    "claim claims allegation allegations accusation accusations charge charges suggestion "
    "suggestions assertion assertions report reports speculation rumours rumors"
)
# Nouns for irregular fighters: help given to them is a wrong ("helped the militants"), and a
# party they are "linked to" is theirs, not one they hit.
FIGHTERS = words(
    "militants rebels terrorists insurgents separatists guerrillas gunmen extremists jihadists "
    "militias militia militiamen fighters"
)
# "with the help of X", "with the support of X": who lent a hand to an act
HELP_NOUNS = words("help support backing assistance")
# Armed means a side sends or operates: "sent drones over the capital", "did not fly drones
# over the North", "was sending mercenaries into the region"
ARMED_MEANS = words(
    "drone drones troops soldiers forces fighters militants mercenaries saboteurs agents spies "
    "operatives aircraft planes jets warplanes helicopters missiles rockets ships warships "
    "vessels submarines balloons weapons arms operation operations strikes raids"
)
