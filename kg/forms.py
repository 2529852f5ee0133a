"""Each question the graph answers, in its SPARQL form and its Cypher form.

The two forms of a question return the same columns with the same values:
records by their local id (``jongwoo-ko``, not an IRI), years as integers.
``kg.queries`` shapes those rows into answers, whichever store gave them,
and the conformance tests demand that both stores give the same rows.

Values always travel as parameters. A parameter listed in ``ids`` holds a
record's local id; the RDF store binds it as that record's IRI.

Both engines join in the order they are shown, more or less, so each form
starts from what the question names (a person, a set of people):

- SPARQL: an ``OPTIONAL`` of one triple pattern is looked up per row, but
  Oxigraph evaluates an ``OPTIONAL`` of several patterns on its own over
  the whole store and joins it afterwards (20 ms against 3 ms for one
  person's works at 10,000 works), so a question about a few works looks
  up each fact of their venue on its own, by a path from the work (a path
  from an unbound ``?venue`` would bind it to every venue). A page of all
  works is the other way round: there the whole-store join is the faster
  (100 ms against 350 ms);
- Cypher: FalkorDB starts a ``MATCH`` whose ``WHERE`` filters another node
  from a scan of that node's label (every work, for a filter on the year),
  even beside an indexed ``{id: $person}``, so the filter follows in a
  ``WITH`` once the person's works are found.

The Cypher stays in the subset that Neo4j 5 and FalkorDB both run; what
differs between the two servers lives in ``kg.graph.dialect``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    """One question in two query languages, returning the same columns."""

    name: str
    sparql: str
    cypher: str
    ids: Mapping[str, str] = field(default_factory=dict)
    # Parameters holding a year that the RDF store binds as the stored
    # ``xsd:gYear`` literal, so that its index finds the year's works.
    years: tuple[str, ...] = ()


# Oxigraph filters every person's search key first and counts the works of
# those found, then looks up their names: joining the names and the type
# before the filter took it 1.7 times as long (on disk at 10,000 works).
# Either way it reads every search key: no index serves CONTAINS. DISTINCT,
# because a person that several sources name has the name in each one's graph.
FIND_PEOPLE = Question(
    "find-people",
    sparql="""
SELECT DISTINCT ?person ?name ?number ?key ?works ?q WHERE {
  {
    SELECT ?person ?key ?q (COUNT(DISTINCT ?work) AS ?works) WHERE {
      ?person kgo:searchKey ?key .
      FILTER (CONTAINS(?key, ?q))
      OPTIONAL { ?work dcterms:creator ?person }
    }
    GROUP BY ?person ?key ?q
  }
  ?person a kgo:Person ; foaf:name ?name .
  OPTIONAL { ?person kgo:homonymNumber ?number }
}
""",
    cypher="""
MATCH (p:Person) WHERE p.search_key CONTAINS $q
OPTIONAL MATCH (p)-[:AUTHORED]->(w:Work)
RETURN p.id AS person, p.name AS name, p.homonym_number AS number,
       p.search_key AS key, count(DISTINCT w) AS works
""",
)

PERSON = Question(
    "person",
    sparql="""
SELECT ?person ?name ?number ?given ?family
       (COUNT(DISTINCT ?work) AS ?works) (MIN(?year) AS ?first) (MAX(?year) AS ?last)
WHERE {
  ?person a kgo:Person ; foaf:name ?name .
  OPTIONAL { ?person kgo:homonymNumber ?number }
  OPTIONAL { ?person foaf:givenName ?given }
  OPTIONAL { ?person foaf:familyName ?family }
  OPTIONAL {
    ?work dcterms:creator ?person ; fabio:hasPublicationYear ?published .
    BIND (YEAR(?published) AS ?year)
  }
}
GROUP BY ?person ?name ?number ?given ?family
""",
    cypher="""
MATCH (p:Person {id: $person})
OPTIONAL MATCH (p)-[:AUTHORED]->(w:Work)
RETURN p.id AS person, p.name AS name, p.homonym_number AS number,
       p.given_name AS given, p.family_name AS family,
       count(DISTINCT w) AS works, min(w.year) AS first, max(w.year) AS last
""",
    ids={"person": "person"},
)

PERSON_WORKS = Question(
    "person-works",
    sparql="""
