/* Search with Pagefind (the index is made by the build; nothing is fetched from elsewhere).
   Without JavaScript the search box stays a link to the listings. */
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("search");
    if (!box || typeof PagefindUI === "undefined") return;
    box.textContent = "";
    new PagefindUI({
      element: "#search",
      // Absolute, because Pagefind resolves a relative bundle path from its own script.
      bundlePath: new URL(box.getAttribute("data-bundle"), document.baseURI).pathname,
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
