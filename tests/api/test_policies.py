"""Each function's written IAM policy is enough for its work: the work runs on moto with IAM enforced.

autogen_policy is off, so a missing action would only show in the cloud, as an
AccessDenied. Here each function's policy (.chalice/policy-<function>.json, its
references resolved against the local stack) is given to an IAM user on moto, and
the function's work runs with that user's keys while moto enforces IAM.

moto evaluates IAM roughly, and the policy is adapted to what it can judge:
- S3 object ARNs are checked as AWS does; for other services moto asks about
  resource "*", so there a statement's Resource becomes "*" (its actions still count);
- Conditions go (moto cannot supply the condition keys, ses:FromAddress …);
- a policy that allows every item action of the transactions its function writes (AWS authorizes
  a transaction by those: for the API, every kind chalicelib/db writes, Put, Update, Delete,
  ConditionCheck; for the schedule, its compile request's Update and its audit entry's Put) also
  allows dynamodb:TransactWriteItems, the API's own name, which moto asks for.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count

import app as application
from chalicelib.context import Context
from chalicelib.core.config import Config
from chalicelib.mail import sender as mail
from chalicelib.mail.sender import SesSender
from chalicelib.reminders import daily as remind
from local import resources
from local.cfn import Stack
from local.pump import sqs_event
from tests.conftest import ADMIN_TOKEN, Api, SettableClock, report_body
from tests.helpers.agreements import AGREEMENT
from tests.helpers.surveys import open_survey, respond, valid_answers

ROOT = Path(__file__).resolve().parents[2]
TABLE, BUCKET = "sy-policy-table", "sy-policy-bucket"
MAIL_FROM = "shuangyong@example.cn"
SMTP_PASSWORD = "/shuangyong/smtp-password"


def transaction_actions() -> set[str]:
    """The item actions AWS checks for the transactions chalicelib/db writes."""
    source = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "chalicelib" / "db").glob("*.py"))
    return {f"dynamodb:{kind}Item" for kind in re.findall(r'"(Put|Update|Delete|ConditionCheck)"[:,]', source)}


def written_in_transactions(function: str) -> set[str]:
    """The item actions of the transactions `function` writes (see the module's docstring)."""
    if function == "request_scheduled_compiles":
        return {"dynamodb:UpdateItem", "dynamodb:PutItem"}
    return transaction_actions()


def for_moto(document: dict[str, Any], function: str) -> dict[str, Any]:
    adapted = []
    allowed: set[str] = set()
    for statement in document["Statement"]:
        statement = {k: v for k, v in statement.items() if k != "Condition"}
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if not all(a.startswith("s3:") for a in actions):
            statement["Resource"] = "*"
        allowed |= set(actions)
        adapted.append(statement)
    if written_in_transactions(function) <= allowed:
        adapted.append({"Effect": "Allow", "Action": "dynamodb:TransactWriteItems", "Resource": "*"})
    return {**document, "Statement": adapted}


@pytest.fixture
def stack() -> Iterator[Stack]:
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        created = resources.create_all(session, TABLE, BUCKET, public_url="https://sy.example.cn")
        created.values.update({"MailFrom": MAIL_FROM, "MailTransport": "ses", "SmtpPasswordParameter": SMTP_PASSWORD})
        session.client("sesv2").create_email_identity(EmailIdentity=MAIL_FROM)
        yield created


def session_of(function: str, stack: Stack) -> boto3.Session:
    """A session whose keys belong to a user holding only the function's policy."""
    document = json.loads((ROOT / ".chalice" / f"policy-{function}.json").read_text(encoding="utf-8"))
    iam = boto3.client("iam", region_name="us-east-1")
    user = f"{function}-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=user)
    policy = for_moto(stack.resolve(document), function)
    iam.put_user_policy(UserName=user, PolicyName=function, PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    return boto3.Session(key["AccessKeyId"], key["SecretAccessKey"], region_name="us-east-1")


def context_of(session: boto3.Session, clock: SettableClock) -> Context:
    config = Config(
        table_name=TABLE,
        bucket_name=BUCKET,
        admin_token_sha256=hashlib.sha256(ADMIN_TOKEN.encode()).hexdigest(),
        public_url="https://sy.example.cn",
        mail_from=MAIL_FROM,
        county_email="sybgs@example.cn",
    )
    sender = SesSender(config.mail_from, "本县双拥办", session.client("sesv2"))
    table = session.resource("dynamodb").Table(TABLE)
    return Context(config, clock=clock, table=table, s3=session.client("s3"), sender=sender)


@contextmanager
def as_function(function: str, stack: Stack, clock: SettableClock) -> Iterator[Context]:
    """The app runs as `function` would in Lambda: its context built from the restricted keys, IAM enforced."""
    ctx = context_of(session_of(function, stack), clock)
    application.use_context(ctx)
    try:
        yield ctx
    finally:
        application.use_context(None)


def scheduled_event() -> dict[str, Any]:
    with Client(application.app) as client:
        event = client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
        )
    return event  # type: ignore[no-any-return]


def enforced(work: Callable[[], Any]) -> Any:
    return set_initial_no_auth_action_count(0)(work)()


def test_a_user_without_the_policy_is_refused(stack: Stack, clock: SettableClock) -> None:
    """The check itself: with IAM enforced, a key holding no policy cannot read the table."""
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="nobody")
    key = iam.create_access_key(UserName="nobody")["AccessKey"]
    session = boto3.Session(key["AccessKeyId"], key["SecretAccessKey"], region_name="us-east-1")
    ctx = context_of(session, clock)
    with pytest.raises(Exception, match=r"AccessDenied|not authorized"):
        enforced(lambda: ctx.store.settings.get("calendar"))


