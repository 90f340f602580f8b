"""No test depends on timing (issue 13's « done means »): the properties judge outcomes only."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_properties_have_no_deadline_nor_slowness_check():
    """The profile conftest loads: a loaded machine makes an example slower, never wrong."""
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check


@settings(max_examples=2)
@given(st.integers())
def test_a_slow_example_is_not_a_failure(number):
    time.sleep(0.25)  # past hypothesis's own default deadline of 200 ms
    assert isinstance(number, int)
