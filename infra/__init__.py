"""The cloud: the stack's own resources (resources.json) and the package / deploy / destroy commands."""
