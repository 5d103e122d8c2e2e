"""Benchmarks: python -m bench.<app>."""
