"""Renderers: DocSpec -> file bytes in one format."""
