"""marsad (مرصد): an Arabic news engine.

Raw pages in; clean, deduplicated, story-clustered, searchable articles out.
"""

import logging

from marsad.models import Article, Provenance, PublishedDate, RawDocument, Skip

__version__ = "0.1.0"
__all__ = ["Article", "Provenance", "PublishedDate", "RawDocument", "Skip", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
