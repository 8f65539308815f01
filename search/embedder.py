"""Sentence vectors from a model shipped inside a registry package (WordLlama), cached by content hash."""

import array
import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

EMBEDDER = "default"  # the embedder's name in the Meilisearch settings
MODEL_ID = "wordllama-0.4.0-l2_supercat-256"
DIMENSIONS = 256


class Embedder(Protocol):
    """Turns texts into unit vectors of a fixed size."""

    model_id: str
    dimensions: int

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text."""
        ...


class WordLlamaEmbedder:
    """WordLlama's 256-dimension model, loaded from the installed package with downloads disabled."""

    model_id = MODEL_ID
    dimensions = DIMENSIONS

    def __init__(self) -> None:
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        try:
            import wordllama
            from wordllama import WordLlama
        finally:  # wordllama calls logging.basicConfig(INFO) on import: undo it
            root.handlers[:] = handlers
            root.setLevel(level)

        # The default loader looks for the tokenizer under the user cache and then downloads it;
        # the wheel ships weights/ and tokenizers/ beside the package, so point it there.
        package_dir = Path(wordllama.__file__).resolve().parent
        self._model: Any = WordLlama.load(cache_dir=package_dir, dim=DIMENSIONS, disable_download=True)
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors (cosine = dot product); empty texts get the zero-free vector of a space."""
        with self._lock:  # the tokenizer is not documented as thread-safe
            vectors = self._model.embed([t or " " for t in texts], norm=True)
        return [[round(float(x), 6) for x in row] for row in vectors]


def semantic_enabled() -> bool:
    """False when DKB_SEMANTIC is set to off/0/false (keyword search only)."""
    return os.environ.get("DKB_SEMANTIC", "on").strip().lower() not in {"off", "0", "false", "no"}


_load_error = ""


@cache
def load_embedder() -> Embedder | None:
    """The process-wide model, or None (search then runs keyword only, flagged) if it cannot load."""
    global _load_error
    if not semantic_enabled():
        _load_error = "semantic search is switched off (DKB_SEMANTIC)"
        return None
    try:
        return WordLlamaEmbedder()
    except Exception as error:  # noqa: BLE001  (any failure to load means keyword-only search)
        _load_error = f"{type(error).__name__}: {error}"
        log.warning("semantic search is off: the embedding model did not load: %s", _load_error)
        return None


def load_error() -> str:
    """Why the model is not loaded ('' when it is)."""
    return _load_error


class VectorCache:
    """Vectors by sha256(model, text) in a small SQLite file, so a reindex does not recompute them."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    @staticmethod
    def key(model_id: str, text: str) -> str:
        """The cache key of one text under one model."""
        return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()

    def vectors(self, embedder: Embedder, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for texts: cached ones read back, the rest computed once and stored."""
        keys = [self.key(embedder.model_id, t) for t in texts]
        found: dict[str, list[float]] = {}
        with self._lock, self._connect() as db:
            blobs: dict[str, bytes] = {}
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                blobs.update(db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk))
            found = dict(zip(blobs, _rounded(list(blobs.values()), embedder.dimensions), strict=True))
            missing = list({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
            self.hits += len(keys) - len(missing)
            self.misses += len(missing)
            if missing:
                computed = embedder.embed([t for _, t in missing])
                rows = []
                for (key, _), vector in zip(missing, computed, strict=True):
                    found[key] = vector
                    rows.append((key, array.array("f", vector).tobytes()))
                db.executemany("INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", rows)
        return [found[k] for k in keys]


def _rounded(blobs: list[bytes], dimensions: int) -> list[list[float]]:
    """Stored float32 vectors back as the 6-decimal floats the embedder gave.

    Vectorised `round(x, 6)`: a stored value lies within float32 precision of a 6-decimal number,
    so x * 1e6 is within 0.1 of an integer k, and k / 1e6 (a correctly rounded division) is the
    same double as Python's round(x, 6).
    """
    if not blobs:
        return []
    import numpy as np

    widened = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), dimensions).astype(np.float64)
    rounded: list[list[float]] = (np.rint(widened * 1e6) / 1e6).tolist()
    return rounded


@cache
def vector_cache(path: Path) -> VectorCache:
    """One cache object per file and process."""
    return VectorCache(path)
