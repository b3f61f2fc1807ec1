"""The web platform: FastAPI app with HTML pages and the ``/api/v1`` JSON API (``create_app``)."""
