// Dutybound: small progressive enhancements. Every page works without this
// file; with it, what-if toggles re-assess in place through the JSON API.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // The incident and options the what-if form describes, as an /api body.
  function whatifBody(form) {
    var data = new FormData(form);
    var body = { assume: [], lang: form.getAttribute("data-lang") || "en" };
    data.forEach(function (value, key) {
      if (key === "assume") { if (value) { body.assume.push(value); } }
      else if (key === "example" || key === "jurisdiction" || key === "as_of") { if (value) { body[key] = value; } }
    });
    if (!body.example) {
      body.incident = { text: data.get("text") || "", format: data.get("format") || "",
                        filename: data.get("filename") || "" };
    }
    return body;
  }

  // For a bundled example, keep the address bar in step (shareable link).
  function pageUrl(form, body) {
    if (!body.example) { return null; }
    var params = new URLSearchParams();
    params.append("example", body.example);
    body.assume.forEach(function (a) { params.append("assume", a); });
    if (body.jurisdiction) { params.append("jurisdiction", body.jurisdiction); }
    if (body.as_of) { params.append("as_of", body.as_of); }
    return form.getAttribute("action") + "?" + params.toString();
  }

  function reassess(form) {
    var result = document.getElementById("result");
    var status = document.getElementById("whatif-status");
    var body = whatifBody(form);
    result.classList.add("busy");
    result.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRF-Token": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (resp) {
      return resp.json().then(function (json) { return { ok: resp.ok, json: json }; });
    }).then(function (r) {
      if (!r.ok) {
        var err = (r.json && r.json.error) || {};
        var first = err.problems && err.problems.length ? err.problems[0].message : err.message;
        status.textContent = first || "error";
        return;
      }
      if (r.json.mode && result.getAttribute("data-mode") && r.json.mode !== result.getAttribute("data-mode")) {
        // one assessment <-> a comparison of jurisdictions: another page, loaded as such
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      result.innerHTML = r.json.html;     // rendered (and escaped) by the server
      var questions = document.getElementById("whatif-questions");
      if (questions && typeof r.json.questions_html === "string") { questions.innerHTML = r.json.questions_html; }
      status.textContent = "";
      var url = pageUrl(form, body);
      if (url && window.history && window.history.replaceState) { window.history.replaceState(null, "", url); }
      var changes = document.getElementById("changes");
      if (changes) { changes.scrollIntoView({ block: "nearest" }); }
    }).catch(function () {
      status.textContent = "network error";
    }).finally(function () {
      result.classList.remove("busy");
      result.removeAttribute("aria-busy");
    });
  }

  function setupWhatif() {
    var form = document.getElementById("whatif");
    if (!form || !window.fetch) { return; }
    form.classList.add("live");
    form.addEventListener("change", function (ev) {
      if (ev.target.classList.contains("whatif-toggle")) { reassess(form); }
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); reassess(form); });
  }

  function setupPrint() {
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  // A link to a line of the incident opens the source listing first.
  function setupLineRefs() {
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest ? ev.target.closest("a.line-ref") : null;
      var listing = document.getElementById("incident-source");
      if (a && listing) { listing.open = true; }
    });
  }

  // A node of an argument map links to its proof step: open it (and the map's
  // surroundings) before the browser scrolls to it.
  function setupPictureLinks() {
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest ? ev.target.closest("svg a") : null;
      if (!a) { return; }
      var href = a.getAttribute("href") || a.getAttribute("xlink:href") || "";
      if (href.charAt(0) !== "#") { return; }
      var target = document.getElementById(href.slice(1));
      if (!target) { return; }
      ev.preventDefault();
      for (var el = target; el; el = el.parentElement) { if (el.tagName === "DETAILS") { el.open = true; } }
      target.scrollIntoView({ block: "start" });
      if (window.history && window.history.replaceState) { window.history.replaceState(null, "", href); }
    });
  }

  // On a result of pasted text (a POST), switching the language submits the
  // same incident again instead of losing it.
  function setupLanguageSwitch() {
    var link = document.getElementById("lang-switch");
    var form = document.getElementById("whatif");
    if (!link || !form || form.getAttribute("method") !== "post") { return; }
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "lang"; input.value = link.getAttribute("hreflang");
      form.appendChild(input);
      HTMLFormElement.prototype.submit.call(form);
    });
  }

  // The home page's search and filters narrow the examples as one types
  // (the form also works without this, through the server).
  function setupExampleFilter() {
    var form = document.getElementById("example-filter");
    if (!form) { return; }
    var search = document.getElementById("example-search");
    var juris = document.getElementById("example-jurisdiction");
    var topic = document.getElementById("example-topic");
    var count = document.getElementById("example-count");
    var none = document.getElementById("no-example");
    var items = Array.prototype.slice.call(document.querySelectorAll("li.example"));
    var template = count ? count.getAttribute("data-template") : null;
    function apply() {
      var words = (search.value || "").toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var text = li.getAttribute("data-text") || "";
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
                 (!juris.value || li.getAttribute("data-jurisdiction") === juris.value) &&
                 (!topic.value || (" " + li.getAttribute("data-topics") + " ").indexOf(" " + topic.value + " ") >= 0);
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count && template) { count.textContent = template.replace("{n}", shown); }
      if (none) { none.hidden = shown > 0; }
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupExampleFilter();
    setupWhatif();
    setupLanguageSwitch();
    setupPrint();
    setupLineRefs();
    setupPictureLinks();
  });
})();
