"""Query analysis: normalisation, place spellings, typo repair and long questions (no server needed)."""

import pytest

from search.analysis import MAX_QUERY_WORDS, Vocabulary, analyse, normalise
from search.client import SearchTarget
from search.query import SearchFilters, federated_queries, is_question

CORPUS = [
    "Kharkiv oblast: evacuation of Vovchansk. Kharkiv is spelled Kharkov in Russian sources.",
    "Internally displaced persons may return home. The police and the marine guard moved civilians.",
    "Non-refoulement forbids sending refugees back to danger. International humanitarian law applies.",
]


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.from_texts(CORPUS, ["idps", "internally displaced persons"])


def test_normalise_case_punctuation_and_quotes() -> None:
    assert normalise("  WHAT is IHL?!  ") == "what is ihl"
    assert normalise("“forced displacement” in Gaza") == '"forced displacement" in gaza'
    assert normalise("“Is it legal to order civilians to leave?”") == "is it legal to order civilians to leave"
    assert normalise('an "unbalanced quote') == "an unbalanced quote"
    assert normalise("non-refoulement -Kharkiv") == "non-refoulement kharkiv"
    assert normalise("Donetsk People’s Republic") == "donetsk people's republic"


def test_other_spellings_of_places_become_the_official_name(vocab: Vocabulary) -> None:
    russian = analyse("Харьков", vocab)
    assert russian.keywords == "kharkiv" and russian.regions == ["UA-63"]
    assert [(s.as_typed, s.name, s.name_uk) for s in russian.spellings] == [("харьков", "Kharkiv", "Харків")]
    renamed = analyse("Артемовск", vocab)
    assert renamed.keywords == "bakhmut" and renamed.spellings[0].name == "Bakhmut"
    assert "Donetsk oblast" in renamed.semantic_text  # a town the model does not know lands near its region
    assert analyse("Chasiv Yar evacuation", vocab).keywords == "chasiv yar evacuation"
    assert analyse("Часов Яр", vocab).keywords == "chasiv yar"
    # A spelling the corpus itself uses stays for Meilisearch's synonyms, but is embedded officially.
    kharkov = analyse("Kharkov", vocab)
    assert kharkov.keywords == "kharkov" and kharkov.semantic_text.startswith("kharkiv")
    assert kharkov.spellings[0].name == "Kharkiv"


def test_english_words_are_not_taken_for_villages(vocab: Vocabulary) -> None:
    police = analyse("police violence", vocab)
    assert police.keywords == "police violence" and not police.spellings and not police.regions


def test_typos_are_repaired_against_the_corpus_so_synonyms_apply(vocab: Vocabulary) -> None:
    fixed = analyse("internaly displaced persons", vocab)
    assert fixed.keywords == "internally displaced persons"
    assert fixed.corrections == {"internaly": "internally"}
    assert analyse("Bakhmut", vocab).corrections == {}  # place names are never "corrected"


def test_long_questions_keep_their_content_words_not_the_first_ten(vocab: Vocabulary) -> None:
    short = "Is it legal to order civilians to leave?"
    assert analyse(short, vocab).keywords == normalise(short)  # up to the word limit: as typed
    long = (
        "Could you please tell me what the rules of international law say about sending "
        "refugees back to danger, which people call refoulement?"
    )
    result = analyse(long, vocab)
    words = result.keywords.split()
    assert result.reduced and len(words) <= MAX_QUERY_WORDS
    assert {"refoulement", "refugees", "danger", "international"} <= set(words)
    assert not {"could", "please", "tell", "what", "the"} & set(words)
    assert "refoulement" in result.semantic_text and "could" in result.semantic_text  # embedded whole


def test_questions_are_told_from_keyword_queries() -> None:
    assert is_question("Is it legal to order civilians to leave?")
    assert is_question("what happens to people who flee Sudan")
    assert not is_question("Kharkiv evacuation")
    assert not is_question("IHL")


def test_a_query_of_place_names_alone_is_told_apart(vocab: Vocabulary) -> None:
    assert analyse("Харьков", vocab).names_only
    assert analyse("Chasiv Yar", vocab).names_only and analyse("Kharkiv and Bakhmut", vocab).names_only
    assert not analyse("evacuation of Kharkiv", vocab).names_only
    assert not analyse("police", vocab).names_only and not analyse("", vocab).names_only


def test_names_are_searched_by_keywords_and_one_word_is_sent_once(vocab: Vocabulary) -> None:
    target = SearchTarget("http://127.0.0.1:1", "key")
    names, hybrid = federated_queries(target, analyse("Kharkov", vocab), SearchFilters())
    assert not hybrid and not any("vector" in q for q in names)
    main = [q for q in names if q["q"] == "kharkov"]
    assert len(main) == 2 and not any("matchingStrategy" in q for q in main)  # one per index, no repeat
    words, _ = federated_queries(target, analyse("displaced persons", vocab), SearchFilters(), semantic=False)
    assert sum(q.get("matchingStrategy") == "frequency" for q in words) == 2  # two words: the fallback query stays