def test_the_api_handlers_policy_covers_the_api(stack: Stack, clock: SettableClock) -> None:
    with as_function("api_handler", stack, clock):

        def work() -> None:
            with Client(application.app) as client:
                api = Api(client)

                def ok(answer: Any, status: int = 200) -> Any:
                    assert answer.status == status, answer.body
                    return answer.json if answer.body else None

                ok(api.put("/settings", {"deadline_day": 5, "lock_day": 10}))
                api.unit("sifaju", emails=["sfj@example.cn"])
                api.unit("jiaoyuju")
                reporter = api.reporter("sifaju")
                report = ok(api.post("/reports", report_body(), token=reporter), 201)
                edited = {**report_body(), "version": report["version"], "title": "八一走访慰问驻军（更正）"}
                edited.pop("submission_id")
                ok(api.put(f"/reports/{report['report_id']}", edited, token=reporter))
                ok(api.get(f"/reports/{report['report_id']}/history", token=reporter))
                ok(api.get("/reports?month=2026-08"))
                ok(api.get("/reporting/2026"))
                ok(api.put("/units/jiaoyuju/months/2026-08/nil-report", {"note": "本月无活动"}), 201)
                assert api.delete("/units/jiaoyuju/months/2026-08/nil-report").status == 204
                ok(api.post("/months/2026-07/lock"))
                ok(api.post("/photos/uploads", {}, token=reporter), 201)
                agreement = ok(api.post("/agreements", AGREEMENT), 201)
                path = f"/agreements/{agreement['agreement_id']}"
                pdf = {"filename": "协议.pdf", "content_type": "application/pdf", "size": 9}
                signed = ok(api.post(f"{path}/documents/uploads", pdf), 201)
                # moto cannot judge a presigned POST under IAM: the object is put with the keys that signed it
                application.context().bucket.put(signed["key"], b"%PDF-1.7\n", "application/pdf")
                documents = [{"key": signed["key"], "filename": "协议.pdf"}]
                ok(api.put(f"{path}/documents", {"version": 1, "documents": documents}))
                ok(api.get(path))
                ok(api.put("/reminders/settings", {"nudge_days": [25], "reminder_days": [1, 3]}))
                ok(api.get("/reminders?month=2026-08"))
                ok(api.post("/summaries/2026-08"), 202)
                ok(api.put("/summaries/2026/notes", {"version": 0, "problems": "个别单位报送不及时。"}))
                ok(api.get("/summaries/2026/notes"))
                opened, public = open_survey(api)
                ok(api.get(f"/surveys/{opened['survey_id']}/qr"))
                ok(respond(api, public, valid_answers()), 201)
                ok(api.get(f"/surveys/{opened['survey_id']}/results.csv"))
                ok(api.delete(f"/reports/{report['report_id']}", token=reporter))

        enforced(work)


