"""The list's filter form reads the query string; its instances share their
fields, uncopied, but not the mapping of them."""

import pytest
from django.http import QueryDict

from cases.forms import CaseFilterForm, filter_values


def test_filter_form_reads_valid_values_and_drops_the_others():
    form = CaseFilterForm({"year": "2014", "country": "zz", "sort": "title", "x": "1"})

    assert form.values() == {"year": 2014, "sort": "title"}


def test_filter_form_changes_its_own_fields_only():
    form = CaseFilterForm({"sort": "title"})
    del form.fields["sort"]

    assert form.values() == {}
    assert CaseFilterForm({"sort": "title"}).values() == {"sort": "title"}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "year=2014&country=cl&sort=title&x=1",
        "country=zz&year=abc&sort=drop&language=pt",
        "q=++water++supply+&dimension=partnerships&tag=health&institution=alp",
        "year=2014&year=1900&country=KR&country=MX",
        "q=" + "+" * 400 + "water",
        "q=" + "x" * 300,
        "year=99999999999999999999&dimension=../x&language=xx&sort=",
    ],
)
def test_filter_values_are_what_the_form_reads(query):
    data = QueryDict(query)
    for _ in range(2):  # made, then kept
        assert filter_values(data) == CaseFilterForm(data).values()
