"""ORCID records: a public record as JSON, or a works list as XML (v3.0).

A JSON record gives a person: the ORCID iD, the given and family names (or
the credit name), and other names; its work summaries, if any, become works.
An XML works list gives the work summaries: title, type, year and DOI.
A work summary does not list the work's authors, so these works have none;
they join the rest of the graph by DOI and title.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import ValidationError

from kg.errors import LoaderError
from kg.ids import normalize_doi, normalize_orcid
from kg.model import Identifier, IdScheme, LoadedRecord, Person, PublicationType, Work
from loaders.jsonio import bad_record, documents
from loaders.records import BadRecord

FORMAT = "orcid"

_COMMON = "{http://www.orcid.org/ns/common}"
_WORK = "{http://www.orcid.org/ns/work}"


def looks_like_orcid(head: str) -> bool:
    return '"orcid-identifier"' in head or "http://www.orcid.org/ns/" in head


def read_orcid(path: Path | str) -> Iterator[LoadedRecord | BadRecord]:
    """Yield the person and works of an ORCID record."""
    path = Path(path)
    with path.open("rb") as stream:
        is_xml = stream.read(64).lstrip().startswith(b"<")
    if is_xml:
        yield from _xml_works(path)
        return
    for document in documents(path):
        if isinstance(document, BadRecord):
            yield document
            continue
        line, record = document
        yield _person(path, line, record)
        works = ((record.get("activities-summary") or {}).get("works") or {}).get(
            "group"
        ) or ()
        for group in works:
            for summary in group.get("work-summary") or ():
                yield _json_work(path, line, summary)


def _value(node: Any) -> str | None:
    return node.get("value") if isinstance(node, dict) else None


def _person(path: Path, line: int, record: dict[str, Any]) -> Person | BadRecord:
    orcid = normalize_orcid((record.get("orcid-identifier") or {}).get("path") or "")
    name = (record.get("person") or {}).get("name") or {}
    given, family = _value(name.get("given-names")), _value(name.get("family-name"))
    full = _value(name.get("credit-name")) or " ".join(p for p in (given, family) if p)
    if orcid is None or not full:
        missing = "valid ORCID iD" if orcid is None else "name"
        return bad_record(path, line, "the ORCID record", f"has no {missing}")
    others = ((record.get("person") or {}).get("other-names") or {}).get(
        "other-name"
    ) or ()
    return Person(
        name=full,
        given_name=given,
        family_name=family,
        identifiers=(Identifier(scheme=IdScheme.ORCID, value=orcid),),
        alternative_names=tuple(o["content"] for o in others if o.get("content")),
    )


def _json_work(path: Path, line: int, summary: dict[str, Any]) -> Work | BadRecord:
    title = _value((summary.get("title") or {}).get("title"))
    year = _value((summary.get("publication-date") or {}).get("year"))
    ids = ((summary.get("external-ids") or {}).get("external-id")) or ()
    dois = [
        i.get("external-id-value") or ""
        for i in ids
        if i.get("external-id-type") == "doi"
    ]
    return _work(path, line, title, year, summary.get("type"), dois)


def _work(
    path: Path,
    line: int,
    title: str | None,
    year: str | None,
    kind: str | None,
    dois: Iterable[str],
) -> Work | BadRecord:
    name = f"work {title!r}" if title else "a work summary"
    if not title or not year:
        return bad_record(
            path, line, name, f"has no {'title' if not title else 'year'}"
        )
    kind = (kind or "").lower().replace("_", "-")
    publication_type = (
        PublicationType(kind)
        if kind in PublicationType._value2member_map_
        else PublicationType.OTHER
    )
    identifiers = tuple(
        Identifier(scheme=IdScheme.DOI, value=doi)
        for doi in dict.fromkeys(normalize_doi(d) for d in dois)
        if doi
    )
    try:
        return Work(
            title=title,
            year=int(year),
            publication_type=publication_type,
            identifiers=identifiers,
        )
    except (ValueError, ValidationError) as exc:
        return bad_record(path, line, name, f"year {year!r} is not a year: {exc}")


def _xml_works(path: Path) -> Iterator[Work | BadRecord]:
    summaries = etree.iterparse(
        str(path),
        events=("end",),
        tag=f"{_WORK}work-summary",
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
    )
    try:
        for _, summary in summaries:
            dois = [
                (i.findtext(f"{_COMMON}external-id-value") or "").strip()
                for i in summary.iter(f"{_COMMON}external-id")
                if (i.findtext(f"{_COMMON}external-id-type") or "").strip() == "doi"
            ]
            yield _work(
                path,
                summary.sourceline,
                (summary.findtext(f"{_WORK}title/{_COMMON}title") or "").strip(),
                (
                    summary.findtext(f"{_COMMON}publication-date/{_COMMON}year") or ""
                ).strip(),
                (summary.findtext(f"{_WORK}type") or "").strip(),
                dois,
            )
            summary.clear()
    except etree.XMLSyntaxError as exc:
        raise LoaderError(
            path, exc.lineno or None, f"not well-formed XML: {exc.msg}", code="bad-xml"
        ) from exc
