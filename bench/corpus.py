"""A generated corpus for the scale benchmark: MoD-style bulletins and articles from real gazetteer names.

Bulletins follow the seed (content/bulletins/2026-01-04-russian-mod-daily-report.txt): a dateline,
one paragraph per group of forces listing places "near A, B and C (X region)", loss figures and
cumulative totals, so they go through the real parser and resolver. Place names are the
gazetteer's Russian-style spellings of real settlements of front-line regions; a few places per
region recur often (as front-line villages do), so an article naming them gathers 1,000+ links.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.places.gazetteer import Gazetteer, GazetteerPlace

# Region as the MoD writes it, with the groups of forces that report there.
REGIONS = {
    "UA-59": ("Sumy region", ["Sever"]),
    "UA-63": ("Kharkov region", ["Sever", "Zapad"]),
    "UA-09": ("Lugansk People’s Republic", ["Zapad", "Yug"]),
    "UA-14": ("Donetsk People’s Republic", ["Yug", "Tsentr", "Vostok"]),
    "UA-12": ("Dnepropetrovsk region", ["Tsentr", "Vostok"]),
    "UA-23": ("Zaporozhye region", ["Vostok", "Dnepr"]),
    "UA-65": ("Kherson region", ["Dnepr"]),
}
GROUPS = ["Sever", "Zapad", "Yug", "Tsentr", "Vostok", "Dnepr"]
START = date(2022, 3, 1)
HOT_PER_REGION = 12  # places named in most bulletins of their region
TOPICS = ["armed-conflict", "forced-displacement", "internally-displaced-persons", "evacuation",
          "ihl", "distinction-and-protection-of-civilians", "humanitarian-access", "host-communities"]  # fmt: skip
WORDS = ("shelling evacuation convoy humanitarian corridor shelter displaced families returnees housing "
         "water electricity school hospital registration assistance protection winter heating "
         "mines checkpoint border crossing transit centre collective centre volunteers").split()  # fmt: skip


@dataclass(frozen=True)
class Corpus:
    """What was written: counts, and the slug of the article that names the busiest places."""

    bulletins: int
    events: int
    articles: int
    hot_article: str
    first_day: date
    last_day: date


def _spelling(place: GazetteerPlace) -> str:
    """The Russian-style Latin spelling an MoD bulletin would use (else the official name)."""
    for variant in place.variants:
        if variant.isascii() and " " not in variant.strip() and variant[:1].isupper():
            return variant
    return place.name


def _unique_in_region(gazetteer: Gazetteer, place: GazetteerPlace) -> bool:
    return len(gazetteer.exact(place.name, region_code=place.region_code)) == 1


def region_places(gazetteer: Gazetteer, rng: random.Random) -> dict[str, list[GazetteerPlace]]:
    """For each region, villages with a usable spelling; the first HOT_PER_REGION are the busy ones."""
    chosen: dict[str, list[GazetteerPlace]] = {}
    for code in REGIONS:
        places = [p for p in gazetteer.in_region(code) if p.category in "CTX" and _unique_in_region(gazetteer, p)]
        rng.shuffle(places)
        chosen[code] = places[:400]
    return chosen


def _join(names: list[str]) -> str:
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def bulletin_text(day: date, rng: random.Random, places: dict[str, list[GazetteerPlace]], events: int) -> str:
    """One MoD daily report of about `events` place mentions."""
    lines = [day.strftime("%B %-d, %Y"), "",
             f"Russian Ministry of Defense: up to {rng.randint(800, 1500):,} Ukrainian casualties in the last day",
             "", "Russian Defence Ministry on progress of special military operation as of "
             f"{day.day} {day.strftime('%B %Y')}", "",
             "🪖 The Armed Forces of the Russian Federation continue the special military operation.", ""]  # fmt: skip
    left = events
    groups = GROUPS[:]
    rng.shuffle(groups)
    for index, group in enumerate(groups):
        if left <= 0:
            break
        count = left if index == len(groups) - 1 else min(left, rng.randint(4, 9))
        regions = [code for code, (_, g) in REGIONS.items() if group in g]
        parts = []
        while count > 0:
            code = rng.choice(regions)
            pool = places[code]
            take = min(count, rng.randint(2, 5))
            picks = {(pool[rng.randrange(HOT_PER_REGION)] if rng.random() < 0.35 else rng.choice(pool)).code: None
                     for _ in range(take)}  # fmt: skip
            names = [_spelling(next(p for p in pool if p.code == c)) for c in picks]
            parts.append(f"{_join(names)} ({REGIONS[code][0]})")
            count -= take
        left -= sum(part.count(",") + 1 for part in parts)
        near = ", ".join(parts)
        lines += [f"📍 The {group} Group of Forces improved the tactical situation. Losses were inflicted on "
                  f"formations of {rng.randint(1, 4)} mechanised brigades of the AFU near {near}.", "",
                  f"▪️ The AFU losses amounted to up to {rng.randint(20, 450)} troops, "
                  f"{rng.randint(1, 12)} motor vehicles, and {rng.randint(1, 5)} field artillery guns.",
                  ""]  # fmt: skip
    lines += ["🎯 Air defence units shot down " f"{rng.randint(1, 9)} guided aerial bombs and "
              f"{rng.randint(20, 300)} fixed-wing unmanned aerial vehicles.", "",
              "📊 In total, since the beginning of the special military operation, the enemy has lost", "",
              f"▫️ {rng.randint(600, 700)} aircraft, ", "", f"▫️ {rng.randint(20000, 27000):,} tanks and other "
              "armoured fighting vehicles.", ""]  # fmt: skip
    return "\n".join(lines)


def article_text(index: int, day: date, rng: random.Random, places: dict[str, list[GazetteerPlace]],
                 *, hot: bool = False, last_day: date | None = None) -> tuple[str, str]:  # fmt: skip
    """(slug, Markdown) of one article about one or two regions and a few of their places."""
    codes = ["UA-14"] if hot else rng.sample(sorted(REGIONS), rng.choice([1, 1, 2]))
    named = [p for code in codes for p in (places[code][:6] if hot else rng.sample(places[code], 3))]
    slug = "bench-busiest-front-line-places" if hot else f"bench-article-{index:05d}"
    title = "The busiest front-line villages" if hot else f"Displacement report {index}: {named[0].name} and around"
    body = "\n\n".join(
        " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + f" near {rng.choice(named).name}."
        for _ in range(6)
    )
    context = f"context: {{from: {START.isoformat()}, to: {last_day.isoformat()}}}\n" if hot and last_day else ""
    text = (
        f'---\ntitle: "{title}"\nsummary: "Generated for the scale benchmark ({", ".join(codes)})."\n'
        f"published: {day.isoformat()}\ntopics: [{', '.join(rng.sample(TOPICS, 2))}]\n"
        f"regions: [{', '.join(codes)}]\nplaces: [{', '.join(p.name for p in named)}]\n{context}"
        f"status: published\n---\n\n{body}\n"
    )
    return slug, text


def write(directory: Path, *, events: int, articles: int, seed: int = 11, per_bulletin: int = 40) -> Corpus:
    """Write bulletins/ and articles/ under directory; two bulletins a day from START."""
    from app.places.gazetteer import load

    rng = random.Random(seed)
    places = region_places(load(), rng)
    (directory / "bulletins").mkdir(parents=True, exist_ok=True)
    (directory / "articles").mkdir(parents=True, exist_ok=True)
    count = max(1, round(events / per_bulletin))
    written = 0
    for number in range(count):
        day = START + timedelta(days=number // 2)
        size = min(per_bulletin, events - written) if number < count - 1 else events - written
        text = bulletin_text(day, rng, places, size)
        (directory / "bulletins" / f"{day.isoformat()}-{number % 2}-mod.txt").write_text(text, encoding="utf-8")
        written += size
    last = START + timedelta(days=(count - 1) // 2)
    span = (last - START).days
    for number in range(articles):
        day = START + timedelta(days=rng.randint(0, max(span, 0)))
        slug, text = article_text(number, day, rng, places, hot=number == 0, last_day=last)
        (directory / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
    hot = "bench-busiest-front-line-places"
    return Corpus(count, events, articles, hot, START, last)
