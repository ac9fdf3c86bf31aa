"""Explanations that read across stages: an article with its copies, story and related
articles, and the copy / same-story decision between two stored articles."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from marsad.store.base import Store, StoredArticle


class NotFound(LookupError):
    """No stored article has that id or URL."""


def load(store: Store, id_or_url: str) -> StoredArticle:
    """A stored article by id or URL, or :class:`NotFound`."""
    stored = store.get_article(id_or_url)
    if stored is None:
        raise NotFound(f"no stored article with id or URL {id_or_url!r}")
    return stored


def describe_article(store: Store, id_or_url: str) -> dict[str, Any]:
    """The article as JSON, with its copy group, story and related articles spelled out."""
    stored = load(store, id_or_url)
    relations = stored.relations
    canonical = (relations.get("copy_of") or [stored.id])[0]
    copies = [i for i in store.relation_sources(canonical, "copy_of") if i != stored.id]
    if canonical != stored.id:
        copies = [canonical, *copies]
    story_id = (relations.get("story") or [None])[0]
    story_members = store.relation_sources(story_id, "story") if story_id else []
    data = stored.to_dict()
    data["copy_group"] = {"canonical": canonical, "is_canonical": canonical == stored.id, "copies": copies}
    data["story"] = {"id": story_id, "articles": story_members} if story_id else None
    data["related"] = [_brief(store, i) for i in relations.get("related", [])]
    data["read_also"] = [_brief(store, i) for i in relations.get("read_also", [])]
    return data


def _brief(store: Store, article_id: str) -> dict[str, Any]:
    stored = store.get_article(article_id)
    if stored is None:
        return {"id": article_id}
    article = stored.article
    return {
        "id": article_id,
        "title": article.title,
        "source": article.source,
        "published_date": article.published.day.isoformat() if article.published else None,
    }


def compare_articles(store: Store, a: str, b: str, *, semantic: bool = False) -> dict[str, Any]:
    """``copy``, ``same_story`` or ``different`` for two stored articles, with scores and why."""
    from marsad.dedup.explain import compare

    first, second = load(store, a), load(store, b)
    result = compare(first.article, second.article, semantic=semantic)
    data = asdict(result)
    data["a"], data["b"] = _brief(store, first.id), _brief(store, second.id)
    return data
