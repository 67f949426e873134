import dataclasses
import datetime
import subprocess
import sys

from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, RDF, SDO, SKOS, XSD

from kg.app import api
from kg.outputs.export import to_trig, to_turtle
from kg.rdf.graph import build_dataset, entity_node
from kg.rdf.ids import document_iri
from kg.rdf.load import union_graph
from kg.rdf.namespaces import KGO
from kg.records import ArticleMetadata, Entity, Resolution


def test_relations_become_direct_triples_with_provenance(records):
    docs, resolution, relations = records
    graph = union_graph(build_dataset(docs, resolution, relations))
    person = entity_node(resolution.entity("Person/陳大文"))
    plan = entity_node(resolution.entity("Initiative/灣區快線"))
    assert (person, KGO.proposed, plan) in graph
    statements = list(graph.subjects(RDF.predicate, KGO.proposed))
    assert len(statements) == 1
    statement = statements[0]
    sentence = docs[0].sentences[1]
    assert str(graph.value(statement, KGO.evidence)) == sentence.text
    assert graph.value(statement, KGO.startOffset).toPython() == sentence.start
    assert docs[0].text[sentence.start : sentence.end] == sentence.text
    assert str(graph.value(statement, KGO.extractor)) == "test_rule"


def test_labels_in_both_scripts_and_aliases(records):
    docs, resolution, relations = records
    graph = union_graph(build_dataset(docs, resolution, relations))
    plan = entity_node(resolution.entity("Initiative/灣區快線"))
    assert graph.value(plan, SKOS.prefLabel) == Literal("灣區快線", lang="zh-Hant")
    alt = set(graph.objects(plan, SKOS.altLabel))
    assert {Literal("湾区快线", lang="zh-Hans"), Literal("「灣區快線」計劃", lang="zh-Hant")} <= alt


def test_roles_are_membership_nodes(records):
    docs, resolution, relations = records
    graph = union_graph(build_dataset(docs, resolution, relations))
    memberships = list(graph.subjects(RDF.type, ORG.Membership))
    assert len(memberships) == 1
    assert graph.value(memberships[0], KGO.roleTitle) == Literal("委員", lang="zh-Hant")
    assert graph.value(memberships[0], ORG.member) == entity_node(
        resolution.entity("Person/陳大文")
    )


def test_turtle_and_trig_parse_back_to_the_same_triples(records):
    dataset = build_dataset(*records)
    turtle = Graph().parse(data=to_turtle(dataset), format="turtle")
    trig = Dataset().parse(data=to_trig(dataset), format="trig")
    assert isomorphic(turtle, union_graph(dataset))
    assert isomorphic(union_graph(trig), turtle)
    names = {str(g.identifier) for g in trig.graphs() if len(g)}
    assert any(n.endswith("graph/entities") for n in names)
    assert any(n.endswith("graph/doc/article-1") for n in names)


def test_hand_built_graph_conforms_to_shapes(records):
    report = api.validate(union_graph(build_dataset(*records)))
    assert report.conforms, report.text


def test_shapes_catch_a_relation_with_the_wrong_types(records):
    graph = union_graph(build_dataset(*records))
    port = next(graph.subjects(RDF.type, KGO.Port))
    plan = next(graph.subjects(RDF.type, KGO.Initiative))
    graph.add((port, KGO.proposed, plan))
    report = api.validate(graph)
    assert not report.conforms and report.violations >= 1


SERIALIZE = """
import sys
from tests.conftest import ARTICLE, hand_built_records
from kg.text.ingest import parse_document
from kg.outputs.export import to_trig, to_turtle
from kg.rdf.graph import build_dataset
doc = parse_document(ARTICLE, doc_id="article-1")
ds = build_dataset(*hand_built_records(doc))
sys.stdout.write(to_turtle(ds) + to_trig(ds))
"""