SELECT DISTINCT ?person ?work ?title ?year ?position ?venue ?acronym ?venueName
       ?kind WHERE {
  ?work kgo:hasAuthorship ?authorship ;
        dcterms:title ?title ;
        fabio:hasPublicationYear ?published .
  ?authorship kgo:author ?person ; kgo:position ?position .
  BIND (YEAR(?published) AS ?year)
  OPTIONAL { ?work kgo:publishedIn ?venue }
  OPTIONAL { ?work kgo:publishedIn/kgo:acronym ?acronym }
  OPTIONAL { ?work kgo:publishedIn/kgo:venueName ?venueName }
  OPTIONAL { ?work kgo:publishedIn/kgo:venueKind ?kind }
}
""",
    cypher="""
MATCH (p:Person {id: $person})-[a:AUTHORED]->(w:Work)
OPTIONAL MATCH (w)-[:PUBLISHED_IN]->(v:Venue)
RETURN DISTINCT p.id AS person, w.id AS work, w.title AS title, w.year AS year,
       a.position AS position, v.id AS venue, v.acronym AS acronym,
       v.name AS venueName, v.kind AS kind
""",
    ids={"person": "person"},
)

# The coauthors of each of a set of people (``people``, local ids), each row
# naming whose coauthor it is and counting the works they wrote together in
# one year: one person's coauthors, or two people's, of whom those named by
# both are the coauthors they share. One pattern for the set: a UNION of
# one side per person took Oxigraph 230 ms at 10,000 works, against 5 ms
# for this. The stores count per year: one row per (person, coauthor,
# work) was several times the rows, and moving rows into Python was most
# of the time. A coauthor's name is joined once the counting is done.
COAUTHORS = Question(
    "coauthors",
    # No WHERE keyword outside: the RDF store puts the people's VALUES into
    # the first WHERE, the one that counts.
    sparql="""
SELECT ?person ?coauthor ?name ?number ?year ?works {
  {
    SELECT (?people AS ?person) ?coauthor ?year (COUNT(DISTINCT ?work) AS ?works)
    WHERE {
      ?work dcterms:creator ?people, ?coauthor ;
            fabio:hasPublicationYear ?published .
      FILTER (?coauthor != ?people)
      BIND (YEAR(?published) AS ?year)
      FILTER (?year >= ?from && ?year <= ?to)
    }
    GROUP BY ?people ?coauthor ?year
  }
  ?coauthor foaf:name ?name .
  OPTIONAL { ?coauthor kgo:homonymNumber ?number }
}
""",
    cypher="""
UNWIND $people AS person
MATCH (p:Person {id: person})-[:AUTHORED]->(w:Work)
WITH p, w WHERE w.year >= $from AND w.year <= $to
MATCH (w)<-[:AUTHORED]-(c:Person)
WHERE c.id <> p.id
WITH p, c, w.year AS year, count(DISTINCT w) AS works
RETURN p.id AS person, c.id AS coauthor, c.name AS name,
       c.homonym_number AS number, year, works
""",
    ids={"people": "person"},
)

WORK = Question(
    "work",
    sparql="""
SELECT ?work ?title ?year ?type ?abstract ?venue ?acronym ?venueName ?kind
WHERE {
  ?work a kgo:Work ;
        dcterms:title ?title ;
        fabio:hasPublicationYear ?published ;
        kgo:publicationType ?type .
  BIND (YEAR(?published) AS ?year)
  OPTIONAL { ?work dcterms:abstract ?abstract }
  OPTIONAL { ?work kgo:publishedIn ?venue }
  OPTIONAL { ?work kgo:publishedIn/kgo:acronym ?acronym }
  OPTIONAL { ?work kgo:publishedIn/kgo:venueName ?venueName }
  OPTIONAL { ?work kgo:publishedIn/kgo:venueKind ?kind }
}
LIMIT 1
""",
    cypher="""
MATCH (w:Work {id: $work})
OPTIONAL MATCH (w)-[:PUBLISHED_IN]->(v:Venue)
RETURN w.id AS work, w.title AS title, w.year AS year,
       w.publication_type AS type, w.abstract AS abstract,
       v.id AS venue, v.acronym AS acronym, v.name AS venueName, v.kind AS kind
