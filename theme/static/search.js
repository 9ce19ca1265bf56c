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
      bundlePath: box.getAttribute("data-bundle"),
      showSubResults: true,
      showImages: false,
      resetStyles: false
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
