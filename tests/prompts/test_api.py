"""CRUD, validation, filters, search, ordering, pagination and options of /api/prompts."""

from __future__ import annotations

import uuid

import pytest

from prompts.models import Prompt
from tests.prompts.factories import PromptFactory, prompt_payload

pytestmark = pytest.mark.django_db

PROMPT_KEYS = {
    "id",
    "title",
    "promptText",
    "sflField",
    "sflTenor",
    "sflMode",
    "exampleOutput",
    "notes",
    "sourceDocument",
    "variables",
    "version",
    "lastTest",
    "createdAt",
    "updatedAt",
}


def _fields(response):
    body = response.json()
    assert body["code"] == "validation_error", body
    return body["details"]["fields"]


# --- Create -----------------------------------------------------------------------------------


def test_create_returns_the_prompt_in_the_api_shape(api_client, user):
    response = api_client.post("/api/prompts", prompt_payload(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == PROMPT_KEYS
    assert body["title"] == "Summarise a paper"
    assert body["sflField"] == {
        "topic": "Research papers",
        "taskType": "Summarization",
        "domainSpecifics": "Machine learning",
        "keywords": "summary, abstract",
    }
    assert body["sflTenor"]["targetAudience"] == ["Academic Researchers"]
    assert body["sflMode"]["outputFormat"] == "Bullet Points"
    assert body["variables"] == ["paper", "audience"]
    assert body["version"] == 1
    assert body["lastTest"] is None
    assert Prompt.objects.get(pk=body["id"]).owner == user


def test_create_with_only_title_and_text_fills_empty_strings(api_client):
    response = api_client.post(
        "/api/prompts", {"title": "Bare", "promptText": "Say hi."}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["sflField"] == {"topic": "", "taskType": "", "domainSpecifics": "", "keywords": ""}
    assert body["sflTenor"] == {
        "aiPersona": "",
        "targetAudience": [],
        "desiredTone": "",
        "interpersonalStance": "",
    }
    assert body["exampleOutput"] == ""
    assert body["sourceDocument"] is None
    assert body["variables"] == []


def test_create_turns_a_target_audience_string_into_a_list(api_client):
    payload = prompt_payload(sflTenor={"targetAudience": "Beginners"})
    response = api_client.post("/api/prompts", payload, format="json")

    assert response.status_code == 201
    assert response.json()["sflTenor"]["targetAudience"] == ["Beginners"]


def test_create_keeps_variables_in_order_and_unique(api_client):
    text = "{{b}} then {{ a }} then {{b}} and {{  c_1 }} but not {{ not valid }}"
    response = api_client.post("/api/prompts", prompt_payload(promptText=text), format="json")

    assert response.json()["variables"] == ["b", "a", "c_1"]


def test_create_stores_the_source_document(api_client):
    payload = prompt_payload(sourceDocument={"name": "style.txt", "content": "Terse. Dry."})
    response = api_client.post("/api/prompts", payload, format="json")

    assert response.json()["sourceDocument"] == {"name": "style.txt", "content": "Terse. Dry."}


def test_create_ignores_owner_and_read_only_fields_in_the_body(api_client, user, other_user):
    payload = prompt_payload(
        owner=str(other_user.pk),
        id=str(uuid.uuid4()),
        version=42,
        lastTest={"response": "forged"},
        variables=["forged"],
    )
    response = api_client.post("/api/prompts", payload, format="json")

    body = response.json()
    assert body["id"] != payload["id"]
    assert body["version"] == 1
    assert body["lastTest"] is None
    assert body["variables"] == ["paper", "audience"]
    assert Prompt.objects.get(pk=body["id"]).owner == user


def test_create_rejects_a_blank_title(api_client):
    response = api_client.post("/api/prompts", prompt_payload(title="   "), format="json")

    assert response.status_code == 400
    assert "title" in _fields(response)


def test_create_rejects_a_missing_prompt_text(api_client):
    payload = prompt_payload()
    del payload["promptText"]
    response = api_client.post("/api/prompts", payload, format="json")

    assert response.status_code == 400
    assert _fields(response)["promptText"] == ["This field is required."]


def test_create_rejects_a_blank_prompt_text(api_client):
    response = api_client.post("/api/prompts", prompt_payload(promptText="  \n "), format="json")

    assert response.status_code == 400
    assert "promptText" in _fields(response)


def test_create_reports_wrong_types_inside_sfl_objects_by_path(api_client):
    payload = prompt_payload(
        sflField={"topic": 42, "keywords": ["a", "b"]},
        sflTenor={"targetAudience": {"x": 1}, "aiPersona": True},
        sflMode={"lengthConstraint": None, "outputFormat": 1.5},
    )
    response = api_client.post("/api/prompts", payload, format="json")

    assert response.status_code == 400
    fields = _fields(response)
    assert set(fields) == {
        "sflField.topic",
        "sflField.keywords",
        "sflTenor.targetAudience",
        "sflTenor.aiPersona",
        "sflMode.outputFormat",
    }
    assert fields["sflTenor.targetAudience"] == ["Must be a list of strings or a string."]


def test_create_rejects_an_sfl_object_that_is_not_an_object(api_client):
    response = api_client.post("/api/prompts", prompt_payload(sflTenor="Expert"), format="json")

    assert response.status_code == 400
    assert _fields(response) == {"sflTenor": ["Must be an object."]}


def test_create_rejects_an_audience_list_with_non_strings(api_client):
    response = api_client.post(
        "/api/prompts", prompt_payload(sflTenor={"targetAudience": ["ok", 3]}), format="json"
    )

    assert response.status_code == 400
    assert "sflTenor.targetAudience" in _fields(response)


def test_create_rejects_malformed_json(api_client):
    response = api_client.generic(
        "POST", "/api/prompts", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_anonymous_requests_are_refused(anon_client):
    assert anon_client.get("/api/prompts").status_code == 401
    assert anon_client.post("/api/prompts", prompt_payload(), format="json").status_code == 401


# --- Read, update, delete ----------------------------------------------------------------------


def test_get_returns_the_prompt(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.get(f"/api/prompts/{prompt.pk}")

    assert response.status_code == 200
    assert response.json()["id"] == str(prompt.pk)
    assert response.json()["variables"] == ["concept", "audience"]


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_another_users_prompt_answers_404(api_client, other_user, method):
    prompt = PromptFactory(owner=other_user, title="Secret")

    response = getattr(api_client, method)(
        f"/api/prompts/{prompt.pk}", {"title": "Mine now"}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "Secret" not in response.content.decode()
    prompt.refresh_from_db()
    assert prompt.title == "Secret"
    assert prompt.version == 1


def test_a_missing_prompt_answers_404(api_client):
    assert api_client.get(f"/api/prompts/{uuid.uuid4()}").status_code == 404


def test_patch_changes_only_sent_keys_and_merges_sfl_objects(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.patch(
        f"/api/prompts/{prompt.pk}",
        {"sflTenor": {"desiredTone": "Humorous"}, "notes": "New notes"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["sflTenor"] == {
        "aiPersona": "Teacher/Tutor",
        "targetAudience": ["Beginners"],
        "desiredTone": "Humorous",
        "interpersonalStance": "Encouraging mentor",
    }
    assert body["notes"] == "New notes"
    assert body["title"] == prompt.title
    assert body["sflField"]["topic"] == "Recursion"
    assert body["exampleOutput"] == prompt.example_output
    assert body["version"] == 2


def test_put_is_partial_too(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.put(
        f"/api/prompts/{prompt.pk}", {"sflMode": {"outputFormat": "JSON"}}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["sflMode"]["outputFormat"] == "JSON"
    assert body["sflMode"]["textualDirectives"] == "Avoid jargon."
    assert body["promptText"] == prompt.body
    assert body["version"] == 2


def test_update_of_the_text_recomputes_variables(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.patch(
        f"/api/prompts/{prompt.pk}", {"promptText": "Hello {{name}}"}, format="json"
    )

    assert response.json()["variables"] == ["name"]


def test_update_that_changes_nothing_keeps_the_version(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.patch(
        f"/api/prompts/{prompt.pk}",
        {"title": prompt.title, "sflField": {"topic": "Recursion"}},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert prompt.versions.count() == 1


def test_every_real_change_bumps_the_version(api_client, user):
    prompt = PromptFactory(owner=user)

    for n, title in enumerate(["Two", "Three", "Four"], start=2):
        response = api_client.patch(f"/api/prompts/{prompt.pk}", {"title": title}, format="json")
        assert response.json()["version"] == n


def test_update_rejects_a_blank_title(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.patch(f"/api/prompts/{prompt.pk}", {"title": ""}, format="json")

    assert response.status_code == 400
    assert "title" in _fields(response)
    prompt.refresh_from_db()
    assert prompt.version == 1


def test_update_rejects_wrong_types_inside_sfl_objects(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.patch(
        f"/api/prompts/{prompt.pk}", {"sflTenor": {"targetAudience": 7}}, format="json"
    )

    assert response.status_code == 400
    assert _fields(response) == {
        "sflTenor.targetAudience": ["Must be a list of strings or a string."]
    }


def test_update_can_remove_the_source_document(api_client, user):
    prompt = PromptFactory(owner=user, source_document={"name": "a.txt", "content": "x"})

    response = api_client.patch(
        f"/api/prompts/{prompt.pk}", {"sourceDocument": None}, format="json"
    )

    assert response.json()["sourceDocument"] is None


def test_delete_removes_the_prompt_and_its_versions(api_client, user):
    prompt = PromptFactory(owner=user)

    response = api_client.delete(f"/api/prompts/{prompt.pk}")

    assert response.status_code == 204
    assert not Prompt.objects.filter(pk=prompt.pk).exists()
    assert api_client.get(f"/api/prompts/{prompt.pk}").status_code == 404


# --- List: filters, search, ordering, pagination ----------------------------------------------


def _ids(response):
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["results"]]


def test_list_shows_only_the_callers_prompts(api_client, user, other_user):
    mine = PromptFactory(owner=user)
    PromptFactory(owner=other_user)

    response = api_client.get("/api/prompts")

    assert response.json()["count"] == 1
    assert _ids(response) == [str(mine.pk)]
    assert set(response.json()["results"][0]) == PROMPT_KEYS


@pytest.mark.parametrize(
    ("param", "value", "override"),
    [
        ("topic", "Poetry", {"sfl_field": {"topic": "Poetry", "task_type": "Explanation"}}),
        ("taskType", "Translation", {"sfl_field": {"topic": "x", "task_type": "Translation"}}),
        ("aiPersona", "Historian", {"sfl_tenor": {"ai_persona": "Historian"}}),
        ("desiredTone", "Humorous", {"sfl_tenor": {"desired_tone": "Humorous"}}),
        (
            "targetAudience",
            "Policy Makers",
            {"sfl_tenor": {"target_audience": ["x", "Policy Makers"]}},
        ),
        ("outputFormat", "Poem", {"sfl_mode": {"output_format": "Poem"}}),
    ],
)
def test_list_filters_by_sfl_values(api_client, user, param, value, override):
    match = PromptFactory(owner=user, **override)
    PromptFactory(owner=user)

    response = api_client.get("/api/prompts", {param: value})

    assert _ids(response) == [str(match.pk)]


def test_list_filters_combine(api_client, user):
    both = PromptFactory(
        owner=user,
        sfl_field={"task_type": "Translation"},
        sfl_tenor={"ai_persona": "Historian"},
    )
    PromptFactory(owner=user, sfl_field={"task_type": "Translation"})
    PromptFactory(owner=user, sfl_tenor={"ai_persona": "Historian"})

    response = api_client.get("/api/prompts", {"taskType": "Translation", "aiPersona": "Historian"})

    assert _ids(response) == [str(both.pk)]


def test_search_ranks_title_matches_above_body_matches(api_client, user):
    in_body = PromptFactory(
        owner=user, title="Unrelated", prompt_text="Discuss photosynthesis in plants."
    )
    in_title = PromptFactory(owner=user, title="Photosynthesis explained", prompt_text="Go.")
    PromptFactory(owner=user, title="Nothing here", prompt_text="Other text.")

    response = api_client.get("/api/prompts", {"search": "photosynthesis"})

    assert _ids(response) == [str(in_title.pk), str(in_body.pk)]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sfl_field", {"keywords": "quasar, pulsar"}),
        ("sfl_field", {"topic": "Quasar astronomy"}),
        ("sfl_field", {"domain_specifics": "quasar spectra"}),
        ("sfl_tenor", {"ai_persona": "Quasar enthusiast"}),
        ("sfl_tenor", {"target_audience": ["Quasar hunters"]}),
        ("sfl_mode", {"output_format": "Quasar table"}),
    ],
)
def test_search_covers_the_sfl_fields(api_client, user, field, value):
    match = PromptFactory(owner=user, **{field: value})
    PromptFactory(owner=user)

    assert _ids(api_client.get("/api/prompts", {"search": "quasars"})) == [str(match.pk)]


def test_search_understands_web_syntax(api_client, user):
    wanted = PromptFactory(owner=user, title="Rust ownership explained")
    PromptFactory(owner=user, title="Rust lifetimes and ownership in Python bindings")

    response = api_client.get("/api/prompts", {"search": '"rust ownership" -python'})

    assert _ids(response) == [str(wanted.pk)]


def test_search_does_not_leak_other_users_prompts(api_client, other_user):
    PromptFactory(owner=other_user, title="Photosynthesis")

    assert _ids(api_client.get("/api/prompts", {"search": "photosynthesis"})) == []


def test_list_orders_by_updated_at_descending_by_default(api_client, user):
    first = PromptFactory(owner=user, title="B")
    second = PromptFactory(owner=user, title="A")
    api_client.patch(f"/api/prompts/{first.pk}", {"notes": "touched"}, format="json")

    assert _ids(api_client.get("/api/prompts")) == [str(first.pk), str(second.pk)]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title", ["A", "B", "C"]),
        ("-title", ["C", "B", "A"]),
        ("createdAt", ["B", "C", "A"]),
        ("-createdAt", ["A", "C", "B"]),
        ("updatedAt", ["B", "C", "A"]),
    ],
)
def test_list_ordering(api_client, user, ordering, expected):
    for title in ["B", "C", "A"]:
        PromptFactory(owner=user, title=title)

    response = api_client.get("/api/prompts", {"ordering": ordering})

    assert [item["title"] for item in response.json()["results"]] == expected


def test_list_rejects_an_unknown_ordering(api_client):
    response = api_client.get("/api/prompts", {"ordering": "owner"})

    assert response.status_code == 400
    assert "ordering" in _fields(response)


def test_list_paginates(api_client, user):
    for n in range(7):
        PromptFactory(owner=user, title=f"P{n}")

    page_one = api_client.get("/api/prompts", {"pageSize": 3, "ordering": "title"})
    page_three = api_client.get("/api/prompts", {"pageSize": 3, "page": 3, "ordering": "title"})

    assert page_one.json()["count"] == 7
    assert [p["title"] for p in page_one.json()["results"]] == ["P0", "P1", "P2"]
    assert page_one.json()["next"] is not None
    assert page_one.json()["previous"] is None
    assert [p["title"] for p in page_three.json()["results"]] == ["P6"]
    assert page_three.json()["next"] is None


def test_list_page_beyond_the_end_answers_404(api_client, user):
    PromptFactory(owner=user)

    response = api_client.get("/api/prompts", {"page": 5})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_rejects_a_bad_page_size(api_client):
    response = api_client.get("/api/prompts", {"pageSize": 1000})

    assert response.status_code == 400


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_costs_a_constant_number_of_queries(
    api_client, user, django_assert_max_num_queries, page_size
):
    for _ in range(page_size):
        PromptFactory(owner=user)

    # One for the token's user, one count, one page.
    with django_assert_max_num_queries(3):
        response = api_client.get(
            "/api/prompts",
            {"pageSize": page_size, "taskType": "Explanation", "search": "recursion"},
        )

    assert len(response.json()["results"]) == page_size


# --- Options -----------------------------------------------------------------------------------


def test_options_lists_the_predefined_values(api_client):
    response = api_client.get("/api/prompts/options")

    assert response.status_code == 200
    body = response.json()
    assert len(body["taskTypes"]) == 12
    assert len(body["aiPersonas"]) == 9
    assert len(body["targetAudiences"]) == 10
    assert len(body["desiredTones"]) == 12
    assert len(body["outputFormats"]) == 15
    assert len(body["lengthConstraints"]) == 8
    assert body["taskTypes"][0] == "Explanation"
    assert body["defaults"] == {
        "taskType": "Explanation",
        "aiPersona": "Expert",
        "desiredTone": "Formal",
        "outputFormat": "Plain Text",
        "lengthConstraint": "Single Sentence",
        "targetAudience": [],
    }


def test_options_add_the_users_own_values_once(
    api_client, user, other_user, django_assert_max_num_queries
):
    PromptFactory(
        owner=user,
        sfl_field={"task_type": "Haiku Drafting"},
        sfl_tenor={"ai_persona": "Pirate", "target_audience": ["Sailors", "Experts"]},
        sfl_mode={"output_format": "Limerick", "length_constraint": "Three lines"},
    )
    PromptFactory(owner=user, sfl_tenor={"ai_persona": "Pirate", "desired_tone": "Salty"})
    PromptFactory(owner=other_user, sfl_tenor={"ai_persona": "Someone else's persona"})

    with django_assert_max_num_queries(3):
        body = api_client.get("/api/prompts/options").json()

    assert body["taskTypes"][-1] == "Haiku Drafting"
    assert body["aiPersonas"].count("Pirate") == 1
    assert "Someone else's persona" not in body["aiPersonas"]
    assert body["targetAudiences"][-1] == "Sailors"
    assert body["targetAudiences"].count("Experts") == 1
    assert body["desiredTones"][-1] == "Salty"
    assert body["outputFormats"][-1] == "Limerick"
    assert body["lengthConstraints"][-1] == "Three lines"


def test_an_invalid_update_of_another_users_prompt_still_answers_404(api_client, other_user):
    prompt = PromptFactory(owner=other_user)

    response = api_client.patch(f"/api/prompts/{prompt.pk}", {"title": ""}, format="json")

    assert response.status_code == 404
