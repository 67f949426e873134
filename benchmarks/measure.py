"""One measurement in a fresh process, printed as one JSON line (run by ``pipeline_bench.py``).

A fresh process per measurement makes peak memory (``ru_maxrss``) that of one build alone,
and keeps one run's warm caches out of the next one.

    python benchmarks/measure.py build CORPUS OUT JOBS [SCHEDULER]   # kg.build: wall, stages, peak RSS
    python benchmarks/measure.py resolution CORPUS CACHE COPIES   # resolution of COPIES× the mentions
    python benchmarks/measure.py ner CORPUS RUNS         # the trained NER alone on the same sentences
    python benchmarks/measure.py memory CORPUS TRIG      # documents and graph sizes (tracemalloc)
    python benchmarks/measure.py pipeline                # make_nlp(): load time and resident size
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

__all__ = [
    "measure_build",
    "measure_ner",
    "measure_memory",
    "measure_resolution",
    "measure_pipeline",
]

MODEL_DIR = Path(__file__).resolve().parents[1] / "kg" / "models" / "ner"


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size so far (Linux reports kB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def measure_build(corpus: str, out: str, jobs: str, scheduler: str = "") -> dict:
    """End-to-end ``kg.build`` into a fresh ``out`` (no cache), pipeline load included; with a
    ``scheduler`` (``local:N``: cluster start included) instead of ``jobs`` processes."""
    from kg.app import api
    from kg.app.cache import extractor_fingerprint

    started = time.perf_counter()
    result = api.build([corpus], out, jobs=int(jobs), scheduler=scheduler or None)
    return {
        "wall": time.perf_counter() - started,
        "timings": result.timings,
        "fingerprint": extractor_fingerprint(),
        "triples": len(result.dataset),
        "entities": len(result.resolution.entities),
        "relations": len(result.relations),
        "peak_mb": _peak_mb(),
        "workers_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN),
    }


def measure_ner(corpus: str, runs: str) -> dict:
    """Chars/s of the trained model alone over the corpus sentences, as ``ClueNer`` feeds it
    (``nlp.pipe``, batches of 64), load excluded: the ceiling for the entity stage."""
    if not (MODEL_DIR / "meta.json").exists():
        return {"model": None}
    import spacy

    import kg.text.segment  # noqa: F401  registers the model's tokenizer
    from kg.text.ingest import read_documents

    texts = [s.text for d in read_documents([corpus]) for s in d.sentences]
    model = spacy.load(MODEL_DIR)
    walls = []
    for _ in range(int(runs)):
        started = time.perf_counter()
        for _doc in model.pipe(texts, batch_size=64):
            pass
        walls.append(time.perf_counter() - started)
    return {
        "model": str(MODEL_DIR),
        "chars": sum(map(len, texts)),
        "wall": statistics.median(walls),
        "runs": len(walls),
    }


def measure_memory(corpus: str, trig: str) -> dict:
    """Python heap held by the corpus's ``Document`` records and by its graph alone (the
    build's ``graph.trig`` parsed into an rdflib ``Dataset``, as the build holds it)."""
    from rdflib import Dataset

    from kg.text.ingest import read_documents

    tracemalloc.start()
    documents = read_documents([corpus])
    documents_bytes = tracemalloc.get_traced_memory()[0]
    dataset = Dataset()
    dataset.parse(trig, format="trig")
    graph_bytes = tracemalloc.get_traced_memory()[0] - documents_bytes
    return {
        "documents_mb": documents_bytes / 2**20,
        "graph_mb": graph_bytes / 2**20,
        "documents": len(documents),
        "quads": len(dataset),
    }


def measure_resolution(corpus: str, cache: str, copies: str) -> dict:
    """Resolution as the client runs it, over ``copies`` copies of a built corpus's mentions
    (read from the build's cache; each copy's articles get their own ids): wall seconds, and
    peak RSS over that of the records alone, in this fresh process."""
    import dataclasses

    from kg.app.cache import MentionCache, extractor_fingerprint
    from kg.resolve import resolve_entities
    from kg.text.ingest import read_documents

    read = read_documents([corpus])
    stored = MentionCache(cache, extractor_fingerprint())
    found = {d.doc_id: stored.load(d) for d in read}
    if any(m is None for m in found.values()):
        raise SystemExit(f"{cache}: not the mention cache of a build of {corpus}")
    documents, mentions = [], []
    for copy in range(int(copies)):
        for document in read:
            doc_id = f"{document.doc_id}~{copy}"
            sentences = tuple(dataclasses.replace(s, doc_id=doc_id) for s in document.sentences)
            documents.append(dataclasses.replace(document, doc_id=doc_id, sentences=sentences))
            mentions += [
                dataclasses.replace(m, doc_id=doc_id) for m in found[document.doc_id] or []
            ]
    records_mb = _peak_mb()
    started = time.perf_counter()
    resolution = resolve_entities(documents, mentions)
    return {
        "wall": time.perf_counter() - started,
        "documents": len(documents),
        "chars": sum(len(s.text) for d in documents for s in d.sentences),
        "mentions": len(mentions),
        "entities": len(resolution.entities),
        "records_mb": records_mb,
        "peak_mb": _peak_mb(),
    }


def measure_pipeline() -> dict:
    """What every build pays before its first article: loading ``make_nlp()``."""
    before = _peak_mb()
    started = time.perf_counter()
    from kg.entities import make_nlp

    make_nlp()
    return {"load_s": time.perf_counter() - started, "peak_mb": _peak_mb(), "python_mb": before}


MEASURES = {
    "build": measure_build,
    "ner": measure_ner,
    "memory": measure_memory,
    "resolution": measure_resolution,
    "pipeline": measure_pipeline,
}

if __name__ == "__main__":
    print(json.dumps(MEASURES[sys.argv[1]](*sys.argv[2:])))
