"use strict";
// The filters of a patchlint HTML report: which series (index rows and their sections)
// and which findings show. Allowed by the page's CSP through this text's sha256 hash; it
// reads only the page's own data-* attributes and fetches nothing.
(function () {
  const form = document.getElementById("filters");
  const rows = Array.from(document.querySelectorAll("#index tbody tr"));
  const rank = { info: 1, warning: 2, error: 3 };

  function reveal() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView();
  }

  function apply() {
    const value = (name) => (form.elements[name] ? form.elements[name].value : "");
    const severity = value("severity"), rule = value("rule"), state = value("state");
    const author = value("author");
    const waiting = form.elements.waiting ? form.elements.waiting.checked : false;
    let shown = 0;
    for (const row of rows) {
      const d = row.dataset;
      const keep = (!severity || (rank[d.worst] || 0) >= rank[severity]) &&
        (!rule || d.rules.split(" ").includes(rule)) &&
        (!state || d.state === state) && (!author || d.author === author) &&
        (!waiting || d.waiting === "1");
      row.hidden = !keep;
      const section = document.getElementById(d.series);
      if (section) section.hidden = !keep;
      if (keep) shown += 1;
    }
    for (const note of document.querySelectorAll(".note[data-severity]")) {
      note.hidden = (severity && rank[note.dataset.severity] < rank[severity]) ||
        (rule && note.dataset.rule !== rule);
    }
    for (const card of document.querySelectorAll(".finding")) {
      card.hidden = !card.querySelector(".note:not([hidden])");
    }
    document.getElementById("shown").textContent = String(shown);
  }

  window.addEventListener("hashchange", reveal);
  reveal();
  if (form) {
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
  }
})();