LIMIT 1
""",
    ids={"work": "work"},
)

WORK_AUTHORS = Question(
    "work-authors",
    sparql="""
SELECT ?work ?position ?person ?name ?number ?written
       (COUNT(DISTINCT ?other) AS ?works)
WHERE {
  ?work kgo:hasAuthorship ?authorship .
  ?authorship kgo:position ?position ;
              kgo:author ?person ;
              kgo:nameAsWritten ?written .
  ?person foaf:name ?name .
  OPTIONAL { ?person kgo:homonymNumber ?number }
  ?other dcterms:creator ?person .
}
GROUP BY ?work ?position ?person ?name ?number ?written
""",
    cypher="""
MATCH (p:Person)-[a:AUTHORED]->(w:Work {id: $work})
MATCH (p)-[:AUTHORED]->(other:Work)
RETURN w.id AS work, a.position AS position, p.id AS person, p.name AS name,
       p.homonym_number AS number, a.name_as_written AS written,
       count(DISTINCT other) AS works
""",
    ids={"work": "work"},
)


# The works behind a name: those a source grouped under it (a name cluster),
# or, for a person with no cluster record, that person's works. Each row is
# one author of one work, so the coauthors come with the works.
NAME_CLUSTER_WORKS = Question(
    "name-cluster-works",
    sparql="""
SELECT DISTINCT ?cluster ?name ?stated ?author_rows ?work ?year ?venue
                ?author ?author_name ?number WHERE {
  ?cluster a kgo:NameCluster ; rdfs:label ?name ; kgo:statedWorkCount ?stated ;
           kgo:clusterWork ?work .
  OPTIONAL { ?cluster kgo:statedAuthorRows ?author_rows }
  ?work fabio:hasPublicationYear ?published ; dcterms:creator ?author .
  BIND (YEAR(?published) AS ?year)
  OPTIONAL { ?work kgo:publishedIn ?venue }
  ?author foaf:name ?author_name .
  OPTIONAL { ?author kgo:homonymNumber ?number }
}
""",
    cypher="""
MATCH (c:NameCluster {id: $cluster})<-[:IN_CLUSTER]-(w:Work)<-[:AUTHORED]-(a:Person)
OPTIONAL MATCH (w)-[:PUBLISHED_IN]->(v:Venue)
RETURN DISTINCT c.id AS cluster, c.name AS name, c.stated_work_count AS stated,
       c.stated_author_rows AS author_rows, w.id AS work, w.year AS year,
       v.id AS venue, a.id AS author, a.name AS author_name,
       a.homonym_number AS number
""",
    ids={"cluster": "cluster"},
)

PERSON_NAME_WORKS = Question(
    "person-name-works",
    sparql="""
SELECT DISTINCT ?person ?name ?work ?year ?venue ?author ?author_name ?number
WHERE {
  ?person a kgo:Person ; foaf:name ?name .
  ?work dcterms:creator ?person, ?author ;
        fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
  OPTIONAL { ?work kgo:publishedIn ?venue }
  ?author foaf:name ?author_name .
  OPTIONAL { ?author kgo:homonymNumber ?number }
}
""",
    cypher="""
MATCH (p:Person {id: $person})-[:AUTHORED]->(w:Work)<-[:AUTHORED]-(a:Person)
OPTIONAL MATCH (w)-[:PUBLISHED_IN]->(v:Venue)
RETURN DISTINCT p.id AS person, p.name AS name, w.id AS work, w.year AS year,
       v.id AS venue, a.id AS author, a.name AS author_name,
       a.homonym_number AS number
""",
    ids={"person": "person"},
)


# A page of works, newest first, is read one year at a time: first which
# years hold a work, a probe of one index lookup per year, then the works of
# one year in the order of their ids, cut at the page's end. Both stores
# find a year's works by an index (Oxigraph's on the stored xsd:gYear
# literal, FalkorDB's on ``Work.year``), so a page costs the works of one
# year, not a sort of every work (1.3 s at 100,000 works on Oxigraph).

# The years from ``ceiling`` down to ``floor`` (at most 1,000 of them) that
# hold a work (only works and their venues' editions have a year, and an
# edition's is its works'; asking for a work too made Oxigraph read every
# work of the year, 2.4 ms a year on disk at 10,000 works). The SPARQL
# makes the candidate years from three digits, not from a VALUES list,
# which Oxigraph parses at about 20 µs a value.
WORK_YEARS = Question(
    "work-years",
    sparql="""
