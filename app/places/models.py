"""Regions and places that events and articles are resolved to."""

from sqlmodel import Field, SQLModel


class Region(SQLModel, table=True):
    """An admin-1 region, keyed by its ISO 3166-2 code (e.g. UA-63)."""

    code: str = Field(primary_key=True, max_length=8)
    name: str = Field(max_length=100)
    name_uk: str = Field(default="", max_length=100)
    name_ru: str = Field(default="", max_length=100)
    country: str = Field(default="UA", max_length=2)


class Place(SQLModel, table=True):
    """A settlement from the gazetteer, stored once something refers to it."""

    code: str = Field(primary_key=True, max_length=32)  # KATOTTG code; GN-<geonameid> or CAMP-<slug> elsewhere
    name: str = Field(max_length=200)  # official romanisation
    name_uk: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=8)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=8)
    raion: str = Field(default="", max_length=200)
    hromada: str = Field(default="", max_length=200)
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    country: str = Field(default="UA", max_length=2, index=True, sa_column_kwargs={"server_default": "UA"})


class PlaceCorrection(SQLModel, table=True):
    """An editor's decision on a name as written in a region, remembered for next time."""

    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(index=True, max_length=200)  # folded name as written
    region_code: str = Field(default="", max_length=8)
    place_code: str | None = Field(default=None, max_length=32)  # None: not a settlement
    note: str = Field(default="", max_length=500)
    decided_by: str = Field(default="", max_length=100)
