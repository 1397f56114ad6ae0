"""Co-building agreements and their signed documents."""

from __future__ import annotations

from chalice import Response

from chalicelib.agreements import documents as agreement_documents
from chalicelib.agreements import service as agreements
from chalicelib.agreements.models import (
    Agreement,
    AgreementEditForm,
    AgreementForm,
    DocumentsForm,
    DocumentUpload,
    DocumentUploadForm,
)
from chalicelib.core.auth import OFFICE_READ, OFFICE_WRITE, SIGNED_IN
from chalicelib.core.responses import json_response
from chalicelib.reports.models import Report
from chalicelib.web.routing import Routes, body, context, principal, query

routes = Routes(__name__)


@routes.route(
    "/agreements",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="登记军地共建协议",
    body=AgreementForm,
    answer=Agreement,
    status=201,
)
def create_agreement(form: AgreementForm) -> Response:
    return json_response(agreements.create(context(), principal(), form), 201)


@routes.route(
    "/agreements",
    roles=SIGNED_IN,
    summary="共建协议（填报员只见本单位）",
    answer=Agreement,
    answer_is_list=True,
    query=("unit_id", "status"),
)
def list_agreements() -> Response:
    return json_response({"items": agreements.list_visible(context(), principal(), query("unit_id"), query("status"))})


@routes.route("/agreements/{agreement_id}", roles=SIGNED_IN, summary="一份共建协议", answer=Agreement)
def get_agreement(agreement_id: str) -> Response:
    return json_response(agreements.get(context(), principal(), agreement_id))


@routes.route(
    "/agreements/{agreement_id}",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改共建协议（只改所给的字段，须带所改的 version）",
    body=AgreementEditForm,
    validated_by_service=True,
    answer=Agreement,
)
def update_agreement(agreement_id: str) -> Response:
    return json_response(agreements.update(context(), principal(), agreement_id, body()))


@routes.route(
    "/agreements/{agreement_id}/documents/uploads",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="申请上传一份协议文本：直传 S3 的预签名 POST（PDF、JPEG 或 PNG，10 MB）",
    body=DocumentUploadForm,
    validated_by_service=True,
    answer=DocumentUpload,
    status=201,
)
def new_agreement_document_upload(agreement_id: str) -> Response:
    return json_response(agreement_documents.new_upload(context(), agreement_id, body()), 201)


@routes.route(
    "/agreements/{agreement_id}/documents",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="附上或取下协议文本（整份列表，须带 version；至多 5 份）",
    body=DocumentsForm,
    answer=Agreement,
)
def set_agreement_documents(agreement_id: str, form: DocumentsForm) -> Response:
    return json_response(agreements.set_documents(context(), principal(), agreement_id, form))


@routes.route(
    "/agreements/{agreement_id}/reports",
    roles=OFFICE_READ,
    summary="在该协议下开展的活动（本单位报告中写明所属共建协议的，自签订之月起）",
    answer=Report,
    answer_is_list=True,
)
def list_agreement_activities(agreement_id: str) -> Response:
    return json_response({"items": agreements.activities(context(), agreement_id)})
