"""Every synonym the indexes get: domain terms, word forms of the corpus, all gazetteer spellings."""

import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

import snowballstemmer
import yaml
from sqlmodel import Session, func, select

from app.articles.models import Article
from app.events.models import ConflictEvent
from app.places import regions as regions_table
from app.places import synonyms as place_synonyms_module
from app.places.gazetteer import ALTERNATE, load
from app.places.service import search_synonyms as referenced_place_synonyms
from app.places.translit import normalize

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
DOMAIN_FILE = CONTENT_DIR / "synonyms.yml"
PLACES_FILE = CONTENT_DIR / "synonyms-places.yml"
MAX_FORMS_PER_STEM = 6
MIN_WORD = 4
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

Synonyms = dict[str, list[str]]


def words(text: str) -> list[str]:
    """Lower-cased words of a text, as Meilisearch sees them (apostrophes kept inside words)."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a word."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def _add_group(table: Synonyms, group: Iterable[str]) -> None:
    forms = [g.strip().lower() for g in group if g.strip()]
    for form in forms:
        kept = table.setdefault(form, [])
        kept.extend(other for other in forms if other != form and other not in kept)


def domain_synonyms(path: Path = DOMAIN_FILE) -> Synonyms:
    """The curated domain synonyms of content/synonyms.yml (equivalent groups and one-way terms)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table: Synonyms = {}
    for group in data.get("equivalent", []):
        _add_group(table, [str(g) for g in group])
    for key, targets in (data.get("one_way") or {}).items():
        kept = table.setdefault(str(key).lower(), [])
        kept.extend(str(t).lower() for t in targets if str(t).lower() not in kept)
    return table


def stem_synonyms(texts: Iterable[str]) -> Synonyms:
    """Word forms of the corpus that share a Snowball stem, each pointing at the others."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in words(text) if len(w) >= MIN_WORD and "'" not in w)
    classes: dict[str, list[str]] = defaultdict(list)
    for word, _ in counts.most_common():
        stemmed = stem(word)
        # Over-stemming ("organ" / "organisation") joins words that only share a short root.
        if len(stemmed) >= MIN_WORD and len(classes[stemmed]) < MAX_FORMS_PER_STEM:
            classes[stemmed].append(word)
    table: Synonyms = {}
    for forms in classes.values():
        if len(forms) > 1:
            _add_group(table, forms)
    return table


def curated_place_synonyms(path: Path = PLACES_FILE) -> Synonyms:
    """Curated exonyms the generator misses (Russian Cyrillic of big cities), both directions."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table: Synonyms = {}
    for group in data.get("places", []):
        _add_group(table, [str(g) for g in group])
    return table


class PlaceName(NamedTuple):
    """A place a name form points at: official names, region, rank (higher first), and whether
    the form is one of the place's official names."""

    name: str
    name_uk: str
    region_code: str
    rank: int
    official: bool


@cache
def gazetteer_spellings() -> dict[str, list[PlaceName]]:
    """Every name form of every gazetteer place (lower case) -> the places it names, best first.

    Kept out of Meilisearch: 1.21 reads the whole synonym map on every search, and the
    ~80,000 spellings of all 29,703 settlements cost ~150 ms a query there (measured). The
    query side rewrites these spellings to the official name instead (search/analysis.py);
    documents always carry a resolved place's official names.
    """
    gazetteer = load()
    table: dict[str, dict[str, PlaceName]] = defaultdict(dict)
    for region in regions_table.all_regions():
        for place in gazetteer.in_region(region.code):
            importance = (place.population or 0) + {"K": 10_000_000, "M": 1_000_000}.get(place.category, 0)
            official_keys = {normalize(place.name), normalize(place.name_uk)}
            for form in gazetteer.forms(place.code):
                if form.tier == ALTERNATE and not (form.text.isascii() or _is_cyrillic(form.text)):
                    continue
                key = form.text.strip().lower().replace("’", "'")
                if not key:
                    continue
                official = normalize(key) in official_keys and key.isascii()
                # A GeoNames alternate ranks below a curated, official or generated spelling.
                rank = importance - (10**9 if form.tier == ALTERNATE else 0)
                best = table[key].get(place.region_code + place.name)
                if best is None or best.rank < rank:
                    entry = PlaceName(place.name, place.name_uk, place.region_code, rank, official)
                    table[key][place.region_code + place.name] = entry
    return {key: sorted(by_place.values(), key=lambda t: -t.rank) for key, by_place in table.items()}


def _is_cyrillic(text: str) -> bool:
    return all("\u0400" <= ch <= "\u04ff" or not ch.isalpha() for ch in text)


def region_synonyms() -> Synonyms:
    """Every name of every region and its capital, each pointing at the others."""
    return place_synonyms_module.region_synonyms()


def corpus_texts(session: Session) -> list[str]:
    """The searchable text of every article and event (for word forms and the vocabulary).

    Events are read as their distinct quotes and place names: one bulletin sentence is the quote of
    every event it names, and reading each copy cost seconds a minute at 100,000 events.
    """
    texts = [" ".join(row) for row in session.exec(select(Article.title, Article.summary, Article.body_text))]
    texts += session.exec(select(ConflictEvent.quote).distinct()).all()
    texts += session.exec(select(ConflictEvent.place_as_written).distinct()).all()
    return texts


def corpus_fingerprint(session: Session) -> tuple[int, int, str, int]:
    """Changes when articles or events change (cheap: counts, the last update time, the newest event)."""
    articles = session.exec(select(func.count(), func.max(Article.updated_at))).one()
    events, newest = session.exec(select(func.count(), func.max(ConflictEvent.id))).one()
    return int(articles[0]), int(events), str(articles[1]), int(newest or 0)


_built: dict[tuple[int, int, str, int, int], Synonyms] = {}


def all_synonyms(session: Session) -> Synonyms:
    """The whole synonym table for the indexes (cached until the corpus changes)."""
    key = (*corpus_fingerprint(session), len(referenced_place_synonyms(session)))
    if key not in _built:
        stems = stem_synonyms(corpus_texts(session))
        # Gazetteer tables first; curated and domain entries then add to (never lose) them.
        merged = place_synonyms_module.merge(
            referenced_place_synonyms(session), region_synonyms(), curated_place_synonyms(), stems,
            domain_synonyms(),
        )  # fmt: skip
        _built.clear()
        _built[key] = merged
    return _built[key]


def measure(session: Session) -> dict[str, float]:
    """Size of the synonym table (keys, values, bytes of JSON) and the time to build it."""
    import json

    start = time.perf_counter()
    table = all_synonyms(session)
    built = time.perf_counter() - start
    return {
        "keys": len(table),
        "values": sum(len(v) for v in table.values()),
        "json_bytes": len(json.dumps(table, ensure_ascii=False).encode()),
        "build_seconds": round(built, 2),
    }
