// The endpoint's page: pick or write a query, run it against /sparql, show the rows.
// Entity cells link to their evidence sentences (the evidence-for query, values bound
// by the server). A query in the URL hash (#query=...) is typed in and run on load.
"use strict";

const KGID = "https://w3id.org/szhk-kg/id/";
const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
const EVIDENCE_PAGE = 100;   // rows of evidence asked for on each side of an entity
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

async function runQuery() {
  setStatus("running…", false);
  $("graph-text").hidden = true;
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT },
    body: new URLSearchParams({ query: $("query").value }),
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
  const response = await fetch("/named/evidence-for?" + new URLSearchParams({ ...params, limit: EVIDENCE_PAGE }),
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
    fillTable($("evidence-table"), ["subjectLabel", "predicate", "objectLabel", "evidence", "document"], rows, false);
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

$("named").addEventListener("change", () => {
  const option = $("named").selectedOptions[0];
  if (option.value) {
    $("query").value = option.dataset.text;
    $("description").textContent = option.dataset.description;
  }
});
$("run").addEventListener("click", () => runQuery().catch((error) => setStatus(String(error), true)));

async function start() {
  await loadNamedQueries();
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has("query")) {
    $("query").value = hash.get("query");
    $("run").click();
  }
}
start().catch((error) => setStatus(String(error), true));
