"""Whatever JSON a client sends as tasks, validation answers with ValidationFailed or a result."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.exceptions import ValidationFailed
from tests.workflows.factories import task
from workflows.validation import tasks_validate

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "id",
    "name",
    "type",
    "dependencies",
    "inputKeys",
    "outputKey",
    "promptTemplate",
    "functionBody",
    "staticValue",
    "dataKey",
    "promptId",
    "agentConfig",
    "positionX",
]


def _check(tasks):
    try:
        tasks_validate(tasks)
    except ValidationFailed as exc:
        assert exc.details["fields"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=json_values, index=st.integers(0, 1))
def test_any_json_in_any_task_field_is_validated_not_crashed(field, value, index):
    tasks = [task("a"), task("b", dependencies=["a"])]
    tasks[index][field] = value
    _check(tasks)


@settings(max_examples=200, deadline=None)
@given(tasks=json_values)
def test_any_json_as_the_task_list_is_validated_not_crashed(tasks):
    _check(tasks)
