"""The HTML coverage report opened in headless Chromium, on screen and in print, as a reader would.

Screenshots are saved in the test's tmp_path and, for a human look, in tests/output/ (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from urllib.parse import urlsplit

import pytest

from copgraph.check import check_one, context
from copgraph.report import render
from copgraph.templating import site
from tests.browser import browser, visit
from tests.conftest import ROOT

OUTPUT = ROOT / "tests" / "output"


@pytest.fixture(scope="module")
def page_file(graph, tmp_path_factory):
    report = check_one(context(graph, "lanzarote-criminal"), "GB", dt.date(2026, 11, 30))
    path = tmp_path_factory.mktemp("report") / "gb.html"
    path.write_text(render(report, "html"), encoding="utf-8")  # type: ignore[arg-type]
    return report, path


def test_report_page_loads_cleanly_with_legend_footer_and_site_links(page_file, tmp_path):
    report, path = page_file
    with browser() as chromium:
        seen = visit(chromium, path.as_uri(), tmp_path / "screen.png")
        printed = visit(chromium, path.as_uri(), tmp_path / "print.png", media="print")
        page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.goto(path.as_uri())
        anchors = page.eval_on_selector_all("a[href]", "els => els.map(e => [e.href, e.textContent])")
        legend = page.inner_text("#legend")
        footer = page.inner_text("footer")
        rows = page.eval_on_selector_all("table.report tbody tr", "els => els.length")
        page.close()
    OUTPUT.mkdir(exist_ok=True)
    for name in ("screen.png", "print.png"):
        shutil.copy(tmp_path / name, OUTPUT / f"report-gb-{name}")
    assert (tmp_path / "screen.png").stat().st_size > 10_000 and (tmp_path / "print.png").stat().st_size > 10_000
    assert seen.console_errors == [] and seen.failed_requests == []
    assert printed.console_errors == [] and printed.failed_requests == []
    assert seen.title.startswith("Coverage: United Kingdom")
    assert rows == len(report.rows)
    for status in ("covered", "partial", "assessed gap", "not assessed"):
        assert status in legend
    assert "Violation" in legend and "binding" in legend
    assert f"data {report.about.data_digest}" in footer and report.about.version in footer
    assert "Not assessed means no claim is recorded" in footer
    assert anchors, "the report cites web sources"
    for href, text in anchors:  # every link is a web address and says which site it leads to
        assert urlsplit(href).scheme in ("http", "https"), href
        assert text == site(href) and text in href, (href, text)
    cited = {s for row in report.rows for s in row.sources() if s.startswith(("http://", "https://"))}
    assert len({href for href, _ in anchors}) == len(cited)  # every cited web source is a link


def test_print_keeps_table_rows_whole(page_file, tmp_path):
    _report, path = page_file
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.emulate_media(media="print")
        page.goto(path.as_uri())
        styles = page.eval_on_selector_all(
            "table.report tbody tr", "els => els.map(e => getComputedStyle(e).breakInside)")
        header = page.eval_on_selector("table.report thead", "e => getComputedStyle(e).display")
        page.pdf(path=str(tmp_path / "report.pdf"), format="A4", print_background=True)
        page.close()
    assert styles and set(styles) == {"avoid"}
    assert header == "table-header-group"  # the header repeats on every printed page
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2  # printed over pages
