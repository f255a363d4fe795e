"""The fuzz target, its corpus and its replay (see cors_fuzz_target.py)."""
