"""Robustness tests (issue 9); a package, so that its test modules may share a name with
those of tests/core (test_profiles.py)."""
