"""Who is calling, and whether they may: decided here and nowhere else.

Tokens are bearer tokens, of three kinds:
- the owner token, configured as a SHA-256 hash (ADMIN_TOKEN_SHA256): the deployment's own
  credential, with everything the `admin` role may do, and alone the deployment's own routes
  (`DEPLOYMENT_OWNER`: the organisations above the county);
- a staff member's, `sy4.<org>.<staff_id>.<secret>`: a named person of an organisation's office (a county's, a
  city's or a province's), whose role (admin, reviewer, viewer) is kept with them;
- a reporter's, `sy5.<org>.<reporter_id>.<unit_id>.<label>.<secret>` (the label base64url-encoded
  UTF-8, empty for none): a unit's reporter, the token naming the organisation, the unit and the label it was
  issued for.
Tokens issued before organisations (staff `sy2.<staff_id>.<secret>`, reporters `sy3.<reporter_id>.<unit_id>.
<label>.<secret>` and `sy1.<reporter_id>.<secret>`) keep working: they belong to the deployment's own county.
The organisation a request works in (its tenant, db/table.py) is the credential's; a city's or a province's
staff may name one below theirs (`?org=<org_id>`) to read it, never to write in it (`AccessTable.authorize`).
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


STAFF_PREFIX = "sy4"
REPORTER_PREFIX = "sy5"
_ID, _SECRET, _LABEL = r"([A-Za-z0-9_-]{16})", r"([A-Za-z0-9_-]{43})", r"([A-Za-z0-9_-]{0,214})"
# A label is at most 40 characters, 160 bytes of UTF-8: 214 characters of base64url.
STAFF_CREDENTIAL = re.compile(rf"^(?:sy2|{STAFF_PREFIX}\.({UNIT_ID}))\.{_ID}\.{_SECRET}$")
REPORTER_CREDENTIAL = re.compile(rf"^(?:sy3|{REPORTER_PREFIX}\.({UNIT_ID}))\.{_ID}\.({UNIT_ID})\.{_LABEL}\.{_SECRET}$")
OLDEST_REPORTER_CREDENTIAL = re.compile(rf"^sy1\.{_ID}\.{_SECRET}$")


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
    """What a reporter's token says of its holder, before the table has confirmed it."""

    org: str
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
    claim: Claim | None = None  # a reporter's token the table has not yet confirmed (on a route `proven_by_write`)
    org: str | None = None  # the organisation of the credential (None: one the app makes itself, of the county)

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
ROLL_UP = Principal(Role.SYSTEM, "roll-up", name="上级汇总")  # a county's compile asked by its city's or province's


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_credential(prefix: str) -> tuple[str, str, str]:
    """A new (holder id, token, stored hash)."""
    holder_id = secrets.token_urlsafe(12)
    secret = secrets.token_urlsafe(32)
    return holder_id, f"{prefix}.{holder_id}.{secret}", hash_secret(secret)


def new_reporter_token(org: str, unit_id: str, label: str) -> tuple[str, str, str]:
    """A new (reporter_id, token, stored hash) for a reporter of the organisation's unit, with this label."""
    reporter_id, secret = secrets.token_urlsafe(12), secrets.token_urlsafe(32)
    encoded = base64.urlsafe_b64encode(label.encode()).decode().rstrip("=")
    return reporter_id, f"{REPORTER_PREFIX}.{org}.{reporter_id}.{unit_id}.{encoded}.{secret}", hash_secret(secret)


def new_staff_token(org: str) -> tuple[str, str, str]:
    """A new (staff_id, token, stored hash) for a member of the organisation's office."""
    return _new_credential(f"{STAFF_PREFIX}.{org}")


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class Deployment(Protocol):
    """What deciding access knows of the deployment: its owner token's hash, its own county, each organisation's
    credentials (its tenant's table) and the organisations' tree (web/routing.py)."""

    admin_token_sha256: str
    home: str

    def credentials(self, org: str) -> Credentials: ...

    def organisations(self, wanted: str | None = None) -> list[dict[str, Any]]:
        """Every organisation registered (read again if `wanted` is not among them)."""
        ...


def authenticate(token: str | None, deployment: Deployment, proven_by_write: bool = False) -> Principal:
    """The caller; with `proven_by_write`, a reporter's token as it claims to be (see the module's doc)."""
    if not token:
        raise Unauthenticated()
    admin_hash = deployment.admin_token_sha256
    if admin_hash and hmac.compare_digest(hash_secret(token), admin_hash):
        return replace(OWNER, org=deployment.home)
    if reporter := REPORTER_CREDENTIAL.match(token):
        org, reporter_id, unit_id, label, secret = reporter.groups()
        org = org or deployment.home
        claim = Claim(org, reporter_id, unit_id, _label(label), hash_secret(secret))
        claimed = Principal(Role.REPORTER, reporter_id, unit_id, claim.label or "填报员", claim, org)
        return claimed if proven_by_write else confirmed(claimed, deployment)
    if staff := STAFF_CREDENTIAL.match(token):
        org, holder_id, secret = staff.groups()
        org = org or deployment.home
        member = _holder(deployment.credentials(org).staff.get(holder_id), hash_secret(secret))
        role = member.get("role")
        if role not in STAFF_ROLES:  # a stored role this code does not know opens nothing
            raise Unauthenticated()
        return Principal(Role(role), holder_id, name=str(member["name"]), org=org)
    if oldest := OLDEST_REPORTER_CREDENTIAL.match(token):
        holder_id, secret = oldest.groups()
        item = _holder(deployment.credentials(deployment.home).reporters.get(holder_id), hash_secret(secret))
        if item.get("org_id") != deployment.home:
            raise Unauthenticated()
        label = str(item.get("label") or "填报员")
        return Principal(Role.REPORTER, holder_id, str(item["unit_id"]), label, org=deployment.home)
    raise Unauthenticated()


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


