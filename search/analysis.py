"""What a reader typed, made ready for Meilisearch: normalised, spellings resolved, long questions reduced."""

import logging
import math
import re
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from sqlalchemy import Engine
from sqlmodel import Session

from app.places import regions as regions_table
from search.indexes import STOP_WORDS
from search.synonyms import WORD, all_synonyms, corpus_fingerprint, corpus_texts, gazetteer_spellings, words

log = logging.getLogger(__name__)

MAX_QUERY_WORDS = 10  # Meilisearch ignores every query word after the tenth
# Words of a question that say nothing about its subject (on top of the index's stop words).
FILLER = {
    "please", "tell", "me", "know", "want", "wondering", "explain", "information", "anything",
    "something", "really", "happen", "happens", "happened", "there", "my", "our", "we", "you",
    "i", "your", "us", "them", "people's", "also", "just", "very", "much", "many", "more",
    "most", "other", "others", "than", "so", "like", "get", "gets", "got", "go", "goes",
    "say", "says", "said", "call", "called", "mean", "means",
}  # fmt: skip
_STOP = {w.lower() for w in STOP_WORDS}
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})
_NOISE = re.compile(r"[^\w\s'\"-]", re.UNICODE)
VOCABULARY_TTL = 60.0


@dataclass(frozen=True)
class Spelling:
    """A place name the reader typed, and the name the gazetteer knows it under."""

    as_typed: str
    name: str
    name_uk: str
    region_code: str = ""


@dataclass
class Analysis:
    """The query to send, the text to embed, and what was changed on the way."""

    typed: str
    keywords: str
    semantic_text: str
    spellings: list[Spelling] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    reduced: bool = False
    regions: list[str] = field(default_factory=list)  # regions of the places the query names
    names_only: bool = False  # every word that counts is a place name (nothing for a model to read)


@dataclass
class Vocabulary:
    """Words of the corpus (document frequencies) and the synonym keys: what a query word may be."""

    frequency: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    known: set[str] = field(default_factory=set)
    common: set[str] = field(default_factory=set)  # written in lower case at least as often as not
    _by_length: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def from_texts(cls, texts: list[str], synonym_keys: list[str]) -> "Vocabulary":
        """Build from the corpus texts and the synonym table's keys."""
        frequency: Counter[str] = Counter()
        lower: Counter[str] = Counter()
        capitalised: Counter[str] = Counter()
        for text in texts:
            frequency.update(set(words(text)))
            for raw in WORD.findall(text):
                (lower if raw.islower() else capitalised)[raw.lower()] += 1
        known = set(frequency)
        for key in synonym_keys:
            known.update(key.split())
        common = {word for word, n in lower.items() if n >= capitalised.get(word, 0)}
        return cls(frequency, len(texts), known, common)

    def idf(self, word: str) -> float:
        """Inverse document frequency (unknown words count as rare)."""
        return math.log((1 + self.documents) / (1 + self.frequency.get(word, 0)))

    def correct(self, word: str) -> str | None:
        """The corpus word one edit away (two from nine letters), as Meilisearch's typo rules allow."""
        if len(word) < 5 or word in self.known or not word.isalpha():
            return None
        allowed = 1 if len(word) < 9 else 2
        candidates = [w for n in range(len(word) - allowed, len(word) + allowed + 1) for w in self._length(n)]
        found = process.extract(word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=allowed, limit=5)
        if not found:
            return None
        best = min(found, key=lambda hit: (hit[1], -self.frequency.get(hit[0], 0)))
        return str(best[0])

    def _length(self, n: int) -> list[str]:
        if not self._by_length:
            for word in self.known:
                if word.isalpha():
                    self._by_length.setdefault(len(word), []).append(word)
        return self._by_length.get(n, [])


@dataclass
class _Cached:
    vocabulary: Vocabulary
    fingerprint: tuple[object, ...]
    checked: float
    refreshing: bool = False


_vocabularies: dict[str, _Cached] = {}
_lock = threading.Lock()


def vocabulary(session: Session) -> Vocabulary:
    """The corpus vocabulary of this session's database.

    Built once per database; after that, at most once a minute a background thread checks whether
    the corpus changed and rebuilds it, while searches go on with the one they have (at 100,000
    events a rebuild costs seconds, which no reader should wait for).
    """
    engine = session.get_bind().engine
    key = str(engine.url)
    with _lock:
        cached = _vocabularies.get(key)
        if cached is not None:
            if not cached.refreshing and time.monotonic() - cached.checked > VOCABULARY_TTL:
                cached.refreshing = True
                threading.Thread(target=_refresh, args=(engine, key), name="vocabulary", daemon=True).start()
            return cached.vocabulary
        cached = _vocabularies[key] = _build(session)
        return cached.vocabulary


def warm_up(engine: Engine) -> None:
    """Build the vocabulary of a database that has a corpus on a background thread (the first search need not wait)."""

    def build() -> None:
        try:
            with Session(engine) as session:
                if any(corpus_fingerprint(session)[:2]):
                    vocabulary(session)
        except Exception:  # the first search builds it instead
            log.exception("building the search vocabulary failed")

    threading.Thread(target=build, name="vocabulary", daemon=True).start()


