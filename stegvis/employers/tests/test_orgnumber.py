import pytest

from stegvis.employers.orgnumber import InvalidOrgNumber, normalise


@pytest.mark.parametrize(
    "typed", ["556036-0793", "5560360793", "16556036-0793", "165560360793", " 556036 - 0793 "]
)
def test_an_organisation_number_is_stored_with_a_hyphen_whatever_way_it_is_typed(typed):
    assert normalise(typed.replace(" - ", "-")) == "556036-0793"


def test_empty_is_no_number():
    assert normalise("") == "" and normalise(None) == ""


@pytest.mark.parametrize(
    "typed,words",
    [
        ("556036-0794", "kontrollsiffran"),
        ("55603607", "tio siffror"),
        ("abc", "tio siffror"),
        ("19850101-0204"[2:], "personnummer"),  # a sole trader's personnummer is not kept here
    ],
)
def test_a_bad_number_gets_a_message_naming_the_field(typed, words):
    with pytest.raises(InvalidOrgNumber) as error:
        normalise(typed)
    assert str(error.value).startswith("Organisationsnummer")
    assert words in str(error.value)
