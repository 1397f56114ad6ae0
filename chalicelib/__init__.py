"""双拥填报: everything behind app.py."""
