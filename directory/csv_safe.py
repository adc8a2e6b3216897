"""CSV exports that a spreadsheet cannot turn into formulas (SECURITY.md, section E).

A cell whose first character (after leading spaces or quotes) is ``= + - @``, TAB, NUL, CR or LF
gets a ``'`` in front; every cell is quoted; ``;`` separates them and the bytes are UTF-8 with a
BOM, which is what French Excel opens without mangling accents.

Phone numbers: ``+33 1 47 00 00 01`` is escaped like any other cell, on purpose. Exempting
"phone-shaped" values would add an allow-list to get wrong, and would not even keep the value:
Excel reads an unescaped ``+33 1 47 00 00 01`` as a formula (the spaces are its intersection
operator) and ``+33147000001`` as the number 33147000001. Escaped, the spreadsheet shows the text
with its apostrophe, and ``unescape_cell`` gives back exactly the original: the escaping is
reversible for every value (``unescape_cell(escape_cell(v)) == v``), so a re-import can undo it.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header

DANGEROUS_FIRST_CHARS = frozenset("=+-@\t\0\r\n")
QUOTE = "'"


def _needs_escape(text: str) -> bool:
    """True when a spreadsheet could read the text as a formula.

    Leading quotes are skipped so that the escaping stays reversible ("'=1" becomes "''=1");
    leading spaces are skipped because some spreadsheets trim them before parsing.
    """
    return text.lstrip(QUOTE).lstrip(" ")[:1] in DANGEROUS_FIRST_CHARS


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def escape_cell(value: object) -> str:
    """The cell as text, with a leading ``'`` when it could be read as a formula."""
    text = _as_text(value)
    return QUOTE + text if text and _needs_escape(text) else text


def unescape_cell(text: str) -> str:
    """The inverse of ``escape_cell``: drop the one ``'`` it added, and nothing else."""
    if text.startswith(QUOTE) and _needs_escape(text[1:]):
        return text[1:]
    return text


def write_csv(rows: Iterable[Sequence[object]], header: Sequence[object]) -> str:
    """The escaped CSV text (``;``, every cell quoted, CRLF line ends), without the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([escape_cell(cell) for cell in header])
    writer.writerows([escape_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[object]], header: Sequence[object]) -> bytes:
    """The CSV as UTF-8 with a BOM, for a download or an attachment."""
    return write_csv(rows, header).encode("utf-8-sig")


def csv_response(
    filename: str, header: Sequence[object], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """A download response; exports hold personal data, so no cache keeps a copy."""
    response = HttpResponse(csv_bytes(rows, header), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
