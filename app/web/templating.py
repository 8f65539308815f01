"""The Jinja environment: templates, filters and globals shared by every page."""

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.config import PROJECT_ROOT
from app.events.wording import claimant_label
from app.places import regions as regions_table

templates = Jinja2Templates(directory=str(PROJECT_ROOT / "app" / "templates"))


def _date(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else "date unknown"


def _region_name(code: str) -> str:
    return regions_table.display_name(code) if code else code


templates.env.filters["date"] = _date
templates.env.filters["region_name"] = _region_name
templates.env.filters["thousands"] = lambda n: f"{n:,}"
templates.env.filters["claimant_label"] = claimant_label
templates.env.globals["today"] = date.today


def render(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> HTMLResponse:
    """Render a template with the request in its context."""
    return templates.TemplateResponse(request, name, context, status_code=status_code)
