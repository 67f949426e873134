// The endpoint's page: pick or write a query, run it against /sparql, show the rows. The
// query is edited in CodeMirror with SPARQL highlighting (kg/static/vendor/codemirror.js,
// built from tools/editor) over the textarea, which keeps the text: setQuery writes both.
// Entity cells link to their evidence sentences (the evidence-for query, values bound
// by the server). A query in the URL hash (#query=...) is typed in and run on load, with the
// dates of #since=... and #until=... picked.
"use strict";

const KGID = "https://w3id.org/szhk-kg/id/";
const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
const EVIDENCE_PAGE = 100;   // rows of evidence asked for on each side of an entity
const XSD_DATE = "http://www.w3.org/2001/XMLSchema#date";
const $ = (id) => document.getElementById(id);

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function cellValue(term) {
  return term === undefined ? "" : term.value;
}

// A cell a person would click to see why the graph says so: an entity IRI or a name.
function isEntity(column, term) {
  if (term === undefined) return false;
  if (term.type === "uri") return term.value.startsWith(KGID) && !term.value.startsWith(KGID + "doc/");
  return term.type === "literal" && /(Name|Label)$/.test(column);
}

function fillTable(table, columns, bindings, linkEntities) {
  const head = table.querySelector("thead");
  const body = table.querySelector("tbody");
  head.replaceChildren();
  body.replaceChildren();
  const headRow = head.insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column;
    headRow.appendChild(th);
  }
  for (const binding of bindings) {
    const row = body.insertRow();
    for (const column of columns) {
      const cell = row.insertCell();
      const term = binding[column];
      if (linkEntities && isEntity(column, term)) {
        const link = document.createElement("a");
        link.className = "entity";
        link.textContent = term.value;
        link.addEventListener("click", () => showEvidence(term));
        cell.appendChild(link);
      } else {
        cell.textContent = cellValue(term);
      }
    }
  }
}

// The dates picked above the Run button, as {since, until} (empty ones left out).
function dateSpan() {
  const span = {};
  for (const name of ["since", "until"]) {
    if ($(name).value) span[name] = $(name).value;
  }
  return span;
}

// The query with the picked dates bound to its ?since/?until in a VALUES block opening its
// WHERE group (as the server binds the named queries' values); null if it has no such variable.
function withDateSpan(text, span) {
  const names = Object.keys(span);
  if (!names.length) return text;
  if (names.some((name) => !new RegExp("[?$]" + name + "\\b").test(text))) return null;
  const values = names.map((name) => `VALUES ?${name} { "${span[name]}"^^<${XSD_DATE}> }`).join(" ");
  const where = text.search(/WHERE\s*\{/i);
  if (where < 0) return null;
  const brace = text.indexOf("{", where);
  return text.slice(0, brace + 1) + " " + values + text.slice(brace + 1);
}

async function runQuery() {
  setStatus("running…", false);
  $("graph-text").hidden = true;
  const query = withDateSpan($("query").value, dateSpan());
  if (query === null) {
    setStatus("this query has no ?since/?until to filter by date: clear the dates or pick a named query", true);
    return;
  }
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT },
    body: new URLSearchParams({ query }),
  });
  const text = await response.text();
  if (!response.ok) {
    fillTable($("results"), [], [], false);
    setStatus(`${response.status}: ${text}`, true);
    return;
  }
  if (!(response.headers.get("Content-Type") || "").includes("json")) {
    fillTable($("results"), [], [], false);
    $("graph-text").textContent = text;
    $("graph-text").hidden = false;
    setStatus("graph result (Turtle)", false);
    return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) {
    fillTable($("results"), ["answer"], [{ answer: { type: "literal", value: String(data.boolean) } }], false);
    setStatus("1 row", false);
    return;
  }
  fillTable($("results"), data.head.vars, data.results.bindings, true);
  setStatus(`${data.results.bindings.length} rows`, false);
}

async function namedRows(params) {
  const response = await fetch("/named/evidence-for?" + new URLSearchParams({ ...params, ...dateSpan(), limit: EVIDENCE_PAGE }),
                               { headers: { "Accept": "application/sparql-results+json" } });
  if (!response.ok) throw new Error(await response.text());
  return (await response.json()).results.bindings;
}

async function showEvidence(term) {
  const iri = term.type === "uri";
  const asSubject = iri ? { subject: term.value } : { subjectName: term.value };
  const asObject = iri ? { object: term.value } : { objectName: term.value };
  try {
    const sides = [await namedRows(asSubject), await namedRows(asObject)];
    const rows = sides[0].concat(sides[1]);
    const cut = sides.some((side) => side.length === EVIDENCE_PAGE) ? ` (the first ${EVIDENCE_PAGE} as subject and as object)` : "";
    $("evidence-name").textContent = term.value + cut;
    fillTable($("evidence-table"), ["subjectLabel", "predicate", "objectLabel", "evidence", "document", "date", "outlet"], rows, false);
    $("evidence").hidden = false;
    $("evidence").scrollIntoView();
  } catch (error) {
    setStatus(String(error), true);
  }
}

async function loadNamedQueries() {
  const queries = await (await fetch("/queries")).json();
  for (const query of queries) {
    const option = document.createElement("option");
    option.value = query.name;
    option.textContent = query.title;
    option.dataset.text = query.text;
    option.dataset.description = query.description;
    $("named").appendChild(option);
  }
}

function setQuery(text) {
  $("query").value = text;
  $("query").dispatchEvent(new Event("change"));  // the editor loads the textarea's text
}

$("named").addEventListener("change", () => {
  const option = $("named").selectedOptions[0];
  if (option.value) {
    setQuery(option.dataset.text);
    $("description").textContent = option.dataset.description;
  }
});
$("run").addEventListener("click", () => runQuery().catch((error) => setStatus(String(error), true)));

async function start() {
  if (window.kgEditor) window.kgEditor.attach($("query"));
  await loadNamedQueries();
  const hash = new URLSearchParams(location.hash.slice(1));
  for (const name of ["since", "until"]) {
    if (hash.has(name)) $(name).value = hash.get(name);
  }
  if (hash.has("query")) {
    setQuery(hash.get("query"));
    $("run").click();
  }
}
start().catch((error) => setStatus(String(error), true));
