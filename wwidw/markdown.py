"""User Markdown rendered to sanitised HTML: no script, no event handlers, no javascript: links."""

from __future__ import annotations

import html
import threading

import markdown as md
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


_local = threading.local()


def _converter() -> md.Markdown:
    """One converter per thread, reset between texts: building one costs more than using it."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = md.Markdown(extensions=["sane_lists", "tables"],
                                                   output_format="html")
    return converter.reset()


def render_markdown(text: str | None) -> Markup:
    """Markdown to HTML that is safe to show to anyone, whatever the author typed."""
    if not text:
        return Markup("")
    # Headings in user text start at h3: the page owns h1 and h2.
    html = _converter().convert(text)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 above


def plain_text(text: str | None) -> str:
    """The words of a Markdown text without markup, for search and snippets."""
    if not text:
        return ""
    return html.unescape(nh3.clean(_converter().convert(text), tags=set())).replace(
        "\n", " ").strip()
