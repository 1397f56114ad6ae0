"""The organisations' tree (issue 29): the owner registers provinces, cities and counties; GET /orgs answers the
part of the tree the caller may see. Each organisation is a tenant of its own (db/table.py); its credentials name
it, and deciding access (core/auth.py) reads the tree to let an office read the organisations below its own."""

from __future__ import annotations

from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal, below
from chalicelib.core.dates import timestamp
from chalicelib.core.errors import AlreadyExists, ValidationFailed
from chalicelib.core.models import as_item
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item
from chalicelib.orgs.models import LEVEL_LABELS, PARENT_LEVELS, OrgForm
from chalicelib.orgs.records import Org, OrgFields, OrgNode, OrgTree


def record(org_id: str) -> str:
    """An organisation as the audit trail names it."""
    return f"org:{org_id}"


def register(ctx: Context, principal: Principal, form: OrgForm) -> Org:
    """A new organisation under its parent, one level up; refused (nothing stored) if the id is taken."""
    registered = {org["org_id"]: org for org in _all(ctx)}
    _check_parent(form, registered)
    now = timestamp(ctx.clock)
    org: Org = {**cast(OrgFields, as_item(form)), "created_at": now, "created_by": principal.actor}
    recorded = audit.step(ctx, principal, "org.registered", record(form.org_id), now)
    try:
        ctx.store.orgs.add(cast(Item, org), audit=recorded)
    except ConditionFailed:
        raise AlreadyExists(f"组织编号 {form.org_id} 已存在") from None
    return org


def _check_parent(form: OrgForm, registered: dict[str, Org]) -> None:
    """A province has no parent; a city has a province or none; a county has a city or a province."""
    allowed = PARENT_LEVELS[form.level]
    level = LEVEL_LABELS[form.level]
    if form.parent_id is None:
        if form.level == "county":
            _refuse("县须填写上级组织：它所属的市或省")
        return
    if not allowed:
        _refuse("省是最高一级，不填上级组织")
    parent = registered.get(form.parent_id)
    if parent is None:
        _refuse(f"上级组织 {form.parent_id} 尚未登记，请先登记它")
    elif parent["level"] not in allowed:
        above = "或".join(LEVEL_LABELS[one] for one in allowed)
        _refuse(f"上级组织{parent['name']}是{LEVEL_LABELS[parent['level']]}，{level}的上级组织须是{above}")


def _refuse(reason: str) -> None:
    raise ValidationFailed([{"field": "parent_id", "message": reason}], reason)


def tree(ctx: Context, principal: Principal) -> OrgTree:
    """The part of the tree the caller may see: the owner every organisation; an office its own organisation and
    everything below it (what `?org=` may name, core/auth.py); with none registered, the deployment's one county
    of COUNTY_NAME, exactly as before organisations."""
    orgs = _all(ctx)
    own = principal.org or ctx.config.county_id
    mine = next((org for org in orgs if org["org_id"] == own), None)
    if principal.is_owner and orgs:
        note = f"本部署登记的全部组织，共{len(orgs)}个"
        return {"implicit": False, "scope": "all", "note": note, "items": _roots(orgs)}
    if mine is None:
        implicit: OrgNode = {
            "org_id": None,
            "name": ctx.config.county_name,
            "level": "county",
            "parent_id": None,
            "children": [],
        }
        note = f"尚未登记本县：本部署即{ctx.config.county_name}这一个县，与以往相同"
        return {"implicit": True, "scope": "all" if principal.is_owner else "county", "note": note, "items": [implicit]}
    below = _roots(orgs, mine["org_id"])
    note = f"你的凭证属于{mine['name']}" + (f"，可查看下属{_count(below)}个组织" if below else "")
    return {"implicit": False, "scope": mine["level"], "note": note, "items": [_node(mine, below)]}


def level_of(ctx: Context) -> tuple[Org, list[Org]] | None:
    """The organisation `ctx` works in and every county below it (through its cities, in the order registered),
    when it has any: a city's or a province's summaries add those counties up (summaries/rollup.py)."""
    orgs = _all(ctx)
    mine = next((org for org in orgs if org["org_id"] == ctx.org), None)
    if mine is None:
        return None
    counties = [org for org in below(mine["org_id"], cast(list[dict[str, Any]], orgs)) if org["level"] == "county"]
    return (mine, cast(list[Org], counties)) if counties else None


def _count(nodes: list[OrgNode]) -> int:
    return sum(1 + _count(node["children"]) for node in nodes)


def _all(ctx: Context) -> list[Org]:
    """Every organisation in the order registered (ties by id)."""
    return sorted(cast(list[Org], ctx.store.orgs.all()), key=lambda org: (org["created_at"], org["org_id"]))


def _roots(orgs: list[Org], top: str | None = None) -> list[OrgNode]:
    """The tree under `top` (None: the whole tree): each organisation under its parent, siblings in the order
    registered."""
    under: dict[str | None, list[Org]] = {}
    for org in orgs:
        under.setdefault(org["parent_id"], []).append(org)

    def grown(org: Org) -> OrgNode:
        return _node(org, [grown(child) for child in under.get(org["org_id"], [])])

    return [grown(root) for root in under.get(top, [])]


def _node(org: Org, children: list[OrgNode]) -> OrgNode:
    return {
        "org_id": org["org_id"],
        "name": org["name"],
        "level": org["level"],
        "parent_id": org["parent_id"],
        "children": children,
    }
