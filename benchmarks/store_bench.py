"""rdflib vs. embedded Oxigraph vs. the Oxigraph server on a synthetic graph of about 1M triples.

The graph has the layout ``kg build`` writes (``kg/rdf/graph.py``): an entity graph (class, label,
prefLabel, altLabels in the other script) and one named graph per article with its document
node, sentence nodes, a ``kgo:Statement`` provenance node per relation, W3C ORG memberships and
``kgo:mentionedIn`` links; people, organizations, initiatives, platforms, ports and places with
Chinese names, popularity skewed so a few entities (河套, 前海 ...) are in many articles.

Queries are the shipped named queries (``kg/queries``) with names bound the way ``kg query -p``
binds them (``kg.outputs.sparql.bind_values``: plain, zh-Hant and zh-Hans literals), unbound full
listings, and a 2-hop path (``benchmarks/two-hop.rq``). Each engine runs in its own process
(peak memory is its own): rdflib in memory (``kg.outputs.sparql.run_query``), pyoxigraph in memory and
on disk (``kg.outputs.store.run_store_query``, rdflib terms out), all three as ``kg query`` runs them:
one page of ``--limit`` rows (default ``kg query``'s page; 0: every row) made into terms, the
other rows counted; and ``oxigraph serve-read-only`` over HTTP, the query cut to the page by
``LIMIT`` as ``kg serve``'s named queries are (JSON read in full). Medians of several runs after
one warm-up; ratios are rdflib's time over each Oxigraph's; rows are the query's total (over
HTTP: the page). ``--rdflib-articles N`` times rdflib
(and Oxigraph again) on a smaller graph of the same shape, for machines where rdflib at 1M
triples is too slow or too big. A script, not a test: figures vary by machine and load.

    .venv/bin/python benchmarks/store_bench.py [--articles 8000] [--rdflib-articles 800] [--runs 5] [--limit 100]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

__all__ = ["generate", "QUERIES", "main"]

HERE = Path(__file__).resolve().parent
KGO = "https://w3id.org/szhk-kg/ontology#"
KGID = "https://w3id.org/szhk-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

SURNAMES = "陳李王張黃林何吳劉楊梁鄭謝郭羅馮曾蔡許鄧蕭彭葉朱蘇潘呂盧余方袁"
GIVEN = "大小志美家國建文明德永嘉秋若鼎耀華偉強玲紅麗欣寶珊俊豪慧敏晴雅康樂安宏峰海嵐靜怡嘉誠"
PLACE_PREFIXES = [
    "深圳市",
    "香港",
    "南山區",
    "福田區",
    "羅湖區",
    "寶安區",
    "龍崗區",
    "前海",
    "河套",
    "九龍",
    "新界",
    "沙田",
    "大灣區",
    "廣東省",
    "港深",
    "深港",
    "灣區",
    "中環",
    "觀塘",
    "荃灣",
]
ORG_MIDDLES = [
    "科技",
    "金融",
    "物流",
    "創新",
    "青年",
    "醫療",
    "教育",
    "文化",
    "貿易",
    "航運",
    "數據",
    "人工智能",
    "生物",
    "環保",
    "能源",
    "旅遊",
    "法律",
    "會計",
    "建築",
    "設計",
    "電子",
    "半導體",
    "機械人",
    "新材料",
    "工商",
    "專業",
    "婦女",
    "僑界",
    "體育",
    "藝術",
    "傳媒",
    "地產",
    "海洋",
    "航空",
    "保險",
    "證券",
    "跨境",
    "創業",
    "社會服務",
    "中醫藥",
]
ORG_SUFFIXES = [
    "協會",
    "有限公司",
    "研究院",
    "中心",
    "聯盟",
    "商會",
    "聯會",
    "基金會",
    "管理局",
    "委員會",
    "學院",
    "集團",
]
INITIATIVE_WORDS = [
    "灣區",
    "快線",
    "跨境",
    "通",
    "創科",
    "走廊",
    "青年",
    "創業",
    "數據",
    "氣泡",
    "聯通",
    "共享",
    "綠色",
    "金融",
    "人才",
    "驛站",
    "海關",
    "一體化",
    "科創",
    "橋樑",
    "智慧",
    "口岸",
    "醫療",
    "合作",
    "雙城",
    "聯動",
    "北上",
    "南下",
    "標準",
    "互認",
    "資本",
    "市場",
    "教育",
    "樞紐",
    "物流",
    "通道",
    "創投",
    "基金",
    "未來",
    "產業",
    "低空",
    "經濟",
    "機場",
    "港口",
    "鐵路",
    "快速",
    "文化",
    "旅遊",
]
INITIATIVE_SUFFIXES = ["計劃", "機制", "工程", "行動", "方案", "試點"]
PLATFORMS = [
    "河套",
    "前海",
    "河套深港科技創新合作區",
    "前海深港現代服務業合作區",
    "南沙",
    "橫琴",
    "北部都會區",
    "沙頭角深港國際消費合作區",
    "深港科技創新合作區",
    "光明科學城",
    "西麗湖國際科教城",
    "大沙河創新走廊",
]
PORTS = [
    "皇崗口岸",
    "深圳灣口岸",
    "羅湖口岸",
    "蓮塘口岸",
    "福田口岸",
    "文錦渡口岸",
    "沙頭角口岸",
    "落馬洲口岸",
    "西九龍站",
    "蛇口郵輪母港",
    "深圳寶安國際機場",
    "香港國際機場",
]
PLACES = [
    "深圳市",
    "香港特別行政區",
    "澳門",
    "廣州",
    "東莞",
    "惠州",
    "珠海",
    "北京",
    "上海",
    "南山區",
    "福田區",
    "羅湖區",
    "前海灣",
    "大鵬灣",
    "新界北",
    "元朗",
    "上水",
    "粉嶺",
    "屯門",
    "大埔",
]
ROLES = [
    "委員",
    "會長",
    "主席",
    "副主席",
    "秘書長",
    "董事長",
    "總經理",
    "行政總裁",
    "院長",
    "理事",
    "常務副會長",
    "首席代表",
]


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'


def _skewed(rng: random.Random, items: list, power: float = 1.2):
    """An item with probability falling with its rank (a few hubs, a long tail)."""
    index = int(len(items) * rng.random() ** (1 + power))
    return items[min(index, len(items) - 1)]


def _entities(rng: random.Random, articles: int) -> dict[str, list[tuple[str, str]]]:
    """(IRI, name) per class, sized to the corpus."""
    from kg.rdf.ids import entity_iri

    def unique(make, count):
        names: dict[str, None] = {}
        while len(names) < count:
            names[make()] = None
        return list(names)

    people = unique(
        lambda: rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
        int(articles * 1.5),
    )
    orgs = unique(
        lambda: rng.choice(PLACE_PREFIXES) + rng.choice(ORG_MIDDLES) + rng.choice(ORG_SUFFIXES),
        min(int(articles * 0.8), len(PLACE_PREFIXES) * len(ORG_MIDDLES) * len(ORG_SUFFIXES) // 2),
    )
    initiatives = unique(
        lambda: (
            "「" + "".join(rng.sample(INITIATIVE_WORDS, 2)) + "」" + rng.choice(INITIATIVE_SUFFIXES)
        ),
        articles,
    )
    table = {
        "Person": people,
        "Organization": orgs,
        "Initiative": initiatives,
        "Platform": PLATFORMS,
        "Port": PORTS,
        "Place": PLACES,
    }
    return {
        label: [(str(entity_iri(label, name)), name) for name in names]
        for label, names in table.items()
    }


def generate(articles: int, path: Path, seed: int = 7) -> dict:
    """Write the synthetic graph as TriG (``path``) and its union as N-Triples (``.nt`` beside
    it, for the server's default graph); return the names the bound queries look up."""
    from kg.rdf.ids import document_iri, membership_iri, sentence_iri, statement_iri
    from kg.text.normalize import to_simplified

    rng = random.Random(seed)
    entities = _entities(rng, articles)
    lines: list[str] = []
    graph = f"<{KGID}graph/entities>"
    for label, members in entities.items():
        for iri, name in members:
            node = f"<{iri}>"
            lines += [
                f"{node} <{RDF}type> <{KGO}{label}> {graph} .",
                f"{node} <{RDFS}label> {_lit(name, 'zh-Hant')} {graph} .",
                f"{node} <{SKOS}prefLabel> {_lit(name, 'zh-Hant')} {graph} .",
            ]
            simplified = to_simplified(name)
            if simplified != name:
                lines.append(f"{node} <{SKOS}altLabel> {_lit(simplified, 'zh-Hans')} {graph} .")
    counts = {"proposed": {}, "affiliatedWith": {}, "cooperatesWith": {}}
    for number in range(articles):
        doc_id = f"article-{number:06d}"
        graph = f"<{KGID}graph/doc/{doc_id}>"
        doc = f"<{document_iri(doc_id)}>"
        lines += [
            f"{doc} <{RDF}type> <{KGO}Document> {graph} .",
            f"{doc} <{DCT}identifier> {_lit(doc_id)} {graph} .",
            f"{doc} <{KGO}contentHash> {_lit(format(rng.getrandbits(128), '032x'))} {graph} .",
            f"{doc} <{KGO}script> {_lit('zh-Hant')} {graph} .",
        ]
        mentioned: set[str] = set()
        offset = 0
        for index in range(rng.randint(4, 7)):
            kind = rng.choice(
                (
                    "proposed",
                    "proposed",
                    "affiliatedWith",
                    "affiliatedWith",
                    "concerns",
                    "concerns",
                    "cooperatesWith",
                    "locatedIn",
                )
            )
            subject, obj, role, evidence = _relation(rng, entities, kind)
            sentence = f"<{sentence_iri(doc_id, index)}>"
            start, offset = offset, offset + len(evidence) + 1
            statement = f"<{statement_iri(subject[1], kind, obj[1], doc_id, index)}>"
            s, o = f"<{subject[0]}>", f"<{obj[0]}>"
            lines += [
                f"{s} <{KGO}{kind}> {o} {graph} .",
                f"{sentence} <{RDF}type> <{KGO}Sentence> {graph} .",
                f"{sentence} <{KGO}document> {doc} {graph} .",
                f"{sentence} <{KGO}startOffset> {_lit(str(start), datatype=XSD + 'nonNegativeInteger')} {graph} .",
                f"{sentence} <{KGO}endOffset> {_lit(str(offset - 1), datatype=XSD + 'nonNegativeInteger')} {graph} .",
                f"{statement} <{RDF}type> <{KGO}Statement> {graph} .",
                f"{statement} <{RDF}subject> {s} {graph} .",
                f"{statement} <{RDF}predicate> <{KGO}{kind}> {graph} .",
                f"{statement} <{RDF}object> {o} {graph} .",
                f"{statement} <{KGO}evidence> {_lit(evidence, 'zh-Hant')} {graph} .",
                f"{statement} <{KGO}sentence> {sentence} {graph} .",
                f"{statement} <{KGO}document> {doc} {graph} .",
                f"{statement} <{KGO}startOffset> {_lit(str(start), datatype=XSD + 'nonNegativeInteger')} {graph} .",
                f"{statement} <{KGO}endOffset> {_lit(str(offset - 1), datatype=XSD + 'nonNegativeInteger')} {graph} .",
                f"{statement} <{KGO}extractor> {_lit('kg_' + kind + '_rule')} {graph} .",
                f"{statement} <{KGO}confidence> {_lit('0.8' + str(index), datatype=XSD + 'decimal')} {graph} .",
            ]
            if role:
                membership = f"<{membership_iri(subject[1], obj[1], role)}>"
                role_node = f"<{KGID}role/{role}>"
                lines += [
                    f"{membership} <{RDF}type> <{ORG}Membership> {graph} .",
                    f"{membership} <{ORG}member> {s} {graph} .",
                    f"{membership} <{ORG}organization> {o} {graph} .",
                    f"{membership} <{PROV}wasDerivedFrom> {statement} {graph} .",
                    f"{membership} <{ORG}role> {role_node} {graph} .",
                    f"{membership} <{KGO}roleTitle> {_lit(role, 'zh-Hant')} {graph} .",
                    f"{role_node} <{RDF}type> <{KGO}Role> {graph} .",
                    f"{role_node} <{SKOS}prefLabel> {_lit(role, 'zh-Hant')} {graph} .",
                ]
            if kind in counts:
                counts[kind][(subject[1], obj[1])] = counts[kind].get((subject[1], obj[1]), 0) + 1
            mentioned |= {subject[0], obj[0]}
        lines += [f"<{iri}> <{KGO}mentionedIn> {doc} {graph} ." for iri in sorted(mentioned)]
    graphs: dict[str, list[str]] = {}
    for line in lines:
        triple, graph, _ = line.rsplit(" ", 2)
        graphs.setdefault(graph, []).append(f"    {triple} .")
    path.write_text(
        "".join(f"{graph} {{\n" + "\n".join(body) + "\n}\n" for graph, body in graphs.items()),
        encoding="utf-8",
    )
    union = dict.fromkeys(line.rsplit(" ", 2)[0] + " ." for line in lines)
    path.with_suffix(".nt").write_text("\n".join(union) + "\n", encoding="utf-8")
    return {"triples": len(lines), "union_triples": len(union), **_probe(counts)}


def _relation(rng, entities, kind):
    people, orgs, initiatives = entities["Person"], entities["Organization"], entities["Initiative"]
    zones = entities["Platform"] + entities["Port"]
    if kind == "proposed":
        who, what = _skewed(rng, people + orgs[: len(orgs) // 4]), _skewed(rng, initiatives)
        return who, what, None, f"{who[1]}建議推出{what[1]}，推動深港合作。"
    if kind == "affiliatedWith":
        person, org, role = _skewed(rng, people), _skewed(rng, orgs), rng.choice(ROLES)
        return person, org, role, f"{org[1]}{role}{person[1]}表示，兩地應加強交流。"
    if kind == "concerns":
        plan, zone = _skewed(rng, initiatives), _skewed(rng, zones, 2.5)
        return plan, zone, None, f"{plan[1]}將率先在{zone[1]}落地。"
    if kind == "cooperatesWith":
        first, second = rng.sample(orgs[: len(orgs) // 2], 2)
        return first, second, None, f"{first[1]}與{second[1]}簽署合作協議，攜手推進項目。"
    org, place = _skewed(rng, orgs), _skewed(rng, entities["Place"], 2.5)
    return org, place, None, f"位於{place[1]}的{org[1]}舉行揭牌儀式。"


def _probe(counts) -> dict:
    """Names with several facts each: what a user would look up."""

    def busiest(kind):
        return max(counts[kind].items(), key=lambda item: (item[1], item[0]))[0]

    subject, obj = busiest("proposed")
    proposer_total: dict[str, int] = {}
    for (who, _), n in counts["proposed"].items():
        proposer_total[who] = proposer_total.get(who, 0) + n
    org_total: dict[str, int] = {}
    for (_, org), n in counts["affiliatedWith"].items():
        org_total[org] = org_total.get(org, 0) + n
    partner_total: dict[str, int] = {}
    for (a, b), n in counts["cooperatesWith"].items():
        for name in (a, b):
            partner_total[name] = partner_total.get(name, 0) + n
    return {
        "proposer": max(proposer_total, key=lambda k: (proposer_total[k], k)),
        "organization": max(org_total, key=lambda k: (org_total[k], k)),
        "subject": subject,
        "object": obj,
        "partner": max(partner_total, key=lambda k: (partner_total[k], k)),
        "zone": "河套",
        "port": "皇崗口岸",
    }


# (label, query name or .rq path, parameters from the probe: variable -> probe key)
QUERIES = [
    ("who-proposed-what, one proposer", "who-proposed-what", {"proposerName": "proposer"}),
    ("roles, one organization", "roles", {"organizationName": "organization"}),
    (
        "evidence-for, subject + object",
        "evidence-for",
        {"subjectName": "subject", "objectName": "object"},
    ),
    ("evidence-for, subject only", "evidence-for", {"subjectName": "proposer"}),
    ("cooperation, one partner", "cooperation", {"partnerName": "partner"}),
    ("2-hop: who proposed plans for 河套 (a hub)", str(HERE / "two-hop.rq"), {"zoneName": "zone"}),
    ("2-hop: who proposed plans for 皇崗口岸", str(HERE / "two-hop.rq"), {"zoneName": "port"}),
    ("who-proposed-what, everything", "who-proposed-what", {}),
    ("roles, everything", "roles", {}),
]


def _queries(probe: dict) -> list[tuple[str, str, dict]]:
    """(label, text, bindings) of each benchmark query, names as ``kg query -p`` passes them."""
    from kg.outputs.sparql import load_query, param_terms

    return [
        (
            label,
            load_query(name).text,
            {var: param_terms(probe[key]) for var, key in params.items()},
        )
        for label, name, params in QUERIES
    ]


def _bound_texts(probe: dict) -> list[tuple[str, str]]:
    """Query texts with the names written in as a remote client would (a zh-Hant literal)."""
    from rdflib import Literal

    from kg.outputs.sparql import bind_values

    return [
        (
            label,
            bind_values(
                text,
                {var: Literal(str(terms[0]), lang="zh-Hant") for var, terms in bindings.items()},
            ),
        )
        for label, text, bindings in _queries(probe)
    ]


def _median_ms(run, runs: int) -> tuple[float, int]:
    rows = run()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def _child(
    engine: str, data: Path, probe: dict, runs: int, workdir: Path, limit: int | None
) -> dict:
    """One engine in this process: load, then time every query."""
    started = time.perf_counter()
    if engine == "rdflib":
        from rdflib import Dataset

        from kg.outputs.sparql import run_query

        dataset = Dataset(default_union=True)
        dataset.parse(data, format="trig")
        load = time.perf_counter() - started
        run = lambda text, bindings: run_query(dataset, text, bindings, limit=limit).total  # noqa: E731
    else:
        import pyoxigraph

        from kg.outputs.store import STORE_DIR, run_store_query, write_store

        if engine == "oxigraph-memory":  # the layout write_store makes: named graphs + their union
            store = pyoxigraph.Store()
            store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.TRIG)
            store.bulk_extend(
                pyoxigraph.Quad(q.subject, q.predicate, q.object)
                for q in pyoxigraph.parse(path=str(data), format=pyoxigraph.RdfFormat.TRIG)
            )
        else:  # what `kg build` writes and `kg query` opens
            write_store(data, workdir)
            store = pyoxigraph.Store.read_only(str(workdir / STORE_DIR))
        run = lambda text, bindings: run_store_query(store, text, bindings, limit=limit).total  # noqa: E731
        load = time.perf_counter() - started
    results = {
        label: _median_ms(lambda t=text, b=bindings: run(t, b), runs)
        for label, text, bindings in _queries(probe)
    }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"load_s": load, "peak_mb": peak, "queries": results}


def _server(data: Path, probe: dict, runs: int, workdir: Path, limit: int | None) -> dict:
    """``oxigraph load`` then ``serve-read-only``; queries over HTTP, JSON bodies read in full."""
    from kg.outputs.sparql import slice_query

    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = workdir / "server-db"
    started = time.perf_counter()
    for source in (
        data,
        data.with_suffix(".nt"),
    ):  # named graphs, then their union as default graph
        subprocess.run(
            [binary, "load", "--location", str(location), "--file", str(source)],
            check=True,
            capture_output=True,
        )
    load = time.perf_counter() - started
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/query"
        _wait_http(url)

        def run(text):
            request = urllib.request.Request(
                url,
                data=urlencode({"query": text}).encode(),
                headers={
                    "Accept": "application/sparql-results+json",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            with urllib.request.urlopen(request, timeout=600) as response:
                return len(json.loads(response.read())["results"]["bindings"])

        results = {
            label: _median_ms(lambda t=slice_query(text, limit): run(t), runs)
            for label, text in _bound_texts(probe)
        }
        peak = _peak_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"load_s": load, "peak_mb": peak, "queries": results}


def _wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}?{urlencode({'query': 'ASK {}'})}", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run_engine(
    engine: str, data: Path, probe_path: Path, runs: int, workdir: Path, limit: int | None
) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            engine,
            "--data",
            str(data),
            "--probe",
            str(probe_path),
            "--runs",
            str(runs),
            "--workdir",
            str(workdir),
            "--limit",
            str(limit or 0),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.splitlines()[-1])


def _report(size: str, triples: int, figures: dict[str, dict]) -> None:
    engines = list(figures)
    print(f"\n## {size}: {triples:,} triples")
    print("| query | " + " | ".join(f"{e} ms (rows)" for e in engines) + " |")
    print("|---|" + "---|" * len(engines))
    for label, *_ in QUERIES:
        cells = [
            f"{figures[e]['queries'][label][0]:.1f} ({figures[e]['queries'][label][1]})"
            for e in engines
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("| load (s) | " + " | ".join(f"{figures[e]['load_s']:.1f}" for e in engines) + " |")
    print(
        "| peak memory (MB) | " + " | ".join(f"{figures[e]['peak_mb']:.0f}" for e in engines) + " |"
    )
    if "rdflib" in figures:
        for engine in engines[1:]:
            ratios = [
                figures["rdflib"]["queries"][label][0]
                / max(figures[engine]["queries"][label][0], 1e-3)
                for label, *_ in QUERIES
            ]
            print(
                f"rdflib / {engine}: "
                + ", ".join(f"{r:.0f}×" for r in ratios)
                + f" (min {min(ratios):.0f}×)"
            )


def main() -> None:
    from kg.outputs.sparql import DEFAULT_PAGE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, default=8000, help="articles in the large graph (~1M triples)"
    )
    parser.add_argument(
        "--rdflib-articles",
        type=int,
        default=None,
        help="time rdflib on a smaller graph of this many articles (default: the large one)",
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs per query (after one warm-up)"
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_PAGE,
        help=f"rows per page, as `kg query --limit` (default {DEFAULT_PAGE}; 0: every row)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        probe = json.loads(args.probe.read_text("utf-8"))
        print(
            json.dumps(
                _child(args.child, args.data, probe, args.runs, args.workdir, args.limit or None)
            )
        )
        return
    with tempfile.TemporaryDirectory(prefix="kg-store-bench-") as scratch:
        workdir = Path(scratch)
        everything = ("rdflib", "oxigraph-memory", "oxigraph-disk", "oxigraph-server")
        sizes = [("large", args.articles, everything)]
        if args.rdflib_articles not in (None, args.articles):
            sizes = [
                ("small", args.rdflib_articles, everything),
                ("large", args.articles, everything[1:]),
            ]
        for size, articles, engines in sizes:
            data, probe_path = workdir / f"{size}.trig", workdir / f"{size}.json"
            started = time.perf_counter()
            probe = generate(articles, data)
            probe_path.write_text(json.dumps(probe, ensure_ascii=False), encoding="utf-8")
            print(
                f"\ngenerated {size}: {articles} articles, {probe['triples']:,} triples "
                f"({probe['union_triples']:,} distinct) in "
                f"{time.perf_counter() - started:.1f} s; names looked up: "
                + ", ".join(f"{k}={v}" for k, v in probe.items() if "triples" not in k),
                flush=True,
            )
            figures = {}
            for engine in engines:
                folder = workdir / f"{size}-{engine}"
                folder.mkdir()
                if engine == "oxigraph-server":
                    figures[engine] = _server(data, probe, args.runs, folder, args.limit or None)
                else:
                    figures[engine] = _run_engine(
                        engine, data, probe_path, args.runs, folder, args.limit or None
                    )
                shutil.rmtree(folder, ignore_errors=True)
                print(f"  {engine}: loaded in {figures[engine]['load_s']:.1f} s", flush=True)
            _report(size, probe["triples"], figures)


if __name__ == "__main__":
    main()