def _build(session: Session) -> _Cached:
    fingerprint = corpus_fingerprint(session)
    built = Vocabulary.from_texts(corpus_texts(session), list(all_synonyms(session)))
    return _Cached(built, fingerprint, time.monotonic())


def _refresh(engine: Engine, key: str) -> None:
    """Rebuild one database's vocabulary if its corpus changed (runs on its own thread)."""
    try:
        with Session(engine) as session:
            changed = corpus_fingerprint(session) != _vocabularies[key].fingerprint
            fresh = _build(session) if changed else None
        with _lock:
            if fresh is not None:
                _vocabularies[key] = fresh
            else:
                _vocabularies[key].checked = time.monotonic()
    except Exception:  # a failed refresh keeps the vocabulary it had and tries again later
        log.exception("rebuilding the search vocabulary failed")
        with _lock:
            _vocabularies[key].checked = time.monotonic()
    finally:
        with _lock:
            _vocabularies[key].refreshing = False


def normalise(text: str) -> str:
    """Unicode NFC, lower case, typographic quotes made plain, punctuation to spaces."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).lower()
    text = _NOISE.sub(" ", text)
    if text.count('"') % 2:  # an unbalanced quote would make the rest a phrase
        text = text.replace('"', " ")
    # A quoted short phrase is a phrase search; a quoted sentence is only a quotation.
    text = re.sub(r'"([^"]*)"', lambda m: m.group(0) if 2 <= len(m.group(1).split()) <= 4 else m.group(1), text)
    text = re.sub(r"(?<!\w)['-]+|['-]+(?!\w)", " ", text)  # quotes/hyphens not inside a word
    return " ".join(text.split())


def _place_spellings(
    tokens: list[str], vocab: Vocabulary
) -> tuple[list[str], list[str], list[Spelling], list[str], bool]:
    """Find gazetteer places in the query; other spellings (Cyrillic, Russian-style, former names)
    become the official name.

    Returns the keyword tokens, the tokens to embed, the spellings that were not official, the
    regions of the places named, and whether the query is names and nothing else. A spelling that
    is also a word of the corpus ("kharkov": the articles spell it out) stays in the keywords,
    where Meilisearch's own synonyms cover it, but is embedded under the official name, so every
    spelling of a place gets the same vector.
    Ordinary English words ("marine", "police" are also villages) are never taken for places.
    """
    table = gazetteer_spellings()
    keywords: list[str] = []
    semantic: list[str] = []
    found: list[Spelling] = []
    regions: list[str] = []
    names, others = 0, 0
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            phrase = " ".join(tokens[i : i + size])
            if len(tokens[i : i + size]) < size or phrase not in table:
                continue
            if size == 1 and (phrase in _STOP or phrase in FILLER or len(phrase) < 4 or phrase in vocab.common):
                continue
            best = table[phrase][0]
            if len({c.region_code for c in table[phrase]}) == 1 or best.rank >= 1_000_000:
                regions.append(best.region_code)  # one region, or a city: the reader means it
            if not best.official:
                found.append(Spelling(phrase, best.name, best.name_uk, best.region_code))
            keywords.append(phrase if phrase in vocab.frequency or best.official else best.name.lower())
            semantic.append(best.name.lower())
            names += 1
            i += size
            break
        else:
            keywords.append(tokens[i])
            semantic.append(tokens[i])
            others += tokens[i] not in _STOP and tokens[i] not in FILLER
            i += 1
    return keywords, semantic, found, list(dict.fromkeys(regions)), names > 0 and not others


def analyse(typed: str, vocab: Vocabulary) -> Analysis:
    """Normalise a query, resolve place spellings, correct typos in words the corpus lacks, reduce long ones."""
    tokens, semantic_tokens, spellings, regions, names_only = _place_spellings(normalise(typed).split(), vocab)
    corrections: dict[str, str] = {}
    places = gazetteer_spellings()
    for position, token in enumerate(tokens):
        fixed = None if token in places else vocab.correct(token)
        if fixed:
            corrections[token] = fixed
            tokens[position] = fixed
    semantic = " ".join(corrections.get(t, t) for t in semantic_tokens)
    names = {r.code: r.name for r in regions_table.all_regions()}
    # A place the model may not know still lands near its region's documents.
    semantic += "".join(f" {names[code]} oblast" for code in regions if code in names)
    reduced = False
    if len(tokens) > MAX_QUERY_WORDS:
        content = [t for t in tokens if t not in _STOP and t not in FILLER]
        content = list(dict.fromkeys(content))
        if len(content) > MAX_QUERY_WORDS:
            # Rarest first; among equally rare words the longer one is usually the more specific.
            keep = set(sorted(content, key=lambda t: (-vocab.idf(t), -len(t)))[:MAX_QUERY_WORDS])
            content = [t for t in content if t in keep]
        tokens, reduced = content, True
    return Analysis(typed, " ".join(tokens), semantic, spellings, corrections, reduced, regions, names_only)
