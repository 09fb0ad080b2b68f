"""Builds the spaCy pipelines: ``spacy.blank(lang)`` plus the project's rule components.

The only module that configures spaCy. Components are registered here, once,
under versioned names:

- ``extractor_sentences_v1``: sentence starts from punctuation and line breaks
  (a title, a list item or a table row is a sentence of its own);
- ``extractor_mentions_v1``: models, organizations, benchmarks, channels, money,
  percentages, token counts, parameter counts and dates as spans in
  plain ``Mention`` records in ``doc._.mentions`` (offsets into the Doc's text, which is
  the input without its markup; ``doc._.source_offsets`` maps them back) (and, for display, as spans in
  ``doc.spans["mentions"]``).

No statistical component is loaded: on the evaluation sets the rules alone do
as well, at a fraction of the start-up cost (see README, "Language pipelines").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .flattened import joined_words, unglue
from .markup import strip
from .mentions import find_mentions
from .rules import LANGUAGES, load_rules

__all__ = ["SUPPORTED", "build", "get_nlp"]

SUPPORTED = LANGUAGES

# The records live on the Doc, not on its spans: span extensions are keyed by character
# offsets, so two mentions that expand to the same token (two names inside one URL) would
# share, and overwrite, one value.
if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)
# for each character of the Doc's text (markup stripped), its offset in the input text
# the Doc's text as the tokenizer read it (Doc.text joins every token anew on each call)
if not Doc.has_extension("plain_text"):
    Doc.set_extension("plain_text", default=None)
# the character offset where each sentence starts (doc.sents, rebuilt from the tokens, is slow)
if not Doc.has_extension("sentence_starts"):
    Doc.set_extension("sentence_starts", default=None)
if not Doc.has_extension("source_offsets"):
    Doc.set_extension("source_offsets", default=None)

_ENDERS = {".", "!", "?", "…", "!?", "?!"}
_LOWER_NAME = re.compile(r"^[a-z]+\d")  # "o1-preview", "gpt-4o" open sentences in lower case
_OPENERS = ("«", '"', "“", "(", "[", "'", "‘", "-", "•", "|", "*")


# "70B." is one token for the tokenizer; a period glued to a figure or a name ends a sentence,
# one that closes an abbreviation does not
_ABBREVIATIONS = {"vs", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "inc", "corp", "ltd", "no", "u.s", "etc",
                  "cf", "env", "m", "mme", "p", "fig", "approx", "jan", "feb", "aug", "sept", "oct", "nov", "dec"}


def _glued_period(text: str) -> bool:
    return len(text) > 1 and text.endswith(".") and text[:-1].casefold() not in _ABBREVIATIONS \
        and not re.fullmatch(r"(?:[A-Za-z]\.)+", text)


def _sentences(doc: Doc) -> Doc:
    # the starts are set in one array write: setting ``token.is_sent_start`` one token at a
    # time makes spaCy check the whole Doc's annotation on each call (quadratic in its length)
    flags = numpy.full(len(doc), -1, dtype="int64")
    starts: list[int] = []  # character offsets of the sentence starts, for the fact rules
    prev = None
    for i, token in enumerate(doc):
        if prev is None:
            flags[i] = 1
            starts.append(token.idx)
        elif not token.is_space and (
                (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_
                or (prev.text in _ENDERS or _glued_period(prev.text)) and (
                    token.text[:1].isupper() or token.text[:1].isdigit()
                    or token.text.startswith(_OPENERS) or _LOWER_NAME.match(token.text))):
            flags[i] = 1
            starts.append(token.idx)
        prev = token
    if len(doc):
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
    doc._.sentence_starts = starts
    return doc


@Language.factory("extractor_sentences_v1")
def make_sentences(nlp: Language, name: str) -> Any:
    return _sentences


class MentionFinder:
    """Finds mentions with the rule data and stores them as spans."""

    def __init__(self, lang: str, known_models: tuple[str, ...] = ()) -> None:
        self.lang = lang
        self.known_models = tuple(sorted(set(known_models)))
        self.rules = load_rules()

    def __call__(self, doc: Doc) -> Doc:
        mentions = find_mentions(doc._.plain_text or doc.text, self.lang, self.known_models, self.rules)
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc._.mentions = mentions
        doc.spans["mentions"] = spans
        return doc


@Language.factory(
    "extractor_mentions_v1",
    assigns=["doc.spans"],
    default_config={"known_models": []},
)
def make_mentions(nlp: Language, name: str, known_models: list[str]) -> MentionFinder:
    return MentionFinder(nlp.lang, tuple(known_models))


class _StrippingTokenizer:
    """The language's tokenizer over the text without its markup (``markup.strip``: link
    targets, emphasis marks, escapes, code) and with its glued tables written as rows
    (``flattened.unglue``); ``doc._.source_offsets`` maps each character
    of the Doc back to the input, so evidence points into the article as written."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        rules = load_rules()
        self.joined = joined_words([*(n for e in rules.entities() for n in (e.name, *e.aliases)),
                                    *(f.name for f in rules.families), *(c.name for c in rules.catalog)])

    def __call__(self, text: str) -> Doc:
        clean, offsets = strip(text)
        clean, offsets = unglue(clean, offsets, self.joined)  # tables whose cells run together
        doc = self.tokenizer(clean)
        doc._.source_offsets = offsets
        doc._.plain_text = clean
        return doc

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)


def build(lang: str, known_models: tuple[str, ...] = ()) -> Language:
    """A new pipeline for ``lang`` (``en`` or ``fr``)."""
    if lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}; supported: {', '.join(SUPPORTED)}")
    nlp = spacy.blank(lang)
    nlp.tokenizer = _StrippingTokenizer(nlp.tokenizer)
    nlp.add_pipe("extractor_sentences_v1")
    nlp.add_pipe("extractor_mentions_v1", config={"known_models": sorted(set(known_models))})
    return nlp


@lru_cache(maxsize=8)
def get_nlp(lang: str, known_models: tuple[str, ...] = ()) -> Language:
    """The pipeline for ``lang``, built once per process and set of known models."""
    return build(lang, known_models)
