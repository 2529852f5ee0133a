"""The API over real HTTP: a uvicorn server on a free port, fed the sample page.

Every expected value below is counted by hand from
``tests/data/author-cluster-jongwoo-ko.txt`` (10 works, 2021-2025):

    2025 ICLR    Beyond correlation  Elangovan, Lei Xu 0040, *Ko* (3), Elyasi,
                                     Ling Liu, Bodapati, Dan Roth 0001
    2025 ICML    DistiLLM-2          *Ko* (1), Tianyi Chen, Sungnyun Kim,
                                     Tianyu Ding, Luming Liang, Ilya Zharkov, Yun
    2025 NeurIPS Flex-Judge          *Ko* (1), Sungnyun Kim, Sungwoo Cho, Yun
    2025 ICLR    SeRA                *Ko* (1), Dingliwal, Ganesh, Sengupta,
                                     Bodapati, Galstyan
    2024 ICML    DistiLLM            *Ko* (1), Sungnyun Kim, Tianyi Chen, Yun
    2024 IJCAI   Fine-tuning ...     Sumyeong Ahn, Sihyeon Kim, *Ko* (3), Yun
    2023 AAAI    A Gift from ...     *Ko* (1), Bongsoo Yi, Yun
    2023 ICLR    CUDA                Sumyeong Ahn, *Ko* (2), Yun
    2023 AAAI    Self-Contrastive    Sangmin Bae, Sungnyun Kim, *Ko* (3),
                                     Gihun Lee, Seungjong Noh, Yun
    2021 NeurIPS FINE Samples        Taehyeon Kim, *Ko* (2), Sangwook Cho,
                                     JinHwan Choi, Yun

27 distinct people, so Jongwoo Ko has 26 coauthors; 5 venues; Se-Young Yun
("Yun") is on 8 of Ko's works. Over the four 2025 works Ko has 6 + 6 + 1 + 4
= 17 distinct coauthors. Sungnyun Kim's four works are all with Ko, and give
him 9 coauthors other than Ko: Tianyi Chen, Tianyu Ding, Luming Liang, Ilya
Zharkov, Se-Young Yun, Sungwoo Cho, Sangmin Bae, Gihun Lee, Seungjong Noh.
"""

from __future__ import annotations

import gc
import json
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import httpx
import pytest
import rdflib

PROBLEM_JSON = "application/problem+json"

KO = "jongwoo_ko"
YUN = "se-young_yun"
SUNGNYUN = "sungnyun_kim"
DISTILLM_2_TITLE = "DistiLLM-2: A Contrastive Approach Boosts the Distillation of LLMs"
DISTILLM_2_AUTHORS = [
    ("jongwoo_ko", "Jongwoo Ko"),
    ("tianyi_chen", "Tianyi Chen"),
    ("sungnyun_kim", "Sungnyun Kim"),
    ("tianyu_ding", "Tianyu Ding"),
    ("luming_liang", "Luming Liang"),
    ("ilya_zharkov", "Ilya Zharkov"),
    ("se-young_yun", "Se-Young Yun"),
]
PERSON_FIELDS = {
    "id",
    "name",
    "given_name",
    "family_name",
    "homonym_number",
    "work_count",
    "first_year",
    "last_year",
    "works",
}

COUNT_WORKS = "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a kgo:Work }"
CONSTRUCT_TITLES = "CONSTRUCT { ?w dcterms:title ?t } WHERE { ?w dcterms:title ?t }"
INSERT_WORK = (
    "INSERT DATA { <https://example.org/intruder> a "
    "<https://w3id.org/scholarly-kg/ontology#Work> }"
)
INSERT_WORK_PREFIXED = "INSERT DATA { <https://example.org/intruder2> a kgo:Work }"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@pytest.fixture(scope="module")
def works(client: httpx.Client) -> list[dict[str, Any]]:
    """Every work, as GET /works lists them in one page."""
    response = client.get("/works", params={"limit": 50})
    assert response.status_code == 200
    page = response.json()
    assert page["next_cursor"] is None
    return page["works"]


@pytest.fixture(scope="module")
def distillm_2_id(client: httpx.Client) -> str:
    response = client.get("/works", params={"year": 2025, "venue": "ICML"})
    assert response.status_code == 200
    found = response.json()["works"]
    assert [w["title"] for w in found] == [DISTILLM_2_TITLE]
    work_id: str = found[0]["id"]
    return work_id


