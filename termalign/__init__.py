"""termalign: English–Indonesian sentence alignment, bilingual term extraction and terminology QA."""

__version__ = "0.1.0"
