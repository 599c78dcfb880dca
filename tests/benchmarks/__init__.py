"""Benchmarks: a synthetic chain generator and `python -m tests.benchmarks`."""
