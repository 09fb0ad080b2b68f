"""Alembic migrations of the knowledge base, configured from code (``extractor.store.migrate``).

``extractor db upgrade`` (or ``store.connect``) runs them; no ``alembic.ini`` is needed.
A new revision goes in ``versions/`` as ``NNNN_what.py`` with ``down_revision`` set to the
previous one; the schema it reaches must equal ``extractor/store/schema.py`` (a test checks).
"""
