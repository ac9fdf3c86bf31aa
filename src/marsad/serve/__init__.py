"""The news site: JSON API, right-to-left web pages and feeds over one marsad database.

``create_app(db_path)`` builds the ASGI application; ``marsad serve`` runs it with uvicorn.
"""

from marsad.serve.app import create_app

__all__ = ["create_app"]
