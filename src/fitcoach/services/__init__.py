"""Application services: plain functions over a SQLAlchemy session and ids, called by pages and the API.

A service validates its input (raising ``InvalidInput`` naming the field), does the work through the
store's repositories and the domain, and commits its own writes.
"""
