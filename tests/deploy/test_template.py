"""The stack's CloudFormation template, generated from the code as `make package` does, checked offline.

The template is packaged once (chalice package --merge-template infra/resources.json),
then cfn-lint and checkov run on it as subprocesses, and the tests read its JSON for
what the issue asks: PITR, a private TLS-only bucket, least privilege, dead-letter
queues and failure destinations, the schedules of app.py, and every environment
variable the code reads, set by reference for every function.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.utils import to_cfn_resource_name
from moto import mock_aws

import app as application
from chalicelib.core.config import Config
from chalicelib.files import bucket as bucket_files
from chalicelib.files.bucket import origin
from infra import stack
from local import resources

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stack.package("prod", tmp_path_factory.mktemp("package") / "prod")


@pytest.fixture(scope="module")
def template(template_file: Path) -> dict[str, Any]:
    return json.loads(template_file.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return of_type(template, "AWS::Serverless::Function")


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def statements(role: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A role's policy statements; a statement under Fn::If counts (both branches are possible)."""
    for policy in role["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            if "Fn::If" in statement:
                yield from (s for s in statement["Fn::If"][1:] if s != {"Ref": "AWS::NoValue"})
            else:
                yield statement


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --- the linters ------------------------------------------------------------------------


def test_cfn_lint_finds_nothing(template_file: Path) -> None:
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    done = subprocess.run([str(cfn_lint), str(template_file)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == ""


def test_checkov_fails_nothing_and_every_skip_says_why(template_file: Path) -> None:
    checkov = str(Path(os.environ.get("CHECKOV") or ROOT / ".venv-checkov" / "bin" / "checkov").resolve())
    if not Path(checkov).exists():
        pytest.fail(f"checkov not found at {checkov}: `make test` installs it into .venv-checkov")
    command = [checkov, "-f", str(template_file), "--framework", "cloudformation", "--skip-download", "-o", "json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=template_file.parent)
    report = json.loads(done.stdout)
    assert report["summary"]["parsing_errors"] == 0
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert failed == []
    assert report["summary"]["passed"] > 40  # it did look at the resources
    for skipped in report["results"]["skipped_checks"]:
        assert len(skipped["check_result"].get("suppress_comment") or "") > 40, skipped["check_id"]


# --- configuration ------------------------------------------------------------------------


def environment_variables_read() -> set[str]:
    """Every environment variable name app.py and chalicelib read (os.environ / env .get, [ ], os.getenv)."""
    names = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            target = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
                if node.func.attr in ("get", "getenv") and isinstance(node.args[0], ast.Constant):
                    target = node.func.value
                    name = node.args[0].value
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                target, name = node.value, node.slice.value
            if target is not None and re.search(r"\b(environ|env|os)\b", ast.unparse(target)):
                names.add(name)
    return names


# Imports `app` from the unpacked code as Lambda does (nothing written), and prints each module of the code that
# Python had to compile from source: builtins.compile raises the "compile" audit event with the file's name.
COMPILED_AT_IMPORT = """
import os, sys
folder = os.getcwd()
compiled = []
def record(event, args):
    if event == "compile" and str(args[1]).startswith(folder):
        compiled.append(os.path.relpath(args[1], folder))
sys.addaudithook(record)
import app
app.context().store.table.resource.name
print(len([m for m in sys.modules.values() if str(getattr(m, "__file__", "")).startswith(folder)]), compiled)
"""


def test_the_code_carries_the_bytecode_of_each_module_so_a_cold_start_compiles_nothing(
    template_file: Path, template: dict[str, Any], tmp_path: Path
) -> None:
    here = f"python{sys.version_info.major}.{sys.version_info.minor}"
    assert {f["Properties"]["Runtime"] for f in functions(template).values()} == {here} == {"python3.11"}
    with zipfile.ZipFile(template_file.with_name("deployment.zip")) as code:
        names = code.namelist()
        sources = [name for name in names if name.endswith(".py")]
        assert {"app.py", "chalicelib/reports/service.py", "pydantic/main.py", "openpyxl/__init__.py"} <= set(sources)
        # one unchecked-hash .pyc (PEP 552) per module, of its very source, and no other (the working tree's stale ones)
        bytecode = {name for name in names if name.endswith(".pyc")}
        assert "chalicelib/reports/__pycache__/service.cpython-311.pyc" in bytecode
        assert bytecode == {importlib.util.cache_from_source(name) for name in sources}
        for name in sources:
            header = code.read(importlib.util.cache_from_source(name))[:16]
            assert header[:4] == importlib.util.MAGIC_NUMBER, name
            assert int.from_bytes(header[4:8], "little") == 0b01, name  # hash-based, source not checked
            assert header[8:] == importlib.util.source_hash(code.read(name)), name
        code.extractall(tmp_path)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tmp_path), "AWS_DEFAULT_REGION": "us-east-1"}
    done = subprocess.run(
        [sys.executable, "-c", COMPILED_AT_IMPORT], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    modules, compiled = done.stdout.split(" ", 1)
    assert int(modules) > 100  # app, chalicelib and the libraries, from the code folder
    assert compiled.strip() == "[]"


def test_every_function_gets_every_variable_the_code_reads_by_reference(template: dict[str, Any]) -> None:
    read = environment_variables_read()
    assert {"TABLE_NAME", "BUCKET_NAME", "COMPILE_QUEUE", "ADMIN_TOKEN_SHA256", "SMTP_PASSWORD_PARAMETER"} <= read
    shared = template["Globals"]["Function"]["Environment"]["Variables"]
    parameters, resources_ = set(template["Parameters"]), set(template["Resources"])
    for name, function in functions(template).items():
        variables = {**shared, **function["Properties"].get("Environment", {}).get("Variables", {})}
        assert read <= set(variables), (name, read - set(variables))
        for variable, value in variables.items():
            ((kind, target),) = value.items()  # a reference, never a literal
            if kind == "Ref":
                assert target in parameters | resources_, (variable, target)
            else:
                assert kind == "Fn::GetAtt" and target[0] in resources_, (variable, value)
    assert shared["TABLE_NAME"] == {"Ref": "Table"}
    assert shared["BUCKET_NAME"] == {"Ref": "Bucket"}
    assert shared["COMPILE_QUEUE"] == {"Fn::GetAtt": ["CompileQueue", "QueueName"]}


def test_no_secret_is_in_the_template(template: dict[str, Any]) -> None:
    token = template["Parameters"]["AdminTokenSha256"]
    assert token["NoEcho"] is True
    assert "Default" not in token
    assert token["AllowedPattern"] == "^[0-9a-f]{64}$"  # a hash, not the token
    assert "Default" not in template["Parameters"]["MailFrom"]
    names = " ".join(template["Parameters"]).lower()
    assert "password" not in names.replace("passwordparameter", "")  # only the SSM parameter's name is given


def test_make_deploy_can_set_every_parameter(template: dict[str, Any]) -> None:
    assert set(stack.PARAMETERS) == set(template["Parameters"])
    env = {"MAIL_FROM": "sy@example.cn", "COUNTY_EMAIL": "", "HOME": "/root"}
    assert stack.parameter_overrides(env) == ["MailFrom=sy@example.cn", "CountyEmail="]


# --- the data -------------------------------------------------------------------------------


def test_the_table_is_on_demand_recoverable_encrypted_and_kept(template: dict[str, Any]) -> None:
    table = template["Resources"]["Table"]
    properties = table["Properties"]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["SSESpecification"]["SSEEnabled"] is True
    assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
    keys = {k["AttributeName"]: k["KeyType"] for k in properties["KeySchema"]}
    assert keys == {"PK": "HASH", "SK": "RANGE"}
    indexes = {
        i["IndexName"]: {k["AttributeName"] for k in i["KeySchema"]} for i in properties["GlobalSecondaryIndexes"]
    }
    storage = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "chalicelib" / "db").glob("*.py"))
    assert set(re.findall(r'IndexName="(\w+)"', storage)) <= set(indexes)
    assert indexes["GSI1"] == {"GSI1PK", "GSI1SK"}


def test_the_bucket_is_private_encrypted_tls_only_and_cleans_up(template: dict[str, Any]) -> None:
    bucket = template["Resources"]["Bucket"]
    properties = bucket["Properties"]
    assert set(properties["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(properties["PublicAccessBlockConfiguration"]) == 4
    encryption = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert properties["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert bucket["DeletionPolicy"] == "Retain"
    (policy,) = of_type(template, "AWS::S3::BucketPolicy").values()
    (deny,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Principal"] == "*"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert deny["Resource"] == [{"Fn::GetAtt": ["Bucket", "Arn"]}, {"Fn::Sub": "${Bucket.Arn}/*"}]
    rules = {r.get("Prefix", ""): r for r in properties["LifecycleConfiguration"]["Rules"]}
    assert rules[bucket_files.COMPILE_REQUESTS]["ExpirationInDays"] <= 90
    assert rules[bucket_files.ARCHIVES]["ExpirationInDays"] == bucket_files.ARCHIVE_DAYS  # made again when asked
    assert rules[bucket_files.SUMMARIES]["Transitions"][0]["StorageClass"] == "INTELLIGENT_TIERING"
    assert "ExpirationInDays" not in rules[bucket_files.SUMMARIES]  # a served summary's files never vanish
    assert rules[""]["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] <= 7
    assert rules[""]["NoncurrentVersionExpiration"]["NoncurrentDays"] <= 90


def test_cors_lets_only_the_apps_own_origin_post_photos(template: dict[str, Any]) -> None:
    condition, cors, otherwise = template["Resources"]["Bucket"]["Properties"]["CorsConfiguration"]["Fn::If"]
    assert condition == "HasPublicUrl" and otherwise == {"Ref": "AWS::NoValue"}
    (rule,) = cors["CorsRules"]
    assert rule["AllowedMethods"] == ["POST"]
    (allowed,) = rule["AllowedOrigins"]
    with mock_aws():
        stack_ = resources.local_stack(boto3.Session(region_name="us-east-1"), public_url="https://sy.example.cn/api")
        assert stack_.resolve(allowed) == "https://sy.example.cn" == origin("https://sy.example.cn/api")


def test_s3_notifies_the_compile_queue_which_ends_in_a_watched_dead_letter_queue(template: dict[str, Any]) -> None:
    r = template["Resources"]
    (notification,) = r["Bucket"]["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert notification["Queue"] == {"Fn::GetAtt": ["CompileQueue", "Arn"]}
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": bucket_files.COMPILE_REQUESTS}]
    assert "CompileQueuePolicy" in listed(r["Bucket"]["DependsOn"])
    queue = r["CompileQueue"]["Properties"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["CompileDeadLetterQueue", "Arn"]}
    assert 1 < queue["RedrivePolicy"]["maxReceiveCount"] <= 5
    compile_timeout = r["CompileMonth"]["Properties"]["Timeout"]
    assert queue["VisibilityTimeout"] >= 6 * compile_timeout  # AWS's advice for SQS-triggered functions
    dead = r["CompileDeadLetterQueue"]["Properties"]
    assert dead["MessageRetentionPeriod"] == 14 * 24 * 3600
    assert dead["RedriveAllowPolicy"]["sourceQueueArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${AWS::StackName}-compile"}
    ]
    # The trigger reads the very queue: chalice builds its ARN from the name the template gives the queue.
    (event,) = r["CompileMonth"]["Properties"]["Events"].values()
    assert event["Type"] == "SQS" and event["Properties"]["BatchSize"] == 1
    assert event["Properties"]["Queue"]["Fn::Sub"].endswith(":" + queue["QueueName"]["Fn::Sub"])
    watched = {
        a["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for a in of_type(template, "AWS::CloudWatch::Alarm").values()
    }
    assert watched == {"CompileDeadLetterQueue", "FailedEventsQueue"}


def test_the_schedules_are_app_pys_and_fail_into_a_queue_after_bounded_retries(template: dict[str, Any]) -> None:
    declared = {
        e.name: e.schedule_expression.to_string()
        for e in application.app.event_sources
        if hasattr(e, "schedule_expression")
    }
    assert declared == {"daily_reminders": "cron(0 1 * * ? *)", "request_scheduled_compiles": "cron(0 1 * * ? *)"}
    for name, expression in declared.items():
        function = template["Resources"][to_cfn_resource_name(name)]["Properties"]
        (event,) = function["Events"].values()
        assert event["Type"] == "Schedule" and event["Properties"]["Schedule"] == expression
        assert event["Properties"]["RetryPolicy"]["MaximumRetryAttempts"] <= 3
        assert event["Properties"]["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": ["FailedEventsQueue", "Arn"]}}
        invoke = function["EventInvokeConfig"]
        assert invoke["MaximumRetryAttempts"] <= 2 and invoke["MaximumEventAgeInSeconds"] <= 6 * 3600
        destination = invoke["DestinationConfig"]["OnFailure"]
        assert destination == {"Type": "SQS", "Destination": {"Fn::GetAtt": ["FailedEventsQueue", "Arn"]}}
        role = template["Resources"][function["Role"]["Fn::GetAtt"][0]]
        sends = [s for s in statements(role) if s["Action"] == "sqs:SendMessage"]
        assert [s["Resource"] for s in sends] == [{"Fn::GetAtt": ["FailedEventsQueue", "Arn"]}]
    (queue_policy,) = (
        p
        for p in of_type(template, "AWS::SQS::QueuePolicy").values()
        if p["Properties"]["Queues"] == [{"Ref": "FailedEventsQueue"}]
    )
    (allow,) = queue_policy["Properties"]["PolicyDocument"]["Statement"]
    assert (
        allow["Principal"] == {"Service": "events.amazonaws.com"}
        and "aws:SourceAccount" in allow["Condition"]["StringEquals"]
    )


# --- least privilege -------------------------------------------------------------------------


def test_each_function_has_its_own_role_with_named_actions_on_named_resources(template: dict[str, Any]) -> None:
    roles = of_type(template, "AWS::IAM::Role")
    used = {f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions(template).values()}
    assert used == set(roles) and len(roles) == len(functions(template)) == 4
    for name, role in roles.items():
        assert "ManagedPolicyArns" not in role["Properties"], name
        for statement in statements(role):
            assert statement["Effect"] == "Allow"
            for action in listed(statement["Action"]):
                assert "*" not in action, (name, action)
            for resource in listed(statement["Resource"]):
                assert resource != "*", (name, statement)
                text = json.dumps(resource)
                assert (
                    "Fn::GetAtt" in text
                    or "${AWS::Partition}" in text
                    or "${Bucket.Arn}" in text
                    or "${Table.Arn}" in text
                )


def test_each_function_logs_only_into_its_own_log_group_kept_a_year(template: dict[str, Any]) -> None:
    for logical_id, function in functions(template).items():
        name = function["Properties"]["FunctionName"]["Fn::Sub"]
        assert name.startswith("${AWS::StackName}-")
        role = template["Resources"][function["Properties"]["Role"]["Fn::GetAtt"][0]]
        (logs,) = (s for s in statements(role) if s["Action"][0].startswith("logs:"))
        assert logs["Resource"]["Fn::Sub"].endswith(f":log-group:/aws/lambda/{name}:*"), logical_id
        group = template["Resources"][f"{to_cfn_resource_name(name.split('-', 1)[1])}LogGroup"]["Properties"]
        assert group["LogGroupName"] == {"Fn::Sub": f"/aws/lambda/{name}"}
        assert group["RetentionInDays"] == 365


def test_s3_is_granted_per_prefix_and_mail_only_to_the_reminders(template: dict[str, Any]) -> None:
    grants: dict[str, set[tuple[str, str]]] = {}
    for name, role in of_type(template, "AWS::IAM::Role").items():
        for statement in statements(role):
            for action in listed(statement["Action"]):
                for resource in listed(statement["Resource"]):
                    target = resource.get("Fn::Sub") if isinstance(resource, dict) else resource
                    if not isinstance(target, str):
                        target = json.dumps(resource)
                    grants.setdefault(name, set()).add((action, target))
    objects = {
        role: {(a, t.removeprefix("${Bucket.Arn}/")) for a, t in g if a.startswith("s3:")} for role, g in grants.items()
    }
    assert objects["CompileMonthRole"] == {
        ("s3:PutObject", "summaries/*"),
        ("s3:GetObject", "collections/*"),  # a collection's files, read into its archive
        ("s3:PutObject", "collections/*"),  # the archive, streamed as a multipart upload
        ("s3:AbortMultipartUpload", "collections/*"),  # an archive that failed leaves no part behind
    }
    assert objects["RequestScheduledCompilesRole"] == {("s3:PutObject", "compile-requests/*")}
    assert objects["DailyRemindersRole"] == set()
    assert objects["ApiHandlerRole"] == {
        ("s3:PutObject", "compile-requests/*"),
        ("s3:PutObject", "photos/*"),
        ("s3:GetObject", "photos/*"),  # a report's photo is HEADed: it must be in the bucket
        ("s3:GetObject", "summaries/*"),
        ("s3:PutObject", "surveys/*"),
        ("s3:GetObject", "surveys/*"),
        ("s3:PutObject", "agreements/*"),  # signs the page's upload of a signed agreement
        ("s3:GetObject", "agreements/*"),  # HEADs it before it is attached, and links its download
        ("s3:PutObject", "plans/*"),  # the 任务分解表's template, served by a link
        ("s3:GetObject", "plans/*"),
        ("s3:PutObject", "units/*"),  # the units' sheet template, served by a link
        ("s3:GetObject", "units/*"),
        ("s3:PutObject", "collections/*"),  # signs a unit's upload of its file for a collection
        ("s3:GetObject", "collections/*"),  # HEADs it and reads its first bytes before it is submitted; links
    }
    granted = {target.removesuffix("*") for g in objects.values() for _, target in g}
    assert granted == set(bucket_files.PREFIXES)  # every prefix the code writes, and no other, is granted
    mailers = {role for role, g in grants.items() for a, _ in g if a.split(":")[0] in ("ses", "ssm", "kms")}
    assert mailers == {"DailyRemindersRole"}


# --- the API's throttles ----------------------------------------------------------------------


def test_the_public_answer_route_has_its_own_throttle_below_the_stages(template: dict[str, Any]) -> None:
    api = template["Resources"]["RestAPI"]["Properties"]
    settings = {(s["ResourcePath"], s["HttpMethod"]): s for s in api["MethodSettings"]}
    stage = settings[("/*", "*")]
    assert (stage["ThrottlingRateLimit"], stage["ThrottlingBurstLimit"]) == (50, 100)
    answers = settings[("/~1s~1{token}~1responses", "POST")]
    assert (answers["ThrottlingRateLimit"], answers["ThrottlingBurstLimit"]) == (5, 10)
    assert answers["ThrottlingRateLimit"] < stage["ThrottlingRateLimit"]
    assert answers["ThrottlingBurstLimit"] < stage["ThrottlingBurstLimit"]
    # The throttled method is the anonymous answer route as the packaged API declares it.
    assert "post" in api["DefinitionBody"]["paths"]["/s/{token}/responses"]


# --- the API's paths and its own answers -----------------------------------------------------


def sibling_variables(paths: list[str]) -> dict[str, set[str]]:
    """Each path (below which two or more variables of different names stand side by side) and those names:
    API Gateway keeps one resource per segment, and refuses a {variable} beside one of another name."""
    below: dict[str, set[str]] = {}
    for path in paths:
        segments = path.strip("/").split("/")
        for depth, segment in enumerate(segments):
            if segment.startswith("{"):
                below.setdefault("/" + "/".join(segments[:depth]), set()).add(segment)
    return {parent: names for parent, names in below.items() if len(names) > 1}


def test_no_two_sibling_path_segments_are_variables_of_different_names(template: dict[str, Any]) -> None:
    # The check itself finds the pair that kept the API from deploying, and one under a shared variable.
    assert sibling_variables(["/summaries/{period}", "/summaries/{year}/notes"]) == {
        "/summaries": {"{period}", "{year}"}
    }
    assert sibling_variables(["/a/{x}/b/{y}", "/a/{x}/b/{z}/c", "/a/{x}/d"]) == {"/a/{x}/b": {"{y}", "{z}"}}
    paths = list(template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"])
    assert "/summaries/{period}/notes" in paths and len(paths) > 50
    assert sibling_variables(paths) == {}


def test_api_gateways_own_answers_are_the_apps_code_and_message_in_chinese(template: dict[str, Any]) -> None:
    definition = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    answers = definition["x-amazon-apigateway-gateway-responses"]
    found = {
        kind: (answer.get("statusCode"), json.loads(answer["responseTemplates"]["application/json"]))
        for kind, answer in answers.items()
    }
    assert found == {
        "MISSING_AUTHENTICATION_TOKEN": ("404", {"code": "404.1", "message": "未找到该地址，请检查链接是否完整"}),
        "RESOURCE_NOT_FOUND": ("404", {"code": "404.1", "message": "未找到该地址，请检查链接是否完整"}),
        "THROTTLED": ("429", {"code": "429.1", "message": "请求过于频繁，请稍候再试"}),
        "REQUEST_TOO_LARGE": ("413", {"code": "413.1", "message": "提交的内容过大（上限 10 MB）"}),
        "DEFAULT_5XX": (
            None,  # the gateway's own status stays: 500, 502 or 504
            {"code": "500.1", "message": "系统暂时出错，请稍后再试；如刚才在提交，请先刷新，看是否已经保存"},
        ),
    }
    # Plain JSON in ASCII: API Gateway sends the template as it is, naming no charset.
    assert all(answer["responseTemplates"]["application/json"].isascii() for answer in answers.values())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    for kind in answers:
        assert f"`{kind}`" in table, kind


# --- the AWS China regions --------------------------------------------------------------------


def test_nothing_depends_on_a_service_missing_in_china_or_on_a_partition(template: dict[str, Any]) -> None:
    kinds = {r["Type"] for r in template["Resources"].values()}
    assert not [k for k in kinds if k.startswith(("AWS::Cognito::", "AWS::SES::", "AWS::CloudFront::"))]
    assert template["Resources"]["RestAPI"]["Properties"]["EndpointConfiguration"] == "REGIONAL"  # no edge in China
    for text in strings(template):
        assert not re.search(r"arn:aws(-cn|-us-gov)?:", text), text  # partitions come from ${AWS::Partition}
    (role,) = (r for n, r in of_type(template, "AWS::IAM::Role").items() if n == "DailyRemindersRole")
    for statement in role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]:
        if "ses:" in json.dumps(statement):
            assert statement["Fn::If"][0] == "SendWithSes"  # with MAIL_TRANSPORT=smtp, no SES at all
    assert template["Parameters"]["MailTransport"]["AllowedValues"] == ["ses", "smtp"]


# --- local and cloud --------------------------------------------------------------------------


def test_the_local_stack_is_made_of_the_templates_resources(template: dict[str, Any]) -> None:
    r = template["Resources"]
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        created = resources.create_all(session, "sy-table", "sy-bucket", public_url="http://127.0.0.1:8000")
        table = session.client("dynamodb").describe_table(TableName="sy-table")["Table"]
        assert table["KeySchema"] == r["Table"]["Properties"]["KeySchema"]
        assert table["BillingModeSummary"]["BillingMode"] == r["Table"]["Properties"]["BillingMode"]
        assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["GSI1"]
        s3 = session.client("s3")
        block = s3.get_public_access_block(Bucket="sy-bucket")["PublicAccessBlockConfiguration"]
        assert block == r["Bucket"]["Properties"]["PublicAccessBlockConfiguration"]
        assert s3.get_bucket_versioning(Bucket="sy-bucket")["Status"] == "Enabled"
        rules = s3.get_bucket_lifecycle_configuration(Bucket="sy-bucket")["Rules"]
        assert [x["ID"] for x in rules] == [
            x["Id"] for x in r["Bucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
        ]
        (cors,) = s3.get_bucket_cors(Bucket="sy-bucket")["CORSRules"]
        assert cors["AllowedOrigins"] == ["http://127.0.0.1:8000"] and cors["AllowedMethods"] == ["POST"]
        (notified,) = s3.get_bucket_notification_configuration(Bucket="sy-bucket")["QueueConfigurations"]
        assert notified["QueueArn"] == created.created["CompileQueue"]["Arn"]
        sqs = session.client("sqs")
        for logical_id in ("CompileQueue", "CompileDeadLetterQueue", "FailedEventsQueue"):
            url = sqs.get_queue_url(QueueName=created.created[logical_id]["QueueName"])["QueueUrl"]
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            for name in ("VisibilityTimeout", "MessageRetentionPeriod"):
                if name in r[logical_id]["Properties"]:
                    assert attributes[name] == str(r[logical_id]["Properties"][name]), (logical_id, name)
        redrive = json.loads(
            sqs.get_queue_attributes(QueueUrl=created.created["CompileQueue"]["Ref"], AttributeNames=["RedrivePolicy"])[
                "Attributes"
            ]["RedrivePolicy"]
        )
        assert redrive["deadLetterTargetArn"] == created.created["CompileDeadLetterQueue"]["Arn"]
        assert created.created["CompileQueue"]["QueueName"] == Config.compile_queue  # the name the app reads locally
