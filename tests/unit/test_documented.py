"""The check every API test's answers go through (tests/helpers/documented.py) refuses what the document does
not declare: so a drift between the code and the served document fails the test that meets it."""

from __future__ import annotations

import pytest

from tests.helpers.documented import Document, Undocumented

UNIT = {"type": "object", "required": ["unit_id", "name"], "properties": {"unit_id": {"type": "string"}}}
ITEMS = {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": UNIT}}}
DOCUMENT = {
    "components": {"schemas": {"Unit": UNIT}},
    "paths": {
        "/units": {"get": {"responses": {"200": {"content": {"application/json": {"schema": ITEMS}}}}}},
        "/units/{unit_id}": {
            "get": {
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}}},
                    "4XX": {"content": {"application/json": {"schema": {"type": "object", "required": ["code"]}}}},
                }
            }
        },
    },
}


def test_an_answer_shaped_as_declared_passes() -> None:
    document = Document(DOCUMENT)
    document.check("GET", "/units?active=1", 200, {"items": [{"unit_id": "sifaju", "name": "县司法局"}]})
    document.check("GET", "/units/sifaju", 200, {"unit_id": "sifaju", "name": "县司法局", "kind": "bureau"})
    document.check("GET", "/units/nobody", 404, {"code": "404.1", "message": "未找到该单位"})


@pytest.mark.parametrize(
    ("path", "status", "answer", "said"),
    [
        ("/units", 200, [{"unit_id": "sifaju", "name": "县司法局"}], "(the answer): [{'unit_id'"),  # a bare list
        ("/units/sifaju", 200, {"unit_id": "sifaju"}, "'name' is a required property"),
        ("/units/sifaju", 200, {"unit_id": 7, "name": "县司法局"}, "unit_id: 7 is not of type 'string'"),
        ("/units/sifaju", 201, {"unit_id": "sifaju", "name": "县司法局"}, "answered 201, which its document does not"),
        ("/units/nobody", 404, {"message": "未找到该单位"}, "'code' is a required property"),
    ],
)
def test_an_answer_the_document_does_not_declare_is_refused(path: str, status: int, answer: object, said: str) -> None:
    with pytest.raises(Undocumented) as refused:
        Document(DOCUMENT).check("GET", path, status, answer)
    assert said in str(refused.value)
