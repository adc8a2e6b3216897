"""CSV exports cannot carry formulas into a spreadsheet, and escaping is reversible."""

import csv
import io

import pytest

from directory.csv_safe import csv_bytes, csv_response, escape_cell, unescape_cell, write_csv

PHONE = "+33 1 47 00 00 01"
FORMULA = '=HYPERLINK("http://exemple.invalid")'


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\0", "\r", "\n"])
def test_every_dangerous_prefix_is_escaped(prefix):
    assert escape_cell(f"{prefix}1+1") == f"'{prefix}1+1"


@pytest.mark.parametrize("value", [" =1+1", "   @SUM(A1)", "'=1+1", "''-2", "' +3"])
def test_formula_behind_spaces_or_quotes_is_escaped(value):
    assert escape_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["École Jules Ferry", "01 47 00 00 01", "a=b", "O'Neil", "'citation'", "", "1-2", "x@y.fr"],
)
def test_normal_text_is_untouched(value):
    assert escape_cell(value) == value


def test_values_become_text():
    assert [escape_cell(v) for v in (None, 12, True, False, -3)] == ["", "12", "oui", "non", "'-3"]


def test_phone_number_is_escaped_and_round_trips():
    escaped = escape_cell(PHONE)

    assert escaped == "'+33 1 47 00 00 01"
    assert unescape_cell(escaped) == PHONE
    assert unescape_cell(read_back(write_csv([[PHONE]], ["Téléphone"]))[1][0]) == PHONE


@pytest.mark.parametrize(
    "value",
    [PHONE, FORMULA, "'", "''", "'=1", "''=1", "' =1", "'abc", "abc", "", " ", "-", "\t\tx", "'\r"],
)
def test_unescape_is_the_exact_inverse_of_escape(value):
    assert unescape_cell(escape_cell(value)) == value


def test_unescape_leaves_a_quote_it_did_not_add():
    assert unescape_cell("'abc") == "'abc"


def test_write_csv_is_parseable_with_semicolons_and_quotes_every_cell():
    rows = [
        ["0921023M", FORMULA, PHONE],
        ["0921001N", 'École "Les Tilleuls"; annexe', "ligne 1\r\nligne 2"],
        ["0921002P", None, ""],
    ]

    text = write_csv(rows, ["UAI", "Nom", "Téléphone"])

    assert not text.startswith("\ufeff")
    assert text.startswith('"UAI";"Nom";"Téléphone"\r\n')
    assert read_back(text) == [
        ["UAI", "Nom", "Téléphone"],
        ["0921023M", "'" + FORMULA, "'" + PHONE],
        ["0921001N", 'École "Les Tilleuls"; annexe', "ligne 1\r\nligne 2"],
        ["0921002P", "", ""],
    ]


def test_every_cell_is_quoted_and_lines_end_with_crlf():
    assert write_csv([["a", 1, None]], ["x", "y", "z"]) == '"x";"y";"z"\r\n"a";"1";""\r\n'


def test_header_cells_are_escaped_too():
    assert read_back(write_csv([], ["=cmd"]))[0] == ["'=cmd"]


def test_csv_bytes_are_utf8_with_bom():
    data = csv_bytes([["École"]], ["Nom"])

    assert data.startswith(b"\xef\xbb\xbf")
    assert read_back(data.decode("utf-8-sig")) == [["Nom"], ["École"]]


def test_csv_response_is_a_download_for_french_excel():
    response = csv_response("écoles 2025.csv", ["UAI", "Nom"], [["0921023M", FORMULA]])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "%C3%A9coles%202025.csv" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert read_back(response.content.decode("utf-8-sig")) == [
        ["UAI", "Nom"],
        ["0921023M", "'" + FORMULA],
    ]