def test_the_compile_and_the_schedule_policies_cover_a_scheduled_compile(stack: Stack, clock: SettableClock) -> None:
    with as_function("api_handler", stack, clock), Client(application.app) as client:
        api = Api(client)
        api.unit("sifaju")
        assert api.post("/reports", report_body(), token=api.reporter("sifaju")).status == 201
    clock.set("2026-09-06T09:00")  # the day after August's deadline: the schedule asks for August's summary
    with as_function("request_scheduled_compiles", stack, clock):
        enforced(lambda: application.request_scheduled_compiles(scheduled_event(), None))
    sqs = boto3.client("sqs", region_name="us-east-1")

    url = stack.created["CompileQueue"]["Ref"]
    messages = [
        m
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        if "ObjectCreated" in m["Body"]  # S3's notification of the request, not its test event
    ]
    assert len(messages) == 1
    with as_function("compile_month", stack, clock):
        enforced(lambda: application.compile_month(sqs_event(messages[0], stack.created["CompileQueue"]["Arn"]), None))
    with as_function("api_handler", stack, clock), Client(application.app) as client:
        summary = enforced(lambda: Api(client).get("/summaries/2026-08"))
    assert summary.status == 200, summary.body
    assert summary.json["status"] == "ready" and set(summary.json["downloads"]) == {"xlsx", "csv", "docx"}


def test_the_reminders_policy_covers_the_daily_run_with_ses(stack: Stack, clock: SettableClock) -> None:
    with as_function("api_handler", stack, clock), Client(application.app) as client:
        Api(client).unit("sifaju", emails=["sfj@example.cn"])
    clock.set("2026-09-01T09:00")  # a reminder day for August, which sifaju has not reported
    with as_function("daily_reminders", stack, clock) as ctx:
        outcome = enforced(lambda: remind.run_daily(ctx))
    assert outcome["failed"] == []
    assert {s["recipient"] for s in outcome["sent"]} >= {"sifaju"}


def test_the_reminders_policy_reads_the_smtp_password_from_ssm(stack: Stack) -> None:
    boto3.client("ssm", region_name="us-east-1").put_parameter(Name=SMTP_PASSWORD, Value="s3cret", Type="SecureString")
    ssm = session_of("daily_reminders", stack).client("ssm")
    assert enforced(lambda: mail.ssm_secret(SMTP_PASSWORD, ssm)()) == "s3cret"


def test_the_api_and_the_compile_policies_cover_a_collection_and_its_archive(
    stack: Stack, clock: SettableClock
) -> None:
    clock.set("2026-12-01T10:00")
    with as_function("api_handler", stack, clock), Client(application.app) as client:
        api = Api(client)

        def ask_and_submit() -> str:
            api.unit("sifaju", "县司法局")
            reporter = api.reporter("sifaju")
            asked = {"title": "2026年度双拥工作总结", "kind": "year_summary", "year": 2026, "due_on": "2026-12-20"}
            collection_id: str = api.post("/collections", asked).json["collection_id"]
            pdf = {"filename": "总结.pdf", "content_type": "application/pdf", "size": 9}
            signed = api.post(f"/collections/{collection_id}/uploads", pdf, token=reporter)
            assert signed.status == 201, signed.body
            # moto cannot judge a presigned POST under IAM: the object is put with the keys that signed it
            application.context().bucket.put(signed.json["key"], b"%PDF-1.7\n", "application/pdf")
            submitted = api.put(
                f"/collections/{collection_id}/units/sifaju", {"key": signed.json["key"], "filename": "总结.pdf"}
            )
            assert submitted.status == 200, submitted.body  # HEAD and a ranged GET of the object
            assert api.post(f"/collections/{collection_id}/archive").status == 202
            return collection_id

        collection_id = enforced(ask_and_submit)
    sqs = boto3.client("sqs", region_name="us-east-1")
    messages = [
        m
        for m in sqs.receive_message(QueueUrl=stack.created["CompileQueue"]["Ref"], MaxNumberOfMessages=10)["Messages"]
        if "ObjectCreated" in m["Body"]
    ]
    assert len(messages) == 1
    with as_function("compile_month", stack, clock):  # reads the file, streams the zip as a multipart upload
        enforced(lambda: application.compile_month(sqs_event(messages[0], stack.created["CompileQueue"]["Arn"]), None))
    with as_function("api_handler", stack, clock), Client(application.app) as client:
        archive = enforced(lambda: Api(client).get(f"/collections/{collection_id}/archive"))
    assert (archive.status, archive.json["status"], archive.json["files"]) == (200, "ready", 1)
