"""Markdown written by the district team and directors, turned into safe HTML.

Raw HTML in the source is shown as text (``<`` is escaped before Markdown runs), then nh3 keeps
only the tags Markdown produces and ``http``, ``https``, ``mailto`` and ``tel`` links: no script,
no event handler, no style, no iframe survives.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
}
ATTRIBUTES = {"a": {"href", "title"}}
SCHEMES = {"http", "https", "mailto", "tel"}


def markdown_to_html(source: str) -> SafeString:
    escaped = (source or "").replace("<", "&lt;")
    html = markdown.markdown(escaped, extensions=[], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 with an allow-list just above)
