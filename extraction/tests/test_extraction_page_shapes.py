"""Copy as it reaches the extractor from real pages: furniture left in, datelines of every
shape, live-blog entries. Furniture is never news; a dateline never dates or places an event."""

from __future__ import annotations

import pytest

from extraction_articles import MakeArticle
from storyline_extraction import extract
from storyline_extraction.page_furniture import furniture_spans, is_furniture
from storyline_extraction.text_segments import dateline_span, split_sentences


@pytest.mark.parametrize(
    "line",
    [
        "Smoke rises over the depot after the strike on Friday. (Photo: A. Writer / Test Daily)",
        "The tanker burns after it was attacked on Thursday. Photo: Handout via Test Desk",
        "Photo: Soldiers inspect the crater left by the missile. (Test Daily / File)",
        "Militia fighters parade in the city in an image released by the group. Credit: Bureau",
        "Related: Drones hit a refinery for the second time this month",
        "Read more: What we know about the missile attack",
        "Watch: Moment the drone hits the tower (0:48)",
        "Share this article: Facebook · Twitter · Email",
        "[Share] [Tweet] [Email]",
        "Sign up for our Security Briefing newsletter",
        "Follow us on X @TestDaily",
        "Advertisement",
        "Home / World / Middle East",
        "Published 14 June 2019 | Updated 18:20 BST",
        "Last updated 18:45 local time, Monday",
        "By Test Daily staff | 10 January 2020",
        "Key developments so far:",
        "© 2022 Test Daily. All rights reserved.",
        "Hide Ad",
        "Image caption, Rescue workers at the scene of the strike",
        "Leave a Reply",
        "Trending: Drones strike a refinery",
        "A sign by the palace bans drones, on May 3. The mayor banned flights. JANE DOE / AFP",
        "Rescuers search the rubble of the block in the capital. JOHN SMITH/POOL/REUTERS",
    ],
)
def test_page_furniture_is_recognised_by_its_form(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Russian missiles struck an energy facility in Lviv on Friday, the governor said.",
        "Shares in the company rose 10% on their first day of trading.",
        "Following the attack, the army said it had killed three gunmen.",
        "By Friday the death toll had risen to 40, health officials said.",
        "Trending sharply higher, oil prices rose 5% on Monday.",
        "The drones were launched from the south, the head of the UN agency IAEA said.",
        "The strike hit the base, according to the NATO / EU mission.",
    ],
)
def test_news_sentences_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_a_caption_repeating_the_strike_gives_no_second_event(make_article: MakeArticle) -> None:
    body = (
        "Drones hit an oil depot in the Bryansk region on Friday, the governor said.\n"
        "Firefighters work at the depot after the drone strike. (Photo: A. Writer / Test Daily)\n"
        "Related: Drones strike a refinery in the Samara region\n"
        "Watch: Missiles hit the port of Odesa (1:02)"
    )

    events = extract(make_article(body)).events

    assert [(e.kind, e.evidence.sentence[:6]) for e in events] == [("strike_reported", "Drones")]


def test_a_headline_above_the_report_is_not_read_as_news(make_article: MakeArticle) -> None:
    body = (
        "World | Europe\n"
        "Drones hit Russian oil depot in overnight attack\n"
        "Published 5 May 2023\n"
        "Drones hit an oil depot in the Bryansk region overnight, the governor said."
    )

    events = extract(make_article(body)).events

    assert [e.evidence.sentence[:6] for e in events] == ["Drones"]
    assert furniture_spans("A one-line report without a full stop, and nothing else") == []


@pytest.mark.parametrize(
    ("body", "dateline"),
    [
        ("KYIV, May 4 (Test Wire) - Drones hit Kyiv.", "KYIV, May 4 (Test Wire) - "),
        ("MINSK, 26 May (Test Agency) - The army said.", "MINSK, 26 May (Test Agency) - "),
        ("Baku, 17 October (Test Telegraph) - Shells hit.", "Baku, 17 October (Test Telegraph) - "),
        ("RAWALPINDI, Feb 26 (TPR): Jets crossed.", "RAWALPINDI, Feb 26 (TPR): "),
        ("NAY PYI TAW, 27 Aug -- Militants set fire.", "NAY PYI TAW, 27 Aug -- "),
        ("Havana, January 19 (TI).- The minister said.", "Havana, January 19 (TI).- "),
        ("MOSCOW, May 3. /TASS/. The ministry said.", "MOSCOW, May 3. /TASS/. "),
        ("WASHINGTON/TOKYO, June 14 (TW) - The army said.", "WASHINGTON/TOKYO, June 14 (TW) - "),
        ("BELGRADE, Yugoslavia (TW) -- NATO jets struck.", "BELGRADE, Yugoslavia (TW) -- "),
        ("WASHINGTON — The Pentagon said.", "WASHINGTON — "),
        ("Gunmen - about a dozen - attacked a bus.", ""),
        ("LIVE: Drones over Kyiv", ""),
    ],
)
def test_datelines_in_their_real_variety_are_found(body: str, dateline: str) -> None:
    start, end = dateline_span(body)

    assert body[start:end] == dateline


def test_a_dateline_below_a_pages_headline_is_found() -> None:
    body = "Headline of the page\nBy Test staff\nKHARTOUM, 21 August (TNA) - The army said."

    start, end = dateline_span(body)

    assert body[start:end] == "KHARTOUM, 21 August (TNA) - "


def test_live_blog_times_and_bullets_are_not_part_of_the_sentence() -> None:
    body = "Key points:\n- Rockets hit Haifa\n22:50 - Jets strike the airport.\n03:05 GMT - Sirens."

    texts = [s.text for s in split_sentences(body)]

    assert texts == ["Key points:", "Rockets hit Haifa", "Jets strike the airport.", "Sirens."]


def test_a_dated_dateline_opening_a_later_line_is_not_part_of_its_sentence() -> None:
    body = (
        "Foreign ministry slams the ruling\n"
        "MOSCOW, March 12../TASS/. The spokeswoman dismissed the ruling as absurd.\n"
        "KYIV (Wire) - The ministry said."
    )

    assert [s.text for s in split_sentences(body)] == [
        "Foreign ministry slams the ruling",
        "The spokeswoman dismissed the ruling as absurd.",
        "The ministry said.",
    ]


def test_a_state_agency_dateline_with_a_doubled_stop_is_a_dateline() -> None:
    body = "MOSCOW, March 12../TASS/. The spokeswoman dismissed the ruling."

    assert body[slice(*dateline_span(body))] == "MOSCOW, March 12../TASS/. "
