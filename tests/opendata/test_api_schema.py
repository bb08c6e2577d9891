"""Schemathesis: requests drawn from the OpenAPI schema never get a 500 and every
answer conforms to the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from opendata.openapi import openapi_schema
from tests import factories

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(openapi_schema(server="/api/v1"))
schema.app = get_wsgi_application()
# Requests the schema allows; tests/opendata/test_api.py sends the bad ones.
schema.config.generation.update(modes=[GenerationMode.POSITIVE])


@pytest.fixture
def same_connection():
    """Keep the test's database connection across the WSGI requests, as Django's
    test client does: the handler would close it at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def some_content(same_connection):
    story = factories.CaseStoryFactory(slug="chile-solidario", countries=["CL"])
    story.dimensions.add(factories.DimensionFactory())
    factories.AdoptionFactory(case_story=story)
    session = factories.SessionFactory()
    factories.DocumentFactory(event=session.event, slug="communique", text="Agreed.")


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, some_content):
    # Uncompressed, as the schema describes the JSON (the site gzips by default).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
