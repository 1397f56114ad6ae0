"""Who is calling, and whether they may: decided here and nowhere else.

Tokens are bearer tokens, of three kinds:
- the owner token, configured as a SHA-256 hash (ADMIN_TOKEN_SHA256): the deployment's own
  credential, with everything the `admin` role may do, and alone the deployment's own routes
  (`DEPLOYMENT_OWNER`: the organisations above the county);
- a staff member's, `sy2.<staff_id>.<secret>`: a named person of the county office, whose
  role (admin, reviewer, viewer) is kept with them;
- a reporter's, `sy3.<reporter_id>.<unit_id>.<label>.<secret>` (the label base64url-encoded
  UTF-8, empty for none): a unit's reporter, the token naming the unit and the label it was
  issued for; tokens issued before it, `sy1.<reporter_id>.<secret>`, keep working.
For staff and reporters only the SHA-256 of the secret is stored, so a leaked table does not
leak working tokens; the prefix says which record to read, so a check is one GetItem.
Revoking removes the hash, which locks the token out at once.

A route may declare that its own write proves a reporter's token (`proven_by_write`: a
report's submission). Then an sy3 token is taken at its word for the route's roles, and the
check moves into the write's transaction (reports/service.py `proof`: the reporter exists, is not revoked,
holds this hash, unit and label), so the request makes one round trip; any answer but the
write's own first asks the table (`settle`), so an unconfirmed token hears nothing but 401.

Each route declares the roles that may use it (`route`, chalicelib/web/routes.py), from the named sets
below, so that each capability's routes.py reads as a table. A route without a declaration is refused: access
fails closed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

from chalicelib.core.errors import ApiError, Forbidden, NotFound, Unauthenticated
from chalicelib.core.models import UNIT_ID


class Holders(Protocol):
    def get(self, holder_id: str, /) -> dict[str, Any] | None: ...


class Credentials(Protocol):
    """What deciding access reads of the table: a staff member's or a reporter's credential (db/store.py)."""

    @property
    def staff(self) -> Holders: ...

    @property
    def reporters(self) -> Holders: ...


STAFF_PREFIX = "sy2"
REPORTER_PREFIX = "sy3"
CREDENTIAL = re.compile(r"^(sy[12])\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$")  # staff, and reporters' sy1
# A label is at most 40 characters, 160 bytes of UTF-8: 214 characters of base64url.
REPORTER_CREDENTIAL = re.compile(
    rf"^{REPORTER_PREFIX}\.([A-Za-z0-9_-]{{16}})\.({UNIT_ID})\.([A-Za-z0-9_-]{{0,214}})\.([A-Za-z0-9_-]{{43}})$"
)


class Role(StrEnum):
    PUBLIC = "public"
    ADMIN = "admin"  # the owner token, and staff with the admin role
    REVIEWER = "reviewer"
    VIEWER = "viewer"
    REPORTER = "reporter"
    SYSTEM = "system"  # the app's own scheduled jobs, as the audit names them: no token is ever this role
    OWNER = "owner"  # the deployment's owner token alone (`Principal.holds`): no stored credential holds it


ROLE_LABELS = {
    Role.PUBLIC: "公众",
    Role.ADMIN: "管理员",
    Role.REVIEWER: "审核员",
    Role.VIEWER: "查看",
    Role.REPORTER: "填报员",
    Role.SYSTEM: "系统",
    Role.OWNER: "部署所有者（管理员令牌）",
}
STAFF_ROLES = (Role.ADMIN, Role.REVIEWER, Role.VIEWER)  # the roles a staff member may hold, in this order

# Who may call a route: each route (chalicelib/<capability>/routes.py) names one of these.
ANYONE = frozenset({Role.PUBLIC})
OFFICE_READ = frozenset(STAFF_ROLES)  # the county office's own reads and downloads: any staff role
SIGNED_IN = OFFICE_READ | {Role.REPORTER}  # reads a reporter makes too, of its own unit
OFFICE_COMPILE = frozenset({Role.ADMIN, Role.REVIEWER})  # asking for a summary to be compiled
REVIEWERS = frozenset({Role.ADMIN, Role.REVIEWER})  # reviewing reports (issue 14's review, to come)
OFFICE_WRITE = frozenset({Role.ADMIN})  # every other write as the county office
UNIT_WRITE = OFFICE_WRITE | {Role.REPORTER}  # a unit's writes: by its reporter, or by the office's admin
ACCESS_ADMIN = frozenset({Role.ADMIN})  # who holds a credential: staff and reporters, issued, listed, revoked
# The deployment itself, above any county: the organisations' tree (issue 29). The owner token acts as an admin
# everywhere else, and a staff admin belongs to one county, so an admin's role opens none of these.
DEPLOYMENT_OWNER = frozenset({Role.OWNER})

# What each role may do on the county office's page, named as the page marks its controls (data-needs="write"):
# GET /me answers this table with the roles' labels and duties, so the page copies none of it.
PAGE_NEEDS = {"write": OFFICE_WRITE, "compile": OFFICE_COMPILE, "review": REVIEWERS}
ROLE_DUTIES = {
    Role.ADMIN: "全部操作，含登记人员",
    Role.REVIEWER: "审核报告、申请汇总",
    Role.VIEWER: "只查看和下载",
}


def role_table() -> list[dict[str, Any]]:
    """Every role a record may name (not the public, nor the owner: a token, never a record's role), in the order
    of ROLE_LABELS: its label, its duties (staff roles), whether a staff member may hold it, and what it may do on
    the county office's page (PAGE_NEEDS)."""
    return [
        {
            "role": role.value,
            "label": label,
            "duties": ROLE_DUTIES.get(role),
            "staff": role in STAFF_ROLES,
            "may": [need for need, roles in PAGE_NEEDS.items() if role in roles],
        }
        for role, label in ROLE_LABELS.items()
        if role not in (Role.PUBLIC, Role.OWNER)
    ]


OWNER_NAME = "县双拥办（管理员令牌）"
OWNER_ACTOR = "admin"  # what records keep as the owner token's "who"; staff and reporter ids are 16 characters


@dataclass(frozen=True)
class Claim:
    """What a reporter's sy3 token says of its holder, before the table has confirmed it."""

    reporter_id: str
    unit_id: str
    label: str
    token_hash: str


@dataclass(frozen=True)
class Principal:
    role: Role
    actor: str  # what records keep as "who": "admin" for the owner token, else the staff or reporter id
    unit_id: str | None = None  # a reporter's unit
    name: str = ""  # the person, for histories: the staff member's name, the reporter's label, or OWNER_NAME
    claim: Claim | None = None  # an sy3 token the table has not yet confirmed (on a route `proven_by_write`)

    @property
    def is_office(self) -> bool:
        """Staff of the county office, any role: they see every unit's records."""
        return self.role in OFFICE_READ

    @property
    def is_admin(self) -> bool:
        """May write as the county office: file for any unit, change a locked month."""
        return self.role is Role.ADMIN

    @property
    def is_owner(self) -> bool:
        """The deployment's owner token (ADMIN_TOKEN_SHA256), told apart from a staff admin by the id it acts as."""
        return self.role is Role.ADMIN and self.actor == OWNER_ACTOR

    def holds(self, roles: frozenset[Role]) -> bool:
        """Whether the caller may use a route open to `roles`: its own role, or the owner's own routes."""
        return self.role in roles or (self.is_owner and Role.OWNER in roles)

    def require_unit(self, unit_id: str | None, what: str = "记录") -> None:
        """Reporters see their own unit's records only; others are 'not found', never shown."""
        if not self.is_office and unit_id != self.unit_id:
            raise NotFound(f"未找到该{what}")


ANONYMOUS = Principal(Role.PUBLIC, "anonymous")
OWNER = Principal(Role.ADMIN, OWNER_ACTOR, name=OWNER_NAME)
SCHEDULE = Principal(Role.SYSTEM, "schedule", name="定时任务")  # who a scheduled job's writes are recorded as


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_credential(prefix: str) -> tuple[str, str, str]:
    """A new (holder id, token, stored hash)."""
    holder_id = secrets.token_urlsafe(12)
    secret = secrets.token_urlsafe(32)
    return holder_id, f"{prefix}.{holder_id}.{secret}", hash_secret(secret)


def new_reporter_token(unit_id: str, label: str) -> tuple[str, str, str]:
    """A new (reporter_id, token, stored hash) for a reporter of the unit, with this label."""
    reporter_id, secret = secrets.token_urlsafe(12), secrets.token_urlsafe(32)
    encoded = base64.urlsafe_b64encode(label.encode()).decode().rstrip("=")
    return reporter_id, f"{REPORTER_PREFIX}.{reporter_id}.{unit_id}.{encoded}.{secret}", hash_secret(secret)


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


def authenticate(
    token: str | None, admin_token_sha256: str, store: Credentials, proven_by_write: bool = False
) -> Principal:
    """The caller; with `proven_by_write`, a reporter's sy3 token as it claims to be (see the module's doc)."""
    if not token:
        raise Unauthenticated()
    if admin_token_sha256 and hmac.compare_digest(hash_secret(token), admin_token_sha256):
        return OWNER
    reporter = REPORTER_CREDENTIAL.match(token)
    if reporter:
        reporter_id, unit_id, label, secret = reporter.groups()
        claim = Claim(reporter_id, unit_id, _label(label), hash_secret(secret))
        claimed = Principal(Role.REPORTER, reporter_id, unit_id, claim.label or "填报员", claim)
        return claimed if proven_by_write else confirmed(claimed, store)
    found = CREDENTIAL.match(token)
    if not found:
        raise Unauthenticated()
    prefix, holder_id, secret = found.groups()
    if prefix == STAFF_PREFIX:
        member = _holder(store.staff.get(holder_id), hash_secret(secret))
        role = member.get("role")
        if role not in STAFF_ROLES:  # a stored role this code does not know opens nothing
            raise Unauthenticated()
        return Principal(Role(role), holder_id, name=str(member["name"]))
    item = _holder(store.reporters.get(holder_id), hash_secret(secret))
    return Principal(Role.REPORTER, holder_id, str(item["unit_id"]), str(item.get("label") or "填报员"))


def _label(encoded: str) -> str:
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        raise Unauthenticated() from None


def _holder(item: dict[str, Any] | None, token_hash: str) -> dict[str, Any]:
    """The credential's holder, if the token's hash is its stored hash (a revoked holder has none)."""
    stored_hash = (item or {}).get("token_hash")
    if item is None or not stored_hash or not hmac.compare_digest(token_hash, str(stored_hash)):
        raise Unauthenticated()
    return item


def confirmed(principal: Principal, store: Credentials) -> Principal:
    """The principal once the table confirms its claim (one GetItem): the reporter exists, is not revoked, and
    holds the token's hash, unit and label; else Unauthenticated."""
    claim = principal.claim
    if claim is None:
        return principal
    item = _holder(store.reporters.get(claim.reporter_id), claim.token_hash)
    if item.get("unit_id") != claim.unit_id or (item.get("label") or "") != claim.label:
        raise Unauthenticated()
    return replace(principal, claim=None)


def settle(error: ApiError, principal: Principal | None, store: Credentials) -> ApiError:
    """What a request that failed may be told: a claim the table has not confirmed hears 401 unless the table
    confirms it now, so a forged token never learns anything from a route's checks."""
    if principal is None or principal.claim is None or isinstance(error, Unauthenticated):
        return error
    try:
        confirmed(principal, store)
    except Unauthenticated as refused:
        return refused
    return error


def refusal(principal: Principal, roles: frozenset[Role]) -> str | None:
    """Why a signed-in caller may not use a route, in words they can act on."""
    if principal.is_office:
        return f"你的角色（{ROLE_LABELS[principal.role]}）不能进行此操作"
    if Role.REPORTER not in roles:
        return "只有县双拥办可以进行此操作"
    return None


class AccessTable:
    """Which roles may use each route, and which routes prove a reporter's token in their own write; filled as
    the routes are declared."""

    def __init__(self) -> None:
        self._roles: dict[tuple[str, str], frozenset[Role]] = {}
        self._proven_by_write: set[tuple[str, str]] = set()

    def allow(self, method: str, path: str, roles: frozenset[Role], proven_by_write: bool = False) -> None:
        self._roles[(method.upper(), path)] = roles
        if proven_by_write:
            self._proven_by_write.add((method.upper(), path))

    def roles(self, method: str, path: str) -> frozenset[Role] | None:
        return self._roles.get((method.upper(), path))

    def routes(self) -> set[tuple[str, str]]:
        return set(self._roles)

    def proven_by_write(self) -> set[tuple[str, str]]:
        return set(self._proven_by_write)

    def authorize(
        self, method: str, path: str, authorization: str | None, admin_hash: str, store: Credentials
    ) -> Principal:
        roles = self.roles(method, path)
        if roles is None:
            raise Forbidden()  # an undeclared route is closed
        if Role.PUBLIC in roles:
            return ANONYMOUS
        in_write = (method.upper(), path) in self._proven_by_write
        principal = authenticate(bearer_token(authorization), admin_hash, store, in_write)
        if not principal.holds(roles):
            confirmed(principal, store)  # an unconfirmed token hears 401 first
            raise Forbidden(refusal(principal, roles))
        return principal
