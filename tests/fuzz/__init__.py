"""Fuzz targets, one per parser (PO, TMX, TBX, glossary TSV); see ``common.py`` for how to run them."""