def _json(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The body of an error, checked to be a problem document with no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    return body


def _count_works(client: httpx.Client) -> int:
    response = client.get("/sparql", params={"query": COUNT_WORKS})
    bindings = _json(response)["results"]["bindings"]
    return int(bindings[0]["n"]["value"])


# Health ----------------------------------------------------------------------


def test_health_after_loading_sample_counts_what_the_store_holds(
    client: httpx.Client,
) -> None:
    body = _json(client.get("/health"))
    assert body["status"] == "ok"
    holds = body["holds"]
    assert holds["works"] == 10
    assert holds["people"] == 27
    assert holds["venues"] == 5
    assert holds["sources"] == 1


# Finding people --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "person_id", "homonym_number", "work_count"),
    [
        ("JONGWOO ko", KO, None, 10),
        ("Jóngwoo", KO, None, 10),
        ("Lei Xu 0040", "lei_xu_0040", "0040", 1),
    ],
    ids=["case-ignored", "accent-ignored", "homonym-number"],
)
def test_authors_search_by_name_finds_exactly_one_person(
    client: httpx.Client,
    name: str,
    person_id: str,
    homonym_number: str | None,
    work_count: int,
) -> None:
    body = _json(client.get("/authors", params={"name": name}))
    assert body["query"] == name
    assert [
        (p["id"], p["homonym_number"], p["work_count"]) for p in body["people"]
    ] == [(person_id, homonym_number, work_count)]


@pytest.mark.parametrize(
    "name",
    [
        'Mary "Molly" O\'Neil',
        "Ana\\",
        'x" ) } UNION { ?s ?p ?o } #',
        # The six characters of the SPARQL escape for a double quote, then more.
        r"\u0022 } #",
    ],
    ids=["quotes", "trailing-backslash", "union-injection", "escaped-quote"],
)
def test_authors_search_with_query_syntax_in_name_finds_nobody(
    client: httpx.Client, name: str
) -> None:
    response = client.get("/authors", params={"name": name})
    assert "Traceback" not in response.text
    body = _json(response)
    assert body["query"] == name
    assert body["people"] == []


# One person ------------------------------------------------------------------


def test_author_by_default_has_all_fields_and_work_ids(
    client: httpx.Client, works: list[dict[str, Any]]
) -> None:
    person = _json(client.get(f"/authors/{KO}"))
    assert set(person) == PERSON_FIELDS
    assert person["id"] == KO
    assert person["name"] == "Jongwoo Ko"
    assert person["given_name"] == "Jongwoo"
    assert person["family_name"] == "Ko"
    assert person["homonym_number"] is None
    assert person["work_count"] == 10
    assert person["first_year"] == 2021
    assert person["last_year"] == 2025
    assert len(person["works"]) == 10
    assert all(isinstance(work_id, str) for work_id in person["works"])
    assert sorted(person["works"]) == sorted(w["id"] for w in works)


def test_author_with_fields_returns_only_those_fields(client: httpx.Client) -> None:
    person = _json(client.get(f"/authors/{KO}", params={"fields": "name,work_count"}))
    assert person == {"name": "Jongwoo Ko", "work_count": 10}


def test_author_with_include_works_expands_works_to_objects(
    client: httpx.Client,
) -> None:
    person = _json(client.get(f"/authors/{KO}", params={"include": "works"}))
    assert len(person["works"]) == 10
    for work in person["works"]:
        assert {"id", "title", "year", "position"} <= set(work)
    assert Counter(w["year"] for w in person["works"]) == {
        2021: 1,
        2023: 3,
        2024: 2,
        2025: 4,
    }
    assert Counter(w["position"] for w in person["works"]) == {1: 5, 2: 2, 3: 3}
    titles_first = {w["title"] for w in person["works"] if w["position"] == 1}
    assert titles_first == {
        DISTILLM_2_TITLE,
        "Flex-Judge: Text-Only Reasoning Unleashes Zero-Shot Multimodal Evaluators",
        "SeRA: Self-Reviewing and Alignment of LLMs using Implicit Reward Margins",
        "DistiLLM: Towards Streamlined Distillation for Large Language Models",
        "A Gift from Label Smoothing: Robust Training with Adaptive Label "
        "Smoothing via Auxiliary Classifier under Label Noise",
    }


def test_author_with_dotted_field_returns_works_with_only_that_field(
    client: httpx.Client,
) -> None:
    person = _json(client.get(f"/authors/{KO}", params={"fields": "name,works.year"}))
    assert set(person) == {"name", "works"}
    assert all(set(work) == {"year"} for work in person["works"])
    assert Counter(w["year"] for w in person["works"]) == {
        2021: 1,
        2023: 3,
        2024: 2,
        2025: 4,
    }


