// The pages' one script: suggestions under the search box as one types (/suggest, names in
// either script), and on an article page the sentence named by #s<n> marked and scrolled to.
// Names are data: they reach the page as textContent, never as markup.
"use strict";

const SUGGEST_DELAY = 120;  // ms of quiet typing before asking the server

function setUpSearch() {
  const box = document.getElementById("q");
  const list = document.getElementById("suggestions");
  if (!box || !list) return;
  let timer = null;
  let asked = 0;
  let chosen = -1;

  function show(matches) {
    list.replaceChildren();
    chosen = -1;
    for (const match of matches) {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      const link = document.createElement("a");
      link.href = match.url;
      link.className = "suggestion entity " + match.type;
      link.textContent = match.label;
      item.appendChild(link);
      if (match.name !== match.label) {
        const alias = document.createElement("span");
        alias.className = "alias";
        alias.textContent = " (" + match.name + ")";
        item.appendChild(alias);
      }
      const type = document.createElement("span");
      type.className = "type";
      type.textContent = " " + match.type;
      item.appendChild(type);
      list.appendChild(item);
    }
    list.hidden = matches.length === 0;
  }

  async function ask(text) {
    const number = ++asked;
    if (!text.trim()) { show([]); return; }
    const response = await fetch("/suggest?" + new URLSearchParams({ q: text, limit: "10" }));
    if (!response.ok || number !== asked) return;  // a later keystroke has asked again
    show(await response.json());
  }

  function press(key) {
    box.dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true }));
  }

  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => ask(box.value), SUGGEST_DELAY);
  });
  box.addEventListener("keydown", (event) => {
    const links = list.querySelectorAll("a.suggestion");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      event.preventDefault();
      chosen = (chosen + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length;
      links.forEach((link, i) => link.classList.toggle("chosen", i === chosen));
    } else if (event.key === "Enter" && chosen >= 0) {
      event.preventDefault();
      window.location.href = links[chosen].href;
    } else if (event.key === "Escape") {
      show([]);
    }
  });
  // A name in the URL (#suggest=...) is typed in, and with #pick=N the N-th suggestion is
  // chosen by the arrow key (Enter would open it): how the browser tests drive the box.
  const hash = new URLSearchParams(window.location.hash.slice(1));
  const typed = hash.get("suggest");
  if (typed) {
    box.value = typed;
    ask(typed).then(() => {
      for (let i = 0; i < Number(hash.get("pick") || 0); i++) press("ArrowDown");
    });
  }
}

function markSentence() {
  for (const old of document.querySelectorAll(".sentence.marked")) old.classList.remove("marked");
  const match = /^#(s\d+)$/.exec(window.location.hash);
  const sentence = match && document.getElementById(match[1]);
  if (!sentence) return;
  sentence.classList.add("marked");
  sentence.scrollIntoView({ block: "center" });
}

setUpSearch();
markSentence();
window.addEventListener("hashchange", markSentence);
