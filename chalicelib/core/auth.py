"""Who is calling, and whether they may: decided here and nowhere else.

Tokens are bearer tokens, of three kinds:
- the owner token, configured as a SHA-256 hash (ADMIN_TOKEN_SHA256): the deployment's own
  credential, with everything the `admin` role may do;
- a staff member's, `sy2.<staff_id>.<secret>`: a named person of the county office, whose
  role (admin, reviewer, viewer) is kept with them;
- a reporter's, `sy1.<reporter_id>.<secret>`: a unit's reporter.
For staff and reporters only the SHA-256 of the secret is stored, so a leaked table does not
leak working tokens; the prefix says which record to read, so a check is one GetItem.
Revoking removes the hash, which locks the token out at once.

Each route declares the roles that may use it (`route` in app.py), from the named sets
below, so that app.py reads as a table. A route without a declaration is refused: access
fails closed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from chalicelib.core.errors import Forbidden, NotFound, Unauthenticated

if TYPE_CHECKING:
    from chalicelib.db.store import Store

REPORTER_PREFIX = "sy1"
STAFF_PREFIX = "sy2"
CREDENTIAL = re.compile(r"^(sy[12])\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$")


class Role(StrEnum):
    PUBLIC = "public"
    ADMIN = "admin"  # the owner token, and staff with the admin role
    REVIEWER = "reviewer"
    VIEWER = "viewer"
    REPORTER = "reporter"
    SYSTEM = "system"  # the app's own scheduled jobs, as the audit names them: no token is ever this role


ROLE_LABELS = {
    Role.PUBLIC: "公众",
    Role.ADMIN: "管理员",
    Role.REVIEWER: "审核员",
    Role.VIEWER: "查看",
    Role.REPORTER: "填报员",
    Role.SYSTEM: "系统",
}
STAFF_ROLES = (Role.ADMIN, Role.REVIEWER, Role.VIEWER)  # the roles a staff member may hold, in this order

# Who may call a route: app.py names one of these for each.
ANYONE = frozenset({Role.PUBLIC})
OFFICE_READ = frozenset(STAFF_ROLES)  # the county office's own reads and downloads: any staff role
SIGNED_IN = OFFICE_READ | {Role.REPORTER}  # reads a reporter makes too, of its own unit
OFFICE_COMPILE = frozenset({Role.ADMIN, Role.REVIEWER})  # asking for a summary to be compiled
REVIEWERS = frozenset({Role.ADMIN, Role.REVIEWER})  # reviewing reports (issue 14's review, to come)
OFFICE_WRITE = frozenset({Role.ADMIN})  # every other write as the county office
UNIT_WRITE = OFFICE_WRITE | {Role.REPORTER}  # a unit's writes: by its reporter, or by the office's admin
ACCESS_ADMIN = frozenset({Role.ADMIN})  # who holds a credential: staff and reporters, issued, listed, revoked

OWNER_NAME = "县双拥办（管理员令牌）"


@dataclass(frozen=True)
class Principal:
    role: Role
    actor: str  # what records keep as "who": "admin" for the owner token, else the staff or reporter id
    unit_id: str | None = None  # a reporter's unit
    name: str = ""  # the person, for histories: the staff member's name, the reporter's label, or OWNER_NAME

    @property
    def is_office(self) -> bool:
        """Staff of the county office, any role: they see every unit's records."""
        return self.role in OFFICE_READ

    @property
    def is_admin(self) -> bool:
        """May write as the county office: file for any unit, change a locked month."""
        return self.role is Role.ADMIN

    def require_unit(self, unit_id: str | None, what: str = "记录") -> None:
        """Reporters see their own unit's records only; others are 'not found', never shown."""
        if not self.is_office and unit_id != self.unit_id:
            raise NotFound(f"未找到该{what}")


ANONYMOUS = Principal(Role.PUBLIC, "anonymous")
OWNER = Principal(Role.ADMIN, "admin", name=OWNER_NAME)
SCHEDULE = Principal(Role.SYSTEM, "schedule", name="定时任务")  # who a scheduled job's writes are recorded as


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_credential(prefix: str) -> tuple[str, str, str]:
    """A new (holder id, token, stored hash)."""
    holder_id = secrets.token_urlsafe(12)
    secret = secrets.token_urlsafe(32)
    return holder_id, f"{prefix}.{holder_id}.{secret}", hash_secret(secret)


def new_reporter_token() -> tuple[str, str, str]:
    """A new (reporter_id, token, stored hash)."""
    return _new_credential(REPORTER_PREFIX)


def new_staff_token() -> tuple[str, str, str]:
    """A new (staff_id, token, stored hash)."""
    return _new_credential(STAFF_PREFIX)


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
        return OWNER
    found = CREDENTIAL.match(token)
    if not found:
        raise Unauthenticated()
    prefix, holder_id, secret = found.groups()
    if prefix == STAFF_PREFIX:
        member = _holder(store.staff.get(holder_id), secret)
        role = member.get("role")
        if role not in STAFF_ROLES:  # a stored role this code does not know opens nothing
            raise Unauthenticated()
        return Principal(Role(role), holder_id, name=str(member["name"]))
    reporter = _holder(store.reporters.get(holder_id), secret)
    return Principal(Role.REPORTER, holder_id, str(reporter["unit_id"]), str(reporter.get("label") or "填报员"))


def _holder(item: dict[str, Any] | None, secret: str) -> dict[str, Any]:
    """The credential's holder, if the secret matches its stored hash (a revoked holder has none)."""
    stored_hash = (item or {}).get("token_hash")
    if item is None or not stored_hash or not hmac.compare_digest(hash_secret(secret), str(stored_hash)):
        raise Unauthenticated()
    return item


def refusal(principal: Principal, roles: frozenset[Role]) -> str | None:
    """Why a signed-in caller may not use a route, in words they can act on."""
    if principal.is_office:
        return f"你的角色（{ROLE_LABELS[principal.role]}）不能进行此操作"
    if Role.REPORTER not in roles:
        return "只有县双拥办可以进行此操作"
    return None


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
            raise Forbidden(refusal(principal, roles))
        return principal