# One work --------------------------------------------------------------------


def test_work_with_include_authors_venue_lists_authors_in_page_order(
    client: httpx.Client, distillm_2_id: str
) -> None:
    work = _json(
        client.get(f"/works/{distillm_2_id}", params={"include": "authors,venue"})
    )
    assert work["id"] == distillm_2_id
    assert work["title"] == DISTILLM_2_TITLE
    assert work["year"] == 2025
    assert work["venue"]["id"] == "icml"
    assert work["venue"]["acronym"] == "ICML"
    assert [(a["position"], a["id"], a["name"]) for a in work["authors"]] == [
        (position, person_id, name)
        for position, (person_id, name) in enumerate(DISTILLM_2_AUTHORS, start=1)
    ]
    assert [a["name_as_written"] for a in work["authors"]] == [
        name for _, name in DISTILLM_2_AUTHORS
    ]


def test_work_without_include_shows_author_and_venue_ids(
    client: httpx.Client, distillm_2_id: str
) -> None:
    work = _json(client.get(f"/works/{distillm_2_id}"))
    assert work["authors"] == [person_id for person_id, _ in DISTILLM_2_AUTHORS]
    assert work["venue"] == "icml"


# Pages of works --------------------------------------------------------------


def test_works_pages_followed_by_cursor_visit_every_work_once_newest_first(
    client: httpx.Client,
) -> None:
    seen: list[dict[str, Any]] = []
    sizes: list[int] = []
    params: dict[str, Any] = {"limit": 3}
    for _ in range(20):
        page = _json(client.get("/works", params=params))
        sizes.append(len(page["works"]))
        seen.extend(page["works"])
        if page["next_cursor"] is None:
            break
        params = {"limit": 3, "cursor": page["next_cursor"]}
    else:
        pytest.fail("next_cursor never became null")
    assert sizes == [3, 3, 3, 1]
    ids = [w["id"] for w in seen]
    assert len(ids) == len(set(ids)) == 10
    years = [w["year"] for w in seen]
    assert years == sorted(years, reverse=True)
    assert Counter(years) == {2021: 1, 2023: 3, 2024: 2, 2025: 4}


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"year": 2023}, 3),
        ({"venue": "AAAI"}, 2),
        ({"venue": "iclr"}, 3),
        ({"year": 2025, "venue": "ICLR"}, 2),
        ({"year": 2022}, 0),
        ({"venue": "NoSuchVenue"}, 0),
    ],
    ids=[
        "year-2023",
        "venue-AAAI",
        "venue-lowercase-iclr",
        "year-and-venue",
        "year-without-works",
        "unknown-venue",
    ],
)
def test_works_filtered_by_year_or_venue_count_matching_works(
    client: httpx.Client, params: dict[str, Any], count: int
) -> None:
    page = _json(client.get("/works", params=params))
    assert len(page["works"]) == count
    assert page["next_cursor"] is None
    if "year" in params:
        assert {w["year"] for w in page["works"]} <= {params["year"]}
    if "venue" in params:
        assert {w["venue"]["acronym"].lower() for w in page["works"]} <= {
            params["venue"].lower()
        }


# Coauthors -------------------------------------------------------------------


def test_coauthors_of_ko_over_all_years_are_everyone_else(
    client: httpx.Client,
) -> None:
    body = _json(client.get(f"/authors/{KO}/coauthors"))
    assert body["person"]["id"] == KO
    coauthors = {c["id"]: c for c in body["coauthors"]}
    assert len(body["coauthors"]) == len(coauthors) == 26
    assert KO not in coauthors
    assert coauthors[YUN]["years"] == [2021, 2023, 2024, 2025]
    assert coauthors[YUN]["shared_works"] == 8
    assert body["coauthors"][0]["id"] == YUN
    assert coauthors[SUNGNYUN]["shared_works"] == 4
    assert coauthors[SUNGNYUN]["years"] == [2023, 2024, 2025]
    assert coauthors["lei_xu_0040"]["homonym_number"] == "0040"


