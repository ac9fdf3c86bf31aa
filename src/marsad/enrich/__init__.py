"""Enrichment: keywords, topic, summary and named entities for parsed articles."""
