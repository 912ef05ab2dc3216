"""Download file names: nothing that could break the header, change the folder or start a formula."""

from stegvis.core.downloads import attachment, safe_filename


def test_codes_and_dates_pass_unchanged():
    assert (
        safe_filename("sus-helhetslyftet-molndal-2024-06-30.csv")
        == "sus-helhetslyftet-molndal-2024-06-30.csv"
    )
    assert safe_filename("rapport-mölndal.xlsx") == "rapport-mölndal.xlsx"


def test_other_characters_become_dashes_and_no_name_starts_with_a_formula_sign():
    assert safe_filename('=HYPERLINK("http://x","y").csv') == "HYPERLINK-http-x-y-.csv"
    assert safe_filename("../../etc/passwd") == "etc-passwd"
    assert safe_filename('a"\r\nSet-Cookie: x.csv') == "a-Set-Cookie-x.csv"
    assert safe_filename("@+=") == "fil"


def test_attachment_header():
    response = attachment(b"x", "text/csv", 'sus-"x".csv')
    assert response["Content-Disposition"] == 'attachment; filename="sus--x-.csv"'
    assert response["Content-Type"] == "text/csv"
