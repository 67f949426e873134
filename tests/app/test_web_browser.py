"""The web app in headless Chromium against a live server: the search box in the other script,
the entity page's facts, evidence links to marked sentences, the article's mentions, a hostile
name kept as text, and no request leaving the machine (Chromium's net-log of the page's
requests; every DNS lookup but the loopback address fails besides)."""

from __future__ import annotations

import re
import subprocess
import threading
from urllib.parse import quote

import pytest

from kg.app.serve import make_server
from kg.app.web.pages import entity_path, select_text
from kg.rdf.ids import entity_iri
from tests.app.test_web import HOSTILE, PERSON, Page, write_build
from tests.conftest import CHROMIUM, HEADLESS
from tests.outputs.test_viz_browser import page_requests

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian chromium (make test installs it)"
)
FLAGS = [
    *HEADLESS,
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
BUDGET = 10000  # virtual milliseconds for the page's script (and a navigation) to finish


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(URL, server) of a live server over the hostile fixture, stopped afterwards."""
    folder = write_build(tmp_path_factory.mktemp("web-browser"))
    server = make_server(folder, port=0, workers=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url.rstrip("/"), server
    finally:
        server.shutdown()
        thread.join(timeout=30)
        server.server_close()


def browse(tmp_path, url):
    """(DOM after the page's script ran, URLs of the requests the page started)."""
    netlog = tmp_path / f"net-{len(list(tmp_path.glob('net-*')))}.json"
    run = subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--virtual-time-budget={BUDGET}",
            f"--log-net-log={netlog}",
            "--net-log-capture-mode=Default",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return run.stdout, page_requests(netlog)


def test_a_name_in_the_other_script_is_suggested_and_picked(server, tmp_path):
    """陈大文 typed in Simplified: the suggestion is the Traditional 陳大文, the arrow key
    chooses it, and its link opens the entity page."""
    base, _ = server
    dom, requests = browse(tmp_path, f"{base}/search#suggest={quote('陈大文')}&pick=1")
    chosen = [a for t, a in Page(dom).tags if t == "a" and "chosen" in (a.get("class") or "")]
    assert [a["href"] for a in chosen] == [entity_path(PERSON)]
    assert f"{base}/suggest?q={quote('陈大文')}&limit=10" in requests
    dom, _ = browse(tmp_path, base + chosen[0]["href"])
    page = Page(dom)
    assert [a for t, a in page.tags if a.get("id") == "label"] and "陈大文" in "".join(page.text)


def test_the_entity_page_shows_the_graphs_facts_and_opens_marked_evidence(server, tmp_path):
    base, live = server
    facts = select_text(
        live.site,
        f"SELECT ?s WHERE {{ {{ ?s rdf:subject <{PERSON}> }} UNION {{ ?s rdf:object <{PERSON}> }}"
        " ?s a <https://w3id.org/szhk-kg/ontology#Statement> }",
    )
    dom, _ = browse(tmp_path, base + entity_path(PERSON))
    page = Page(dom)
    assert len(page.having("tr", "fact")) == len(facts) == 2
    (evidence,) = page.hrefs("evidence-link")  # both facts are stated by one sentence
    dom, _ = browse(tmp_path, base + evidence)
    sentence = evidence.split("#")[1]
    marked = [a for t, a in Page(dom).tags if "marked" in (a.get("class") or "").split()]
    assert [a["id"] for a in marked] == [sentence]


def test_the_article_page_marks_every_mention_the_graph_has(server, tmp_path):
    base, live = server
    mentioned = select_text(
        live.site,
        "SELECT ?e WHERE { ?e <https://w3id.org/szhk-kg/ontology#mentionedIn> ?d ."
        " ?d <http://purl.org/dc/terms/identifier> 'article-2' }",
    )
    dom, _ = browse(tmp_path, f"{base}/article/article-2")
    page = Page(dom)
    assert page.hrefs("mention") == {entity_path(row["e"]) for row in mentioned}
    assert len(mentioned) == 2 and live.site.texts is not None  # marked where they were found
    assert page.texts["s1"] == "南山區政協與香港科技園公司簽署合作協議。"


@pytest.mark.parametrize(
    "path",
    [
        f"/search#suggest={quote('<img')}",
        "/article/article-3",
        f"/search?q={quote('<img')}",
        "/tables/cooperation",
        entity_path(str(entity_iri("Organization", HOSTILE))),
    ],
)
def test_a_hostile_name_stays_text_and_no_request_leaves_the_machine(server, tmp_path, path):
    base, _ = server
    dom, requests = browse(tmp_path, base + path)
    page = Page(dom)
    assert HOSTILE in "".join(page.text)
    assert [t for t, _ in page.tags if t == "img"] == []
    assert requests and all(url.startswith(base + "/") for url in requests), requests
    assert f"{base}/static/web.js" in requests


def test_the_query_page_highlights_sparql_from_its_own_bundle(server, tmp_path):
    """CodeMirror (kg/static/vendor, built from tools/editor) over the query's textarea: the
    named query in the URL is in the editor, its keywords and variables in their own spans,
    and the page asked nothing of any other server."""
    base, _ = server
    query = "SELECT ?s WHERE { ?s a kgo:Port }"
    dom, requests = browse(tmp_path, f"{base}/#query={quote(query)}")
    page = Page(dom)
    (editor,) = [a for t, a in page.tags if a.get("id") == "editor"]
    assert "cm-editor" in editor["class"]
    assert any(a.get("data-language") == "sparql" for _, a in page.tags)
    spans = re.findall(r'<span class="[^"]+">([^<]+)</span>', dom.split('id="editor"')[1])
    assert {"SELECT", "WHERE", "?s", "kgo:Port"} <= set(spans)
    assert f"{base}/static/vendor/codemirror.js" in requests
    assert all(url.startswith(base + "/") for url in requests), requests


def test_the_entity_pages_picture_is_drawn_offline(server, tmp_path):
    base, _ = server
    frame = Page(browse(tmp_path, base + entity_path(PERSON))[0])
    (src,) = [a["src"] for t, a in frame.tags if t == "iframe"]
    dom, requests = browse(tmp_path, base + src)
    (status,) = [a for t, a in Page(dom).tags if a.get("id") == "kg-status"]
    assert status["data-drawn"] == "yes" and status["data-nodes"] == "3"
    fetched = {url for url in requests if not url.endswith("/favicon.ico")}
    assert fetched <= {base + src}  # vis-network is inline: nothing else is fetched
