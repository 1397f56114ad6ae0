"""Measurements (not tests): run each module with `.venv/bin/python -m bench.<name>`."""
