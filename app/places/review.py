"""The review list: place mentions left unresolved, and editors' corrections that are remembered."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.events import service as events_service
from app.events.models import ConflictEvent
from app.places import resolver, world, world_regions
from app.places import service as places_service
from app.places.gazetteer import GazetteerPlace
from app.places.gazetteer import load as load_gazetteer
from app.places.models import PlaceCorrection


@dataclass(frozen=True)
class Candidate:
    """A place an editor may pin a name on: code, name and where it lies."""

    code: str
    name: str
    name_uk: str = ""
    raion: str = ""
    region_code: str = ""


def _candidate(place: GazetteerPlace) -> Candidate:
    return Candidate(place.code, place.name, place.name_uk, place.raion, place.region_code)


def _world_candidates(name: str, region_code: str) -> tuple[list[Candidate], float]:
    """Places outside Ukraine a name nearly matches, in its region first, then in its country."""
    country = region_code.split("-", 1)[0]
    result = world.resolve(name, country=country, region_code=region_code)
    places = list(result.candidates) or [p for p, _ in world.load().fuzzy(name, country=country, limit=8)]
    allowed = set(world_regions.members(region_code))
    places.sort(key=lambda p: (p.region_code not in allowed, p.name))
    return [Candidate(p.code, p.name, region_code=p.region_code) for p in places], result.score


@dataclass
class UnresolvedMention:
    """One name as written in one region that no place was pinned on, with its candidates."""

    name: str
    region_code: str
    count: int
    event_ids: list[int] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    score: float = 0.0


def unresolved(session: Session) -> list[UnresolvedMention]:
    """Unresolved mentions grouped by name and region, most frequent first."""
    events = session.exec(
        select(ConflictEvent)
        .where(col(ConflictEvent.place_code).is_(None), ConflictEvent.place_status == "unresolved")
        .order_by(col(ConflictEvent.id))
    ).all()
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for event in events:
        assert event.id is not None
        groups[(event.place_as_written, event.region_code or "")].append(event.id)
    mentions = []
    for (name, region_code), ids in groups.items():
        if region_code and not region_code.startswith("UA-"):
            candidates, score = _world_candidates(name, region_code)
        else:
            result = resolver.resolve(name, region_code=region_code or None)
            # The resolver names candidates only when it nearly matched; a fuzzy search offers more.
            candidates = [_candidate(p) for p in result.candidates] or [
                _candidate(place)
                for place, _, _ in load_gazetteer().fuzzy(name, region_code=region_code or None, limit=5, cutoff=60)
            ]
            score = result.score
        mentions.append(UnresolvedMention(name, region_code, len(ids), ids, candidates[:5], score))
    return sorted(mentions, key=lambda m: (-m.count, m.region_code, m.name))


def correct(
    session: Session, *, name: str, region_code: str, place_code: str | None, decided_by: str = "", note: str = ""
) -> int:
    """Remember an editor's decision and apply it to every matching event; return how many changed."""
    if place_code is not None:
        place_code = places_service.store_place(session, code=place_code).code
    key = resolver.name_key(name)
    correction = session.exec(
        select(PlaceCorrection).where(PlaceCorrection.name_key == key, PlaceCorrection.region_code == region_code)
    ).first() or PlaceCorrection(name_key=key, region_code=region_code)
    correction.place_code, correction.decided_by, correction.note = place_code, decided_by, note
    session.add(correction)
    changes = events_service.EventChanges()
    events = session.exec(select(ConflictEvent).where(ConflictEvent.region_code == (region_code or None))).all()
    for event in events:
        if resolver.name_key(event.place_as_written) != key:
            continue
        changes.merge(
            events_service.set_place_resolution(session, event=event, place_code=place_code, method="correction")
        )
    session.commit()
    events_service.refresh_links(session, changes=changes)
    return len(changes.updated)


@dataclass
class AmbiguousMatch:
    """A name the resolver matched automatically although several settlements share it."""

    name: str
    region_code: str
    count: int
    place_code: str
    event_ids: list[int] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


def ambiguous(session: Session, *, limit: int = 200) -> list[AmbiguousMatch]:
    """Automatic matches among namesakes, for an editor to confirm or change."""
    events = session.exec(
        select(ConflictEvent)
        .where(col(ConflictEvent.place_code).is_not(None), col(ConflictEvent.place_same_name_count) > 1)
        .where(ConflictEvent.place_method != "correction")
        .order_by(col(ConflictEvent.id))
    ).all()
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for event in events:
        assert event.id is not None and event.place_code is not None
        groups[(event.place_as_written, event.region_code or "", event.place_code)].append(event.id)
    gazetteer = load_gazetteer()
    matches = []
    for (name, region_code, place_code), ids in list(groups.items())[:limit]:
        abroad = world.load().get(place_code)
        if abroad is not None:
            found = world.resolve(name, country=abroad.country, region_code=region_code or None)
            ordered = sorted(found.candidates, key=lambda p: p.code != place_code)
            candidates = [Candidate(p.code, p.name, region_code=p.region_code) for p in ordered]
        else:
            current = gazetteer.get(place_code)
            namesakes = [place for place, _ in gazetteer.exact(name, region_code=region_code or None)]
            ordered_ua = ([current] if current else []) + [p for p in namesakes if p.code != place_code]
            candidates = [_candidate(p) for p in ordered_ua]
        matches.append(AmbiguousMatch(name, region_code, len(ids), place_code, ids, candidates[:8]))
    return sorted(matches, key=lambda m: (-m.count, m.region_code, m.name))
