"""Who is calling, and whether they may: decided here and nowhere else.

Tokens are bearer tokens. The admin's is configured as a SHA-256 hash. A
reporter's is `sy1.<reporter_id>.<secret>`; only the SHA-256 of the secret is
stored, so a leaked table does not leak working tokens. Revoking a reporter
removes the hash, which locks the token out at once.

Each route declares the roles that may use it (see `route` in app.py). A route
without a declaration is refused: access fails closed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from chalicelib.core.errors import Forbidden, NotFound, Unauthenticated

if TYPE_CHECKING:
    from chalicelib.db.store import Store

REPORTER_TOKEN = re.compile(r"^sy1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$")


class Role(StrEnum):
    PUBLIC = "public"
    ADMIN = "admin"
    REPORTER = "reporter"


ANYONE = frozenset({Role.PUBLIC})
ADMIN = frozenset({Role.ADMIN})
SIGNED_IN = frozenset({Role.ADMIN, Role.REPORTER})


@dataclass(frozen=True)
class Principal:
    role: Role
    actor: str  # "admin" or the reporter_id: what revisions record as "who"
    unit_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def require_unit(self, unit_id: str, what: str = "记录") -> None:
        """Reporters see their own unit's records only; others are 'not found', never shown."""
        if not self.is_admin and unit_id != self.unit_id:
            raise NotFound(f"未找到该{what}")


ANONYMOUS = Principal(Role.PUBLIC, "anonymous")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_reporter_token() -> tuple[str, str, str]:
    """A new (reporter_id, token, stored hash)."""
    reporter_id = secrets.token_urlsafe(12)
    secret = secrets.token_urlsafe(32)
    return reporter_id, f"sy1.{reporter_id}.{secret}", hash_secret(secret)


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(token: str | None, admin_token_sha256: str, store: Store) -> Principal:
    if not token:
        raise Unauthenticated()
    if admin_token_sha256 and hmac.compare_digest(hash_secret(token), admin_token_sha256):
        return Principal(Role.ADMIN, "admin")
    found = REPORTER_TOKEN.match(token)
    if not found:
        raise Unauthenticated()
    reporter_id, secret = found.groups()
    reporter = store.reporters.get(reporter_id)
    stored_hash = (reporter or {}).get("token_hash")
    if not stored_hash or not hmac.compare_digest(hash_secret(secret), str(stored_hash)):
        raise Unauthenticated()
    return Principal(Role.REPORTER, reporter_id, str(reporter["unit_id"]))  # type: ignore[index]


class AccessTable:
    """Which roles may use each route; filled as the routes are declared."""

    def __init__(self) -> None:
        self._roles: dict[tuple[str, str], frozenset[Role]] = {}

    def allow(self, method: str, path: str, roles: frozenset[Role]) -> None:
        self._roles[(method.upper(), path)] = roles

    def roles(self, method: str, path: str) -> frozenset[Role] | None:
        return self._roles.get((method.upper(), path))

    def routes(self) -> set[tuple[str, str]]:
        return set(self._roles)

    def authorize(self, method: str, path: str, authorization: str | None, admin_hash: str, store: Store) -> Principal:
        roles = self.roles(method, path)
        if roles is None:
            raise Forbidden()  # an undeclared route is closed
        if Role.PUBLIC in roles:
            return ANONYMOUS
        principal = authenticate(bearer_token(authorization), admin_hash, store)
        if principal.role not in roles:
            raise Forbidden("只有县双拥办可以进行此操作" if roles == ADMIN else None)
        return principal
