"""Measurements, not tests: `make bench` runs them all; each module also runs alone (`python -m bench.<name>`).

Every figure is reported as a ratio to a floor measured in the same run."""
