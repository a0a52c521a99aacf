"""Benchmarks for altegio-client (`make bench`); not part of the package or the test suite."""