def confirmed(principal: Principal, deployment: Deployment) -> Principal:
    """The principal once the table confirms its claim (one GetItem): the reporter exists, is not revoked, and
    holds the token's hash, organisation, unit and label; else Unauthenticated."""
    claim = principal.claim
    if claim is None:
        return principal
    item = _holder(deployment.credentials(claim.org).reporters.get(claim.reporter_id), claim.token_hash)
    said = (claim.org, claim.unit_id, claim.label)
    if (item.get("org_id"), item.get("unit_id"), item.get("label") or "") != said:
        raise Unauthenticated()
    return replace(principal, claim=None)


def settle(error: ApiError, principal: Principal | None, deployment: Deployment) -> ApiError:
    """What a request that failed may be told: a claim the table has not confirmed hears 401 unless the table
    confirms it now, so a forged token never learns anything from a route's checks."""
    if principal is None or principal.claim is None or isinstance(error, Unauthenticated):
        return error
    try:
        confirmed(principal, deployment)
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


def below(org: str, organisations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The organisations under `org` (not itself), depth first in the order given: a city's counties together."""
    children: dict[str | None, list[dict[str, Any]]] = {}
    for one in organisations:
        children.setdefault(one.get("parent_id"), []).append(one)
    found: list[dict[str, Any]] = []
    waiting = list(children.get(org, []))
    while waiting:
        one = waiting.pop(0)
        found.append(one)
        waiting = children.get(one["org_id"], []) + waiting
    return found


@dataclass(frozen=True)
class Tenant:
    """The organisation a request works in (its items, db/table.py), and its name when it is not the caller's."""

    org: str
    name: str | None = None


class AccessTable:
    """Which roles may use each route, which routes prove a reporter's token in their own write, and which act in
    the organisation their path names; filled as the routes are declared."""

    def __init__(self) -> None:
        self._roles: dict[tuple[str, str], frozenset[Role]] = {}
        self._proven_by_write: set[tuple[str, str]] = set()
        self._org_in_path: dict[tuple[str, str], str] = {}

    def allow(
        self,
        method: str,
        path: str,
        roles: frozenset[Role],
        proven_by_write: bool = False,
        org_in_path: str | None = None,
    ) -> None:
        self._roles[(method.upper(), path)] = roles
        if proven_by_write:
            self._proven_by_write.add((method.upper(), path))
        if org_in_path:
            self._org_in_path[(method.upper(), path)] = org_in_path

    def roles(self, method: str, path: str) -> frozenset[Role] | None:
        return self._roles.get((method.upper(), path))

    def routes(self) -> set[tuple[str, str]]:
        return set(self._roles)

    def proven_by_write(self) -> set[tuple[str, str]]:
        return set(self._proven_by_write)

    def authorize(
        self,
        method: str,
        path: str,
        authorization: str | None,
        deployment: Deployment,
        asked_org: str | None = None,
        path_params: dict[str, str] | None = None,
    ) -> tuple[Principal, Tenant]:
        """The caller, and the organisation the request works in: the credential's own, or the one the route's
        path names (`org_in_path`: provisioning its staff) or `?org=` asks for, if it lies below the caller's
        (the owner's: any registered); a request that writes does so in the caller's own organisation only."""
        key = (method.upper(), path)
        roles = self.roles(method, path)
        if roles is None:
            raise Forbidden()  # an undeclared route is closed
        if Role.PUBLIC in roles:
            return ANONYMOUS, Tenant(deployment.home)
        principal = authenticate(bearer_token(authorization), deployment, key in self._proven_by_write)
        if not principal.holds(roles):
            confirmed(principal, deployment)  # an unconfirmed token hears 401 first
            raise Forbidden(refusal(principal, roles))
        own = principal.org or deployment.home
        param = self._org_in_path.get(key)
        wanted = (path_params or {}).get(param) if param else asked_org
        if not wanted or wanted == own:
            return principal, Tenant(own)
        confirmed(principal, deployment)
        organisations = deployment.organisations(wanted)
        reachable = {one["org_id"]: one for one in organisations} if principal.is_owner else {}
        if principal.is_office and not principal.is_owner:
            reachable = {one["org_id"]: one for one in below(own, organisations)}
        target = reachable.get(wanted)
        if target is None:
            raise NotFound("未找到该组织")
        if method.upper() != "GET" and not param and not principal.is_owner:
            caller = next((one["name"] for one in organisations if one["org_id"] == own), "")
            role = f"{caller}的{ROLE_LABELS[principal.role]}"
            raise Forbidden(f"你的角色（{role}）只能查看{target['name']}的数据，不能在{target['name']}进行此操作")
        return principal, Tenant(wanted, str(target["name"]))