SELECT ?year WHERE {
  VALUES ?a { 0 1 2 3 4 5 6 7 8 9 } VALUES ?b { 0 1 2 3 4 5 6 7 8 9 }
  VALUES ?c { 0 1 2 3 4 5 6 7 8 9 }
  BIND (?ceiling - (100 * ?a + 10 * ?b + ?c) AS ?year)
  FILTER (?year >= ?floor)
  BIND (STRDT(STR(?year), xsd:gYear) AS ?published)
  FILTER EXISTS { ?work fabio:hasPublicationYear ?published }
}
""",
    cypher="""
UNWIND range($ceiling, $floor, -1) AS year
CALL {
  WITH year
  MATCH (w:Work) WHERE w.year = year
  RETURN w LIMIT 1
}
RETURN year
""",
)

# The years in which a venue published a work.
VENUE_YEARS = Question(
    "venue-years",
    sparql="""
SELECT DISTINCT ?year WHERE {
  ?work kgo:publishedIn ?venue ; a kgo:Work ; fabio:hasPublicationYear ?published .
  ?venue kgo:venueKind ?kind .
  BIND (YEAR(?published) AS ?year)
}
""",
    cypher="""
MATCH (v:Venue {id: $venue})<-[:PUBLISHED_IN]-(w:Work)
WHERE v.kind IS NOT NULL
RETURN DISTINCT w.year AS year
""",
    ids={"venue": "venue"},
)


# How many works a year holds (with a venue's editions, near enough).
YEAR_SIZE = Question(
    "year-size",
    sparql="""
SELECT (COUNT(?work) AS ?works) WHERE { ?work fabio:hasPublicationYear ?wantYear }
""",
    cypher="MATCH (w:Work) WHERE w.year = $wantYear RETURN count(w) AS works",
    years=("wantYear",),
)


def year_of_works(
    venue: bool, after: bool, start: bool, end: bool, limit: int
) -> Question:
    """The works of one year (``wantYear``) in the order of their ids.

    ``after`` keeps those after the work ``afterWork``, ``venue`` those the
    venue ``wantVenue`` published, ``start`` those whose id is ``fromWork``
    or later, ``end`` those whose id comes before ``toWork``. The text is
    assembled from fixed clauses only, every value is a parameter, and the
    limit is an integer the caller has validated. The page's works are
    chosen first and their venues looked up after, one work at a time.
    """
    sparql_filters, cypher_filters = [], []
    if after:
        sparql_filters.append("FILTER (STR(?work) > STR(?afterWork))")
        cypher_filters.append("w.id > $afterWork")
    if start:
        sparql_filters.append("FILTER (STR(?work) >= STR(?fromWork))")
        cypher_filters.append("w.id >= $fromWork")
    if end:
        sparql_filters.append("FILTER (STR(?work) < STR(?toWork))")
        cypher_filters.append("w.id < $toWork")
    venue_pattern = venue_match = ""
    if venue:
        venue_pattern = (
            "?work kgo:publishedIn ?wantVenue . ?wantVenue kgo:venueKind ?k ."
        )
        venue_match = (
            "MATCH (w)-[:PUBLISHED_IN]->(want:Venue {id: $wantVenue}) "
            "WHERE want.kind IS NOT NULL"
        )
    # The outer query has no WHERE keyword, so that the RDF store puts the
    # parameters' VALUES into the inner one, which picks the page.
    sparql = f"""
SELECT DISTINCT ?work ?title ?year ?venue ?acronym ?venueName ?kind {{
  {{
    SELECT DISTINCT ?work WHERE {{
      ?work fabio:hasPublicationYear ?wantYear ; a kgo:Work .
      {venue_pattern}
      {" ".join(sparql_filters)}
    }}
    ORDER BY ?work
    LIMIT {int(limit)}
  }}
  ?work dcterms:title ?title ; fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
  OPTIONAL {{ ?work kgo:publishedIn ?venue }}
  OPTIONAL {{ ?work kgo:publishedIn/kgo:acronym ?acronym }}
  OPTIONAL {{ ?work kgo:publishedIn/kgo:venueName ?venueName }}
  OPTIONAL {{ ?work kgo:publishedIn/kgo:venueKind ?kind }}
}}
ORDER BY ?work
"""
    where = f"AND {' AND '.join(cypher_filters)}" if cypher_filters else ""
    cypher = f"""
