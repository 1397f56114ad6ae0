"""The organisations' tree (issue 29, first slice): the owner registers provinces, cities and counties; GET /orgs
answers the part of the tree the caller may see. Nothing else reads the tree yet: every credential and every
stored item still belongs to the deployment's one county (README: Levels above the county)."""

from __future__ import annotations

from typing import cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal
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
    """The owner sees every organisation. Staff credentials carry no organisation yet, so the office sees its own
    county alone: the first county registered, which the design gives every credential issued before organisations
    (README: Levels above the county), or, with none registered, the deployment's one county of COUNTY_NAME."""
    orgs = _all(ctx)
    if principal.is_owner and orgs:
        note = f"本部署登记的全部组织，共{len(orgs)}个"
        return {"implicit": False, "scope": "all", "note": note, "items": _roots(orgs)}
    counties = [org for org in orgs if org["level"] == "county"]
    scope = "all" if principal.is_owner else "county"
    if not counties:
        implicit: OrgNode = {
            "org_id": None,
            "name": ctx.config.county_name,
            "level": "county",
            "parent_id": None,
            "children": [],
        }
        none = "尚未登记组织" if not orgs else "尚未登记县"
        note = f"{none}：本部署即{ctx.config.county_name}这一个县，与以往相同"
        return {"implicit": True, "scope": scope, "note": note, "items": [implicit]}
    first = counties[0]
    note = f"你的凭证属于{first['name']}（本部署登记的第一个县），只能看到本县"
    return {"implicit": False, "scope": "county", "note": note, "items": [_node(first, [])]}


def _all(ctx: Context) -> list[Org]:
    """Every organisation in the order registered (ties by id)."""
    return sorted(cast(list[Org], ctx.store.orgs.all()), key=lambda org: (org["created_at"], org["org_id"]))


def _roots(orgs: list[Org]) -> list[OrgNode]:
    """The tree: each organisation under its parent, siblings in the order registered."""
    under: dict[str | None, list[Org]] = {}
    for org in orgs:
        under.setdefault(org["parent_id"], []).append(org)

    def grown(org: Org) -> OrgNode:
        return _node(org, [grown(child) for child in under.get(org["org_id"], [])])

    return [grown(root) for root in under.get(None, [])]


def _node(org: Org, children: list[OrgNode]) -> OrgNode:
    return {
        "org_id": org["org_id"],
        "name": org["name"],
        "level": org["level"],
        "parent_id": org["parent_id"],
        "children": children,
    }