def test_coauthors_of_ko_within_2025_are_the_17_of_the_2025_works(
    client: httpx.Client,
) -> None:
    body = _json(
        client.get(
            f"/authors/{KO}/coauthors", params={"from_year": 2025, "to_year": 2025}
        )
    )
    assert body["from_year"] == body["to_year"] == 2025
    assert len(body["coauthors"]) == 17
    assert all(c["years"] == [2025] for c in body["coauthors"])
    coauthors = {c["id"]: c["shared_works"] for c in body["coauthors"]}
    assert coauthors[YUN] == 2
    assert coauthors[SUNGNYUN] == 2
    assert coauthors["sravan_babu_bodapati"] == 2
    assert "bongsoo_yi" not in coauthors


def test_shared_coauthors_of_ko_and_sungnyun_kim_exclude_the_two(
    client: httpx.Client,
) -> None:
    body = _json(
        client.get(f"/authors/{KO}/shared-coauthors", params={"with": SUNGNYUN})
    )
    assert body["first"]["id"] == KO
    assert body["second"]["id"] == SUNGNYUN
    shared = {c["id"]: c for c in body["shared_coauthors"]}
    assert len(body["shared_coauthors"]) == len(shared) == 9
    assert set(shared) == {
        "tianyi_chen",
        "tianyu_ding",
        "luming_liang",
        "ilya_zharkov",
        YUN,
        "sungwoo_cho",
        "sangmin_bae",
        "gihun_lee",
        "seungjong_noh",
    }
    assert KO not in shared
    assert SUNGNYUN not in shared
    assert shared[YUN]["years_with_first"] == [2021, 2023, 2024, 2025]
    assert shared[YUN]["years_with_second"] == [2023, 2024, 2025]
    assert shared[YUN]["works_with_first"] == 8
    assert shared[YUN]["works_with_second"] == 4


# Errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/authors/no-such-person",
        "/authors/no-such-person/coauthors",
        f"/authors/{KO}/shared-coauthors?with=no-such-person",
        "/works/0000000000000000",
        "/works/not a work id",
    ],
    ids=[
        "author",
        "coauthors-of-unknown",
        "shared-with-unknown",
        "work",
        "work-id-of-impossible-shape",
    ],
)
def test_unknown_record_is_404_not_found_problem(
    client: httpx.Client, path: str
) -> None:
    body = _problem(client.get(path), 404)
    assert body["code"] == "not-found"


def test_unknown_path_is_404_problem(client: httpx.Client) -> None:
    body = _problem(client.get("/no/such/endpoint"), 404)
    assert "/no/such/endpoint" in body["detail"]


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        (f"/authors/{KO}/coauthors", {"from_year": "abc"}, "'from_year'"),
        (
            f"/authors/{KO}/coauthors",
            {"from_year": 2025, "to_year": 2021},
            "'from_year'",
        ),
        (
            f"/authors/{KO}/shared-coauthors",
            {"with": SUNGNYUN, "from_year": 2025, "to_year": 2021},
            "'from_year'",
        ),
        (f"/authors/{KO}", {"fields": "nonsense"}, "'fields'"),
        (f"/authors/{KO}", {"fields": "works.nonsense"}, "'fields'"),
        (f"/authors/{KO}", {"include": "nonsense"}, "'include'"),
        ("/works", {"cursor": "not-a-cursor"}, "'cursor'"),
        ("/works", {"cursor": "bm9wZQ"}, "'cursor'"),
        ("/works", {"limit": 0}, "'limit'"),
    ],
    ids=[
        "from-year-not-a-number",
        "from-year-after-to-year",
        "shared-from-year-after-to-year",
        "unknown-field",
        "unknown-subfield",
        "unknown-include",
        "garbage-cursor",
        "base64-cursor-not-ours",
        "limit-zero",
    ],
)
def test_invalid_parameter_is_422_problem_naming_it(
    client: httpx.Client, path: str, params: dict[str, Any], named: str
) -> None:
    body = _problem(client.get(path, params=params), 422)
    assert body["code"] == "invalid-parameter"
    assert named in body["detail"]


def test_work_with_unknown_include_is_422_problem(
    client: httpx.Client, distillm_2_id: str
) -> None:
    response = client.get(f"/works/{distillm_2_id}", params={"include": "nonsense"})
    body = _problem(response, 422)
    assert "'include'" in body["detail"]


def test_misspelt_parameter_is_422_problem_listing_the_known_ones(
    client: httpx.Client,
) -> None:
    # "form_year" for "from_year" would otherwise answer for every year.
    response = client.get(f"/authors/{KO}/coauthors", params={"form_year": 2025})
    body = _problem(response, 422)
    assert body["detail"] == (
        "parameter 'form_year': is not a parameter of this endpoint, which takes "
        "from_year, to_year"
    )


