"""Stable identifiers and name normalisation."""

from __future__ import annotations

import unicodedata

import pytest

from kg import ids
from kg.ids import normalize_doi, normalize_orcid
from kg.model import Person
from kg.names import fold, normalize_text, split_homonym_number


@pytest.mark.parametrize(
    ("written", "name", "number"),
    [
        ("Lei Xu 0040", "Lei Xu", "0040"),
        ("Dan Roth 0001", "Dan Roth", "0001"),
        ("Lei Xu", "Lei Xu", None),
        ("Wei Chen 12", "Wei Chen 12", None),
        ("  Lei   Xu   0040 ", "Lei Xu", "0040"),
    ],
    ids=["number", "number-0001", "plain", "not-four-digits", "spaces"],
)
def test_split_homonym_number(written: str, name: str, number: str | None) -> None:
    assert split_homonym_number(written) == (name, number)


def test_numbered_and_plain_names_are_different_people() -> None:
    # BR-04: the number is identity, not a surname.
    plain = Person.from_author_string("Wei Chen")
    four = Person.from_author_string("Wei Chen 0004")
    eleven = Person.from_author_string("Wei Chen 0011")
    assert len({plain.id, four.id, eleven.id}) == 3
    assert (four.name, four.given_name, four.family_name) == ("Wei Chen", "Wei", "Chen")


def test_nfc_and_nfd_spellings_give_one_id() -> None:
    # BR-11: "Zoë" precomposed and decomposed.
    nfc = Person.from_author_string("Zo\u00eb Lindqvist")
    nfd = Person.from_author_string("Zoe\u0308 Lindqvist")
    assert nfc.id == nfd.id
    assert nfd.name == "Zo\u00eb Lindqvist"


def test_accented_and_plain_names_keep_apart_ids() -> None:
    assert ids.person_id("Zoë Lindqvist", None) != ids.person_id("Zoe Lindqvist", None)
    assert ids.person_id("Zoe Lindqvist", None) == "zoe_lindqvist"
    assert ids.person_id("Zoë Lindqvist", None).startswith("zoe_lindqvist-")


def test_fold_removes_case_and_accents() -> None:
    assert fold("  Jóngwoo   KO ") == "jongwoo ko"
    assert normalize_text("Zoe\u0308") == "Zo\u00eb"


def test_work_id_ignores_case_and_punctuation_of_the_title() -> None:
    assert ids.work_id("DistiLLM: Towards Streamlined Distillation", 2024) == (
        ids.work_id("distillm towards streamlined distillation", 2024)
    )
    assert ids.work_id("DistiLLM", 2024) != ids.work_id("DistiLLM", 2025)


def test_iri_refuses_an_identifier_it_could_not_have_minted() -> None:
    with pytest.raises(ValueError):
        ids.iri("person", "jongwoo ko")
    assert ids.iri("person", "jongwoo_ko") == (
        "https://w3id.org/scholarly-kg/person/jongwoo_ko"
    )


def test_space_and_hyphen_spellings_keep_apart_ids() -> None:
    # Found by a tester: "Ling Liu" and "Ling-Liu" were one person with two names.
    assert ids.person_id("Ling Liu", None) == "ling_liu"
    assert ids.person_id("Ling-Liu", None) == "ling-liu"
    assert ids.person_id("Se-Young Yun", None) == "se-young_yun"


def test_homonym_number_is_kept_apart_from_the_name() -> None:
    assert ids.person_id("Lei Xu", "0040") == "lei_xu_0040"


def test_hangul_name_gives_an_id_in_nfc() -> None:
    # Found by a tester: the id came out as decomposed jamo, which no one types.
    person_id = ids.person_id("김종우", None)
    assert person_id == "김종우"
    assert unicodedata.is_normalized("NFC", person_id)


def test_punctuation_without_a_place_in_urls_adds_a_digest() -> None:
    assert ids.person_id("Mary O'Neil", None).startswith("mary_oneil-")
    assert ids.person_id("Mary O'Neil", None) != ids.person_id("Mary ONeil", None)


def test_a_name_starting_with_a_dot_gives_an_id_the_api_accepts() -> None:
    # Found in review: the venue ".NET" got the id ".net", which was refused.
    assert ids.venue_id(".NET").startswith("net-")
    assert ids.is_local_id(ids.venue_id(".NET"))


def test_doi_loses_resolver_prefix_case_and_trailing_dot():
    assert normalize_doi("https://doi.org/10.1145/3292500.3330701.") == (
        "10.1145/3292500.3330701"
    )
    assert normalize_doi("DOI:10.48550/ARXIV.2106.09685") == "10.48550/arxiv.2106.09685"
    assert normalize_doi("not a doi") is None


def test_orcid_checksum_rejects_a_mistyped_digit():
    # 0000-0002-1825-0097 is ORCID's own documented example iD.
    assert normalize_orcid("https://orcid.org/0000-0002-1825-0097") == (
        "0000-0002-1825-0097"
    )
    assert normalize_orcid("0000-0002-1825-0098") is None
    assert normalize_orcid("000000021825009X") is None
