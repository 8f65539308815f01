"""The shipped embedding model: loads with the network blocked, vectors cached by content hash."""

import json
import math
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from search.documents import article_passages, with_vectors
from search.embedder import DIMENSIONS, MODEL_ID, VectorCache, WordLlamaEmbedder
from tests.paths import ROOT

NETWORK_BLOCKED = textwrap.dedent(
    """
    import socket
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network is blocked in this test: connect to {address}")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = lambda address, *a, **k: refuse(None, address)

    from search.embedder import WordLlamaEmbedder
    vectors = WordLlamaEmbedder().embed(["people who flee Sudan", "Is it legal to order civilians to leave?"])
    print(len(vectors), len(vectors[0]), round(sum(x * x for x in vectors[0]), 3), len(attempts))
    """
)


def test_the_model_loads_and_embeds_with_the_network_blocked() -> None:
    done = subprocess.run(
        [sys.executable, "-c", NETWORK_BLOCKED], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "HF_HUB_OFFLINE": "0"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", str(DIMENSIONS), "1.0", "0"]


def test_the_weights_are_inside_the_installed_package() -> None:
    import wordllama

    package = Path(wordllama.__file__).resolve().parent
    weights = package / "weights" / "l2_supercat_256.safetensors"
    assert weights.stat().st_size > 10_000_000
    assert (package / "tokenizers" / "l2_supercat_tokenizer_config.json").is_file()
    assert not zipfile.is_zipfile(weights)  # real tensors, not a pointer to download


class CountingEmbedder:
    """The real model, counting how many texts it was asked to embed."""

    model_id = MODEL_ID
    dimensions = DIMENSIONS

    def __init__(self) -> None:
        self.model = WordLlamaEmbedder()
        self.texts = 0

    def embed(self, texts: list[str]) -> list[list[float]]:  # type: ignore[override]
        self.texts += len(texts)
        return self.model.embed(texts)


def test_vectors_are_cached_by_content_hash(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    cache = VectorCache(tmp_path / "vectors.sqlite3")
    first = cache.vectors(embedder, ["a", "b", "a"])
    assert embedder.texts == 2 and first[0] == first[2]
    again = VectorCache(tmp_path / "vectors.sqlite3").vectors(embedder, ["b", "a", "c"])
    assert embedder.texts == 3  # only "c" is new: a reindex does not recompute the others
    assert again[0] == first[1] and again[1] == first[0]
    # Read back from float32 storage, a vector is the very JSON the model gave (6 decimals).
    assert json.dumps(again[:2]) == json.dumps([first[1], first[0]])
    assert math.isclose(sum(x * x for x in again[2]), 1.0, rel_tol=1e-3)


def test_every_document_gets_its_vectors(env: Path) -> None:
    documents = [
        {"title": "Rule 129", "summary": "No forced displacement.", "body": "word " * 500},
        {"title": "Empty", "summary": "", "body": ""},
    ]
    with_vectors(documents, article_passages)
    for document in documents:
        vectors = document["_vectors"]["default"]
        assert len(vectors) == len(article_passages(document)) and all(len(v) == DIMENSIONS for v in vectors)
    assert len(documents[0]["_vectors"]["default"]) == 1 + 500 // 80 + 1
    assert (env / "vectors.sqlite3").is_file()
