"""How events read: always as a claim by someone, with the name readers know beside the name as written."""

from typing import Protocol

SHORT_CLAIMANTS = {
    "Russian Ministry of Defence": "Russian MoD",
    "Russian Ministry of Defense": "Russian MoD",
    "General Staff of the Armed Forces of Ukraine": "Ukrainian General Staff",
    "Ukrainian General Staff": "Ukrainian General Staff",
    "Institute for the Study of War": "ISW",
}
# "<claimant> claims <phrase> <place>": the phrase each action takes.
ACTION_PHRASES = {
    "losses_inflicted": "losses inflicted near",
    "took_control": "control taken of",
    "liberated": "control taken of",
    "captured": "control taken of",
    "advanced": "an advance near",
    "repelled": "an attack repelled near",
    "attack_repelled": "an attack repelled near",
    "repelled_attack": "an attack repelled near",
    "repelled_assault": "an assault repelled near",
    "strike": "a strike on",
    "shelling": "shelling of",
    "attack": "an attack on",
    "killed": "civilians killed in",
    "injured": "civilians injured in",
    "displacement": "displacement from",
    "evacuation": "an evacuation from",
    "mentioned": "activity at",
}


class Claim(Protocol):
    """What an event's wording reads (a ConflictEvent, or a row of its columns)."""

    @property
    def action(self) -> str: ...

    @property
    def claimant(self) -> str: ...

    @property
    def place_as_written(self) -> str: ...

    @property
    def region_as_written(self) -> str: ...


def claimant_label(claimant: str) -> str:
    """A claimant's short name (Russian MoD, Ukrainian General Staff, OCHA ...)."""
    return SHORT_CLAIMANTS.get(claimant, claimant or "Unknown claimant")


def place_label(event: Claim, *, place_name: str | None = None) -> str:
    """The resolved current name with the name as written beside it when they differ."""
    written = event.place_as_written
    if place_name and place_name.casefold() != written.casefold():
        return f"{place_name} ({written})"
    return place_name or written


def event_title(event: Claim, *, place_name: str | None = None, region_name: str | None = None) -> str:
    """'Russian MoD claims losses inflicted near Zolochiv (Zolochev), Kharkiv'."""
    phrase = ACTION_PHRASES.get(event.action, f"{event.action.replace('_', ' ')} at")
    region = region_name or event.region_as_written
    where = place_label(event, place_name=place_name)
    if region and region.casefold() != where.casefold():
        where = f"{where}, {region}"
    return f"{claimant_label(event.claimant)} claims {phrase} {where}"