def test_works_network_with_a_coauthor_network_parameter_is_422(
    client: httpx.Client, distillm_2_id: str
) -> None:
    response = client.get(
        "/network", params={"works": distillm_2_id, "from_year": 2020}
    )
    body = _problem(response, 422)
    assert body["errors"][0]["parameter"] == "from_year"


# SPARQL: results of SELECT and ASK -------------------------------------------


def test_sparql_select_with_default_accept_answers_json_results(
    client: httpx.Client,
) -> None:
    response = client.get("/sparql", params={"query": COUNT_WORKS})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/sparql-results+json"
    )
    body = response.json()
    assert body["head"]["vars"] == ["n"]
    assert [b["n"]["value"] for b in body["results"]["bindings"]] == ["10"]


def test_sparql_select_with_accept_csv_answers_csv(client: httpx.Client) -> None:
    response = client.get(
        "/sparql", params={"query": COUNT_WORKS}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text == "n\r\n10\r\n"


def test_sparql_select_with_accept_xml_answers_xml_results(
    client: httpx.Client,
) -> None:
    response = client.get(
        "/sparql",
        params={"query": COUNT_WORKS},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(response.content)
    literals = root.findall("./r:results/r:result/r:binding[@name='n']/r:literal", ns)
    assert [literal.text for literal in literals] == ["10"]


def test_sparql_select_with_accept_tsv_answers_tsv(client: httpx.Client) -> None:
    response = client.get(
        "/sparql",
        params={"query": COUNT_WORKS},
        headers={"Accept": "text/tab-separated-values"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    assert response.text.splitlines() == ["?n", "10"]


def test_sparql_post_with_sparql_query_body_answers(client: httpx.Client) -> None:
    response = client.post(
        "/sparql", content=COUNT_WORKS, headers={"Content-Type": SPARQL_QUERY}
    )
    bindings = _json(response)["results"]["bindings"]
    assert [b["n"]["value"] for b in bindings] == ["10"]


def test_sparql_post_with_form_query_answers(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"query": COUNT_WORKS})
    assert "Traceback" not in response.text
    bindings = _json(response)["results"]["bindings"]
    assert [b["n"]["value"] for b in bindings] == ["10"]


def test_sparql_ask_answers_json_boolean_true(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?w a kgo:Work }"})
    assert _json(response)["boolean"] is True


# SPARQL: graphs of CONSTRUCT -------------------------------------------------


def _construct(client: httpx.Client, accept: str) -> httpx.Response:
    response = client.get(
        "/sparql", params={"query": CONSTRUCT_TITLES}, headers={"Accept": accept}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    return response


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld")],
    ids=["turtle", "json-ld"],
)
def test_sparql_construct_parses_to_the_ten_titles(
    client: httpx.Client, accept: str, rdflib_format: str
) -> None:
    response = _construct(client, accept)
    if rdflib_format == "json-ld":
        json.loads(response.text)
    with warnings.catch_warnings():
        # rdflib's own JSON-LD parser builds a ConjunctiveGraph internally.
        warnings.filterwarnings(
            "ignore", "ConjunctiveGraph is deprecated", DeprecationWarning
        )
        graph = rdflib.Graph().parse(data=response.text, format=rdflib_format)
    assert len(graph) == 10
    assert set(graph.predicates()) == {rdflib.DCTERMS.title}
    assert rdflib.Literal(DISTILLM_2_TITLE) in set(graph.objects())


def test_sparql_construct_as_n_triples_has_ten_lines(client: httpx.Client) -> None:
    response = _construct(client, "application/n-triples")
    lines = [line for line in response.text.splitlines() if line.strip()]
    assert len(lines) == 10
    graph = rdflib.Graph().parse(data=response.text, format="nt")
    assert len(graph) == 10


# SPARQL: errors and updates --------------------------------------------------


def test_sparql_syntax_error_is_400_problem_quoting_the_parser(
    client: httpx.Client,
) -> None:
    response = client.get("/sparql", params={"query": "SELEKT ?x WHERE { ?x ?y ?z }"})
    body = _problem(response, 400)
    assert body["code"] == "bad-query"
    assert "error at" in body["detail"]


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (COUNT_WORKS, "image/png"),
        ("ASK { ?w a kgo:Work }", "text/turtle"),
        (CONSTRUCT_TITLES, "text/csv"),
    ],
    ids=["select-as-png", "ask-as-turtle", "construct-as-csv"],
)
def test_sparql_with_unacceptable_accept_is_406_problem(
    client: httpx.Client, query: str, accept: str
) -> None:
    response = client.get(
        "/sparql", params={"query": query}, headers={"Accept": accept}
    )
    body = _problem(response, 406)
    assert body["code"] == "not-acceptable"
    assert accept in body["detail"]
    # Let the server finish with the request, then free whatever the refusal
    # left in reference cycles, so that an error raised while freeing it is
    # reported by this test and not by a later one.
    assert client.get("/health").status_code == 200
    gc.collect()


def _send_update(client: httpx.Client, how: str, update: str) -> httpx.Response:
    if how == "get-query":
        return client.get("/sparql", params={"query": update})
    if how == "post-sparql-update":
        return client.post(
            "/sparql", content=update, headers={"Content-Type": SPARQL_UPDATE}
        )
    if how == "post-form-update":
        return client.post("/sparql", data={"update": update})
    if how == "post-sparql-query":
        return client.post(
            "/sparql", content=update, headers={"Content-Type": SPARQL_QUERY}
        )
    raise AssertionError(how)


UPDATE_ROUTES = [
    ("get-query", INSERT_WORK),
    ("get-query", INSERT_WORK_PREFIXED),
    ("post-sparql-update", INSERT_WORK),
    ("post-form-update", INSERT_WORK),
    ("post-sparql-query", INSERT_WORK),
]
UPDATE_IDS = [
    "get-query",
    "get-query-prefixed",
    "post-sparql-update",
    "post-form-update",
    "post-sparql-query-body",
]


@pytest.mark.parametrize(("how", "update"), UPDATE_ROUTES, ids=UPDATE_IDS)
def test_sparql_update_is_403_read_only_problem(
    client: httpx.Client, how: str, update: str
) -> None:
    body = _problem(_send_update(client, how, update), 403)
    assert body["code"] == "read-only"


def test_sparql_updates_of_every_kind_leave_the_work_count_at_10(
    client: httpx.Client,
) -> None:
    for how, update in UPDATE_ROUTES:
        _send_update(client, how, update)
    assert _count_works(client) == 10
    assert _json(client.get("/health"))["holds"]["works"] == 10


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        (f"/authors/{KO}/network?format=graphml", "application/graphml+xml"),
        ("/works?year=2021", "application/json"),
    ],
)
def test_get_endpoints_answer_head_with_the_get_headers_and_no_body(
    client: httpx.Client, path: str, media_type: str
) -> None:
    got = client.get(path)
    response = client.head(path)

    assert response.status_code == 200
    assert response.headers["content-type"] == got.headers["content-type"]
    assert response.headers["content-type"].startswith(media_type)
    assert response.content == b""


