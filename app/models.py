"""Registry of every table, for Alembic and for create-all in tests."""

from app.articles.models import Article, ArticleCountry, ArticlePlace, ArticleRegion, ArticleRevision, ArticleTopic
from app.bulletins.models import Bulletin, BulletinSource, FeedEntry
from app.events.models import ConflictEvent, FigureClaim
from app.links.models import ArticleEventLink
from app.places.models import Place, PlaceCorrection, Region
from app.topics.models import Topic
from app.users.models import ApiToken, AuditEntry, LoginAttempt, User, UserSession
from search.models import SearchOutbox

__all__ = [
    "ApiToken",
    "AuditEntry",
    "LoginAttempt",
    "User",
    "UserSession",
    "Article",
    "ArticleEventLink",
    "ArticlePlace",
    "ArticleCountry",
    "ArticleRegion",
    "ArticleRevision",
    "ArticleTopic",
    "Bulletin",
    "BulletinSource",
    "ConflictEvent",
    "FeedEntry",
    "FigureClaim",
    "Place",
    "PlaceCorrection",
    "Region",
    "SearchOutbox",
    "Topic",
]
