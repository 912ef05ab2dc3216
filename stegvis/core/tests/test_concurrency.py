"""The version a form sends back is read in one place, so no view turns a broken one into a 500."""

import pytest

from stegvis.core.concurrency import MAX_VERSION, InvalidVersion, parse_version


@pytest.mark.parametrize(
    "value,number", [(3, 3), ("3", 3), (" 7 ", 7), ("0", 0), (str(MAX_VERSION), MAX_VERSION)]
)
def test_a_whole_number_is_a_version(value, number):
    assert parse_version(value) == number


@pytest.mark.parametrize(
    "value",
    ["", "abc", "1.5", "-1", -1, "١٢", str(MAX_VERSION + 1), 2**63, "1\x00", "1e3", True, None, [1]],
)
def test_anything_else_is_refused_with_a_message_naming_the_field(value):
    with pytest.raises(InvalidVersion) as refused:
        parse_version(value)
    assert "versionsnummer (version)" in refused.value.messages[0]
