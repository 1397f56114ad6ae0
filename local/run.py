"""`make run`: the whole product on this machine.

Starts an embedded moto server on 127.0.0.1, creates the table and bucket from
infra/resources.json, seeds a demo county and the demo city above it (unless DEMO=0), prints the tokens,
and serves the API with Chalice's local server on 127.0.0.1:$PORT (8000).
CLOCK=2026-09-15T10:00+08:00 sets the stack's clock to that moment, running on from it.
A daemon thread pumps the compile queue into the compile function, as Lambda would.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import sys


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_moto(port: int) -> str:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request log drowns the tokens

    from local.atomic import serve_dynamodb_one_request_at_a_time

    serve_dynamodb_one_request_at_a_time()  # for the server's life: its threads serve requests at once
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return f"http://127.0.0.1:{port}"


def prepare_environment(endpoint: str, admin_token: str) -> None:
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
            "ADMIN_TOKEN_SHA256": hashlib.sha256(admin_token.encode()).hexdigest(),
        }
    )


def main() -> None:
    port = int(os.environ.get("PORT", "8000"))
    host = "127.0.0.1"
    os.environ.setdefault("PUBLIC_URL", f"http://{host}:{port}")
    os.environ.setdefault("COUNTY_EMAIL", "sybgs@example.cn")  # the demo county office's inbox
    admin_token = os.environ.get("ADMIN_TOKEN") or "sy-admin-" + secrets.token_urlsafe(24)
    endpoint = start_moto(int(os.environ.get("MOTO_PORT", free_port())))
    prepare_environment(endpoint, admin_token)

    import boto3
    from chalice.config import Config as ChaliceConfig
    from chalice.local import create_local_server

    import app as application
    from chalicelib.context import Context
    from chalicelib.core.dates import shifted_clock
    from chalicelib.staff.service import admin_link
    from chalicelib.units.service import reporter_link
    from local import demo, resources, stackfile
    from local.clock import offset
    from local.pump import QueuePump

    clock_offset = offset(os.environ.get("CLOCK"))
    ctx = Context(clock=shifted_clock(clock_offset))
    session = boto3.Session()
    config = ctx.config
    resources.create_all(
        session, config.table_name, config.bucket_name, compile_queue=config.compile_queue, public_url=config.public_url
    )
    application.use_context(ctx)
    QueuePump(boto3.client("sqs"), config.compile_queue, application.compile_month).start()
    stackfile.verify_sender(session, config.mail_from)
    stackfile.write(endpoint, clock_offset)

    reporters, city = (demo.seed(ctx), demo.seed_city(ctx)) if os.environ.get("DEMO", "1") != "0" else ({}, None)
    print(f"moto server (local AWS): {endpoint}")
    print(f"admin token: {admin_token}")
    print(f"  curl -H 'Authorization: Bearer {admin_token}' http://{host}:{port}/units")
    print(f"  county office page: {admin_link(ctx.config.public_url, admin_token)}")
    if city:
        print(f"  city office page ({demo.CITY['name']}): {city.admin_link}")
    print("reminder e-mails: make remind [AT=2026-08-03T09:00+08:00], then make outbox")
    print(f"  curl -H 'Authorization: Bearer {admin_token}' -X POST http://{host}:{port}/summaries/<YYYY-MM>")
    print(f"  curl -H 'Authorization: Bearer {admin_token}' http://{host}:{port}/plans/<YYYY>   (the year's plan)")
    print(f"  curl -H 'Authorization: Bearer {admin_token}' -X POST http://{host}:{port}/summaries/<YYYY>")
    for unit_id, token in reporters.items():
        print(f"demo reporter of {unit_id}: {token}")
        print(f"  report page: {reporter_link(ctx.config.public_url, token)}")
    for unit_id, token in city.reporters.items() if city else ():
        print(f"{demo.SECOND_COUNTY['name']} reporter of {unit_id}: {token}")
        print(f"  report page ({demo.SECOND_COUNTY['name']}): {reporter_link(ctx.config.public_url, token)}")
    sys.stdout.flush()
    chalice_config = ChaliceConfig.create(chalice_stage="dev", app_name="shuangyong", chalice_app=application.app)
    server = create_local_server(application.app, chalice_config, host, port)
    server.serve_forever()


if __name__ == "__main__":
    main()