def test_health_answers_head_for_monitors(client: httpx.Client) -> None:
    # Found by a tester: curl -I /health was a 405.
    response = client.head("/health")
    assert response.status_code == 200
    assert response.content == b""


def test_path_between_two_people_lists_people_and_the_works_of_each_step(
    client: httpx.Client,
) -> None:
    body = _json(client.get("/authors/tianyu_ding/path", params={"to": "taehyeon_kim"}))
    assert (body["hops"], body["max_hops"]) == (2, 4)
    assert [p["id"] for p in body["people"]] == ["tianyu_ding", KO, "taehyeon_kim"]
    assert [(s["source"], s["target"], s["shared_works"]) for s in body["steps"]] == [
        ("tianyu_ding", KO, 1),
        (KO, "taehyeon_kim", 1),
    ]
    assert body["steps"][1]["works"][0]["year"] == 2021


def test_path_longer_than_max_hops_has_null_hops(client: httpx.Client) -> None:
    params = {"to": "taehyeon_kim", "max_hops": 1}
    body = _json(client.get("/authors/tianyu_ding/path", params=params))
    assert (body["hops"], body["people"], body["steps"]) == (None, [], [])


@pytest.mark.parametrize(
    ("params", "status", "named"),
    [({"to": "no-such-person"}, 404, "no-such-person"),
     ({"to": YUN, "max_hops": 7}, 422, "'max_hops'"),
     ({"to": KO}, 422, "'to'"),
     ({"to": ""}, 422, "'to'")],
    ids=["unknown-other", "hops-too-many", "same-person", "empty-other"],
)  # fmt: skip
def test_path_with_a_bad_other_end_or_hops_is_a_problem_naming_it(
    client: httpx.Client, params: dict[str, Any], status: int, named: str
) -> None:
    body = _problem(client.get(f"/authors/{KO}/path", params=params), status)
    assert named in body["detail"]