MATCH (w:Work) WHERE w.year = $wantYear {where}
{venue_match}
WITH DISTINCT w ORDER BY w.id LIMIT {int(limit)}
OPTIONAL MATCH (w)-[:PUBLISHED_IN]->(v:Venue)
RETURN DISTINCT w.id AS work, w.title AS title, w.year AS year,
       v.id AS venue, v.acronym AS acronym, v.name AS venueName, v.kind AS kind
ORDER BY work
"""
    return Question(
        "year-of-works",
        sparql=sparql,
        cypher=cypher,
        ids={
            "wantVenue": "venue",
            "afterWork": "work",
            "fromWork": "work",
            "toWork": "work",
        },
        years=("wantYear",),
    )


# The network around a person ------------------------------------------------
# A list parameter (``people``) holds several local ids; both stores bind it
# as a set of people, and each row names the one it is about. The stores
# count the works per year themselves: a network of a hundred people at a
# few thousand works has tens of thousands of (person, coauthor, work) rows,
# and moving those to Python took most of the time (0.8 s on FalkorDB, where
# counting them took 0.05 s).

COLLABORATIONS = Question(
    "collaborations",
    sparql="""
SELECT (?people AS ?person) ?coauthor ?year (COUNT(DISTINCT ?work) AS ?works)
WHERE {
  ?work dcterms:creator ?people, ?coauthor ;
        fabio:hasPublicationYear ?published .
  FILTER (?coauthor != ?people)
  BIND (YEAR(?published) AS ?year)
  FILTER (?year >= ?from && ?year <= ?to)
}
GROUP BY ?people ?coauthor ?year
""",
    cypher="""
UNWIND $people AS person
MATCH (p:Person {id: person})-[:AUTHORED]->(w:Work)
WITH p, w WHERE w.year >= $from AND w.year <= $to
MATCH (w)<-[:AUTHORED]-(c:Person)
WHERE c.id <> p.id
RETURN p.id AS person, c.id AS coauthor, w.year AS year,
       count(DISTINCT w) AS works
""",
    ids={"people": "person"},
)

PEOPLE_ACTIVITY = Question(
    "people-activity",
    sparql="""
SELECT (?people AS ?person) ?name ?number ?year (COUNT(DISTINCT ?work) AS ?works)
WHERE {
  ?people foaf:name ?name .
  OPTIONAL { ?people kgo:homonymNumber ?number }
  ?work dcterms:creator ?people ; fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
  FILTER (?year >= ?from && ?year <= ?to)
}
GROUP BY ?people ?name ?number ?year
""",
    cypher="""
UNWIND $people AS person
MATCH (p:Person {id: person})-[:AUTHORED]->(w:Work)
WITH p, w WHERE w.year >= $from AND w.year <= $to
RETURN p.id AS person, p.name AS name, p.homonym_number AS number,
       w.year AS year, count(DISTINCT w) AS works
""",
    ids={"people": "person"},
)

# A person's topics are those of their works; the topic that most of their
# works in the range have comes first.
PEOPLE_TOPICS = Question(
    "people-topics",
    sparql="""
SELECT (?people AS ?person) ?topic ?label (COUNT(DISTINCT ?work) AS ?works)
WHERE {
  ?work dcterms:creator ?people ; kgo:hasTopic ?topic ;
        fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
  FILTER (?year >= ?from && ?year <= ?to)
  OPTIONAL { ?topic skos:prefLabel ?label }
}
GROUP BY ?people ?topic ?label
""",
    cypher="""
UNWIND $people AS person
MATCH (p:Person {id: person})-[:AUTHORED]->(w:Work)
WITH p, w WHERE w.year >= $from AND w.year <= $to
MATCH (w)-[:HAS_TOPIC]->(t:Topic)
RETURN p.id AS person, t.id AS topic, t.name AS label,
       count(DISTINCT w) AS works
