"""Reference data every command needs: regions and the topic taxonomy."""

from sqlmodel import Session

from app.config import get_settings
from app.places import service as places_service
from app.topics import service as topics_service


def reference_data(session: Session) -> None:
    """Load regions and topics (idempotent)."""
    places_service.ensure_regions(session)
    topics_service.load_taxonomy(session, path=get_settings().content_dir / "topics.yml")
