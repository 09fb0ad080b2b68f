"""Revision scripts, applied in ``down_revision`` order."""
