"""Path parameters of region and place routes, bounded so no client value reaches the database unchecked."""

from typing import Annotated

from fastapi import Path

RegionCode = Annotated[str, Path(min_length=2, max_length=8, description="ISO 3166-2 code of the region, e.g. UA-63")]
PlaceCode = Annotated[
    str, Path(min_length=1, max_length=32, description="Place id (KATOTTG code for Ukraine), e.g. UA63120070010061374")
]
