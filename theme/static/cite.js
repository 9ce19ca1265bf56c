/* Link and cite one question or answer. Without JavaScript "link" is a plain permalink and
   "citeer" opens the citation as text to select (a <details>); with it, each copies to the
   clipboard and says so in words (an aria-live status), the permalink still followed. */
(function () {
  "use strict";
  function say(control, text) {
    var status = control.closest(".qa-share").querySelector(".share-status");
    if (!status) return;
    status.textContent = text;
    window.setTimeout(function () { status.textContent = ""; }, 4000);
  }
  function copy(text, control, done) {
    if (!navigator.clipboard || !navigator.clipboard.writeText) return false;
    navigator.clipboard.writeText(text).then(
      function () { say(control, done); },
      function () {}
    );
    return true;
  }
  function start() {
    var share = document.querySelectorAll(".qa-share");
    for (var i = 0; i < share.length; i++) {
      var box = share[i];
      var link = box.querySelector(".share-link");
      var cite = box.querySelector(".cite");
      if (link) {
        link.addEventListener("click", function (event) {
          var a = event.currentTarget;
          copy(a.getAttribute("data-url") || a.href, a, a.getAttribute("data-copied"));
        });
      }
      if (cite && navigator.clipboard) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "cite-copy";
        button.textContent = cite.getAttribute("data-copy-label");
        button.addEventListener("click", function (event) {
          var details = event.currentTarget.closest(".cite");
          var text = details.querySelector(".citation-text").textContent;
          copy(text, event.currentTarget, details.getAttribute("data-copied"));
        });
        cite.querySelector(".citation").appendChild(button);
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
