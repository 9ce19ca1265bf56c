/* Search with Pagefind (the index is made by the build; nothing is fetched from elsewhere).
   The index is in shards (pagefind/1/, pagefind/6/, …, listed in pagefind/shards.json) that
   Pagefind searches together: the first is the bundle, the others are merged into it.
   Without JavaScript, or without any document to search, the search box stays a link to the
   listings. */
(function () {
  "use strict";
  function show(box, base, shards) {
    if (!shards.length) return;
    box.textContent = "";
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: base + shards[0].bundle,
      mergeIndex: shards.slice(1).map(function (shard) {
        return { bundlePath: base + shard.bundle };
      }),
      showSubResults: true,
      showImages: false
    });
    fromAddress(box, ui);
    // Pagefind's input has only a title; give it a real label (read by screen readers too).
    var input = box.querySelector("input");
    if (input) {
      input.id = "search-input";
      var label = document.createElement("label");
      label.htmlFor = "search-input";
      label.className = "search-label";
      label.textContent = box.getAttribute("data-label");
      box.insertBefore(label, box.firstChild);
    }
  }
  /* The query in the address: /zoeken/?q=…&partij=SP fills the box and the filters, so a
     search can be shared and bookmarked; typing keeps the address up to date (replaceState:
     no new history entry per letter). The filter names are the page's data-filters. */
  function fromAddress(box, ui) {
    var params = new URLSearchParams(window.location.search);
    var names = (box.getAttribute("data-filters") || "").split(",").filter(Boolean);
    var filters = {};
    var any = false;
    names.forEach(function (name) {
      var values = params.getAll(name);
      if (values.length) {
        filters[name] = values;
        any = true;
      }
    });
    if (any) ui.triggerFilters(filters);
    var query = params.get("q");
    if (query) ui.triggerSearch(query);
    var input = box.querySelector("input");
    if (!input || !window.history || !window.history.replaceState) return;
    input.addEventListener("input", function () {
      var next = new URLSearchParams(window.location.search);
      if (input.value) next.set("q", input.value);
      else next.delete("q");
      var search = next.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    });
  }
  function start() {
    var box = document.getElementById("search");
    if (!box || typeof PagefindUI === "undefined" || typeof fetch === "undefined") return;
    // Absolute, because Pagefind resolves a relative bundle path from its own script.
    var base = new URL(box.getAttribute("data-bundle"), document.baseURI).pathname;
    fetch(base + "shards.json")
      .then(function (response) {
        return response.ok ? response.json() : { shards: [] };
      })
      .then(function (manifest) {
        show(box, base, manifest.shards || []);
      })
      .catch(function () {}); // no manifest: the link to the listings stays
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
