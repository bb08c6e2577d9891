"""The list's filter form reads the query string; its instances share their
fields, uncopied, but not the mapping of them."""

from cases.forms import CaseFilterForm


def test_filter_form_reads_valid_values_and_drops_the_others():
    form = CaseFilterForm({"year": "2014", "country": "zz", "sort": "title", "x": "1"})

    assert form.values() == {"year": 2014, "sort": "title"}


def test_filter_form_changes_its_own_fields_only():
    form = CaseFilterForm({"sort": "title"})
    del form.fields["sort"]

    assert form.values() == {}
    assert CaseFilterForm({"sort": "title"}).values() == {"sort": "title"}
