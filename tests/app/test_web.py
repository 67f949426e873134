"""The web app's pages through Starlette's TestClient, over a store of the fixture articles and
one hostile article: a name that is markup (``<img src=x onerror=…>``) must stay text."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import pytest

from kg.app.serve import answer_query
from kg.app.web import Site, create_app
from kg.app.web.pages import entity_path, select_text
from kg.app.web.search import NameIndex
from kg.outputs.articles import ARTICLES_FILE, ArticleTexts, write_articles
from kg.outputs.store import open_store, write_store
from kg.rdf.graph import build_dataset, entity_node
from kg.rdf.ids import entity_iri
from kg.records import ArticleMetadata, Entity, Relation, Resolution
from kg.text.ingest import parse_document
from tests.conftest import ARTICLE, cooperation_records, mention

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ARTICLE = f"# 惡意名稱\n{HOSTILE}與南山區政協簽署合作協議。\n"
KGID = "https://w3id.org/szhk-kg/id/"
PERSON = KGID + "person/陳大文"


def hostile_records():
    """The cooperation fixture and a third article whose organization's name is markup (dated,
    and published by 大公報)."""
    documents, resolution, relations = cooperation_records(
        parse_document(ARTICLE, doc_id="article-1")
    )
    third = dataclasses.replace(
        parse_document(HOSTILE_ARTICLE, doc_id="article-3"),
        metadata=ArticleMetadata(date=date(2024, 5, 1), outlet="大公報"),
    )
    hostile = mention(third, 1, HOSTILE, "Organization")
    org = mention(third, 1, "南山區政協", "Organization")
    entities = [
        e
        if e.key != "Organization/南山區政協"
        else Entity(e.key, e.label, e.name, e.script, e.aliases, e.mentions + (org,))
        for e in resolution.entities
    ]
    key = f"Organization/{HOSTILE}"
    entities.append(Entity(key, "Organization", HOSTILE, "zh-Hant", (), (hostile,)))
    sentence = third.sentences[1]
    cooperation = Relation(
        key, "cooperatesWith", "Organization/南山區政協", third.doc_id, 1,
        sentence.text, sentence.start, sentence.end, "test_rule", 0.8,
    )  # fmt: skip
    entity_of = {**resolution.entity_of, hostile: key, org: "Organization/南山區政協"}
    return (
        (*documents, third),
        Resolution(tuple(entities), entity_of),
        (*relations, cooperation),
    )


def write_build(folder):
    """The store and articles.jsonl of the hostile records, as `kg build` writes them."""
    documents, resolution, relations = hostile_records()
    write_store(build_dataset(documents, resolution, relations), folder)
    write_articles(documents, resolution, folder / ARTICLES_FILE)
    return folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_build(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def site(folder):
    store = open_store(str(folder / "store"))
    return Site(
        run=lambda text, accept: answer_query(store, text, accept),
        texts=ArticleTexts(folder / ARTICLES_FILE),
    )


def serving(site):
    from starlette.testclient import TestClient  # warns on import of its httpx use

    return TestClient(create_app(site), base_url="http://127.0.0.1:7878")


@pytest.fixture(scope="module")
def client(site):
    with serving(site) as client:
        yield client


@pytest.fixture(scope="module")
def graph_only(site):
    """A client of the same store without articles.jsonl (a store served alone)."""
    with serving(Site(run=site.run)) as client:
        yield client


def rows(site, query):
    return select_text(site, "PREFIX kgo: <https://w3id.org/szhk-kg/ontology#>\n" + query)


class Page(HTMLParser):
    """Links, elements by class and text of one HTML page."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.links, self.text = [], [], []
        self.texts, self._open = {}, []  # text of each element with an id, as textContent
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "a" and "href" in attrs:
            self.links.append((attrs.get("class") or "", attrs["href"]))
        self._open.append(attrs.get("id"))
        if attrs.get("id"):
            self.texts[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for element in self._open:
            if element:
                self.texts[element] += data

    def having(self, tag, css):
        return [a for t, a in self.tags if t == tag and css in (a.get("class") or "").split()]

    def hrefs(self, css):
        return {href for classes, href in self.links if css in classes.split()}


def test_the_index_folds_both_scripts():
    """A Simplified query finds a Traditional name and the other way round; without folding
    neither would (the index holds no converted alias here)."""
    index = NameIndex(
        [
            ("urn:p", "Person", "陳大文", True),
            ("urn:o", "Organization", "深圳市政协", True),
            ("urn:o", "Organization", "市政协", False),
        ]
    )
    assert [m.entity for m in index.find("陈大文", 10)] == ["urn:p"]
    assert [(m.entity, m.label) for m in index.find("政協", 10)] == [("urn:o", "深圳市政协")]
    assert index.find("", 10) == [] and index.find("香港", 10) == []


def test_suggestions_come_as_json_by_prefix_then_substring_and_limited(client):
    answer = client.get("/suggest", params={"q": "陈大"})
    assert answer.status_code == 200
    assert [(m["label"], m["type"], m["url"]) for m in answer.json()] == [
        ("陳大文", "Person", entity_path(PERSON))
    ]
    many = client.get("/suggest", params={"q": "區", "limit": 2}).json()
    assert len(many) == 2
    assert len(client.get("/suggest", params={"q": "區", "limit": 10**6}).json()) <= 50


def test_the_search_page_lists_matches_in_either_script(client):
    page = Page(client.get("/search", params={"q": "南山区政协"}).text)
    assert page.hrefs("entity") == {entity_path(KGID + "organization/南山區政協")}


def test_the_entity_page_shows_every_fact_of_the_graph(client, site):
    expected = rows(
        site,
        f"SELECT ?s WHERE {{ ?s a kgo:Statement . {{ ?s rdf:subject <{KGID}organization/南山區政協> }}"
        f" UNION {{ ?s rdf:object <{KGID}organization/南山區政協> }} }}",
    )
    answer = client.get(entity_path(KGID + "organization/南山區政協"))
    assert answer.status_code == 200
    page = Page(answer.text)
    assert len(page.having("tr", "fact")) == len(expected) == 3
    assert "南山区政协" in "".join(page.text)  # the other script's name
    others = page.hrefs("entity")
    assert others == {
        entity_path(PERSON),
        entity_path(KGID + "organization/香港科技園公司"),
        entity_path(str(entity_iri("Organization", HOSTILE))),
    }
    for link in others:
        assert client.get(link).status_code == 200


def test_every_evidence_link_names_a_sentence_the_article_page_shows(client):
    page = Page(client.get(entity_path(PERSON)).text)
    links = page.hrefs("evidence-link")
    assert links and all(re.fullmatch(r"/article/[^#]+#s\d+", link) for link in links)
    for link in links:
        path, sentence = link.split("#")
        article = Page(client.get(path).text)
        assert any(a.get("id") == sentence for t, a in article.tags)


def test_the_article_page_marks_every_mention_where_the_pipeline_found_it(client):
    """With articles.jsonl: every sentence as read, each mention marked at its own place."""
    documents, resolution, _ = hostile_records()
    (doc,) = [d for d in documents if d.doc_id == "article-1"]
    page = Page(client.get("/article/article-1").text)
    spans = {
        a["id"]: a for t, a in page.tags if t == "span" and re.fullmatch(r"s\d+", a.get("id", ""))
    }
    assert set(spans) == {f"s{s.index}" for s in doc.sentences}
    assert {key: value for key, value in page.texts.items() if key in spans} == {
        f"s{s.index}": s.text for s in doc.sentences
    }  # the type: by CSS
    marked = [a["href"] for t, a in page.tags if t == "a" and "mention" in (a.get("class") or "")]
    found = [m for m in resolution.entity_of if m.doc_id == "article-1"]
    assert sorted(marked) == sorted(
        entity_path(str(entity_node(resolution.entity(resolution.entity_of[m])))) for m in found
    )
    assert "states" in spans["s1"]["class"] and "states" in spans["s2"]["class"]


def test_without_articles_jsonl_the_article_page_marks_the_graphs_mentions(graph_only, site):
    mentioned = rows(
        site, "SELECT ?e WHERE { ?e kgo:mentionedIn ?d . ?d dcterms:identifier 'article-1' }"
    )
    page = Page(graph_only.get("/article/article-1").text)
    assert page.hrefs("mention") == {entity_path(row["e"]) for row in mentioned}
    assert len(mentioned) == 5
    facts = rows(
        site,
        "SELECT ?s WHERE { ?s a kgo:Statement ; kgo:document ?d . ?d dcterms:identifier 'article-1' }",
    )
    assert len(page.having("li", "fact")) == len(facts) == 4


PAGES = [
    "/search?q=" + quote("<img"),
    "/article/article-3",
    "/tables/cooperation",
    "/tables/cooperation?name=" + quote(HOSTILE),
]


@pytest.mark.parametrize("path", PAGES)
def test_a_hostile_name_is_text_on_every_page(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    page = Page(answer.text)
    assert HOSTILE in "".join(page.text)
    assert not [a for t, a in page.tags if t == "img"]
    assert "default-src 'self'" in answer.headers["content-security-policy"]


def test_a_hostile_name_is_text_on_its_entity_page_and_in_suggestions(client):
    suggestion = client.get("/suggest", params={"q": "<img"}).json()
    assert [m["label"] for m in suggestion] == [HOSTILE]
    answer = client.get(suggestion[0]["url"])
    assert answer.status_code == 200 and unquote(suggestion[0]["url"]).endswith("%3E")
    page = Page(answer.text)
    assert HOSTILE in "".join(page.text) and not [a for t, a in page.tags if t == "img"]


def test_tables_are_paged_sorted_filtered_and_downloadable(client, site, monkeypatch):
    from kg.app.web import tables

    answer = client.get("/tables/cooperation", params={"sort": "partnerLabel", "order": "desc"})
    body = answer.text
    first = re.findall(r"<tr>\s*<td>(?:<a[^>]*>)?([^<]*)", body)
    ascending = re.findall(
        r"<tr>\s*<td>(?:<a[^>]*>)?([^<]*)",
        client.get("/tables/cooperation", params={"sort": "partnerLabel"}).text,
    )
    assert first == sorted(first, reverse=True) and ascending == sorted(ascending)
    assert len(first) == 4  # two pairs, each from both sides
    monkeypatch.setattr(tables, "TABLE_PAGE", 3)
    paged = client.get("/tables/cooperation", params={"sort": "partnerLabel"}).text
    assert len(re.findall(r"<tr>\s*<td>", paged)) == 3 and 'id="next"' in paged
    rest = client.get("/tables/cooperation", params={"sort": "partnerLabel", "offset": 3}).text
    assert len(re.findall(r"<tr>\s*<td>", rest)) == 1 and 'id="next"' not in rest
    filtered = client.get("/tables/roles", params={"name": "南山区政协"}).text  # Simplified
    assert "陳大文" in filtered and "委員" in filtered
    download = client.get("/tables/cooperation.csv", params={"name": "香港科技园公司"})
    table = list(csv.reader(io.StringIO(download.text)))
    assert download.headers["content-type"].startswith("text/csv")
    assert table[0][:2] == ["partnerLabel", "otherLabel"]
    assert [row[:2] for row in table[1:]] == [["香港科技園公司", "南山區政協"]]
    assert client.get("/tables/cooperation", params={"sort": "nothing"}).status_code == 400


def test_tables_filter_by_type_outlet_and_date(client):
    def first_column(**params):
        page = client.get("/tables/cooperation", params=params)
        assert page.status_code == 200, page.text
        return sorted(
            html.unescape(c) for c in re.findall(r"<tr>\s*<td>(?:<a[^>]*>)?([^<]*)", page.text)
        )

    everything = first_column()
    assert len(everything) == 4
    assert first_column(type="Organization") == everything and first_column(type="Person") == []
    assert first_column(outlet="大公报") == sorted([HOSTILE, "南山區政協"])  # Simplified
    assert first_column(since="2024-05-01") == first_column(outlet="大公報")
    assert first_column(until="2024-04-30") == []  # the undated drop out of a span
    assert (
        "no entity of this table"
        in client.get("/tables/cooperation", params={"outlet": "無此報"}).text
    )
    assert client.get("/tables/cooperation", params={"type": "Nonsense"}).status_code == 400
    assert client.get("/tables/roles", params={"type": "Person"}).status_code == 400
    assert client.get("/tables/no-such").status_code == 404


def test_unknown_pages_are_404_and_other_hosts_403(client):
    assert client.get(entity_path(KGID + "person/nobody")).status_code == 404
    assert client.get("/article/no-such").status_code == 404
    assert client.get("/favicon.ico").status_code == 404
    answer = client.get("/search", headers={"Host": "attacker.example"})
    assert answer.status_code == 403 and "--allow-host" in answer.text


def test_an_entitys_facts_come_a_page_at_a_time_and_pages_cover_them_all(client, monkeypatch):
    from kg.app.web import entity

    monkeypatch.setattr(entity, "FACTS_PAGE", 1)
    path = entity_path(KGID + "organization/南山區政協")
    seen = []
    for offset in range(3):
        page = client.get(path, params={"offset": offset}).text
        (fact,) = re.findall(r'<tr class="fact"[^>]*>\s*<td><a[^>]*>([^<]*)</a></td>', page)
        seen.append(html.unescape(fact))
        assert ("more facts" in page) == (offset < 2) and "of 3" in page
    assert sorted(seen) == sorted(["陳大文", "香港科技園公司", HOSTILE])


NAMES = ("陳大文", "南山區政協", "灣區快線", "香港科技園公司", "皇崗口岸")


def test_the_entity_page_draws_its_ego_picture_from_this_server(client):
    page = Page(client.get(entity_path(PERSON)).text)
    (frame,) = [a for t, a in page.tags if t == "iframe"]
    answer = client.get(frame["src"])
    assert answer.status_code == 200 and frame["src"].startswith("/picture/")
    picture = Page(answer.text)
    assert not [a for t, a in picture.tags if t == "script" and a.get("src")]  # all inline
    drawn = {name for name in NAMES if json.dumps(name)[1:-1] in answer.text or name in answer.text}
    assert drawn == {"陳大文", "南山區政協", "灣區快線"}  # itself and its neighbours, no further
    assert "default-src 'self'" in answer.headers["content-security-policy"]


def test_a_page_whose_query_outlives_the_time_limit_is_503_and_search_carries_on(site):
    """The workers answer 503 at the time limit (tests/app/test_serve.py); a page says so."""
    message = b"query exceeded the time limit of 2 s (the query was stopped)"

    def too_slow(text, accept):
        return 503, "text/plain; charset=utf-8", message

    with serving(Site(run=too_slow, names=site.names)) as slow:
        for path in (entity_path(PERSON), "/article/article-1", "/tables/proposed"):
            answer = slow.get(path)
            assert answer.status_code == 503 and "time limit of 2 s" in answer.text
        assert slow.get("/suggest", params={"q": "陈大文"}).json()[0]["label"] == "陳大文"
