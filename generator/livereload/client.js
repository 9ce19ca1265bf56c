// Antwoord live preview. `antwoord serve` adds this script to each page as it sends it; it is
// never part of a built site. It reloads the page after a rebuild (Server-Sent Events from
// /__livereload) and shows the build's errors and warnings in an overlay. Everything it loads
// comes from the preview server itself.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  var OVERLAY = "antwoord-live-overlay";

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__livereload/overlay.css";
  document.head.appendChild(style);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // text only: messages are never HTML
    return node;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function show(status) {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
    var problems = status.diagnostics.filter(function (d) { return d.severity !== "info"; });
    if (!status.failure && problems.length === 0) return;
    var errors = problems.filter(function (d) { return d.severity === "error"; }).length;
    var warnings = problems.length - errors;
    var box = element("aside", "");
    box.id = OVERLAY;
    box.setAttribute("aria-label", "Build problems");
    box.setAttribute("data-errors", String(errors));
    box.setAttribute("data-warnings", String(warnings));
    var details = element("details", "");
    details.open = Boolean(status.failure) || errors > 0;
    var summary = element(
      "summary", errors || status.failure ? "has-errors" : "",
      (status.failure ? "Build failed · " : "") +
        plural(errors, "error", "errors") + ", " + plural(warnings, "warning", "warnings")
    );
    details.appendChild(summary);
    if (status.failure) details.appendChild(element("p", "failure", status.failure));
    var list = element("ul", "");
    problems.forEach(function (d) {
      var item = element("li", "severity-" + d.severity);
      item.appendChild(element("code", "where", d.file + (d.line ? ":" + d.line : "")));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("strong", "", d.severity + " " + d.code));
      item.appendChild(document.createTextNode(": " + d.message));
      list.appendChild(item);
    });
    details.appendChild(list);
    var close = element("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    box.appendChild(details);
    document.body.appendChild(box);
  }

  function refreshStatus() {
    fetch("/__livereload/status?page=" + encodeURIComponent(location.pathname), {
      cache: "no-store",
    })
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { /* the server is restarting: the event stream reconnects */ });
  }

  var events = new EventSource("/__livereload");
  events.addEventListener("hello", function (event) {
    // A rebuild finished between this page's delivery and the stream's start.
    if (generation !== null && event.data !== generation) location.reload();
  });
  events.addEventListener("reload", function () { location.reload(); });
  refreshStatus();
})();
