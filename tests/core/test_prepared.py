import pytest
from django.db import connection, transaction
from django.db.models import Count, Q, Value
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.prepared import NotPreparable, Prepared, derived, statement_of
from members.models import Institution, Profile
from tests.factories import InstitutionFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def _profiles(name: str, limit: int):
    return (
        Profile.objects.filter(institution__name=name)
        .select_related("user", "institution")
        .annotate(shouted=Upper("display_name"))
        .order_by("display_name")[:limit]
    )


def _rows(profiles) -> list[tuple]:
    return [
        (p.pk, p.display_name, p.shouted, p.user.username, p.institution.name)
        for p in profiles
    ]


def test_prepared_reads_what_the_queryset_reads_for_each_text():
    names = ["Coastal agency", "100% O'Brien \\ co", "Agence côtière"]
    for name in names:
        institution = InstitutionFactory(name=name)
        ProfileFactory.create_batch(3, institution=institution)
    prepared = Prepared(_profiles)

    for name in [*names, "Nobody"]:
        assert _rows(prepared(name, 2)) == _rows(_profiles(name, 2))
    assert len(prepared("Coastal agency", 5)) == 3


def test_prepared_runs_its_prefetches():
    institution = InstitutionFactory(name="Coastal agency")
    ProfileFactory.create_batch(2, institution=institution)
    prepared = Prepared(
        lambda name: Institution.objects.filter(name=name).prefetch_related("profiles")
    )

    (found,) = prepared("Coastal agency")

    assert len(found.profiles.all()) == 2


def test_prepared_runs_without_building_the_queryset_again(
    django_assert_num_queries,
):
    InstitutionFactory(name="Coastal agency")
    built = []

    def build(name):
        built.append(name)
        return Institution.objects.filter(name=name).annotate(n=Count("profiles"))

    prepared = Prepared(build)
    prepared("Coastal agency")
    built.clear()
    with django_assert_num_queries(2):
        assert [i.name for i in prepared("Coastal agency")] == ["Coastal agency"]
        assert prepared("Other agency") == []

    assert built == []


@pytest.mark.parametrize(
    "build",
    [
        # The text changed on its way to the SQL.
        lambda name: Institution.objects.filter(name__icontains=name),
        # A value of its own at each build.
        lambda name: Institution.objects.filter(name=name).annotate(
            at=Value(timezone.now())
        ),
        # No text at all.
        lambda name: Institution.objects.all(),
    ],
)
def test_prepared_refuses_sql_it_cannot_reuse(build):
    with pytest.raises(NotPreparable):
        Prepared(build)("Coastal agency")


def test_prepared_writes_in_each_of_its_texts():
    coastal = InstitutionFactory(name="Coastal agency", acronym="CA")
    InstitutionFactory(name="Coastal agency", acronym="OTHER")
    prepared = Prepared(
        lambda name, acronym: Institution.objects.filter(name=name, acronym=acronym),
        texts=2,
    )

    assert [i.pk for i in prepared("Coastal agency", "CA")] == [coastal.pk]
    assert prepared("CA", "Coastal agency") == []


def test_prepared_refuses_a_text_the_sql_does_not_hold():
    prepared = Prepared(
        lambda name, _unused: Institution.objects.filter(name=name), texts=2
    )
    with pytest.raises(NotPreparable):
        prepared("Coastal agency", "CA")


def test_prepared_writes_in_what_it_derives_from_its_text():
    InstitutionFactory(name="COASTAL AGENCY")
    computed = []

    def shouted(name):
        computed.append(name)
        return name.upper()

    prepared = Prepared(
        lambda name: Institution.objects.filter(
            Q(name=derived(shouted, name)) | Q(name=name)
        )
    )

    assert [i.name for i in prepared("Coastal agency")] == ["COASTAL AGENCY"]
    assert prepared("Other agency") == []
    assert computed[-2:] == ["Coastal agency", "Other agency"]


def test_prepared_reads_values_as_the_queryset_does():
    """A ``values()`` queryset's rows are read without the queryset: the same
    dicts, each column converted (a time made aware, a count, a relation)."""
    for name in ["Coastal agency", "Agence côtière"]:
        ProfileFactory.create_batch(2, institution=InstitutionFactory(name=name))

    def build(name):
        return (
            Institution.objects.filter(name=name)
            .annotate(n=Count("profiles"))
            .values("pk", "name", "created_at", "n", "profiles__display_name")
            .order_by("profiles__display_name")
        )

    prepared = Prepared(build)
    for name in ["Coastal agency", "Agence côtière", "Nobody"]:
        assert prepared(name) == list(build(name))
    assert prepared("Coastal agency")[0]["created_at"].tzinfo is not None


def _kept_plans(sql: str) -> int:
    """How many times the server ran the statement that ``sql`` executes."""
    name = sql.removeprefix("EXECUTE ").split("(", 1)[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements"
            " WHERE name = %s",
            [name],
        )
        (runs,) = cursor.fetchone()
    return runs


def test_prepared_runs_one_statement_kept_on_the_server_for_every_text():
    """Prepared once per connection, outside the queries a page counts; each
    run executes it with its text, whatever became of the transactions before."""
    ProfileFactory(institution=InstitutionFactory(name="Coastal agency"))
    prepared = Prepared(_profiles)
    names = ["Coastal agency", "100% O'Brien \\ co", "Nobody"] * 3
    # (A limit no other test asks for: a statement of its own.)

    with CaptureQueriesContext(connection) as captured:
        for name in names[:3]:
            with transaction.atomic():
                assert _rows(prepared(name, 7)) == _rows(_profiles(name, 7))
                transaction.set_rollback(True)
        found = [len(prepared(name, 7)) for name in names[3:]]

    assert found == [1, 0, 0] * 2
    sent = [query["sql"] for query in captured.captured_queries]
    executed = [sql for sql in sent if sql.startswith("EXECUTE prepared_")]
    assert len(executed) == len(names)
    assert {sql.split("(", 1)[0] for sql in executed} == {executed[0].split("(")[0]}
    assert _kept_plans(executed[0]) == len(names)
    assert "$1" in statement_of(executed[0])
    assert "Coastal" not in statement_of(executed[0])


@pytest.mark.django_db(transaction=True)
def test_prepared_prepares_its_statement_again_on_a_new_connection():
    ProfileFactory(institution=InstitutionFactory(name="Coastal agency"))
    prepared = Prepared(_profiles)
    assert len(prepared("Coastal agency", 2)) == 1

    connection.close()

    assert len(prepared("Coastal agency", 2)) == 1
