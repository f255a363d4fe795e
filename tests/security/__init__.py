"""Regression tests for known classes of CORS vulnerabilities."""
