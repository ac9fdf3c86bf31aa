"""Run the enrichment stages on an article: keyphrases, entities, topic, summary.

Each result is stored with the version of the model or rules that produced it, so a later
``marsad enrich`` can tell stale results from current ones. Every stage can be switched off.
Display text is never changed: results live in ``Article.extra`` (and ``summary`` when the
page gave none).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from marsad.models import Article

log = logging.getLogger(__name__)

STAGES = ("keywords", "entities", "topic", "summary")


@dataclass(frozen=True, slots=True)
class EnrichOptions:
    """Which stages run."""

    keywords: bool = True
    entities: bool = True
    topic: bool = True
    summary: bool = True

    @classmethod
    def without(cls, stages: tuple[str, ...] | list[str]) -> EnrichOptions:
        """All stages but those named (``--no-enrich-stage keywords``)."""
        unknown = set(stages) - set(STAGES)
        if unknown:
            raise ValueError(f"unknown enrichment stage(s): {', '.join(sorted(unknown))}; known: {', '.join(STAGES)}")
        return cls(**{name: name not in stages for name in STAGES})

    @property
    def any(self) -> bool:
        """True when at least one stage runs."""
        return self.keywords or self.entities or self.topic or self.summary


def enrich_article(article: Article, options: EnrichOptions | None = None) -> Article:
    """Add keyphrases, entities, topic and a summary to ``article`` (in place); return it."""
    options = options or EnrichOptions()
    arabic = article.language in ("ar", "und")
    if options.keywords and arabic:
        from marsad.enrich.keywords import KEYWORDS_VERSION, extract_keywords

        article.extra["keywords"] = extract_keywords(article.title, article.body)
        article.extra["keywords_version"] = KEYWORDS_VERSION
    if options.entities and arabic:
        article.extra.update(_entities(article))
    if options.topic and arabic:
        from marsad.enrich.topic import TOPIC_MODEL_VERSION, classify_topic

        label, confidence = classify_topic(article.title, article.body)
        article.extra["topic"] = {"label": label, "confidence": round(confidence, 4), "version": TOPIC_MODEL_VERSION}
    if options.summary and not article.summary:
        from marsad.enrich.summary import SUMMARY_VERSION, summarize

        summary = summarize(article.title, article.body)
        if summary:
            article.summary = summary
            article.extra["summary_version"] = SUMMARY_VERSION
    return article


def is_current(article: Article, options: EnrichOptions) -> bool:
    """True when every selected stage's stored result was made by the current model."""
    from marsad.enrich.keywords import KEYWORDS_VERSION
    from marsad.enrich.topic import TOPIC_MODEL_VERSION

    extra = article.extra
    checks = [
        (options.keywords, extra.get("keywords_version") == KEYWORDS_VERSION),
        (options.topic, (extra.get("topic") or {}).get("version") == TOPIC_MODEL_VERSION),
        (options.summary, bool(article.summary)),
    ]
    if options.entities:
        try:
            from marsad.enrich.ner import NER_MODEL_VERSION
        except ImportError:
            NER_MODEL_VERSION = None
        checks.append((True, NER_MODEL_VERSION is None or extra.get("entities_version") == NER_MODEL_VERSION))
    if article.language not in ("ar", "und"):
        return True  # the lexical stages are for Arabic; nothing to redo
    return all(ok for wanted, ok in checks if wanted)


def _entities(article: Article) -> dict[str, Any]:
    try:
        from marsad.enrich.ner import NER_MODEL_VERSION, extract_entities
    except ImportError:  # the NER model is optional at run time
        return {}
    found = []
    for field, text in (("title", article.title), ("body", article.text)):
        for entity in extract_entities(text):
            found.append(
                {
                    "text": entity.text,
                    "type": entity.type,
                    "key": entity.key,
                    "field": field,
                    "start": entity.start,
                    "end": entity.end,
                }
            )
    return {"entities": found, "entities_version": NER_MODEL_VERSION}
