"""Enrichment of articles: named entities, keywords, topics and summaries.

Each concern lives in its own module (``marsad.enrich.ner``, ``keywords``, ``topic``,
``summary``); :func:`marsad.enrich.apply.enrich_article` runs them all.
"""
