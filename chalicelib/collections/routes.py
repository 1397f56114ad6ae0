"""Year-end collections (材料收集): asked for by the office, answered by each unit with its final file, downloaded
as one archive. The office's return or acceptance of a unit's file is a review (review/routes.py)."""

from __future__ import annotations

from chalice import Response

from chalicelib.collections import archives
from chalicelib.collections import service as collections
from chalicelib.collections.models import (
    Collection,
    CollectionArchive,
    CollectionDetail,
    CollectionForm,
    CollectionUnit,
    CollectionUpload,
    CollectionUploadForm,
    SubmissionForm,
    UnitCollection,
)
from chalicelib.core.auth import OFFICE_COMPILE, OFFICE_READ, OFFICE_WRITE, SIGNED_IN, UNIT_WRITE
from chalicelib.core.responses import json_response
from chalicelib.web.routing import Routes, body, context, principal

routes = Routes(__name__)


@routes.route(
    "/collections",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="发起材料收集：请各单位（或所列单位）在截止日期前报送一份材料（年度总结、工作要点等）",
    body=CollectionForm,
    answer=CollectionDetail,
    status=201,
)
def create_collection(form: CollectionForm) -> Response:
    return json_response(collections.create(context(), principal(), form), 201)


@routes.route(
    "/collections",
    roles=OFFICE_READ,
    summary="材料收集（截止日期晚的在前），各状态的单位数",
    answer=Collection,
    answer_is_list=True,
)
def list_collections() -> Response:
    return json_response({"items": collections.list_all(context())})


@routes.route(
    "/collections/{collection_id}",
    roles=OFFICE_READ,
    summary="一次材料收集：每个单位的状态、提交时间、是否逾期、文件（及此前提交的文件）与退回意见",
    answer=CollectionDetail,
)
def get_collection(collection_id: str) -> Response:
    return json_response(collections.get(context(), collection_id))


@routes.route(
    "/units/{unit_id}/collections",
    roles=SIGNED_IN,
    summary="本单位尚未完成（未通过）的材料收集，截止日期早的在前",
    answer=UnitCollection,
    answer_is_list=True,
)
def list_unit_collections(unit_id: str) -> Response:
    return json_response({"items": collections.of_unit(context(), principal(), unit_id)})


@routes.route(
    "/collections/{collection_id}/uploads",
    methods=("POST",),
    roles=UNIT_WRITE,
    summary="申请上传本单位的材料：直传 S3 的预签名 POST（DOC、DOCX、WPS 或 PDF，20 MB）",
    body=CollectionUploadForm,
    validated_by_service=True,
    answer=CollectionUpload,
    status=201,
)
def new_collection_upload(collection_id: str) -> Response:
    return json_response(collections.new_upload(context(), principal(), collection_id, body()), 201)


@routes.route(
    "/collections/{collection_id}/units/{unit_id}",
    methods=("PUT",),
    roles=UNIT_WRITE,
    summary="提交已上传的材料（再次提交时，此前的文件留在记录中）",
    body=SubmissionForm,
    validated_by_service=True,
    answer=CollectionUnit,
)
def submit_collection_file(collection_id: str, unit_id: str) -> Response:
    return json_response(collections.submit(context(), principal(), collection_id, unit_id, body()))


@routes.route(
    "/collections/{collection_id}/archive",
    methods=("POST",),
    roles=OFFICE_COMPILE,
    summary="申请打包下载：把各单位提交的材料打成一个 .zip（后台生成，几秒后可下载）",
    answer=CollectionArchive,
    status=202,
)
def request_collection_archive(collection_id: str) -> Response:
    return json_response(archives.request(context(), principal(), collection_id), 202)


@routes.route(
    "/collections/{collection_id}/archive",
    roles=OFFICE_READ,
    summary="打包下载的状态，生成后附短时有效的下载链接",
    answer=CollectionArchive,
)
def get_collection_archive(collection_id: str) -> Response:
    return json_response(archives.state(context(), collection_id))
