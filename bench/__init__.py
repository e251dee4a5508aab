"""Benchmarks with a synthetic data generator (not part of the test run)."""
