"""What one article brings with it on its page and in the API: copies, related items, story.

Enrichment and clustering are produced by other stages; every section here is built only from
data that exists (``extra["entities"]``, ``extra["keywords"]``, ``extra["topic"]``, relations
``read_also``, ``related``, ``copy_of``, ``story``) and is empty otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.models import Provenance
from marsad.serve.formatting import iso_utc
from marsad.serve.queries import entities_of_article, get_articles, story_of, topic_of_article
from marsad.store import SqliteStore, StoredArticle

MAX_RELATED = 8


@dataclass(slots=True)
class ArticleContext:
    """An article plus the articles and facts shown around it."""

    stored: StoredArticle
    read_also: list[StoredArticle] = field(default_factory=list)
    copies: list[StoredArticle] = field(default_factory=list)
    other_urls: list[str] = field(default_factory=list)
    story_id: str | None = None
    entities: list[dict[str, str]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    topic: str | None = None


def build_context(store: SqliteStore, stored: StoredArticle) -> ArticleContext:
    """Gather related articles (``read_also`` then ``related``), copies and enrichment."""
    rel = stored.relations
    related_ids = _unique([*rel.get("read_also", []), *rel.get("related", []), *rel.get("related_of", [])])
    copy_ids = _copy_group(store, stored)
    wanted = _unique([*related_ids, *copy_ids])
    found = get_articles(store, [i for i in wanted if i != stored.id])
    read_also = [found[i] for i in related_ids if i in found and i not in copy_ids][:MAX_RELATED]
    copies = [found[i] for i in copy_ids if i in found]
    own_url = stored.article.url
    other_urls = _unique([p.url for p in stored.provenances if p.url and p.url != own_url])
    return ArticleContext(
        stored=stored,
        read_also=read_also,
        copies=copies,
        other_urls=other_urls,
        story_id=story_of(stored),
        entities=entities_of_article(store, stored),
        keywords=keywords_of(stored),
        topic=topic_of_article(store, stored) or topic_of(stored),
    )


def _copy_group(store: SqliteStore, stored: StoredArticle) -> list[str]:
    """Ids of the other articles in this article's near-duplicate group."""
    canonical = stored.relations.get("copy_of", [])
    ids = [*canonical, *stored.relations.get("copy_of_by", [])]
    for head in canonical:
        ids += [
            row[0]
            for row in store.conn.execute(
                "SELECT src_id FROM relations WHERE kind = 'copy_of' AND dst_id = ? ORDER BY rowid", (head,)
            )
        ]
    return [i for i in _unique(ids) if i != stored.id]


def entities_of(stored: StoredArticle) -> list[dict[str, str]]:
    """Entities from enrichment as ``{"text", "type", "key"}`` (one per key), or ``[]``."""
    seen: dict[str, dict[str, str]] = {}
    for item in stored.article.extra.get("entities") or []:
        if isinstance(item, dict) and item.get("text"):
            key = str(item.get("key") or item["text"])
            seen.setdefault(key, {"text": str(item["text"]), "type": str(item.get("type") or ""), "key": key})
    return list(seen.values())


def keywords_of(stored: StoredArticle) -> list[str]:
    """Keywords from enrichment (strings or ``{"text": ...}`` objects), or ``[]``."""
    words = []
    for item in stored.article.extra.get("keywords") or []:
        text = item.get("text") if isinstance(item, dict) else item
        if isinstance(text, str) and text.strip():
            words.append(text)
    return _unique(words)


def topic_of(stored: StoredArticle) -> str | None:
    """The topic label from enrichment, or ``None``."""
    topic = stored.article.extra.get("topic")
    if isinstance(topic, dict):
        topic = topic.get("label")
    return topic if isinstance(topic, str) and topic else None


def article_summary_json(stored: StoredArticle) -> dict[str, Any]:
    """The list shape of an article: everything but the body, provenances and relations."""
    article = stored.article
    pub = article.published
    return {
        "id": stored.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "author": article.author,
        "language": article.language,
        "published_at": iso_utc(pub.at) if pub and pub.at else None,
        "published_date": pub.day.isoformat() if pub else None,
        "published_time": pub.time if pub else None,
        "date_precision": pub.precision if pub else None,
        "date_raw": pub.raw if pub else None,
        "updated_at": iso_utc(article.updated.at) if article.updated and article.updated.at else None,
        "first_seen_at": _utc_text(stored.first_seen_at),
        "tags": list(article.tags),
        "summary": article.summary,
        "topic": topic_of(stored),
        "story_id": story_of(stored),
    }


def article_detail_json(context: ArticleContext) -> dict[str, Any]:
    """The full shape of one article: body, provenances, entities, copies, related, story."""
    stored = context.stored
    data = article_summary_json(stored)
    data.update(
        {
            "body": list(stored.article.body),
            "topic": context.topic,
            "entities": context.entities,
            "keywords": context.keywords,
            "provenances": [_provenance_json(p) for p in stored.provenances],
            "relations": stored.relations,
            "read_also": [_link_json(s) for s in context.read_also],
            "copies": [_link_json(s) for s in context.copies],
        }
    )
    return data


def _link_json(stored: StoredArticle) -> dict[str, Any]:
    pub = stored.article.published
    return {
        "id": stored.id,
        "title": stored.article.title,
        "source": stored.article.source,
        "url": stored.article.url,
        "published_date": pub.day.isoformat() if pub else None,
    }


def _provenance_json(p: Provenance) -> dict[str, Any]:
    return {
        "file": p.file,
        "url": p.url,
        "format": p.format,
        "fetched_at": iso_utc(p.fetched_at) if p.fetched_at and p.fetched_at.tzinfo else None,
        "position": p.position,
    }


def _utc_text(value: str) -> str:
    return value.replace("+00:00", "Z")


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
