"""DynamoDB calls counted by the client's own event hooks (botocore's before-call event), not by reading the code."""

from __future__ import annotations

from typing import Any


class DynamoCalls:
    """The names of the DynamoDB API calls a client makes (GetItem, TransactWriteItems, …), in order."""

    def __init__(self, client: Any) -> None:
        self.names: list[str] = []
        client.meta.events.register("before-call.dynamodb", self._count)

    def _count(self, model: Any, **_: Any) -> None:
        self.names.append(model.name)

    def take(self) -> list[str]:
        """The calls made since the last take."""
        taken, self.names = self.names, []
        return taken
