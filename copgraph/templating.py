"""The one Jinja2 environment for every HTML and Markdown page copgraph writes.

HTML is autoescaped; only http(s) addresses become links (`weblink`), and a link shows the site
it points to (`site`), so a reader can judge a source before following it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .escape import is_web_link, markdown, markdown_wrapped, plain


def site(url: str) -> str:
    """The host a link leads to, without 'www.': what a reader needs to judge the source."""
    host = urlsplit(url).hostname or url if is_web_link(url) else url
    return host.rstrip(".").removeprefix("www.")  # 'www.legislation.gov.uk.' (fully qualified) reads as the site


def short(iri: str | None) -> str:
    """The last segment of an IRI, for compact display."""
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def token(label: str) -> str:
    """A label as a CSS class or anchor part: 'assessed gap' -> 'assessed-gap'."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def iso(value: dt.date | object | None) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("copgraph", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(site=site, short=short, iso=iso, md=markdown, mdwrap=markdown_wrapped, plain=plain,
                       token=token)
    env.tests["weblink"] = is_web_link
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
