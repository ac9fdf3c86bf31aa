"""Enrichment of articles: named entities, keywords, topics and summaries.

Each concern lives in its own module (``marsad.enrich.ner`` and so on); import from there.
"""
