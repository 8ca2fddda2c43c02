"""Open pages in headless Chromium (Debian's `chromium`, driven by Playwright) as a reader would.

CI installs the browser (.ci/run); a machine without it fails these tests with that message
instead of skipping them, since an untested page is how a broken report reaches a reader.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Visit:
    title: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    text: str = ""


@contextmanager
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.fail("headless Chromium is needed: apt-get install chromium (CI's .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


def visit(chromium: object, url: str, screenshot: Path | None = None, *, media: str = "screen") -> Visit:
    """Load a page; gather console errors, failed requests, links and visible text; save a screenshot."""
    page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.emulate_media(media=media)
    page.goto(url, wait_until="load")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    found = Visit(page.title(), errors, failed,
                  page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"),
                  page.inner_text("body"))
    page.close()
    return found
