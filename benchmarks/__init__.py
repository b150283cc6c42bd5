"""termalign benchmarks: run them with ``python benchmarks/run.py`` (see benchmarks/README.md)."""