def test_serialization_is_byte_identical_across_hash_seeds():
    outputs = set()
    for seed in ("0", "1", "12345"):
        run = subprocess.run(
            [sys.executable, "-c", SERIALIZE],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_turtle_and_trig_lines_are_sorted_by_n_triples_form_one_group_at_a_time(tmp_path):
    """Subjects that share beginnings (a, a-b, ab) and a triple in two graphs: the
    Turtle has each triple once in N-Triples order, the TriG each graph in name order."""
    import pyoxigraph
    from rdflib import URIRef

    from kg.outputs.export import get_exporter, trig_lines, turtle_lines

    ex = "http://example.org/"
    dataset = Dataset()
    for graph, subject in (("g2", "ab"), ("g1", "a-b"), ("g2", "a"), ("g1", "a")):
        dataset.graph(URIRef(ex + graph)).add(
            (URIRef(ex + subject), URIRef(ex + "p"), Literal("值", lang="zh-Hant"))
        )
    turtle = list(turtle_lines(dataset))
    assert all(line.endswith("\n") for line in turtle) and "@zh-Hant" in "".join(turtle)
    parsed = list(pyoxigraph.parse("".join(turtle), format=pyoxigraph.RdfFormat.TURTLE))
    assert [str(t) for t in parsed] == sorted({str(t) for t in parsed})
    assert [t.subject.value[len(ex) :] for t in parsed] == ["a-b", "a", "ab"]  # "-" < ">"
    trig = "".join(trig_lines(dataset))
    assert trig.index(f"<{ex}g1>") < trig.index(f"<{ex}g2>") and trig.count("值") == 4
    get_exporter("trig")(dataset, tmp_path / "graph.trig")
    assert (tmp_path / "graph.trig").read_text("utf-8") == trig == to_trig(dataset)


def test_an_articles_date_outlet_reporters_and_url(records):
    docs, resolution, relations = records
    dated = dataclasses.replace(
        docs[0],
        metadata=ArticleMetadata(
            date=datetime.date(2025, 3, 21),
            outlet="南山區政協",  # an entity the text names: the same node
            reporters=("李望賢",),  # named only by the byline: a new Person
            url="https://example.org/a.htm",
        ),
    )
    graph = union_graph(build_dataset([dated], resolution, relations))
    doc = document_iri(dated.doc_id)
    assert graph.value(doc, DCTERMS.issued) == Literal("2025-03-21", datatype=XSD.date)
    assert graph.value(doc, DCTERMS.publisher) == entity_node(
        resolution.entity("Organization/南山區政協")
    )
    reporter = graph.value(doc, DCTERMS.creator)
    assert (reporter, RDF.type, KGO.Person) in graph
    assert graph.value(reporter, SKOS.prefLabel) == Literal("李望賢", lang="zh-Hant")
    assert (reporter, KGO.mentionedIn, doc) in graph
    assert graph.value(doc, SDO.url) == Literal("https://example.org/a.htm", datatype=XSD.anyURI)
    assert api.validate(graph).conforms


def test_an_undated_article_has_no_date_triple(records):
    graph = union_graph(build_dataset(*records))
    assert not list(graph.objects(None, DCTERMS.issued))
    assert not list(graph.objects(None, DCTERMS.publisher))


def test_shacl_refuses_a_date_that_is_no_date(records):
    graph = union_graph(build_dataset(*records))
    graph.add((document_iri(records[0][0].doc_id), DCTERMS.issued, Literal("21 March")))
    assert not api.validate(graph).conforms


def _event_graph(day, text="2月8日，深圳市政協七屆六次會議開幕。"):
    from kg.text.ingest import parse_document
    from tests.conftest import mention

    document = parse_document(f"政協開幕\n{text}\n", doc_id="a", metadata=ArticleMetadata(date=day))
    found = mention(document, 1, "深圳市政協七屆六次會議", "Event")
    event = Entity(
        "Event/深圳市政協七屆六次會議", "Event", "深圳市政協七屆六次會議", "zh-Hant", (), (found,)
    )
    graph = union_graph(build_dataset([document], Resolution((event,), {found: event.key}), []))
    return graph.value(entity_node(event), SDO.startDate)


def test_an_event_dated_by_its_sentence_takes_the_articles_year():
    assert _event_graph(datetime.date(2025, 2, 9)) == Literal("2025-02-08", datatype=XSD.date)


def test_an_event_gets_no_date_without_a_year_or_a_date_that_opens_its_sentence():
    assert _event_graph(None) is None
    assert _event_graph(datetime.date(2025, 2, 9), "深圳市政協七屆六次會議將於2月8日開幕。") is None
