/* Search with Pagefind (the index is made by the build; nothing is fetched from elsewhere).
   The index is in shards (pagefind/0/, pagefind/1/, …, listed in pagefind/shards.json) that
   Pagefind searches together: the first is the bundle, the others are merged into it.
   Without JavaScript, or without any document to search, the search box stays a link to the
   listings. */
(function () {
  "use strict";
  function show(box, base, shards) {
    if (!shards.length) return;
    box.textContent = "";
    new PagefindUI({
      element: "#search",
      bundlePath: base + shards[0].bundle,
      mergeIndex: shards.slice(1).map(function (shard) {
        return { bundlePath: base + shard.bundle };
      }),
      showSubResults: true,
      showImages: false
    });
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
