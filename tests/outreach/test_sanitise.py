from html.parser import HTMLParser

import pytest

from outreach.sanitise import TAGS, markdown_to_html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.invalid/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](vbscript:msgbox(1))",
    "![img](javascript:alert(1))",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=x></object><embed src=x>",
    "<form action=//x.invalid><input name=p></form>",
    "<base href=//x.invalid/>",
    "<meta http-equiv=refresh content=0;url=//x.invalid>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<script>-->alert(1)",
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "<details open ontoggle=alert(1)>",
    '[a](http://ok.fr" onmouseover="alert(1))',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<p onclick=alert(1)>texte</p>",
]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_script_nor_raw_html_survives(payload):
    html = markdown_to_html(f"Avant\n\n{payload}\n\nAprès")
    for tag, attrs in _tags(html):
        assert tag in TAGS, (payload, html)
        assert set(attrs) <= {"href", "title", "rel"}, (payload, html)
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:", "tel:")), html
    assert "Avant" in html and "Après" in html


def test_markdown_formatting_is_kept():
    html = markdown_to_html(
        "# Titre\n\n**gras** et *italique*\n\n- un\n- deux\n\n[site](https://exemple.fr)"
    )
    assert "<h2>Titre</h2>" in html
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert "<li>un</li>" in html
    assert 'href="https://exemple.fr"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_raw_html_is_shown_as_text():
    html = markdown_to_html("<b>gras</b>")
    assert "<b>" not in html and "&lt;b&gt;gras" in html
