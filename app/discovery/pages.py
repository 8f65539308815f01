"""Search results page."""

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import SearchDep, SessionDep
from app.discovery import service
from app.topics import service as topics_service
from app.web.templating import render
from search.query import SearchFilters

router = APIRouter()
PAGE_SIZE = 20


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, session: SessionDep, runtime: SearchDep, q: str = "", type: str = "",
    topic: str = "", region: str = "", date_from: str = "", date_to: str = "", sort: str = "relevance",
    page: int = 1,
) -> HTMLResponse:  # fmt: skip
    """One result list over articles and events, with facets and pages."""
    page = max(page, 1)
    kind = type if type in {"article", "event"} else None
    order = sort if sort in {"relevance", "newest"} else "relevance"
    filters = SearchFilters(kind, topic or None, region.upper() or None, _date(date_from), _date(date_to), order)
    result = service.search(
        session, runtime, q=q[:500], filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    topic_names = {t.slug: t.name for t in topics_service.list_topics(session)}
    pages = max(1, -(-min(result.total, 500) // PAGE_SIZE))
    params = {
        "q": q,
        "type": type,
        "topic": topic,
        "region": region,
        "date_from": date_from,
        "date_to": date_to,
        "sort": order,
    }
    return render(request, "search.html", {
        "result": result, "hits": service.group_sentences(result.hits), "params": params, "page": page,
        "pages": pages, "topic_names": topic_names,
    })  # fmt: skip