""",
    ids={"people": "person"},
)

# The authors of a set of works (``works``, a list of local ids).
WORKS_AUTHORS = Question(
    "works-authors",
    sparql="""
SELECT DISTINCT (?works AS ?work) ?person ?name ?number ?year WHERE {
  ?works dcterms:creator ?person ; fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
  ?person foaf:name ?name .
  OPTIONAL { ?person kgo:homonymNumber ?number }
}
""",
    cypher="""
MATCH (p:Person)-[:AUTHORED]->(w:Work)
WHERE w.id IN $works
RETURN DISTINCT w.id AS work, p.id AS person, p.name AS name,
       p.homonym_number AS number, w.year AS year
""",
    ids={"works": "work"},
)


# Topics ----------------------------------------------------------------------

# Every work of a person with each topic assigned to it (none: null topic),
# with the assignment's score and origin. Scores come back as text from the
# RDF store (xsd:decimal); kg.topics.drift reads them as numbers. The SPARQL
# is a UNION, not an OPTIONAL of the assignment: Oxigraph evaluates an
# OPTIONAL of several patterns over the whole store before joining it
# (1,137 ms against 18 ms for the busiest person of 10,000 works on disk).
PERSON_TOPICS = Question(
    "person-topics",
    sparql="""
SELECT DISTINCT ?person ?work ?year ?topic ?score ?origin WHERE {
  {
    ?work dcterms:creator ?person ; kgo:hasTopicAssignment ?assignment .
    ?assignment kgo:assignedTopic ?topic ; kgo:score ?score ; kgo:origin ?origin .
  } UNION {
    ?work dcterms:creator ?person .
    FILTER NOT EXISTS { ?work kgo:hasTopicAssignment ?any }
  }
  ?work fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
}
""",
    cypher="""
MATCH (p:Person {id: $person})-[:AUTHORED]->(w:Work)
OPTIONAL MATCH (w)-[t:HAS_TOPIC]->(c:Topic)
RETURN DISTINCT p.id AS person, w.id AS work, w.year AS year, c.id AS topic,
       t.score AS score, t.origin AS origin
""",
    ids={"person": "person"},
)

TOPIC = Question(
    "topic",
    sparql="""
SELECT ?topic ?name ?level ?broader WHERE {
  ?topic a kgo:Topic ; skos:prefLabel ?name ; kgo:topicLevel ?level .
  OPTIONAL { ?topic skos:broader ?broader }
}
""",
    cypher="""
MATCH (c:Topic {id: $topic})
OPTIONAL MATCH (c)-[:BROADER]->(b:Topic)
RETURN c.id AS topic, c.name AS name, c.level AS level, b.id AS broader
""",
    ids={"topic": "topic"},
)


# Paths -----------------------------------------------------------------------

# Who wrote with each of a set of people (``people``): one step of the
# breadth-first search in ``kg.paths``. Only the pairs travel, not the works:
# a frontier of a thousand people has tens of thousands of pairs.
COAUTHOR_PAIRS = Question(
    "coauthor-pairs",
    sparql="""
SELECT DISTINCT (?people AS ?person) ?coauthor WHERE {
  ?work dcterms:creator ?people, ?coauthor .
  FILTER (?coauthor != ?people)
}
""",
    cypher="""
UNWIND $people AS person
MATCH (p:Person {id: person})-[:AUTHORED]->(:Work)<-[:AUTHORED]-(c:Person)
WHERE c.id <> p.id
RETURN DISTINCT p.id AS person, c.id AS coauthor
""",
    ids={"people": "person"},
)

# The works two people wrote together: the evidence of one step of a path.
JOINT_WORKS = Question(
    "joint-works",
    sparql="""
SELECT DISTINCT ?work ?title ?year WHERE {
  ?work dcterms:creator ?first .
  ?work dcterms:creator ?second ;
        dcterms:title ?title ;
        fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
}
""",
    cypher="""
MATCH (a:Person {id: $first})-[:AUTHORED]->(w:Work)
MATCH (w)<-[:AUTHORED]-(b:Person {id: $second})
RETURN DISTINCT w.id AS work, w.title AS title, w.year AS year
""",
    ids={"first": "person", "second": "person"},
)
