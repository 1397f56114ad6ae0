"""The local stand-in for Lambda's SQS trigger: a thread that long-polls a queue on the moto
server and hands each message, shaped as Lambda's SQS event, to the very function the
Lambda runs (`app.compile_month`). A message is deleted only when the handler succeeds;
a failure makes it visible again after a few seconds, and the queue's redrive policy
(from infra/resources.json) moves it to the dead-letter queue after its last try.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any], Any], Any]


def sqs_event(message: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    """A received SQS message as the event Lambda hands an `on_sqs_message` function."""
    body = message["Body"]
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": body,
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": hashlib.md5(body.encode()).hexdigest(),  # SQS's own checksum, not security
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": queue_arn.split(":")[3],
            }
        ]
    }


class QueuePump:
    def __init__(self, sqs: Any, queue_name: str, handler: Handler, wait_seconds: int = 2, retry_after: int = 5):
        self.sqs = sqs
        self.url = sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
        self.arn = sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.handler = handler
        self.wait_seconds = wait_seconds
        self.retry_after = retry_after

    def run_once(self) -> int:
        """Receive and handle what is waiting (long-polling up to wait_seconds); answer how many succeeded."""
        answer = self.sqs.receive_message(
            QueueUrl=self.url, MaxNumberOfMessages=1, WaitTimeSeconds=self.wait_seconds, AttributeNames=["All"]
        )
        handled = 0
        for message in answer.get("Messages", []):
            try:
                self.handler(sqs_event(message, self.arn), None)
            except Exception:
                log.exception("compile queue: the handler failed; the message will be delivered again")
                self.sqs.change_message_visibility(
                    QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=self.retry_after
                )
                continue
            self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
            handled += 1
        return handled

    def run_forever(self) -> None:
        while True:
            try:
                self.run_once()
            except Exception:  # the moto server going away at shutdown, a network hiccup
                log.exception("compile queue: polling failed")
                time.sleep(self.retry_after)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="compile-queue-pump", daemon=True)
        thread.start()
        return thread
