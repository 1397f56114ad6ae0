"""`make package`, `make deploy`, `make destroy`: one county's stack on AWS.

package: `chalice package --stage STAGE --merge-template infra/resources.json OUT`, then
API Gateway's own answers given the app's shape (`gateway_answers`) and each module's bytecode
added to the code (`ship_bytecode`). Chalice writes the functions,
the REST API, the schedules, the SQS trigger and a role per function (its policy from
.chalice/policy-<function>.json, as the stage's `iam_policy_file` says); this app's own
resources file is merged in: the table, the bucket, the queues, the alarms, the parameters
and every function's environment (SAM Globals), each value a reference to a parameter or a
resource. No AWS account is needed; chalice downloads the Lambda (manylinux) wheels of
requirements.txt from PyPI.

deploy: `aws cloudformation package` (uploads the code to DEPLOY_BUCKET) and
`aws cloudformation deploy`. Parameters come from the environment (MAIL_FROM, …:
`PARAMETERS` below); one not given keeps its value on an existing stack. When the
stack has no PublicUrl yet (a first deploy without PUBLIC_URL), a second deploy sets it
to the API's own address, from the stack's EndpointURL output.

destroy: deletes the stack. The table and the bucket are kept (DeletionPolicy: Retain):
a county's records are never deleted by a command; their names are printed.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from chalicelib.core.errors import ApiError, NotFound, PayloadTooLarge, ServerError, TooManyRequests

ROOT = Path(__file__).resolve().parent.parent
RESOURCES_FILE = ROOT / "infra" / "resources.json"
# The SQS trigger's queue ARN is built by chalice from the queue name app.py is given at
# import time; the template names the queue after the stack, so chalice writes it as a Fn::Sub.
PACKAGED_COMPILE_QUEUE = "${AWS::StackName}-compile"
# The template's parameters, and the environment variable `make deploy` reads each from.
PARAMETERS = {
    "PublicUrl": "PUBLIC_URL",
    "CountyName": "COUNTY_NAME",
    "CountyId": "COUNTY_ID",
    "AdminTokenSha256": "ADMIN_TOKEN_SHA256",
    "MailTransport": "MAIL_TRANSPORT",
    "MailFrom": "MAIL_FROM",
    "CountyEmail": "COUNTY_EMAIL",
    "SmtpHost": "SMTP_HOST",
    "SmtpPort": "SMTP_PORT",
    "SmtpSecurity": "SMTP_SECURITY",
    "SmtpUser": "SMTP_USER",
    "SmtpPasswordParameter": "SMTP_PASSWORD_PARAMETER",
    "AlarmEmail": "ALARM_EMAIL",
}


def package(stage: str, out: Path) -> Path:
    """Write the stage's template (sam.json) and code (deployment.zip) into `out`; answer the template."""
    if out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "COMPILE_QUEUE": PACKAGED_COMPILE_QUEUE}
    if not (env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")):
        env["AWS_DEFAULT_REGION"] = "us-east-1"  # chalice asks for one; the template is the same in every region
    chalice = Path(sys.executable).with_name("chalice")
    command = [str(chalice), "package", "--stage", stage, "--merge-template", str(RESOURCES_FILE), str(out.resolve())]
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(command, cwd=_sources(Path(folder)), env=env, check=True, stdout=subprocess.DEVNULL)
    gateway_answers(out / "sam.json")
    ship_bytecode(out / "sam.json", out / "deployment.zip")
    return out / "sam.json"


def _sources(project: Path) -> Path:
    """A copy of what chalice packages (app.py, chalicelib, requirements.txt, .chalice), without __pycache__:
    chalice zips the folder as it finds it, and a .pyc that a running test writes meanwhile corrupts the zip. The
    built dependencies (.chalice/deployments) are shared, not copied: chalice's cache."""
    shutil.copy2(ROOT / "app.py", project)
    shutil.copy2(ROOT / "requirements.txt", project)
    shutil.copytree(ROOT / "chalicelib", project / "chalicelib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / ".chalice", project / ".chalice", ignore=shutil.ignore_patterns("deployments"))
    (ROOT / ".chalice" / "deployments").mkdir(exist_ok=True)
    (project / ".chalice" / "deployments").symlink_to(ROOT / ".chalice" / "deployments")
    return project


# What API Gateway answers by itself, before the app is reached, as the app would: {code, message} in Chinese.
# A REST API answers a path (or a method) it does not have with MISSING_AUTHENTICATION_TOKEN, a 403, as if a
# signature were missing: it is a 404 here. DEFAULT_5XX keeps the gateway's status (500, 502, 504).
GATEWAY_ANSWERS: dict[str, tuple[ApiError, int | None]] = {
    "MISSING_AUTHENTICATION_TOKEN": (NotFound("未找到该地址，请检查链接是否完整"), 404),
    "RESOURCE_NOT_FOUND": (NotFound("未找到该地址，请检查链接是否完整"), 404),
    "THROTTLED": (TooManyRequests(), 429),
    "REQUEST_TOO_LARGE": (PayloadTooLarge("提交的内容过大（上限 10 MB）"), 413),
    "DEFAULT_5XX": (ServerError(), None),
}

# Where Lambda unpacks the code: the source paths the bytecode names (tracebacks), the same in every build.
LAMBDA_TASK_ROOT = "/var/task"


def gateway_answers(template: Path) -> None:
    """Declare GATEWAY_ANSWERS in the API's own definition (x-amazon-apigateway-gateway-responses), not as
    AWS::ApiGateway::GatewayResponse resources: a deployment of the API carries what its definition holds, and
    SAM makes a new deployment whenever the definition changes, so the answers are live from the first deploy.
    The bodies are ASCII JSON (\\u escapes): API Gateway states no charset for them."""
    packaged = json.loads(template.read_text(encoding="utf-8"))
    definition = packaged["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    answers: dict[str, Any] = {}
    for kind, (error, status) in GATEWAY_ANSWERS.items():
        answers[kind] = {"responseTemplates": {"application/json": json.dumps(error.body())}}
        if status is not None:
            answers[kind]["statusCode"] = str(status)
    definition["x-amazon-apigateway-gateway-responses"] = answers
    template.write_text(json.dumps(packaged, indent=2, ensure_ascii=False), encoding="utf-8")


def ship_bytecode(template: Path, archive: Path) -> None:
    """Add to the code the bytecode of each of its modules (app, chalicelib and the libraries chalice put in), so a
    cold start compiles nothing: Lambda's code folder is read-only, so Python cannot keep there what it compiles,
    and compiles every module again at each cold start. Compiled by this Python, which chalice wrote as the
    functions' runtime; as unchecked-hash .pyc (PEP 552), valid whatever dates the zip gives its files. The
    working tree's own __pycache__ is never packaged (see _sources)."""
    runtimes = {
        f["Properties"]["Runtime"]
        for f in json.loads(template.read_text())["Resources"].values()
        if f["Type"] == "AWS::Serverless::Function"
    }
    here = f"python{sys.version_info.major}.{sys.version_info.minor}"
    if runtimes != {here}:
        raise SystemExit(f"the functions run {sorted(runtimes)}, this Python is {here}: bytecode would not match")
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(archive) as packaged:
            entries = [(info, packaged.read(info)) for info in packaged.infolist()]
        for info, data in entries:
            if info.filename.endswith(".py"):
                source = Path(folder, info.filename)
                source.parent.mkdir(parents=True, exist_ok=True)
                source.write_bytes(data)
        compiled = compileall.compile_dir(
            folder,
            ddir=LAMBDA_TASK_ROOT,
            quiet=2,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
        if not compiled:
            raise SystemExit("a module of the package does not compile")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as rewritten:
            for info, data in entries:
                rewritten.writestr(info, data)
                if info.filename.endswith(".py"):
                    cached = Path(folder, importlib.util.cache_from_source(info.filename))
                    bytecode = zipfile.ZipInfo(cached.relative_to(folder).as_posix(), info.date_time)
                    bytecode.external_attr, bytecode.compress_type = info.external_attr, zipfile.ZIP_DEFLATED
                    rewritten.writestr(bytecode, cached.read_bytes())


def parameter_overrides(env: dict[str, str]) -> list[str]:
    """Key=Value for each template parameter whose environment variable is set (even to empty)."""
    return [f"{key}={env[name]}" for key, name in PARAMETERS.items() if name in env]


def _aws(*args: str, capture: bool = False) -> str:
    command = [os.environ.get("AWS_CLI", "aws"), *args]
    print("+", " ".join(command), flush=True)
    done = subprocess.run(command, check=True, text=True, stdout=subprocess.PIPE if capture else None)
    return done.stdout or ""


def _stack(name: str) -> dict[str, Any]:
    described = _aws("cloudformation", "describe-stacks", "--stack-name", name, "--output", "json", capture=True)
    answer = json.loads(described)
    return answer["Stacks"][0]


def _deploy(template: Path, stack: str, overrides: list[str]) -> None:
    _aws(
        "cloudformation",
        "deploy",
        "--template-file",
        str(template),
        "--stack-name",
        stack,
        "--s3-bucket",
        os.environ["DEPLOY_BUCKET"],
        "--s3-prefix",
        stack,
        "--capabilities",
        "CAPABILITY_IAM",
        "CAPABILITY_AUTO_EXPAND",
        "--no-fail-on-empty-changeset",
        *(["--parameter-overrides", *overrides] if overrides else []),
    )


def deploy(stage: str, stack: str, out: Path) -> None:
    if not os.environ.get("DEPLOY_BUCKET"):
        sys.exit("DEPLOY_BUCKET=<an S3 bucket of yours in the stack's region, for the code> is required")
    template = package(stage, out)
    packaged = out / "packaged.json"
    _aws(
        "cloudformation",
        "package",
        "--template-file",
        str(template),
        "--s3-bucket",
        os.environ["DEPLOY_BUCKET"],
        "--s3-prefix",
        stack,
        "--output-template-file",
        str(packaged),
        "--use-json",
    )
    _deploy(packaged, stack, parameter_overrides(dict(os.environ)))
    described = _stack(stack)
    given = {p["ParameterKey"]: p.get("ParameterValue", "") for p in described.get("Parameters", [])}
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    if not given.get("PublicUrl"):
        _deploy(packaged, stack, [f"PublicUrl={outputs['EndpointURL'].rstrip('/')}"])
        outputs = {o["OutputKey"]: o["OutputValue"] for o in _stack(stack).get("Outputs", [])}
    for key, value in sorted(outputs.items()):
        print(f"{key}: {value}")


def destroy(stack: str) -> None:
    outputs = {o["OutputKey"]: o["OutputValue"] for o in _stack(stack).get("Outputs", [])}
    _aws("cloudformation", "delete-stack", "--stack-name", stack)
    _aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", stack)
    print(
        f"Deleted {stack}. Kept, with the county's records: table {outputs.get('TableName')}, "
        f"bucket {outputs.get('BucketName')}. Delete them yourself once they are backed up and no longer needed."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["package", "deploy", "destroy"])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--stack", default="")
    parser.add_argument("--out", default="")
    options = parser.parse_args()
    out = Path(options.out or ROOT / "out" / options.stage)
    stack = options.stack or f"shuangyong-{options.stage}"
    if options.action == "package":
        print(package(options.stage, out))
    elif options.action == "deploy":
        deploy(options.stage, stack, out)
    else:
        destroy(stack)


if __name__ == "__main__":
    main()
