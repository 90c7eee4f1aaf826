"""Schemathesis against the OpenAPI document: every operation, valid and invalid input, as a
reviewer, a supplier and an admin — never a 5xx (SPEC §7; issue 12 item 5).

Bounded: a few examples per operation and generation mode, so the whole run takes seconds.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings as hsettings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.web.conftest import make_submission
from tests.web.test_postgres import pg_settings  # noqa: F401  (a fixture)

EXAMPLES = 15


@pytest.fixture
def settings(pg_settings):  # noqa: F811
    """On PostgreSQL, whose integer columns refuse what SQLite accepts (the app and people
    fixtures of conftest use this one)."""
    return pg_settings


@pytest.mark.integration
@pytest.mark.timeout(240)
@pytest.mark.parametrize("who", ["rita", "alice", "adam"])
def test_no_operation_answers_5xx(app, people, who):
    make_submission(app.config["INTAKE_SETTINGS"], people)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    auth = people.auth(who)
    failures: list[str] = []
    seen = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @hsettings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                       suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):  # noqa: ANN001
                nonlocal seen
                seen += 1
                response = case.call(headers=auth)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.path_parameters} "
                                    f"{case.query} {str(case.body)[:200]} → {response.status_code}")
            run()
    assert seen >= 6 * EXAMPLES
    assert failures == []


def test_an_error_detail_naming_a_nameless_part_is_still_json():
    import json

    from web.errors import _str_keys
    detail = {"form_and_files": {"files": ["Missing data for required field."], None: ["Unknown field."]}}
    assert json.loads(json.dumps(_str_keys(detail), sort_keys=True))["form_and_files"][""] == ["Unknown field."]
