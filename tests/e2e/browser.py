"""A real Chromium (from the OS packages) driven by Playwright, as a phone, against the local stack.

No Chromium: the browser tests are skipped with a loud message, or fail when the
environment variable CI is set (CI installs Chromium; its absence there is a bug).
Screenshots go to $SCREENSHOTS (default out/screenshots; `make screenshots` writes docs/screenshots).
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = "BROWSER TESTS NOT RUN: no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
# The county office's PC, beside the phone: the office page's tests run at both (the `device` fixture).
DESKTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
DEVICES: dict[str, dict[str, Any]] = {"phone": PHONE, "desktop": DESKTOP}


def find_chromium() -> str | None:
    named = os.environ.get("CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    path = find_chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(SKIPPED + " — and CI is set, so this is a failure")
        pytest.skip(SKIPPED)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        env = {**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:zh"}
        browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS, env=env)
        yield browser
        browser.close()


@dataclass
class Phone:
    """One phone: a fresh browser context (its own storage) and its page, watched for trouble."""

    context: Any
    page: Any
    origins: set[str]
    requests: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def watch(self) -> None:
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("console", self._console)
        self.context.on("request", lambda request: self.requests.append(request))

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or (message.type == "error" and "Failed to load resource" not in text):
            self.problems.append(f"console {message.type}: {text}")

    def offline(self, offline: bool) -> None:
        self.context.set_offline(offline)

    def screenshot(self, name: str, full_page: bool = True) -> None:
        """The whole page from its top, or what the phone's screen shows now."""
        directory = Path(os.environ.get("SCREENSHOTS", ROOT / "out" / "screenshots"))
        directory.mkdir(parents=True, exist_ok=True)
        if full_page:
            self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=str(directory / f"{name}.png"), full_page=full_page)

    def check_traffic(self, token: str) -> None:
        """Only the app and the bucket were asked; the token never in a URL; no referrer sent."""
        for request in self.requests:
            url = request.url
            if url.startswith(("blob:", "data:")):
                continue
            parts = urlsplit(url)
            assert f"{parts.scheme}://{parts.netloc}" in self.origins, url
            assert token not in url, url
            assert not request.headers.get("referer"), url
        assert not self.problems, self.problems


def new_phone(browser: Any, stack: Any, **device: Any) -> Phone:
    """A phone (or, given another `device`, a desktop) whose clock reads the stack's time and whose traffic
    may reach only the app and the bucket."""
    context = browser.new_context(**(device or PHONE))
    context.set_default_timeout(15_000)
    context.clock.install(time=stack.now())
    phone = Phone(context, context.new_page(), {stack.base, stack.moto})
    phone.watch()
    return phone


def photo_png(width: int = 2400, height: int = 1800) -> bytes:
    """A camera-sized PNG (colour bands) made without an imaging library, for the page to shrink."""
    rows = b"".join(b"\x00" + bytes((y % 256, 90, 255 - y % 256)) * width for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def phone(chromium: Any, stack: Any) -> Iterator[Phone]:
    opened = new_phone(chromium, stack)
    yield opened
    opened.context.close()


@pytest.fixture(params=sorted(DEVICES))
def device(request: pytest.FixtureRequest, chromium: Any, stack: Any) -> Iterator[tuple[str, Phone]]:
    """The office page's two screens, a test run on each: ("desktop" | "phone", a fresh browser on it)."""
    opened = new_phone(chromium, stack, **DEVICES[request.param])
    yield request.param, opened
    opened.context.close()
