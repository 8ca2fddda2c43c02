"""Text from data files reaches every output escaped: no markup, control sequence, formula or script link."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from copgraph.about import About
from copgraph.escape import is_web_link, markdown, plain, spreadsheet
from copgraph.legend import Legend, Term
from copgraph.report import CoverageReport, CoverageRow, render
from copgraph.rows import render_rows
from copgraph.verdict import Evidence

EVIL_LABEL = "<script>alert(1)</script> \x1b[31mred\x1b[0m **bold** | pipe"
FORMULA = "=HYPERLINK(\"http://x\",\"y\")"


def report() -> CoverageReport:
    claim = Evidence(claim="https://w3id.org/copgraph/jurisdiction/XA/claim/x", level="x", measure="m",
                     measure_label=FORMULA, sources=["javascript:alert(1)", "https://example.org/ok"])
    row = CoverageRow(requirement="https://w3id.org/copgraph/requirement/r", label=EVIL_LABEL, provisions=["-1+1"],
                      status="partial", binding="binding", severity="Warning", reason="@SUM(A1)", evidence=[claim],
                      as_of=dt.date(2026, 1, 1))
    return CoverageReport(jurisdiction="https://w3id.org/copgraph/jurisdiction/XA", code="XA", jurisdiction_label="X",
                          profile="p", profile_label="P", as_of=dt.date(2026, 1, 1), engine="fast", rows=[row],
                          about=About("0", "0" * 12, None, dt.datetime(2026, 1, 1)),
                          legend=Legend([Term("partial", EVIL_LABEL)], [], {"Warning": [("partial", "binding")]}))


def test_rules():
    assert plain("a\x1b[31mb\x07c\nd") == "a[31mbc d"
    assert markdown("<b>|*x*") == "\\<b\\>\\|\\*x\\*"
    assert [spreadsheet(x) for x in ("=1", "+1", "-1", "@x", "a=1", "")] == ["'=1", "'+1", "'-1", "'@x", "a=1", ""]
    assert is_web_link("https://a.org/x") and is_web_link("http://a.org")
    assert not any(is_web_link(u) for u in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                                            "https://a.org/\"onmouseover=x"))


def test_html_links_only_web_addresses_and_escapes_markup():
    out = render(report(), "html")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'href="javascript' not in out and 'href="https://example.org/ok"' in out
    assert "\x1b" not in render(report(), "table")


def test_markdown_has_no_raw_html_and_no_script_link():
    out = render(report(), "md")
    assert "<script>" not in out and "\x1b" not in out and "<javascript" not in out
    assert "<https://example.org/ok>" in out


def test_csv_cells_cannot_be_formulas():
    rows = list(csv.DictReader(io.StringIO(render(report(), "csv"))))
    assert rows[0]["reason"] == "'@SUM(A1)" and rows[0]["provisions"] == "'-1+1"
    assert not any(v.startswith(("=", "+", "-", "@")) for v in rows[0].values())
    query_csv = render_rows([{"label": FORMULA}], "csv")
    assert query_csv.splitlines()[1].startswith("\"'=HYPERLINK")


def test_xlsx_cells_cannot_be_formulas(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(render(report(), "xlsx"))
    book = load_workbook(path)
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "'@SUM(A1)" in values and "'=HYPERLINK(\"http://x\",\"y\")" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)


def test_wrapped_markdown_never_opens_a_block():
    from markdown_it import MarkdownIt

    from copgraph.escape import markdown_wrapped

    for marker in ("# heading", "- item", "+ item", "1. item", "1) item", "> quote", "```", "===", "---", "- - -"):
        for pad in range(0, 12):
            text = "word " * 18 + "w" * pad + " " + marker + " and more text " * 8
            out = markdown_wrapped(text, 100, "  ")
            assert all(len(line) <= 103 for line in out.splitlines())  # indent and an escape
            kinds = {t.type for t in MarkdownIt("commonmark").parse(out)}
            assert kinds == {"paragraph_open", "inline", "paragraph_close"}, (marker, pad, out)
            rendered = MarkdownIt("commonmark").render(out)
            assert " ".join(text.split()).replace(">", "&gt;") in " ".join(rendered.split()), (marker, out)


def test_report_markdown_structure_survives_hostile_notes():
    from markdown_it import MarkdownIt

    evil = report()
    evil.rows[0].evidence[0].note = ("note " * 19 + "# not a heading\n- not an item " + "x " * 40) * 3
    tokens = MarkdownIt("commonmark").parse(render(evil, "md"))
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings == ["h1", "h2", "h3"]
