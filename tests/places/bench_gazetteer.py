"""Gazetteer speed (run by `make bench`, never by the tests): load time and prefix search."""

import statistics
import time

from app.places.gazetteer import load, read

QUERIES = ["Konst", "Pokr", "Zap", "Kharkov", "Харків", "Vovchanks", "ky", "Novopavl", "Lym"]


def main() -> None:
    """Print how long a cold load and a search take."""
    loads = []
    for _ in range(3):
        start = time.perf_counter()
        read()
        loads.append(time.perf_counter() - start)
    gazetteer = load()
    for query in QUERIES:  # warm the indexes
        gazetteer.search(query)
        gazetteer.search(query, region_code="UA-14")
    start = time.perf_counter()
    for _ in range(20):
        for query in QUERIES:
            gazetteer.search(query)
            gazetteer.search(query, region_code="UA-14")
    per_call_ms = (time.perf_counter() - start) / (20 * 2 * len(QUERIES)) * 1000
    print(f"gazetteer load:    {statistics.median(loads) * 1000:,.0f} ms (median of 3; target < 1,000)")
    print(f"gazetteer search:  {per_call_ms:.2f} ms per call (target < 5)")


if __name__ == "__main__":
    main()
