// Announced form errors (WCAG 3.3.1, 4.1.3): a page that comes back with a form's errors
// shows the error summary at the top of the form (templates/forms/div.html, links to the
// fields). This moves the focus to the first summary, so a screen reader reads it and the
// keyboard starts there, and makes sure the page title starts with „Fehler:“ (the server
// already does so for a view's `form`; other forms get it here).
(function () {
  "use strict";

  var summary = document.querySelector(".portal-error-summary");
  if (!summary) {
    return;
  }
  var prefix = summary.getAttribute("data-error-prefix") || "Fehler:";
  if (document.title.indexOf(prefix) !== 0) {
    document.title = prefix + " " + document.title;
  }
  summary.focus();
  // A form whose action ends in #fragment comes back scrolled to that fragment; the
  // browser's fragment navigation, which runs after this script, focuses the viewport
  // when the fragment's target cannot take focus. Focus the summary again after it.
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      if (document.activeElement === document.body || !document.activeElement) {
        summary.focus();
      }
    }, 0);
  });
})();
